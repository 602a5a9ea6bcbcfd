/**
 * Every conversion's record, column-oriented (one array per field) so large runs stay compact.
 * Voltages V, times fs, margins s (deadline minus regeneration time; negative = metastable).
 * Like the energy ledger it sits below the devices: the digitizer writes what it did, the oracle
 * (analysis/oracle.ts, `labelConversions`) adds what each conversion should have given, analyses
 * read it.
 */
export class ConversionLog {
  readonly array: string[] = [];
  readonly column: number[] = [];
  readonly plane: number[] = [];
  readonly idealV: number[] = []; // V, bitline with every non-ideality off
  readonly analogV: number[] = []; // V, actual bitline at the first comparison
  /** The oracle's code for idealV (filled by labelConversions). */
  readonly idealCode: number[] = [];
  readonly code: number[] = [];
  /** The oracle's code for analogV (isolates digitization error from compute error). */
  readonly analogCode: number[] = [];
  readonly startFs: number[] = [];
  readonly endFs: number[] = [];
  readonly metastable: number[] = [];
  /** Decision margins, `stride` per conversion (one per step; a Flash step keeps its worst). */
  readonly margins: number[] = [];
  stride = 0;

  get length(): number {
    return this.code.length;
  }

  /** code - idealCode of conversion i, LSB. */
  error(i: number): number {
    return this.code[i] - this.idealCode[i];
  }
}
