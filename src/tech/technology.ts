import type { ResolvedParam } from '../netlist/params.js';
import { thermalVoltage } from '../numeric/physics.js';
import type { MosCharge, TgateTech } from './tgate-charge.js';
import type { MosConduction } from './tgate-conduction.js';
import { withOffShare, type ReadPortModel } from './transistor.js';

/** Technology parameters resolved to numbers (SI), with the corner and temperature applied. */
export interface Technology {
  node: number; // m
  vdd: number; // V
  tempC: number; // degC
  corner: string; // tt, ff, ss, fs, sf
  /** Read-port model at the operating corner and temperature. */
  readPort: ReadPortModel;
  rpW: number; // m
  rpL: number; // m
  avt: number; // V*m
  abeta: number; // fraction*m (1 %*um = 1e-8 fraction*m)
  cblCell: number; // F
  cblFixed: number; // F
  cwlCell: number; // F
  cblJunction: number; // F per cell, voltage-dependent part of cblCell
  cblMj: number; // -
  cblPb: number; // V
  capMismatch: number; // sqrt(F): sigma(dC/C) = capMismatch / sqrt(C)
  cellArea8t: number; // m^2
  /** Multiplier on PMOS on-resistance from the corner's second letter (precharge devices). */
  pmosResistanceScale: number;
  /** The reference DAC's transmission-gate laws (sw_n_*, sw_p_*), corner applied. */
  sharingSwitch: TgateTech;
  /** Width of each sharing-switch device for a worst-case on-resistance of 1 kOhm (sw_w1k), m. */
  switchWidth1k: number;
}

const KELVIN = 273.15;

/** Apply corner and temperature to the resolved `.tech` table. */
export function technologyFrom(tech: Readonly<Record<string, ResolvedParam>>): Technology {
  const n = (name: string): number => {
    const v = tech[name]?.value;
    if (typeof v !== 'number') throw new Error(`internal: tech parameter ${name} missing`);
    return v;
  };
  const corner = String(tech.corner?.value ?? 'tt').toLowerCase();
  const tempC = n('temp');
  const ratio = (tempC + KELVIN) / (n('tnom') + KELVIN);
  const dvt = n('corner_dvt');
  const dk = n('corner_dk');
  const shift = (letter: string): { vt: number; k: number } =>
    letter === 'f' ? { vt: -dvt, k: 1 + dk } : letter === 's' ? { vt: dvt, k: 1 - dk } : { vt: 0, k: 1 };
  const nmos = shift(corner[0]);
  const pmos = shift(corner[1]);
  const vt = n('rp_vt') + n('kt1') * (ratio - 1) + nmos.vt;
  const vThermal = thermalVoltage(tempC);
  const vThermalNom = thermalVoltage(n('tnom'));
  const readPort: ReadPortModel = {
    vt,
    alpha: n('rp_alpha'),
    k: n('rp_k') * Math.pow(ratio, n('ute')) * nmos.k,
    kv: n('rp_kv'),
    lambda: n('rp_lambda'),
    // Subthreshold leakage ~ T^2 exp(-Vt / (n kT/q)): follows threshold and temperature.
    ioff: n('rp_ioff') * ratio * ratio * Math.exp(n('rp_vt') / (n('rp_n') * vThermalNom) - vt / (n('rp_n') * vThermal)),
    n: n('rp_n'),
    vThermal,
    plin: n('rp_plin'),
    plinSlope: n('rp_plin_slope'),
    lambdaDibl: n('rp_lambda_dibl'),
    lambdaF0: n('rp_lambda_f0'),
    knee: n('rp_knee'),
    vtWeak: n('rp_vt_weak') + n('kt1') * (ratio - 1) + nmos.vt,
    eta: n('rp_eta'),
    vdsRef: n('vdd'),
    ioff0: 0, // set below, scaled as ioff
    cgd: n('rp_cgd'),
    cov: n('rp_cov'),
    ovKappa: n('rp_cov_kappa'),
    cch: n('rp_cch'),
    cv: { vt: n('rp_cv_vt') + n('kt1') * (ratio - 1) + nmos.vt, body: n('rp_cv_body'), knee: n('rp_cv_knee'), fSat: n('rp_cv_fsat'), dibl: n('rp_cv_dibl') },
    cmid: n('rp_cmid'),
    vmidRest: n('rp_vmid_rest'),
    tauMid: n('rp_tau_mid'),
    access: {
      vt: n('acc_vt') + n('kt1') * (ratio - 1) + nmos.vt,
      body: n('acc_body'),
      k: n('acc_k') * Math.pow(ratio, n('ute')) * nmos.k,
      alpha: n('acc_alpha'),
      n: n('acc_n'),
      vdx: n('acc_vdx'),
      lambda: n('acc_lambda'),
      eta: n('acc_eta'),
      vThermal,
    },
  };
  readPort.ioff0 = n('rp_ioff') > 0 ? (readPort.ioff * n('rp_ioff0')) / n('rp_ioff') : n('rp_ioff0');
  readPort.ioffStrong = withOffShare(readPort).ioffStrong;
  return {
    node: n('node'),
    vdd: n('vdd'),
    tempC,
    corner,
    readPort,
    rpW: n('rp_w'),
    rpL: n('rp_l'),
    avt: n('avt'),
    abeta: n('abeta') / 100,
    cblCell: n('cbl_cell'),
    cblFixed: n('cbl_fixed'),
    cwlCell: n('cwl_cell'),
    cblJunction: n('cbl_junction'),
    cblMj: n('cbl_mj'),
    cblPb: n('cbl_pb'),
    capMismatch: n('cap_mismatch'),
    cellArea8t: n('cell_area_8t'),
    pmosResistanceScale: 1 / pmos.k,
    sharingSwitch: sharingSwitchLaws(n, nmos, pmos, tempC),
    switchWidth1k: n('sw_w1k'),
  };
}

