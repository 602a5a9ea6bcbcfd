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
  { name: 'rp_vt', kind: 'number', unit: 'V', default: 0.4016, min: 0, max: 1.5, description: 'read-port (2-stack) effective threshold at tnom' },
  { name: 'rp_alpha', kind: 'number', unit: '', default: 0.8901, min: 0.5, max: 2.5, description: 'alpha-power velocity-saturation index of the read port' },
  { name: 'rp_k', kind: 'number', unit: 'A/V^a', default: 9.221e-5, min: 0, max: 1, description: 'read-port current factor: Isat = rp_k (VWL - Vt)^alpha' },
  { name: 'rp_kv', kind: 'number', unit: 'V^(1-a/2)', default: 0.5135, min: 0.01, max: 5, description: 'saturation-voltage factor: Vdsat = rp_kv (VWL - Vt)^(alpha/2)' },
  { name: 'rp_lambda', kind: 'number', unit: '1/V', default: 0.5819, min: 0, max: 5, description: 'output conductance in saturation: I = Isat (1 + lambda Vds)' },
  { name: 'rp_ioff', kind: 'number', unit: 'A', default: 9.457e-9, min: 0, max: 1e-3, description: 'off-state leakage of one read port at Vds = vdd, VWL = 0' },
  { name: 'rp_n', kind: 'number', unit: '', default: 1.653, min: 1, max: 3, description: 'subthreshold slope factor' },
  { name: 'kt1', kind: 'number', unit: 'V', default: -0.11, min: -1, max: 1, description: 'threshold temperature coefficient: Vt(T) = Vt + kt1 (T/Tnom - 1) (BSIM kt1)' },
  { name: 'ute', kind: 'number', unit: '', default: -1.5, min: -4, max: 0, description: 'mobility temperature exponent: K(T) = K (T/Tnom)^ute (BSIM ute)' },
  { name: 'avt', kind: 'number', unit: 'V*m', default: 3.5e-9, min: 0, max: 1e-6, description: 'Pelgrom threshold-mismatch coefficient A_VT (3.5 mV*um)' },
  { name: 'abeta', kind: 'number', unit: '%*m', default: 1e-6, min: 0, max: 1e-3, description: 'Pelgrom current-factor mismatch A_beta (1 %*um, given in %*m)' },
  { name: 'cbl_cell', kind: 'number', unit: 'F', default: 2.905e-16, min: 0, max: 1e-12, description: 'read-bitline capacitance per cell (drain + wire)' },
  { name: 'cbl_fixed', kind: 'number', unit: 'F', default: 2e-15, min: 0, max: 1e-12, description: 'read-bitline capacitance of the periphery (precharge, mux, comparator input)' },
  { name: 'cwl_cell', kind: 'number', unit: 'F', default: 3.567e-16, min: 0, max: 1e-12, description: 'read-wordline capacitance per cell' },
  { name: 'cap_mismatch', kind: 'number', unit: 'sqrt(F)', default: 1e-2 * Math.sqrt(1e-15), min: 0, max: 1e-6, description: 'capacitor mismatch: sigma(dC/C) = cap_mismatch / sqrt(C) (1 %*sqrt(fF))' },
  { name: 'cell_area_8t', kind: 'number', unit: 'm^2', default: 0.9e-12, min: 0, max: 1e-9, description: '8T bitcell area' },
  { name: 'cell_area_6t', kind: 'number', unit: 'm^2', default: 0.6e-12, min: 0, max: 1e-9, description: '6T bitcell area' },
];
