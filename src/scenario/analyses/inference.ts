import { errorsByBit, summarizeErrors } from '../../analysis/index.js';
import { chipArea } from '../../circuit/area.js';
import type { Circuit } from '../../circuit/build.js';
import type { ConversionLog } from '../../engine/conversion-log.js';
import { continuousCode } from '../../analysis/oracle.js';
import { ENERGY_CATEGORIES } from '../../engine/ledger.js';
import { toSeconds } from '../../engine/time.js';
import { energyFigure, histogramFigure } from '../../report/index.js';
import { runInference, type InferenceRun } from '../inference.js';
import { section, type Section, type Table } from '../section.js';
import type { Stimulus } from '../types.js';

/**
 * Run the stimulus through every network and report code errors against the ideal twin
 * (compute + digitization) and against the sampled analog value (digitization only), energy by
 * category and device, latency and throughput.
 */
export function inferenceAnalysis(circuit: Circuit, stimulus: Stimulus, options: { conversions: boolean; trace: boolean }): { section: Section; run: InferenceRun } {
  const before = columnsSolved(circuit);
  const run = runInference(circuit, stimulus, { trace: options.trace });
  const after = columnsSolved(circuit);
  const s = section('inference');
  const { log, ledger } = run;
  const n = log.length;
  const bits = circuit.assignments[0]?.digitizer.bits ?? 0;
  const ideal = Int32Array.from(log.idealCode);
  const code = Int32Array.from(log.code);
  const total = summarizeErrors({ ideal, code }, bits);
  const digitization = summarizeErrors({ ideal: Int32Array.from(log.analogCode), code }, bits);
  const latency = toSeconds(run.latencyFs);
  const energy = ledger.total_J;
  Object.assign(s.metrics, {
    inferences_count: run.inferences,
    conversions_count: n,
    maxAbsError_LSB: total.maxAbsError_LSB,
    rmsError_LSB: total.rmsError_LSB,
    fractionExact_ratio: total.fractionExact,
    maxAbsDigitizationError_LSB: digitization.maxAbsError_LSB,
    idealThresholdDistanceMean_LSB: thresholdDistanceMean(circuit, log),
    digitizationFractionExact_ratio: digitization.fractionExact,
    ...decisionMargins(log),
    latency_s: latency,
    latencyPerInference_s: latency / run.inferences,
    throughput_conversionsPerS: n / latency,
    energy_J: energy,
    energyPerInference_J: energy / run.inferences,
    energyPerConversion_J: n > 0 ? energy / n : 0,
    // column pulses of the compute arrays by solver: the characterized table, or (outside its
    // region, or a pulse set of several widths) the fast path and the detailed solver
    columnsFromTable_count: after.table - before.table,
    columnsFromFastPath_count: after.fast - before.fast,
    columnsFromDetailedSolver_count: after.detailed - before.detailed,
  });
  addEfficiency(s, circuit, run, latency, energy);
  const byCategory = ledger.byCategory();
  for (const c of ENERGY_CATEGORIES) s.metrics[`energy_${c}_J`] = byCategory[c];
  s.tables.push({
    name: 'energy',
    columns: [{ key: 'device', header: 'device' }, { key: 'category', header: 'category' }, { key: 'energy_J', header: 'energy_J' }, { key: 'perInference_J', header: 'per_inference_J' }],
    rows: ledger.entries().map((e) => ({ ...e, perInference_J: e.energy_J / run.inferences })),
  });
  const byBit = errorsByBit(ideal, code, bits);
  s.tables.push({
    name: 'errors-by-bit',
    columns: [{ key: 'bit', header: 'bit_msb_first_index' }, { key: 'weight', header: 'weight_LSB' }, { key: 'rate', header: 'bit_error_ratio' }],
    rows: Array.from(byBit, (rate, i) => ({ bit: i + 1, weight: 1 << (bits - 1 - i), rate })),
  });
  if (options.conversions) s.tables.push(conversionsTable(log));
  s.plots.push({
    name: 'code-error-histogram',
    figure: histogramFigure({
      title: 'Code error against the ideal (compute + digitization)',
      bins: total.histogram.map((h) => ({ x0: h.error_LSB - 0.5, x1: h.error_LSB + 0.5, count: h.count })),
      x: { label: 'code error', unit: 'LSB' },
    }),
  });
  s.plots.push({
    name: 'energy-breakdown',
    figure: energyFigure('Energy per inference by category', Object.fromEntries(ENERGY_CATEGORIES.map((c) => [c, byCategory[c] / run.inferences])), 'inference'),
  });
  return { section: s, run };
}

