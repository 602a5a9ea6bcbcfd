import type { ParamSpec } from '../netlist/params.js';

/**
 * Technology parameters (`.tech key=value` lines). Defaults are the bundled 65 nm values; the
 * bundled file netlists/tech/cmos65.tech restates each with its source. All values SI.
 * The 8T read port (two stacked NMOS, W = 0.15 um, L = 65 nm) is abstracted as one alpha-power
 * device (Sakurai & Newton, JSSC 25:584, 1990) fitted to the stack; see src/tech/transistor.ts.
 */
/**
 * One sharing-switch device type's law per um of width (src/tech/tgate-charge.ts,
 * tgate-conduction.ts): the same parameters for the NMOS and the PMOS, with their own values.
 * Charge terms are fitted to ngspice on ptm65_bulk.pm or read from the card; conduction terms
 * (g*) are fitted to ngspice DC currents (src/spice/switch-calibrate.ts). `note` gives the unit
 * per um and the source; `{device}` in a description becomes NMOS or PMOS.
 */
const SWITCH_PARAMS: readonly { key: string; unit: ParamSpec['unit']; min: number; max: number; description: string; note: string }[] = [
  { key: 'cch', unit: 'F', min: 0, max: 1e-12, description: 'sharing-switch {device}: channel capacitance Cox Leff of a 1 um wide device (inversion charge = cch x overdrive)', note: 'F per um of width, fit to ngspice on ptm65_bulk.pm' },
  { key: 'vt0', unit: 'V', min: 0, max: 1.5, description: 'sharing-switch {device}: threshold magnitude at zero body bias (charge law)', note: 'V, fit to ngspice on ptm65_bulk.pm' },
  { key: 'gamma', unit: '', min: 0, max: 3, description: 'sharing-switch {device}: body-effect coefficient, sqrt(V)', note: 'sqrt(V), card: BSIM4 k1' },
  { key: 'phi', unit: 'V', min: 0.1, max: 2, description: 'sharing-switch {device}: surface potential 2 phi_F', note: 'V, card: BSIM4 0.4 V + kT/q ln(ndep/ni) + phin' },
  { key: 'knee', unit: '', min: 0.3, max: 10, description: 'sharing-switch {device}: knee width of the soft-plus overdrive, in units of kT/q', note: '-, fit to ngspice on ptm65_bulk.pm' },
  { key: 'cov_on', unit: 'F', min: 0, max: 1e-12, description: 'sharing-switch {device}: overlap + fringe capacitance per terminal of a 1 um wide device, channel on', note: 'F per um per terminal, fit to ngspice on ptm65_bulk.pm' },
  { key: 'cov_off', unit: 'F', min: 0, max: 1e-12, description: 'sharing-switch {device}: overlap + fringe capacitance per terminal of a 1 um wide device, off', note: 'F per um per terminal, ngspice on ptm65_bulk.pm' },
  { key: 'cft', unit: 'F', min: -1e-12, max: 1e-12, description: 'sharing-switch {device}: turn-on charge per terminal of a 1 um wide device from the overlap nonlinearity, per volt of gate swing', note: 'F per um per terminal, fit to ngspice on ptm65_bulk.pm' },
  { key: 'cj', unit: 'F', min: 0, max: 1e-12, description: 'sharing-switch {device}: gate-edge junction capacitance per terminal of a 1 um wide device at zero bias', note: 'F per um per terminal, card: BSIM4 cjswgd' },
  { key: 'cj_skew', unit: 'F', min: -1e-12, max: 1e-12, description: 'sharing-switch {device}: junction capacitance of the source pin (b) less the drain pin (a) of a 1 um wide device at zero bias (the card\'s layout default can give the pins different diffusions)', note: 'F per um, fit to ngspice on ptm65_bulk.pm (each pin ramped alone, device off)' },
  { key: 'pb', unit: 'V', min: 0.1, max: 3, description: 'sharing-switch {device}: junction built-in potential', note: 'V, card: BSIM4 pbswgd' },
  { key: 'mj', unit: '', min: 0, max: 0.99, description: 'sharing-switch {device}: junction grading coefficient', note: '-, card: BSIM4 mjswgd' },
  { key: 'gk', unit: '', min: 0, max: 1, description: 'sharing-switch {device} conduction: small-Vds conductance per volt of overdrive of a 1 um wide device, gate on, S/V', note: 'S per V per um, fit to ngspice DC on ptm65_bulk.pm' },
  { key: 'gvt0', unit: 'V', min: 0, max: 1.5, description: 'sharing-switch {device} conduction: threshold magnitude at zero body bias', note: 'V, fit to ngspice DC on ptm65_bulk.pm' },
  { key: 'gtheta', unit: '1/V', min: 0, max: 20, description: 'sharing-switch {device} conduction: mobility degradation per volt of overdrive', note: '1/V, fit to ngspice DC on ptm65_bulk.pm' },
  { key: 'gknee', unit: '', min: 0.3, max: 10, description: 'sharing-switch {device} conduction: knee width of the soft-plus overdrive, in units of kT/q', note: '-, fit to ngspice DC on ptm65_bulk.pm' },
  { key: 'geta', unit: '', min: -1, max: 1, description: 'sharing-switch {device} conduction: threshold lowering per volt across the channel (DIBL), V/V', note: 'V/V, fit to ngspice DC on ptm65_bulk.pm' },
  { key: 'gvsat', unit: 'V', min: 0.05, max: 100, description: 'sharing-switch {device} conduction: velocity-saturation voltage (current / (1 + |Vds| / gvsat))', note: 'V, fit to ngspice DC on ptm65_bulk.pm' },
];

