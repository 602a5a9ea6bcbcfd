/** Analysis layer: ADC test practice (IEEE Std 1241) and statistics. Pure functions, no I/O. */
export * from './linearity.js';
export * from './enob.js';
export * from './errors.js';
export * from './stats.js';
export * from './oracle.js';
