import { summarizeErrors } from '../../analysis/index.js';
import type { Circuit } from '../../circuit/build.js';
import { allNonidealities, NONIDEALITY_NAMES, type Nonidealities } from '../../circuit/nonidealities.js';
import type { ConversionLog } from '../../engine/conversion-log.js';
import { continuousCode } from '../../analysis/oracle.js';
import { lineFigure } from '../../report/index.js';
import { runInference } from '../inference.js';
import { section, type Section } from '../section.js';
import type { Stimulus } from '../types.js';

/** What each non-ideality is called in the budget. */
const CAUSES: Record<keyof Nonidealities, string> = {
  cellVt: 'cell threshold mismatch',
  cellBeta: 'cell current-factor mismatch',
  capMismatch: 'capacitor mismatch',
  leakage: 'leakage droop while held',
  comparatorOffset: 'comparator offset',
  comparatorNoise: 'comparator noise',
  dacSettling: 'incomplete DAC settling',
  injection: 'charge injection',
  ktc: 'kT/C noise',
};

interface Row {
  cause: string;
  effect: string;
  maxAbs: number;
  rms: number;
  mean: number;
  exact: number;
  /** Mean error by column (= conversion order), LSB. */
  byOrder: Float64Array;
}

/**
 * The end-to-end error broken down by cause: the scenario's stimulus is run again with only one
 * non-ideality on at a time (same seed, so the same chip, inputs and noise streams), each against
 * the ideal twin; plus every effect on, none on (what is left is decision timing: metastable
 * decisions), and the quantization of the ideal twin's own analog value. The effects do not add
 * exactly (they share code boundaries), so the table is read row by row, not summed.
 */
export function budgetAnalysis(build: (nonideal: Nonidealities) => Circuit, scenarioSet: Nonidealities, stimulus: Stimulus): Section {
  const s = section('budget');
  const rows: Row[] = [];
  let timingOnly: { circuit: Circuit; log: ConversionLog } | undefined; // the run with every effect off
  const run = (effect: string, cause: string, nonideal: Nonidealities): Row => {
    const circuit = build(nonideal);
    const { log } = runInference(circuit, stimulus);
    if (effect === 'none') timingOnly = { circuit, log };
    const bits = circuit.assignments[0]?.digitizer.bits ?? 0;
    const e = summarizeErrors({ ideal: Int32Array.from(log.idealCode), code: Int32Array.from(log.code) }, bits);
    let sum = 0;
    for (let i = 0; i < log.length; i++) sum += log.code[i] - log.idealCode[i];
    const row = { cause, effect, maxAbs: e.maxAbsError_LSB, rms: e.rmsError_LSB, mean: log.length > 0 ? sum / log.length : 0, exact: e.fractionExact, byOrder: errorByOrder(log) };
    rows.push(row);
    return row;
  };
  const all = run('all', 'every effect on', scenarioSet);
  const none = run('none', 'decision timing only (every effect off)', allNonidealities(false));
  for (const name of NONIDEALITY_NAMES) {
    if (!scenarioSet[name]) continue;
    const only = allNonidealities(false);
    only[name] = true;
    const r = run(name, CAUSES[name], only);
    s.metrics[`${name}RmsError_LSB`] = r.rms;
    s.metrics[`${name}MaxAbsError_LSB`] = r.maxAbs;
  }
  const quantization = quantizationError(timingOnly!.circuit, timingOnly!.log);
  Object.assign(s.metrics, {
    allRmsError_LSB: all.rms,
    allMaxAbsError_LSB: all.maxAbs,
    timingOnlyRmsError_LSB: none.rms,
    quantizationRmsError_LSB: quantization.rms,
  });
  // the largest single cause by rms: the one to fix first
  const causes = rows.slice(2);
  const worst = causes.reduce<Row | null>((w, r) => (w === null || r.rms > w.rms ? r : w), null);
  if (worst !== null) s.notes.push(`Largest single cause: ${worst.cause} (${worst.effect}), rms ${worst.rms.toFixed(3)} LSB, max ${worst.maxAbs} LSB, mean ${worst.mean.toFixed(3)} LSB.`);
  s.notes.push(
    'Each row runs the same chip (seed), inputs and noise streams with only that effect on, against the ideal twin; ' +
      'rows do not add up exactly, because effects that are small alone can push the same conversion across a code boundary. ' +
      `Quantization: the ideal twin's code against its own analog value, rms ${quantization.rms.toFixed(3)} LSB (uniform: 0.289), max ${quantization.maxAbs.toFixed(3)} LSB.`,
  );
  s.tables.push({
    name: 'causes',
    columns: [
      { key: 'cause', header: 'cause' },
      { key: 'effect', header: 'nonideality' },
      { key: 'maxAbs', header: 'max_abs_error_LSB' },
      { key: 'rms', header: 'rms_error_LSB' },
      { key: 'mean', header: 'mean_error_LSB' },
      { key: 'exact', header: 'fraction_exact_ratio' },
    ],
    rows: rows.map(({ cause, effect, maxAbs, rms, mean, exact }) => ({ cause, effect, maxAbs, rms, mean, exact })),
  });
  const order = Array.from(all.byOrder, (_, i) => i);
  const plotted = [all, ...causes.filter((r) => r.rms > 0)];
  s.plots.push({
    name: 'error-vs-order',
    figure: lineFigure({
      title: 'Mean code error by conversion order',
      x: { label: 'column, converted in index order', unit: 'index' },
      y: { label: 'mean error against the ideal twin', unit: 'LSB' },
      series: plotted.map((r) => ({ name: r.cause, x: order, y: r.byOrder, dashed: r !== all })),
    }),
  });
  return s;
}

/**
 * Mean code error by column, LSB. runInference converts an array's columns in index order (one
 * lane: one after the other), so the column index is the place in the conversion order.
 */
function errorByOrder(log: ConversionLog): Float64Array {
  const sum: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < log.length; i++) {
    const c = log.column[i];
    sum[c] = (sum[c] ?? 0) + log.code[i] - log.idealCode[i];
    count[c] = (count[c] ?? 0) + 1;
  }
  return Float64Array.from(sum, (x, c) => (count[c] > 0 ? x / count[c] : 0));
}

/** The ideal twin's code against its own analog value (a continuous code), LSB. */
function quantizationError(circuit: Circuit, log: ConversionLog): { rms: number; maxAbs: number } {
  let sq = 0;
  let maxAbs = 0;
  const d = circuit.assignments[0]?.digitizer;
  for (let i = 0; d !== undefined && i < log.length; i++) {
    const x = continuousCode(log.idealV[i], d.vtop, d.vbottom, d.bits);
    const e = log.idealCode[i] + 0.5 - x;
    sq += e * e;
    maxAbs = Math.max(maxAbs, Math.abs(e));
  }
  return { rms: log.length > 0 ? Math.sqrt(sq / log.length) : 0, maxAbs };
}
