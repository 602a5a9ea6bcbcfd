import type { DeviceSpec } from '../netlist/params.js';

/**
 * Parameter tables of every device type. A default written in braces ('{vdd}') is an expression
 * evaluated at elaboration with the technology parameters and `.param` values in scope.
 */

export const CIMARRAY_SPEC: DeviceSpec = {
  type: 'cimarray',
  summary: 'SRAM compute-in-memory array: bitcells, read wordline drivers, bitline precharge',
  role: 'array',
  params: [
    { name: 'rows', kind: 'integer', unit: '', default: 64, min: 1, max: 4096, description: 'bitcells per column (read wordlines)' },
    { name: 'cols', kind: 'integer', unit: '', default: 32, min: 1, max: 4096, description: 'columns (read bitlines)' },
    { name: 'weights', kind: 'string', unit: '', default: 'random:0.5', description: "stored bits: ones, zeros, checker, random:P (P = probability of '1'), hex:ROW0,ROW1,... (one hex word per row, column 0 = LSB)" },
    { name: 'vpre', kind: 'number', unit: 'V', default: '{vdd}', min: 0, max: 3.3, description: 'bitline precharge level' },
    { name: 'rpre', kind: 'number', unit: 'Ohm', default: 1e3, min: 1, max: 1e9, description: 'on-resistance of the PMOS precharge device (finite strength)' },
    { name: 'tpre', kind: 'number', unit: 's', default: 300e-12, min: 1e-12, max: 1e-6, description: 'precharge phase duration' },
    { name: 'vwl', kind: 'number', unit: 'V', default: '{vdd}', min: 0, max: 3.3, description: 'read-wordline pulse amplitude' },
    { name: 'tunit', kind: 'number', unit: 's', default: 200e-12, min: 1e-12, max: 1e-6, description: 'unit pulse width (width of a binary pulse; PWM width = input x tunit)' },
    { name: 'trise', kind: 'number', unit: 's', default: 20e-12, min: 0, max: 1e-7, description: 'wordline rise time (0 to 100 %)' },
    { name: 'tfall', kind: 'number', unit: 's', default: 20e-12, min: 0, max: 1e-7, description: 'wordline fall time (100 to 0 %)' },
    { name: 'tgap', kind: 'number', unit: 's', default: 50e-12, min: 0, max: 1e-6, description: 'idle time between consecutive wordline pulses (bit-serial planes)' },
  ],
};

export const REFDAC_SPEC: DeviceSpec = {
  type: 'refdac',
  summary: "switch network that groups a neighbour array's bitlines into a charge-sharing reference DAC",
  role: 'periphery',
  params: [
    { name: 'groups', kind: 'list', unit: '', default: '16,8,4,2,1', description: 'bitlines per group, MSB first (binary-weighted by default)' },
    { name: 'dummy', kind: 'integer', unit: '', default: 1, min: 0, max: 64, description: 'unit bitlines always precharged to vtop (so the groups and dummy hold 2^N units)' },
    { name: 'ron', kind: 'number', unit: 'Ohm', default: 500, min: 1, max: 1e9, description: 'on-resistance of one sharing switch (one per bitline)' },
    { name: 'tdacpre', kind: 'number', unit: 's', default: 150e-12, min: 1e-12, max: 1e-6, description: 'DAC precharge phase (groups set to vtop or vbottom)' },
    { name: 'tshare', kind: 'number', unit: 's', default: 100e-12, min: 1e-12, max: 1e-6, description: 'charge-sharing phase before the switches open' },
    { name: 'sw_cgate', kind: 'number', unit: 'F', default: 0.36e-15, min: 0, max: 1e-12, description: 'switch gate capacitance W L Cox (source of channel charge)' },
    { name: 'sw_cov', kind: 'number', unit: 'F', default: 0.05e-15, min: 0, max: 1e-12, description: 'switch gate-drain overlap capacitance (clock feedthrough)' },
    { name: 'sw_vt', kind: 'number', unit: 'V', default: 0.35, min: 0, max: 1.5, description: 'switch threshold voltage' },
    { name: 'switch', kind: 'enum', unit: '', default: 'ideal', choices: ['tgate', 'ideal'], description: 'sharing switches: ideal (resistance ron, no charge) or tgate (NMOS + PMOS: channel charge, overlaps and junctions from the technology sw_* parameters; cimsim validate --switches sets both sides)' },
    { name: 'sw_wn', kind: 'number', unit: 'm', default: 0, min: 0, max: 1e-3, description: 'NMOS width of one sharing switch (per bitline); 0 = sized from ron: tech sw_w1k x 1 kOhm / ron' },
    { name: 'sw_wp', kind: 'number', unit: 'm', default: 0, min: 0, max: 1e-3, description: 'PMOS width of one sharing switch (per bitline); 0 = sized from ron: tech sw_w1k x 1 kOhm / ron' },
  ],
};

