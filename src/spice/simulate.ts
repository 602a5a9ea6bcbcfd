/**
 * Convenience golden references: one ngspice run, numbers back (V, s).
 */
import { CimsimError } from '../errors.js';
import { columnDeck, pulseTimes, readPortModels, sharingDeck, type ColumnDeckOptions, type SharingDeckOptions } from './deck.js';
import { checkModelCard, column, runNgspice, valueAt, type NgspiceOptions, type WrTable } from './ngspice.js';

export interface ColumnSpiceOptions extends Omit<ColumnDeckOptions, 'cwire'> {
  /** Total bitline capacitance, F: the wire capacitor is cbl - rows * cdrain. */
  cbl: number;
  /** Drain capacitance of one port, F (from calibrate(): CalibrationResult.cdrain). */
  cdrain: number;
  ngspice?: NgspiceOptions;
}

export interface ColumnSpiceResult {
  /** Bitline voltage at the end of the wordline's falling edge, V. */
  vblEnd: number;
  /** Time of the end of the falling edge, s. */
  tEnd: number;
  /** Waveform: time (s), wordline (V), bitline (V). */
  t: number[];
  vwl: number[];
  vbl: number[];
  /** Wire capacitor used, F. */
  cwire: number;
  /** ngspice wall time, s. */
  elapsed_s: number;
}

/** Column discharge in ngspice (see columnDeck()). */
export async function simulateColumnSpice(opts: ColumnSpiceOptions): Promise<ColumnSpiceResult> {
  checkModelCard(opts.modelCard, readPortModels(opts));
  const cwire = opts.cbl - opts.rows * opts.cdrain;
  if (cwire < 0) {
    throw new CimsimError(
      `bitline capacitance ${opts.cbl} F is below the ports' own ${opts.rows} x ${opts.cdrain} F`,
      undefined,
      'raise cbl or lower the row count',
    );
  }
  const run = await runNgspice(columnDeck({ ...opts, cwire }), { ...opts.ngspice, expectFiles: ['wave.txt'] });
  const wave = run.tables.get('wave.txt') as WrTable;
  const { tEnd } = pulseTimes(opts);
  return {
    vblEnd: valueAt(wave, 'v(bl)', tEnd),
    tEnd,
    t: column(wave, wave.columns[0]),
    vwl: column(wave, 'v(wl)'),
    vbl: column(wave, 'v(bl)'),
    cwire,
    elapsed_s: run.elapsed_s,
  };
}

export interface SharingSpiceOptions extends SharingDeckOptions {
  /** Time at which node voltages are reported, s (default tStop). */
  tRead?: number;
  ngspice?: NgspiceOptions;
}

/** Charge sharing in ngspice; returns each node's voltage at tRead, V. */
export async function simulateSharingSpice(opts: SharingSpiceOptions): Promise<{ v: number[]; elapsed_s: number }> {
  checkModelCard(opts.modelCard, [opts.nmos]);
  const run = await runNgspice(sharingDeck(opts), { ...opts.ngspice, expectFiles: ['share.txt'] });
  const table = run.tables.get('share.txt') as WrTable;
  const t = opts.tRead ?? opts.tStop;
  return { v: opts.nodes.map((_, i) => valueAt(table, `v(n${i})`, Math.min(t, table.rows[table.rows.length - 1][0]))), elapsed_s: run.elapsed_s };
}
