/** Every non-ideality a scenario can switch off; all are on by default. */
export interface Nonidealities {
  cellVt: boolean; // Pelgrom threshold mismatch of read ports
  cellBeta: boolean; // Pelgrom current-factor mismatch of read ports
  capMismatch: boolean; // bitline capacitance mismatch (compute and DAC)
  leakage: boolean; // off-cell subthreshold leakage (droop while holding)
  comparatorOffset: boolean; // per-instance comparator offset
  comparatorNoise: boolean; // input-referred noise per decision
  dacSettling: boolean; // finite DAC precharge and sharing time constants
  injection: boolean; // switch charge injection and clock feedthrough
  ktc: boolean; // kT/C sampling noise of the DAC
}

export const NONIDEALITY_NAMES = ['cellVt', 'cellBeta', 'capMismatch', 'leakage', 'comparatorOffset', 'comparatorNoise', 'dacSettling', 'injection', 'ktc'] as const;

export function allNonidealities(on: boolean): Nonidealities {
  return Object.fromEntries(NONIDEALITY_NAMES.map((k) => [k, on])) as unknown as Nonidealities;
}