/** The sharing-switch parameters `sw_<type>_<key>` of one device type, with its defaults. */
function sharingSwitchParams(type: 'n' | 'p', device: string, defaults: Readonly<Record<string, number>>): ParamSpec[] {
  return SWITCH_PARAMS.map((p) => ({
    name: `sw_${type}_${p.key}`,
    kind: 'number',
    unit: p.unit,
    default: defaults[p.key],
    min: p.min,
    max: p.max,
    description: p.description.replace('{device}', device),
  }));
}

export const TECH_PARAMS: readonly ParamSpec[] = [
  { name: 'node', kind: 'number', unit: 'm', default: 65e-9, min: 5e-9, max: 1e-6, description: 'technology node (feature size)' },
  { name: 'vdd', kind: 'number', unit: 'V', default: 1.1, min: 0.3, max: 3.3, description: 'nominal supply voltage' },
  { name: 'temp', kind: 'number', unit: 'degC', default: 27, min: -55, max: 175, description: 'junction temperature (SPICE .temp convention, degrees C)' },
  { name: 'tnom', kind: 'number', unit: 'degC', default: 27, min: -55, max: 175, description: 'temperature at which the device parameters were fitted' },
  { name: 'corner', kind: 'enum', unit: '', default: 'tt', choices: ['tt', 'ff', 'ss', 'fs', 'sf'], description: 'global process corner, first letter NMOS, second PMOS' },
  { name: 'corner_dvt', kind: 'number', unit: 'V', default: 0.03, min: 0, max: 0.3, description: 'threshold shift of a fast (-) or slow (+) corner, about 3 sigma global' },
  { name: 'corner_dk', kind: 'number', unit: '', default: 0.06, min: 0, max: 0.5, description: 'relative current-factor change of a fast (+) or slow (-) corner' },
  { name: 'rp_w', kind: 'number', unit: 'm', default: 0.15e-6, min: 1e-9, max: 100e-6, description: 'read-port transistor width' },
  { name: 'rp_l', kind: 'number', unit: 'm', default: 65e-9, min: 1e-9, max: 10e-6, description: 'read-port transistor length' },
  { name: 'rp_diff', kind: 'number', unit: 'm', default: 0.1e-6, min: 0, max: 10e-6, description: 'contacted drain/source diffusion length of the read-port devices the calibration measured (AD = W rp_diff, PD = W + 2 rp_diff; the internal node half of that); 0 = W and L only. The ngspice decks of spice and validate draw the ports with it' },
  { name: 'rp_vt', kind: 'number', unit: 'V', default: 0.467, min: 0, max: 1.5, description: 'read-port (2-stack) effective threshold at tnom' },
  { name: 'rp_alpha', kind: 'number', unit: '', default: 0.8696, min: 0.5, max: 2.5, description: 'alpha-power velocity-saturation index of the read port' },
  { name: 'rp_k', kind: 'number', unit: 'A/V^a', default: 0.0001133, min: 0, max: 1, description: 'read-port current factor: Isat = rp_k (VWL - Vt)^alpha' },
  { name: 'rp_kv', kind: 'number', unit: 'V^(1-a/2)', default: 0.5969, min: 0.01, max: 5, description: 'saturation-voltage factor: Vdsat = rp_kv (VWL - Vt)^(alpha/2)' },
  { name: 'rp_lambda', kind: 'number', unit: '1/V', default: 0.1319, min: 0, max: 5, description: 'output conductance in saturation at large overdrive: I = Isat (1 + lambda(f) Vds), lambda(f) = rp_lambda + rp_lambda_dibl / (f + rp_lambda_f0)' },
  { name: 'rp_lambda_dibl', kind: 'number', unit: '', default: 0.1179, min: 0, max: 2, description: 'drain-induced barrier lowering of the strong law (alpha times the threshold shift per volt of Vds), which raises lambda(f) near threshold; 0 = one lambda for all overdrives' },
  { name: 'rp_lambda_f0', kind: 'number', unit: 'V', default: 0.01863, min: 0.001, max: 1, description: 'overdrive below which rp_lambda_dibl stops growing' },
  { name: 'rp_ioff', kind: 'number', unit: 'A', default: 9.457e-9, min: 0, max: 1e-3, description: 'off-state leakage of one read port at Vds = vdd, VWL = 0' },
  { name: 'rp_n', kind: 'number', unit: '', default: 1.653, min: 1, max: 3, description: 'subthreshold slope factor' },
  { name: 'rp_knee', kind: 'number', unit: 'V', default: 0.04391, min: 0, max: 0.5, description: 'soft knee of the read-port overdrive through moderate inversion, softPlus(VWL - Vt, rp_knee); 0 = hard threshold' },
  { name: 'rp_vt_weak', kind: 'number', unit: 'V', default: 0.3584, min: 0, max: 1.5, description: 'gate voltage above which the weak-inversion exponential of the read port stops growing' },
  { name: 'rp_plin', kind: 'number', unit: '', default: 2.381, min: 1, max: 6, description: 'linear-region exponent of the read port at zero overdrive: I = Isat (1 + lambda(f) Vdsat) (1 - (1 - Vds/Vdsat)^p), p = rp_plin + rp_plin_slope f' },
  { name: 'rp_plin_slope', kind: 'number', unit: '1/V', default: -1.107, min: -10, max: 10, description: 'change of the linear-region exponent per volt of overdrive (floored at p = 1)' },
  { name: 'rp_eta', kind: 'number', unit: '', default: 0.136, min: 0, max: 1, description: 'drain-induced barrier lowering of the off current, V/V (rp_ioff is given at Vds = vdd)' },
  { name: 'rp_ioff0', kind: 'number', unit: 'A', default: 9.352e-10, min: 0, max: 1e-3, description: "leakage of a port storing '0' (both stacked devices off, stack effect) at Vds = vdd, VWL = 0" },
  { name: 'rp_cgd', kind: 'number', unit: 'F', default: 3.655e-17, min: 0, max: 1e-14, description: 'read-wordline to read-bitline coupling of one port (access-device overlap and fringe, each end); 0 switches wordline-edge coupling off' },
  { name: 'rp_cov', kind: 'number', unit: 'F', default: 3.718e-17, min: 0, max: 1e-14, description: 'bias-dependent overlap capacitance of each end of the access device (accumulated extension, BSIM4 CGSL law); local to its end, added to the node while the wordline is above it' },
  { name: 'rp_cov_kappa', kind: 'number', unit: 'V', default: 0.04714, min: 0.001, max: 1, description: 'depletion parameter of the bias-dependent overlap (BSIM4 CKAPPA law)' },
  { name: 'rp_cch', kind: 'number', unit: 'F', default: 8.013e-17, min: 0, max: 1e-14, description: 'channel capacitance of the access device (Cox W Leff), split between its ends by the Ward-Dutton partition' },
  { name: 'rp_cv_vt', kind: 'number', unit: 'V', default: 0.4727, min: 0, max: 1.5, description: 'gate voltage at which the access channel forms (charge law, fitted to terminal charge; not the current threshold)' },
  { name: 'rp_cv_body', kind: 'number', unit: '', default: 1.224, min: 0.1, max: 3, description: 'source-voltage factor of the channel-charge overdrive: softPlus(Vg - rp_cv_vt - rp_cv_body V, rp_cv_knee)' },
  { name: 'rp_cv_fsat', kind: 'number', unit: '', default: 0.3912, min: 0, max: 0.5, description: 'drain share of the access channel charge in saturation (0.4: Ward-Dutton; fitted to the card\'s terminal charges with source and drain apart)' },
  { name: 'rp_cv_dibl', kind: 'number', unit: '', default: 0.1115, min: 0, max: 1, description: 'drain-induced lowering of the channel-charge threshold per volt between the access device\'s ends, V/V (fitted to its terminal charges with source and drain apart)' },
  { name: 'rp_cv_knee', kind: 'number', unit: 'V', default: 0.05429, min: 0.001, max: 1, description: 'soft-plus width of the channel-charge overdrive (weak inversion)' },
  { name: 'rp_cmid', kind: 'number', unit: 'F', default: 3.016e-16, min: 0, max: 1e-14, description: "internal stack-node capacitance of one port; '0' cells charge it from the bitline while their wordline is high; 0 switches this off" },
  { name: 'rp_vmid_rest', kind: 'number', unit: 'V', default: 0.09021, min: 0, max: 3.3, description: "rest voltage of the internal node of a '0' cell after a long idle (RWL low, bitline at vdd)" },
  { name: 'rp_tau_mid', kind: 'number', unit: 's', default: 8.643e-8, min: 1e-12, max: 1, description: "time constant with which the internal node of a '0' cell relaxes to rp_vmid_rest between reads" },
  { name: 'acc_vt', kind: 'number', unit: 'V', default: 0.3979, min: 0, max: 1.5, description: 'access device alone: threshold of the smooth alpha-power form (see src/tech/transistor.ts accessCurrent)' },
  { name: 'acc_body', kind: 'number', unit: '', default: 1.207, min: 0.5, max: 3, description: 'access device alone: source-voltage factor of the overdrive (body effect)' },
  { name: 'acc_k', kind: 'number', unit: 'A/V^a', default: 2.3e-4, min: 0, max: 1, description: 'access device alone: current factor' },
  { name: 'acc_alpha', kind: 'number', unit: '', default: 1.283, min: 0.5, max: 2.5, description: 'access device alone: alpha-power index' },
  { name: 'acc_n', kind: 'number', unit: '', default: 1.008, min: 0.5, max: 3, description: 'access device alone: knee width of the soft-plus overdrive, in units of 2 kT/q' },
  { name: 'acc_vdx', kind: 'number', unit: '', default: 0.2502, min: 0, max: 3, description: 'access device alone: linear-region voltage scale per volt of overdrive' },
  { name: 'acc_lambda', kind: 'number', unit: '1/V', default: 9.593e-8, min: 0, max: 5, description: 'access device alone: output conductance' },
  { name: 'acc_eta', kind: 'number', unit: '', default: 0.1202, min: 0, max: 1, description: 'access device alone: drain-induced barrier lowering, V/V' },
  { name: 'kt1', kind: 'number', unit: 'V', default: -0.11, min: -1, max: 1, description: 'threshold temperature coefficient: Vt(T) = Vt + kt1 (T/Tnom - 1) (BSIM kt1)' },
  { name: 'ute', kind: 'number', unit: '', default: -1.5, min: -4, max: 0, description: 'mobility temperature exponent: K(T) = K (T/Tnom)^ute (BSIM ute)' },
  { name: 'avt', kind: 'number', unit: 'V*m', default: 3.5e-9, min: 0, max: 1e-6, description: 'Pelgrom threshold-mismatch coefficient A_VT (3.5 mV*um)' },
  { name: 'abeta', kind: 'number', unit: '%*m', default: 1e-6, min: 0, max: 1e-3, description: 'Pelgrom current-factor mismatch A_beta (1 %*um, given in %*m)' },
  { name: 'cbl_cell', kind: 'number', unit: 'F', default: 2.905e-16, min: 0, max: 1e-12, description: 'read-bitline capacitance per cell (drain + wire)' },
  { name: 'cbl_fixed', kind: 'number', unit: 'F', default: 2e-15, min: 0, max: 1e-12, description: 'read-bitline capacitance of the periphery (precharge, mux, comparator input)' },
  { name: 'cbl_junction', kind: 'number', unit: 'F', default: 1.905e-16, min: 0, max: 1e-12, description: 'drain capacitance of one port with RWL low, averaged over vdd -> vdd/2 (junction and overlap; voltage dependent, the part of cbl_cell it is); 0 = linear bitline' },
  { name: 'cbl_mj', kind: 'number', unit: '', default: 0.4015, min: 0, max: 1, description: 'grading coefficient of the bitline drain junction (and the internal nodes\' diffusion): C ~ (1 + V/cbl_pb)^-cbl_mj' },
  { name: 'cbl_pb', kind: 'number', unit: 'V', default: 1.283, min: 0.1, max: 3, description: 'built-in potential of the bitline drain junction' },
  { name: 'cwl_cell', kind: 'number', unit: 'F', default: 3.567e-16, min: 0, max: 1e-12, description: 'read-wordline capacitance per cell' },
  { name: 'cap_mismatch', kind: 'number', unit: 'sqrt(F)', default: 1e-2 * Math.sqrt(1e-15), min: 0, max: 1e-6, description: 'capacitor mismatch: sigma(dC/C) = cap_mismatch / sqrt(C) (1 %*sqrt(fF))' },
  { name: 'cell_area_8t', kind: 'number', unit: 'm^2', default: 0.9e-12, min: 0, max: 1e-9, description: '8T bitcell area' },
  // Sharing switches of the reference DAC (transmission gates, src/tech/tgate-charge.ts): charge
  // law per um of width, fitted to ngspice on the PTM 65 nm card (src/spice/switch-calibrate.ts)
  // or read from the card where named.
  { name: 'sw_l', kind: 'number', unit: 'm', default: 65e-9, min: 1e-9, max: 10e-6, description: 'gate length of the sharing transmission gates: the length their sw_* laws were calibrated at (cimsim calibrate --switch-l); the ngspice lane and switched-capacitor decks draw them with it' },
  { name: 'sw_w1k', kind: 'number', unit: 'm', default: 1.75e-6, min: 1e-9, max: 1e-3, description: 'width of each device of a sharing transmission gate for a worst-case on-resistance of 1 kOhm (PTM 65 nm, ngspice: 1 um / 1 um gives 1.73 kOhm near 0.7 V)' },
  ...sharingSwitchParams('n', 'NMOS', { cch: 5.134e-16, vt0: 0.4442, gamma: 0.4, phi: 0.8909, knee: 1.841, cov_on: 6.462e-16, cov_off: 4.515e-16, cft: -1.282e-16, cj: 5e-16, cj_skew: 3e-16, pb: 1, mj: 0.33, gk: 0.01819, gvt0: 0.4232, gtheta: 2.77, gknee: 1.699, geta: 0.2291, gvsat: 0.6109 }),
  ...sharingSwitchParams('p', 'PMOS', { cch: 5.022e-16, vt0: 0.3857, gamma: 0.4, phi: 0.883, knee: 1.401, cov_on: 6.604e-16, cov_off: 4.577e-16, cft: -1.378e-16, cj: 5e-16, cj_skew: 3e-16, pb: 1, mj: 0.33, gk: 0.002447, gvt0: 0.3604, gtheta: 0.7973, gknee: 1.551, geta: 0.2348, gvsat: 2.965 }),
];

/** The table default of a numeric technology parameter (the one place defaults live). */
export function techDefault(name: string): number {
  const spec = TECH_PARAMS.find((p) => p.name === name);
  if (spec === undefined || typeof spec.default !== 'number') throw new Error(`bug: no numeric technology parameter ${name}`);
  return spec.default;
}
