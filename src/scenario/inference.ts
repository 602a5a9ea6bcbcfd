import type { Assignment, Circuit } from '../circuit/build.js';
import { ConversionLog } from '../circuit/conversion-log.js';
import { Kernel } from '../engine/kernel.js';
import { EnergyLedger, PhaseTrace } from '../engine/ledger.js';
import { toFs } from '../engine/time.js';
import { RandomStream } from '../tech/random.js';
import { inputVectors, pulsePlanes } from './stimulus.js';
import type { Stimulus } from './types.js';

export interface InferenceRun {
  log: ConversionLog;
  ledger: EnergyLedger;
  trace: PhaseTrace;
  kernel: Kernel;
  inferences: number;
  /** End of the last event, fs. */
  latencyFs: number;
  /** Shift-added outputs per compute array: [inference][column] (bit-serial combines planes). */
  outputs: Map<string, { code: Int32Array[]; ideal: Int32Array[] }>;
  /** Column conversions performed. */
  conversions: number;
  /** Bitline and wordline samples after each event (when traced), for waveform writers. */
  waveforms: { timeFs: number; array: string; signal: string; value: number }[];
}

/**
 * Run `inferences` passes of the stimulus over every network of the circuit through the event
 * kernel. Each compute step is precharge -> pulse (one per bit-plane) -> conversion through the
 * lender's lanes. Start times come from a greedy plan in phase order: an array holding a result
 * is busy until it is converted, and a lender is busy while its bitlines form references.
 */
export function runInference(circuit: Circuit, stimulus: Stimulus, options: { trace?: boolean } = {}): InferenceRun {
  const kernel = new Kernel();
  const ledger = new EnergyLedger();
  const scratch = new EnergyLedger(); // the ideal twins' energy is not the chip's
  const trace = new PhaseTrace(options.trace ?? false);
  const log = new ConversionLog();
  const inferences = stimulus.inferences ?? 1;
  const stream = new RandomStream(circuit.seed, 'stimulus');
  const freeAt = new Map<string, number>(); // array name -> fs at which it is free
  const outputs: InferenceRun['outputs'] = new Map();
  const phases = [...new Set(circuit.assignments.map((a) => a.phase))].sort((a, b) => a - b);
  const vectors = new Map(circuit.assignments.map((a) => [a, inputVectors(stimulus, a.compute.rows, inferences, stream, a.compute.name)]));
  let conversions = 0;
  const ctx: JobContext = { kernel, ledger, scratch, log, trace, freeAt };
  const waveforms: InferenceRun['waveforms'] = [];
  if (options.trace) {
    // A probe samples each array whenever an event has moved its state (a pulse leaves the state
    // valid at the pulse's end): devices do not know they are watched.
    const seen = new Map<string, number>();
    const sample = (): void => {
      for (const array of circuit.arrays.values()) {
        if (seen.get(array.name) === array.timeFs) continue;
        seen.set(array.name, array.timeFs);
        for (let c = 0; c < array.cols; c++) waveforms.push({ timeFs: array.timeFs, array: array.name, signal: `bl_${c}`, value: array.vbl[c] });
      }
    };
    sample(); // initial state: bitlines precharged, wordlines low
    for (const array of circuit.arrays.values()) waveforms.push({ timeFs: 0, array: array.name, signal: 'rwl_envelope', value: 0 });
    kernel.addProbe(sample);
  }

  for (let k = 0; k < inferences; k++) {
    for (const phase of phases) {
      for (const a of circuit.assignments.filter((x) => x.phase === phase)) {
        const tgapFs = toFs(a.compute.tgap);
        const planes = pulsePlanes(stimulus, vectors.get(a)![k], a.compute.tunit);
        const columns = Array.from({ length: a.compute.cols }, (_, c) => c);
        const out = outputs.get(a.compute.name) ?? { code: [], ideal: [] };
        outputs.set(a.compute.name, out);
        const code = new Int32Array(a.compute.cols);
        const ideal = new Int32Array(a.compute.cols);
        out.code.push(code);
        out.ideal.push(ideal);
        conversions += scheduleJob(ctx, a, planes, columns, tgapFs, (p, first) => {
          const weight = planes[p].weight;
          for (let c = 0; c < a.compute.cols; c++) {
            code[c] += weight * log.code[first + c];
            ideal[c] += weight * log.idealCode[first + c];
          }
          // Shift-add of this plane into the column accumulators.
          if (planes.length > 1) ledger.book(a.digitizer.name, 'digital', a.compute.cols * a.digitizer.edigital);
        });
      }
    }
  }
  kernel.run();
  for (const p of trace.phases) {
    if (p.phase !== 'pulse') continue;
    const array = circuit.arrays.get(p.device.toLowerCase());
    if (array === undefined) continue;
    waveforms.push({ timeFs: p.start_fs, array: p.device, signal: 'rwl_envelope', value: array.wordline.vwl });
    waveforms.push({ timeFs: p.end_fs, array: p.device, signal: 'rwl_envelope', value: 0 });
  }
  return { waveforms, log, ledger, trace, kernel, inferences, latencyFs: kernel.now, outputs, conversions };
}

