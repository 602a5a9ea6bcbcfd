/**
 * Writes a `.tech` file from a calibration: one `.tech name=value ; unit, source` line per
 * technology parameter (TECH_PARAMS order), fitted values from the calibration, the rest from
 * their defaults with their published source (or 'assumed').
 */
import { CimsimError } from '../errors.js';
import { TECH_PARAMS } from '../tech/params.js';
import type { CalibrationResult } from './calibrate.js';

/** Per-cell wire share of the read bitline, F: ~0.5 um cell height x ~0.2 fF/um (assumed). */
export const BL_WIRE_PER_CELL = 0.1e-15;
/** Per-cell wire share of the read wordline, F: ~1.2 um cell width x ~0.2 fF/um (assumed). */
export const WL_WIRE_PER_CELL = 0.24e-15;

const CHARGE_FIT = 'ngspice terminal charge of the access device, S/D tied at -0.3..1.1 V, gate 0 -> vdd, cimsim calibrate fit';
const PARTITION_FIT = 'ngspice terminal charges of the access device with source and drain apart (conduction taken out), cimsim calibrate fit';

const SOURCES: Record<string, string> = {
  node: 'assumed (65 nm node)',
  vdd: 'CACTI tech_params/65nm.dat, 1.1 V high-performance nominal',
  corner: 'assumed',
  corner_dvt: 'assumed, about 3 sigma global skew (PDK conventions)',
  corner_dk: 'assumed, about 3 sigma global skew (PDK conventions)',
  kt1: 'PTM 65 nm card, BSIM4 kt1',
  ute: 'PTM 65 nm card, BSIM4 ute',
  avt: 'Pelgrom TWEPP 2013',
  abeta: 'Pelgrom TWEPP 2013; Murmann gm/ID examples',
  cbl_fixed: 'assumed (precharge, mux, comparator input)',
  cap_mismatch: 'estimate from Pelgrom 2013, 1 %*sqrt(fF)',
  cell_area_8t: 'CACTI; Intel 65 nm; estimate',
  sw_w1k: 'ngspice on ptm65_bulk.pm: a 1 um / 1 um gate has its worst on-resistance 1.73 kOhm near 0.7 V',
};