export const COMPARATOR_SPEC: DeviceSpec = {
  type: 'comparator',
  summary: 'StrongARM latch comparator (behavioural): offset, noise, regeneration time, energy',
  role: 'periphery',
  params: [
    { name: 'in_w', kind: 'number', unit: 'm', default: 1e-6, min: 1e-8, max: 1e-3, description: 'input-pair width (sets Pelgrom offset)' },
    { name: 'in_l', kind: 'number', unit: 'm', default: 0.1e-6, min: 1e-8, max: 1e-4, description: 'input-pair length' },
    { name: 'trim', kind: 'number', unit: 'V', default: 0, min: 0, max: 0.1, description: 'step of the foreground offset-calibration DAC (0 = offset not calibrated); the residual offset is the rounding remainder' },
    { name: 'trimbits', kind: 'integer', unit: '', default: 5, min: 2, max: 10, description: 'trim DAC resolution: it cancels up to (2^(trimbits-1) - 1) steps either way' },
    { name: 'noise', kind: 'number', unit: 'V', default: 0.5e-3, min: 0, max: 0.1, description: 'input-referred rms noise per decision' },
    { name: 't0', kind: 'number', unit: 's', default: 30e-12, min: 0, max: 1e-6, description: 'decision time at full input swing' },
    { name: 'tau', kind: 'number', unit: 's', default: 11e-12, min: 1e-15, max: 1e-6, description: 'regeneration time constant: t_d = t0 + tau ln(vswing/|dV|)' },
    { name: 'vswing', kind: 'number', unit: 'V', default: '{vdd}', min: 1e-3, max: 3.3, description: 'latch output swing' },
    { name: 'tcmp', kind: 'number', unit: 's', default: 150e-12, min: 1e-12, max: 1e-6, description: 'decision window (clock deadline) per comparison' },
    { name: 'energy', kind: 'number', unit: 'J', default: 20e-15, min: 0, max: 1e-9, description: 'energy per decision' },
    { name: 'metastable', kind: 'enum', unit: '', default: 'random', choices: ['random', 'zero', 'one'], description: 'what a decision not reached by the deadline resolves to (random = seeded coin)' },
  ],
};