/** Column pulses solved so far by each path, summed over the compute arrays. */
function columnsSolved(circuit: Circuit): { table: number; fast: number; detailed: number } {
  const sum = { table: 0, fast: 0, detailed: 0 };
  for (const a of circuit.assignments) for (const k of ['table', 'fast', 'detailed'] as const) sum[k] += a.compute.columnStats[k];
  return sum;
}

/** Metastable decisions and the smallest decision margin (deadline minus regeneration time), s. */
function decisionMargins(log: ConversionLog): { metastable_count: number; minDecisionMargin_s: number } {
  let metastable = 0;
  let minMargin = Infinity;
  for (let i = 0; i < log.length; i++) metastable += log.metastable[i];
  for (const m of log.margins) if (!Number.isNaN(m)) minMargin = Math.min(minMargin, m);
  return { metastable_count: metastable, minDecisionMargin_s: Number.isFinite(minMargin) ? minMargin : 0 };
}

/**
 * How far the ideal twin's analog values sit from the nearest code threshold on average, LSB
 * (0.5 = mid-code): an error smaller than this distance cannot change a code.
 */
function thresholdDistanceMean(circuit: Circuit, log: ConversionLog): number {
  const d = circuit.assignments[0]?.digitizer;
  if (d === undefined) return 0;
  let distance = 0;
  let inRange = 0;
  for (let i = 0; i < log.length; i++) {
    const x = continuousCode(log.idealV[i], d.vtop, d.vbottom, d.bits);
    if (x < 0 || x >= 1 << d.bits) continue;
    const f = x - Math.floor(x);
    distance += Math.min(f, 1 - f);
    inRange++;
  }
  return inRange > 0 ? distance / inRange : 0;
}

/** Operations, area and the efficiencies per watt and per mm^2; the area table. */
function addEfficiency(s: Section, circuit: Circuit, run: InferenceRun, latency: number, energy: number): void {
  // Each bitcell of a pulsed plane does one multiply and one accumulate (2 ops);
  // ops = 2 x rows x cols per compute array, per bit-plane, per inference.
  const n = run.log.length;
  let ops = 0;
  for (const a of circuit.assignments) ops += 2 * a.compute.rows * a.compute.cols * (n / circuit.assignments.length / a.compute.cols);
  const area = chipArea(circuit);
  Object.assign(s.metrics, {
    ops_count: ops,
    area_m2: area.total_m2,
    efficiency_TOPSperW: ops / energy / 1e12,
    areaEfficiency_TOPSperMm2: ops / latency / (area.total_m2 * 1e6) / 1e12,
  });
  s.tables.push({
    name: 'area',
    columns: [{ key: 'component', header: 'component' }, { key: 'count', header: 'count' }, { key: 'unitArea_m2', header: 'unit_area_m2' }, { key: 'area_m2', header: 'area_m2' }],
    rows: area.entries.map((e) => ({ ...e })),
  });
  s.notes.push(`Operation count: 2 ops (multiply + accumulate) per bitcell per pulsed bit-plane: ${ops} ops in ${run.inferences} inference(s).`);
}

/** One row per conversion: voltages, codes, start time and the decision margin of every step. */
function conversionsTable(log: ConversionLog): Table {
  const stride = log.stride;
  const margin = (i: number, step: number): number | string => (step < stride && !Number.isNaN(log.margins[i * stride + step]) ? log.margins[i * stride + step] : '');
  return {
    name: 'conversions',
    columns: [
      { key: 'array', header: 'array' }, { key: 'column', header: 'column' }, { key: 'plane', header: 'plane' },
      { key: 'idealV', header: 'ideal_V' }, { key: 'analogV', header: 'analog_V' }, { key: 'idealCode', header: 'ideal_code' },
      { key: 'analogCode', header: 'analog_code' }, { key: 'code', header: 'code' }, { key: 'error', header: 'error_LSB' },
      { key: 'start', header: 'start_s' }, { key: 'metastable', header: 'metastable_count' },
      ...Array.from({ length: stride }, (_, k) => ({ key: `m${k}`, header: `margin_step${k + 1}_s` })),
    ],
    rows: log.code.map((_, i) => ({
      array: log.array[i], column: log.column[i], plane: log.plane[i], idealV: log.idealV[i], analogV: log.analogV[i],
      idealCode: log.idealCode[i], analogCode: log.analogCode[i], code: log.code[i], error: log.error(i),
      start: toSeconds(log.startFs[i]), metastable: log.metastable[i],
      ...Object.fromEntries(Array.from({ length: stride }, (_, k) => [`m${k}`, margin(i, k)])),
    })),
  };
}