/** Shared state of jobs scheduled on one kernel: energy, conversion records, array availability. */
export interface JobContext {
  kernel: Kernel;
  /** The chip's energy. */
  ledger: EnergyLedger;
  /** Energy of the ideal twins (not the chip's). */
  scratch: EnergyLedger;
  log: ConversionLog;
  trace?: PhaseTrace;
  /** Array name -> fs at which it is free. */
  freeAt: Map<string, number>;
}

/**
 * Schedule one compute job on an assignment: for each plane, precharge -> pulse (per-row widths,
 * s) -> conversion of `columns` through the lender's lanes, on the compute array and its ideal
 * twin; then a restoring precharge. `onConverted(p, first)` runs inside the conversion event of
 * plane p, with `first` the log index of its first column. Starts when the compute array is free
 * (`ctx.freeAt`), `tgapFs` after each conversion. Returns the number of column conversions.
 */
export function scheduleJob(
  ctx: JobContext,
  a: Assignment,
  planes: readonly { widths: Float64Array }[],
  columns: readonly number[],
  tgapFs: number,
  onConverted: (plane: number, first: number) => void,
): number {
  const { kernel, ledger, scratch, log, trace, freeAt } = ctx;
  let conversions = 0;
  let t = freeAt.get(a.compute.name) ?? 0;
  planes.forEach((plane, p) => {
    const prechargeAt = t;
    const pulseAt = prechargeAt + toFs(a.compute.tpre);
    const pulseEnd = pulseAt + toFs(maxSpan(plane.widths, a.compute.wordline));
    const convertAt = Math.max(pulseEnd, ...a.lenders.map((l) => freeAt.get(l.name) ?? 0));
    const convertEnd = convertAt + Math.ceil(columns.length / a.digitizer.parallelColumns) * a.digitizer.steps * toFs(a.digitizer.stepTime);
    kernel.scheduleAt(a.compute.name, prechargeAt, () => {
      a.compute.precharge(prechargeAt, ledger, trace);
      a.ideal.precharge(prechargeAt, scratch);
    });
    kernel.scheduleAt(a.compute.name, pulseAt, () => {
      a.compute.pulse(pulseAt, plane.widths, ledger, trace);
      a.ideal.pulse(pulseAt, plane.widths, scratch);
    });
    kernel.scheduleAt(a.digitizer.name, convertAt, () => {
      const first = log.length;
      a.digitizer.convert(a.compute, columns, a.ideal.vbl, p, convertAt, ledger, log, trace);
      onConverted(p, first);
    });
    conversions += columns.length;
    t = convertEnd + tgapFs;
    for (const l of a.lenders) freeAt.set(l.name, convertEnd);
  });
  // Restore the bitlines after the last plane so this job pays for its own discharge.
  const restoreAt = t;
  kernel.scheduleAt(a.compute.name, restoreAt, () => a.compute.precharge(restoreAt, ledger, trace));
  freeAt.set(a.compute.name, restoreAt + toFs(a.compute.tpre));
  return conversions;
}

function maxSpan(widths: Float64Array, shape: { trise: number; tfall: number }): number {
  let span = 0;
  for (const w of widths) if (w > 0) span = Math.max(span, w + (shape.trise + shape.tfall) / 2);
  return span;
}