export const DIGITIZER_SPEC: DeviceSpec = {
  type: 'digitizer',
  summary: 'memory-immersed converter recipe: SA, Flash or hybrid using neighbour-array references',
  role: 'digitizer',
  params: [
    { name: 'mode', kind: 'enum', unit: '', default: 'sa', choices: ['sa', 'flash', 'hybrid'], description: 'successive approximation, Flash, or Flash MSBs then SA LSBs' },
    { name: 'bits', kind: 'integer', unit: '', default: 5, min: 1, max: 10, description: 'resolution N' },
    { name: 'split', kind: 'integer', unit: '', default: 2, min: 0, max: 10, description: 'hybrid only: bits resolved by the Flash step (0 = SA, N = Flash)' },
    { name: 'vtop', kind: 'number', unit: 'V', default: '{vdd}', min: 0, max: 3.3, description: 'reference top (code 2^N would sit here)' },
    { name: 'vbottom', kind: 'number', unit: 'V', default: '{vdd - 0.64}', min: 0, max: 3.3, description: 'reference bottom (code 0 threshold region)' },
    { name: 'dac', kind: 'ref', unit: '', default: '', refTypes: ['refdac'], description: 'switch network used on the reference arrays' },
    { name: 'comparator', kind: 'ref', unit: '', default: '', refTypes: ['comparator'], description: 'comparator model instantiated per lane' },
    { name: 'tlogic', kind: 'number', unit: 's', default: 20e-12, min: 0, max: 1e-6, description: 'SA/Flash logic delay per step' },
    { name: 'edigital', kind: 'number', unit: 'J', default: 2e-15, min: 0, max: 1e-9, description: 'digital shift-add energy per column per bit-plane' },
    { name: 'elogic', kind: 'number', unit: 'J', default: 5e-15, min: 0, max: 1e-9, description: 'SA/Flash logic energy per comparator decision' },
  ],
};

export const NETWORK_SPEC: DeviceSpec = {
  type: 'network',
  summary: 'which arrays digitize for which: pairs (ping-pong), rings, or clusters for Flash',
  role: 'network',
  params: [
    { name: 'topology', kind: 'enum', unit: '', default: 'pair', choices: ['pair', 'ring', 'cluster'], description: 'pair: A<->B; ring: A_i uses A_(i+1); cluster: first array computes, the rest lend references' },
    { name: 'arrays', kind: 'list', unit: '', default: '', refTypes: ['cimarray'], description: 'member arrays (names of cimarray instances)' },
    { name: 'digitizer', kind: 'ref', unit: '', default: '', refTypes: ['digitizer'], description: 'conversion recipe used by this network' },
  ],
};

export const SAR_BASELINE_SPEC: DeviceSpec = {
  type: 'sarbaseline',
  summary: 'conventional N-bit SAR ADC: own binary capacitive DAC, comparator and logic',
  role: 'baseline',
  params: [
    { name: 'bits', kind: 'integer', unit: '', default: 5, min: 1, max: 16, description: 'resolution' },
    { name: 'node', kind: 'enum', unit: '', default: '40n', choices: ['65n', '40n'], description: 'technology node of the baseline' },
    { name: 'cunit', kind: 'number', unit: 'F', default: 1e-15, min: 1e-18, max: 1e-12, description: 'unit capacitor of the CDAC' },
    { name: 'switching', kind: 'enum', unit: '', default: 'conventional', choices: ['conventional', 'monotonic'], description: 'CDAC switching scheme (energy per Liu 2010 / Ginsburg 2005)' },
  ],
};

export const FLASH_BASELINE_SPEC: DeviceSpec = {
  type: 'flashbaseline',
  summary: 'conventional N-bit Flash ADC: resistor reference ladder and 2^N-1 comparators',
  role: 'baseline',
  params: [
    { name: 'bits', kind: 'integer', unit: '', default: 5, min: 1, max: 10, description: 'resolution' },
    { name: 'node', kind: 'enum', unit: '', default: '40n', choices: ['65n', '40n'], description: 'technology node of the baseline' },
    { name: 'rladder', kind: 'number', unit: 'Ohm', default: 20e3, min: 1, max: 1e9, description: 'total reference-ladder resistance' },
  ],
};

/** Every device type the netlist knows, in documentation order. */
export const DEVICE_SPECS: readonly DeviceSpec[] = [
  CIMARRAY_SPEC,
  REFDAC_SPEC,
  COMPARATOR_SPEC,
  DIGITIZER_SPEC,
  NETWORK_SPEC,
  SAR_BASELINE_SPEC,
  FLASH_BASELINE_SPEC,
];