/**
 * The sharing switches' charge and conduction laws per um of width. A fast (slow) corner letter
 * lowers (raises) the device's threshold magnitude by corner_dvt and raises (lowers) its current
 * factor by corner_dk, as for the read port: NMOS takes the first letter, PMOS the second.
 */
function sharingSwitchLaws(n: (name: string) => number, nmos: { vt: number; k: number }, pmos: { vt: number; k: number }, tempC: number): TgateTech {
  const charge = (d: 'n' | 'p', c: { vt: number }): MosCharge => {
    const g = (name: string): number => n(`sw_${d}_${name}`);
    return { cch: g('cch'), vt0: g('vt0') + c.vt, gamma: g('gamma'), phi: g('phi'), knee: g('knee'), covOn: g('cov_on'), covOff: g('cov_off'), cft: g('cft'), cj: g('cj'), cjSkew: g('cj_skew'), pb: g('pb'), mj: g('mj') };
  };
  const conduction = (d: 'n' | 'p', c: { vt: number; k: number }): MosConduction => {
    const g = (name: string): number => n(`sw_${d}_${name}`);
    return { k: g('gk') * c.k, vt0: g('gvt0') + c.vt, gamma: g('gamma'), phi: g('phi'), theta: g('gtheta'), knee: g('gknee'), eta: g('geta'), vsat: g('gvsat') };
  };
  return { n: charge('n', nmos), p: charge('p', pmos), conduction: { n: conduction('n', nmos), p: conduction('p', pmos) }, vdd: n('vdd'), tempC };
}

/** Pelgrom threshold sigma of a W x L device, V. */
export function pelgromSigmaVt(avt: number, w: number, l: number): number {
  return avt / Math.sqrt(w * l);
}

/** Relative capacitor mismatch sigma of a capacitor C (F). */
export function capSigma(capMismatch: number, c: number): number {
  return c > 0 ? capMismatch / Math.sqrt(c) : 0;
}
