import type { ParamSpec } from '../netlist/params.js';

/**
 * Technology parameters (`.tech key=value` lines). Defaults are the bundled 65 nm values; the
 * bundled file netlists/tech/cmos65.tech restates each with its source. All values SI.
 * The 8T read port (two stacked NMOS, W = 0.15 um, L = 65 nm) is abstracted as one alpha-power
 * device (Sakurai & Newton, JSSC 25:584, 1990) fitted to the stack; see src/tech/transistor.ts.
 */
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
  { name: 'rp_vt', kind: 'number', unit: 'V', default: 0.3802, min: 0, max: 1.5, description: 'read-port (2-stack) effective threshold at tnom' },
  { name: 'rp_alpha', kind: 'number', unit: '', default: 0.8078, min: 0.5, max: 2.5, description: 'alpha-power velocity-saturation index of the read port' },
  { name: 'rp_k', kind: 'number', unit: 'A/V^a', default: 4.407e-5, min: 0, max: 1, description: 'read-port current factor: Isat = rp_k (VWL - Vt)^alpha' },
  { name: 'rp_kv', kind: 'number', unit: 'V^(1-a/2)', default: 1.068, min: 0.01, max: 5, description: 'saturation-voltage factor: Vdsat = rp_kv (VWL - Vt)^(alpha/2)' },
  { name: 'rp_lambda', kind: 'number', unit: '1/V', default: 2, min: 0, max: 5, description: 'output conductance in saturation: I = Isat (1 + lambda Vds)' },
  { name: 'rp_ioff', kind: 'number', unit: 'A', default: 9.457e-9, min: 0, max: 1e-3, description: 'off-state leakage of one read port at Vds = vdd, VWL = 0' },
  { name: 'rp_n', kind: 'number', unit: '', default: 1.653, min: 1, max: 3, description: 'subthreshold slope factor' },
  { name: 'rp_knee', kind: 'number', unit: 'V', default: 0.02993, min: 0, max: 0.5, description: 'soft knee of the read-port overdrive through moderate inversion, softPlus(VWL - Vt, rp_knee); 0 = hard threshold' },
  { name: 'rp_vt_weak', kind: 'number', unit: 'V', default: 0.3374, min: 0, max: 1.5, description: 'gate voltage above which the weak-inversion exponential of the read port stops growing' },
  { name: 'rp_plin', kind: 'number', unit: '', default: 3.653, min: 1, max: 4, description: 'linear-region exponent of the read port: I = Isat (1 + lambda Vdsat) (1 - (1 - Vds/Vdsat)^plin)' },
  { name: 'rp_eta', kind: 'number', unit: '', default: 0.136, min: 0, max: 1, description: 'drain-induced barrier lowering of the off current, V/V (rp_ioff is given at Vds = vdd)' },
  { name: 'rp_ioff0', kind: 'number', unit: 'A', default: 9.352e-10, min: 0, max: 1e-3, description: "leakage of a port storing '0' (both stacked devices off, stack effect) at Vds = vdd, VWL = 0" },
  { name: 'rp_cgd', kind: 'number', unit: 'F', default: 4.232e-17, min: 0, max: 1e-14, description: 'read-wordline to read-bitline coupling of one port (access-device overlap and fringe, each end); 0 switches wordline-edge coupling off' },
  { name: 'rp_cch', kind: 'number', unit: 'F', default: 1.712e-16, min: 0, max: 1e-14, description: 'channel capacitance of the access device (Cox W Leff), split between its ends by the Ward-Dutton partition' },
  { name: 'rp_cv_vt', kind: 'number', unit: 'V', default: 0.3807, min: 0, max: 1.5, description: 'gate voltage at which the access channel forms (charge law, fitted to terminal charge; not the current threshold)' },
  { name: 'rp_cv_body', kind: 'number', unit: '', default: 1.13, min: 0.1, max: 3, description: 'source-voltage factor of the channel-charge overdrive: softPlus(Vg - rp_cv_vt - rp_cv_body V, rp_cv_knee)' },
  { name: 'rp_cv_fsat', kind: 'number', unit: '', default: 0.2345, min: 0, max: 0.5, description: 'drain share of the access channel charge in saturation (0.4: Ward-Dutton; fitted to the card\'s terminal charges with source and drain apart)' },
  { name: 'rp_cv_knee', kind: 'number', unit: 'V', default: 0.2919, min: 0.001, max: 1, description: 'soft-plus width of the channel-charge overdrive (weak inversion)' },
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
  { name: 'cbl_junction', kind: 'number', unit: 'F', default: 1.905e-16, min: 0, max: 1e-12, description: 'part of cbl_cell that is drain junction (voltage dependent; cbl_cell is its value averaged over vdd -> vdd/2); 0 = linear bitline' },
  { name: 'cbl_mj', kind: 'number', unit: '', default: 0.33, min: 0, max: 1, description: 'grading coefficient of the bitline drain junction: C ~ (1 + V/cbl_pb)^-cbl_mj' },
  { name: 'cbl_pb', kind: 'number', unit: 'V', default: 1, min: 0.1, max: 3, description: 'built-in potential of the bitline drain junction' },
  { name: 'cwl_cell', kind: 'number', unit: 'F', default: 3.567e-16, min: 0, max: 1e-12, description: 'read-wordline capacitance per cell' },
  { name: 'cap_mismatch', kind: 'number', unit: 'sqrt(F)', default: 1e-2 * Math.sqrt(1e-15), min: 0, max: 1e-6, description: 'capacitor mismatch: sigma(dC/C) = cap_mismatch / sqrt(C) (1 %*sqrt(fF))' },
  { name: 'cell_area_8t', kind: 'number', unit: 'm^2', default: 0.9e-12, min: 0, max: 1e-9, description: '8T bitcell area' },
  { name: 'cell_area_6t', kind: 'number', unit: 'm^2', default: 0.6e-12, min: 0, max: 1e-9, description: '6T bitcell area' },
  // Sharing switches of the reference DAC (transmission gates, src/devices/tgate-charge.ts): charge
  // law per um of width, fitted to ngspice on the PTM 65 nm card (src/spice/switch-calibrate.ts)
  // or read from the card where named.
  { name: 'sw_w1k', kind: 'number', unit: 'm', default: 1.75e-6, min: 1e-9, max: 1e-3, description: 'width of each device of a sharing transmission gate for a worst-case on-resistance of 1 kOhm (PTM 65 nm, ngspice: 1 um / 1 um gives 1.73 kOhm near 0.7 V)' },
  { name: 'sw_n_cch', kind: 'number', unit: 'F', default: 5.134e-16, min: 0, max: 1e-12, description: 'sharing-switch NMOS: channel capacitance Cox Leff of a 1 um wide device (inversion charge = cch x overdrive)' }, // F per um of width, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_n_vt0', kind: 'number', unit: 'V', default: 0.4442, min: 0, max: 1.5, description: 'sharing-switch NMOS: threshold magnitude at zero body bias (charge law)' }, // V, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_n_gamma', kind: 'number', unit: '', default: 0.4, min: 0, max: 3, description: 'sharing-switch NMOS: body-effect coefficient, sqrt(V)' }, // sqrt(V), card: BSIM4 k1
  { name: 'sw_n_phi', kind: 'number', unit: 'V', default: 0.8909, min: 0.1, max: 2, description: 'sharing-switch NMOS: surface potential 2 phi_F' }, // V, card: BSIM4 0.4 V + kT/q ln(ndep/ni) + phin
  { name: 'sw_n_knee', kind: 'number', unit: '', default: 1.841, min: 0.3, max: 10, description: 'sharing-switch NMOS: knee width of the soft-plus overdrive, in units of kT/q' }, // -, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_n_cov_on', kind: 'number', unit: 'F', default: 6.462e-16, min: 0, max: 1e-12, description: 'sharing-switch NMOS: overlap + fringe capacitance per terminal of a 1 um wide device, channel on' }, // F per um per terminal, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_n_cov_off', kind: 'number', unit: 'F', default: 4.515e-16, min: 0, max: 1e-12, description: 'sharing-switch NMOS: overlap + fringe capacitance per terminal of a 1 um wide device, off' }, // F per um per terminal, ngspice on ptm65_bulk.pm
  { name: 'sw_n_cft', kind: 'number', unit: 'F', default: -1.282e-16, min: -1e-12, max: 1e-12, description: 'sharing-switch NMOS: turn-on charge per terminal of a 1 um wide device from the overlap nonlinearity, per volt of gate swing' }, // F per um per terminal, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_n_cj', kind: 'number', unit: 'F', default: 5e-16, min: 0, max: 1e-12, description: 'sharing-switch NMOS: gate-edge junction capacitance per terminal of a 1 um wide device at zero bias' }, // F per um per terminal, card: BSIM4 cjswgd
  { name: 'sw_n_pb', kind: 'number', unit: 'V', default: 1, min: 0.1, max: 3, description: 'sharing-switch NMOS: junction built-in potential' }, // V, card: BSIM4 pbswgd
  { name: 'sw_n_mj', kind: 'number', unit: '', default: 0.33, min: 0, max: 0.99, description: 'sharing-switch NMOS: junction grading coefficient' }, // -, card: BSIM4 mjswgd
  { name: 'sw_n_gk', kind: 'number', unit: '', default: 0.01819, min: 0, max: 1, description: 'sharing-switch NMOS conduction: small-Vds conductance per volt of overdrive of a 1 um wide device, gate on, S/V' }, // S per V per um, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_n_gvt0', kind: 'number', unit: 'V', default: 0.4232, min: 0, max: 1.5, description: 'sharing-switch NMOS conduction: threshold magnitude at zero body bias' }, // V, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_n_gtheta', kind: 'number', unit: '1/V', default: 2.77, min: 0, max: 20, description: 'sharing-switch NMOS conduction: mobility degradation per volt of overdrive' }, // 1/V, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_n_gknee', kind: 'number', unit: '', default: 1.699, min: 0.3, max: 10, description: 'sharing-switch NMOS conduction: knee width of the soft-plus overdrive, in units of kT/q' }, // -, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_n_geta', kind: 'number', unit: '', default: 0.2291, min: -1, max: 1, description: 'sharing-switch NMOS conduction: threshold lowering per volt across the channel (DIBL), V/V' }, // V/V, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_n_gvsat', kind: 'number', unit: 'V', default: 0.6109, min: 0.05, max: 100, description: 'sharing-switch NMOS conduction: velocity-saturation voltage (current / (1 + |Vds| / gvsat))' }, // V, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_p_cch', kind: 'number', unit: 'F', default: 5.022e-16, min: 0, max: 1e-12, description: 'sharing-switch PMOS: channel capacitance Cox Leff of a 1 um wide device (inversion charge = cch x overdrive)' }, // F per um of width, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_p_vt0', kind: 'number', unit: 'V', default: 0.3857, min: 0, max: 1.5, description: 'sharing-switch PMOS: threshold magnitude at zero body bias (charge law)' }, // V, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_p_gamma', kind: 'number', unit: '', default: 0.4, min: 0, max: 3, description: 'sharing-switch PMOS: body-effect coefficient, sqrt(V)' }, // sqrt(V), card: BSIM4 k1
  { name: 'sw_p_phi', kind: 'number', unit: 'V', default: 0.883, min: 0.1, max: 2, description: 'sharing-switch PMOS: surface potential 2 phi_F' }, // V, card: BSIM4 0.4 V + kT/q ln(ndep/ni) + phin
  { name: 'sw_p_knee', kind: 'number', unit: '', default: 1.401, min: 0.3, max: 10, description: 'sharing-switch PMOS: knee width of the soft-plus overdrive, in units of kT/q' }, // -, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_p_cov_on', kind: 'number', unit: 'F', default: 6.604e-16, min: 0, max: 1e-12, description: 'sharing-switch PMOS: overlap + fringe capacitance per terminal of a 1 um wide device, channel on' }, // F per um per terminal, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_p_cov_off', kind: 'number', unit: 'F', default: 4.577e-16, min: 0, max: 1e-12, description: 'sharing-switch PMOS: overlap + fringe capacitance per terminal of a 1 um wide device, off' }, // F per um per terminal, ngspice on ptm65_bulk.pm
  { name: 'sw_p_cft', kind: 'number', unit: 'F', default: -1.378e-16, min: -1e-12, max: 1e-12, description: 'sharing-switch PMOS: turn-on charge per terminal of a 1 um wide device from the overlap nonlinearity, per volt of gate swing' }, // F per um per terminal, fit to ngspice on ptm65_bulk.pm
  { name: 'sw_p_cj', kind: 'number', unit: 'F', default: 5e-16, min: 0, max: 1e-12, description: 'sharing-switch PMOS: gate-edge junction capacitance per terminal of a 1 um wide device at zero bias' }, // F per um per terminal, card: BSIM4 cjswgd
  { name: 'sw_p_pb', kind: 'number', unit: 'V', default: 1, min: 0.1, max: 3, description: 'sharing-switch PMOS: junction built-in potential' }, // V, card: BSIM4 pbswgd
  { name: 'sw_p_mj', kind: 'number', unit: '', default: 0.33, min: 0, max: 0.99, description: 'sharing-switch PMOS: junction grading coefficient' }, // -, card: BSIM4 mjswgd
  { name: 'sw_p_gk', kind: 'number', unit: '', default: 0.002447, min: 0, max: 1, description: 'sharing-switch PMOS conduction: small-Vds conductance per volt of overdrive of a 1 um wide device, gate on, S/V' }, // S per V per um, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_p_gvt0', kind: 'number', unit: 'V', default: 0.3604, min: 0, max: 1.5, description: 'sharing-switch PMOS conduction: threshold magnitude at zero body bias' }, // V, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_p_gtheta', kind: 'number', unit: '1/V', default: 0.7973, min: 0, max: 20, description: 'sharing-switch PMOS conduction: mobility degradation per volt of overdrive' }, // 1/V, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_p_gknee', kind: 'number', unit: '', default: 1.551, min: 0.3, max: 10, description: 'sharing-switch PMOS conduction: knee width of the soft-plus overdrive, in units of kT/q' }, // -, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_p_geta', kind: 'number', unit: '', default: 0.2348, min: -1, max: 1, description: 'sharing-switch PMOS conduction: threshold lowering per volt across the channel (DIBL), V/V' }, // V/V, fit to ngspice DC on ptm65_bulk.pm
  { name: 'sw_p_gvsat', kind: 'number', unit: 'V', default: 2.965, min: 0.05, max: 100, description: 'sharing-switch PMOS conduction: velocity-saturation voltage (current / (1 + |Vds| / gvsat))' }, // V, fit to ngspice DC on ptm65_bulk.pm
];