function num(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/**
 * The `.tech` text for a calibration; `provenance` is the command line or note that produced it.
 * `switchLines`: the sharing-switch law (switchTechLines of src/spice/switch-calibrate.ts), which
 * replaces the sw_n_* / sw_p_* defaults.
 */
export function formatTechFile(r: CalibrationResult, provenance: string, switchLines: readonly string[] = []): string {
  const m = r.model;
  const fit = `fit to ngspice on ${r.modelCard.split('/').pop()} (${r.nmos}), cimsim calibrate`;
  const values: Record<string, [number | string, string]> = {
    vdd: [r.vdd, SOURCES.vdd],
    temp: [r.temp, 'calibration temperature'],
    tnom: [r.temp, 'calibration temperature (the fit holds here)'],
    rp_w: [r.w, 'read-port width of the calibration'],
    rp_l: [r.l, 'read-port length of the calibration'],
    rp_diff: r.cell === undefined
      ? [r.diffLength, 'contacted diffusion length of the measured ports (0 = W and L only)']
      : [r.diffLength, `AD / W of the access drain in the bitcell ${r.cell} (spice and validate draw that cell: --bitcell)`],
    rp_vt: [m.vt, fit],
    rp_alpha: [m.alpha, fit],
    rp_k: [m.k, fit],
    rp_kv: [m.kv, fit],
    rp_lambda: [m.lambda, fit],
    rp_lambda_dibl: [m.lambdaDibl, fit],
    rp_lambda_f0: [m.lambdaF0, fit],
    rp_ioff: [m.ioff, `${fit} (port storing '1', RWL = 0, VBL = vdd)`],
    rp_n: [m.n, fit],
    rp_plin: [m.plin, fit],
    rp_plin_slope: [m.plinSlope, fit],
    rp_knee: [m.knee, fit],
    rp_vt_weak: [m.vtWeak, fit],
    rp_eta: [m.eta, `${fit} (V/V)`],
    rp_ioff0: [r.ioffStack, `ngspice, port storing '0', RWL = 0, VBL = vdd (stack effect)`],
    rp_cgd: [m.cgd, CHARGE_FIT],
    rp_cov: [m.cov, CHARGE_FIT],
    rp_cov_kappa: [m.ovKappa, CHARGE_FIT],
    rp_cch: [m.cch, CHARGE_FIT],
    rp_cv_vt: [m.cv.vt, CHARGE_FIT],
    rp_cv_body: [m.cv.body, CHARGE_FIT],
    rp_cv_knee: [m.cv.knee, CHARGE_FIT],
    rp_cv_fsat: [m.cv.fSat, PARTITION_FIT],
    rp_cv_dibl: [m.cv.dibl, PARTITION_FIT],
    rp_cmid: [m.cmid, 'ngspice charge, internal node ramped 0.1 -> 0.6 V, both devices off'],
    rp_vmid_rest: [m.vmidRest, "ngspice DC, '0' cell, RWL = 0, VBL = vdd"],
    rp_tau_mid: [m.tauMid, "ngspice transient, '0' cell internal node 0.6 V -> rest, 1 - 1/e"],
    acc_vt: [m.access.vt, `${fit} (access device alone)`],
    acc_body: [m.access.body, `${fit} (access device alone)`],
    acc_k: [m.access.k, `${fit} (access device alone)`],
    acc_alpha: [m.access.alpha, `${fit} (access device alone)`],
    acc_n: [m.access.n, `${fit} (access device alone)`],
    acc_vdx: [m.access.vdx, `${fit} (access device alone)`],
    acc_lambda: [m.access.lambda, `${fit} (access device alone)`],
    acc_eta: [m.access.eta, `${fit} (access device alone, V/V)`],
    cbl_junction: [r.cdrain, 'ngspice drain charge of one port, RWL = 0, vdd -> vdd/2 (junction and overlap)'],
    cbl_mj: [r.junction.mj, `ngspice AC drain junction of the access device, VD -0.3..1.1 V, cimsim calibrate fit (rms ${r.junction.rmsPct.toFixed(2)} %)`],
    cbl_pb: [r.junction.pb, `ngspice AC drain junction of the access device, VD -0.3..1.1 V, cimsim calibrate fit (rms ${r.junction.rmsPct.toFixed(2)} %)`],
    cbl_cell: [r.cdrain + BL_WIRE_PER_CELL, `drain ${num(r.cdrain * 1e15)} fF measured by ngspice charge + ${num(BL_WIRE_PER_CELL * 1e15)} fF wire (assumed)`],
    cwl_cell: [r.cwl + WL_WIRE_PER_CELL, `gate ${num(r.cwl * 1e15)} fF measured by ngspice charge + ${num(WL_WIRE_PER_CELL * 1e15)} fF wire (assumed)`],
  };
  const lines = [
    `* cimsim technology file: 65 nm, read port calibrated against ngspice`,
    `* ${provenance}`,
    `* model card: ${r.modelCard.split('/').pop()} (${r.nmos}), W = ${num(r.w * 1e6)} um, L = ${num(r.l * 1e9)} nm, VDD = ${r.vdd} V, ${r.temp} C`,
    ...(r.cell === undefined ? [] : [`* read port as drawn in the bitcell ${r.cell}`]),
    `* fit residuals over VWL ${r.vwlMin}..${r.vdd} V, VBL ${r.vblMin}..${r.vdd} V (${r.fitPoints} points): rms ${r.rmsErrorPct.toFixed(2)} %, max ${r.maxErrorPct.toFixed(2)} %`,
    ...(r.vwlOp === undefined ? [] : [`* weighted to the operating wordline VWL = ${r.vwlOp} V (half of the fit); its row: rms ${r.opRmsErrorPct!.toFixed(2)} %, max ${r.opMaxErrorPct!.toFixed(2)} %`]),
    `* values SI; see docs/calibration.md`,
  ];
  const fittedSwitch = (name: string): boolean => switchLines.length > 0 && (/^sw_[np]_/.test(name) || name === 'sw_l');
  for (const spec of TECH_PARAMS) {
    if (fittedSwitch(spec.name)) continue;
    const [value, source] = values[spec.name] ?? [spec.default, SOURCES[spec.name] ?? 'assumed'];
    // a fit that leaves a parameter's accepted range would write a file no netlist can load
    if (typeof value === 'number' && ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))) {
      throw new CimsimError(
        `the fit gave ${spec.name} = ${num(value)} ${spec.unit}, outside its accepted range ${spec.min ?? '-inf'} .. ${spec.max ?? 'inf'}`,
        undefined,
        `the card's device does not follow the read-port law there: check --nmos, --w/--l, or fit the wordline range the chip drives (--vwl-min); fit residuals: rms ${r.rmsErrorPct.toFixed(2)} %, max ${r.maxErrorPct.toFixed(2)} %`,
      );
    }
    const shown = typeof value === 'number' ? num(value) : value;
    lines.push(`.tech ${spec.name}=${shown} ; ${spec.unit || '-'}, ${source}`);
  }
  lines.push(
    '*',
    `* access-device fit: ln(I) error rms ${r.accessRmsLogErr.toFixed(3)}, max ${r.accessMaxLogErr.toFixed(3)} (currents above 1 nA)`,
    `* access-device terminal-charge fit: rms ${(r.chargeRmsErr_C * 1e18).toFixed(2)} aC, max ${(r.chargeMaxErr_C * 1e18).toFixed(2)} aC; partition (source and drain apart): rms ${(r.partitionRmsErr_C * 1e18).toFixed(2)} aC`,
  );
  if (switchLines.length > 0) lines.push('*', '* sharing switches of the reference DAC (transmission gates), see docs/validation.md', ...switchLines);
  lines.push('');
  return lines.join('\n');
}
