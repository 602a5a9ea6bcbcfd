import { labelConversions } from '../analysis/oracle.js';
import type { Assignment, Circuit } from '../circuit/build.js';
import { ConversionLog } from '../engine/conversion-log.js';
import { Kernel } from '../engine/kernel.js';
import { EnergyLedger, PhaseTrace } from '../engine/ledger.js';
import { acquire, release, Scheduler, until, type ProcessBody, type Resource } from '../engine/process.js';
import { MAX_TIME_FS, toFs, toSeconds } from '../engine/time.js';
import { widestPulseSpan } from '../devices/wordline-driver.js';
import { CimsimError } from '../errors.js';
import { formatEngineering } from '../report/table.js';
import { assignmentInputs, pulsePlanes } from './stimulus.js';
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
 * kernel. Each compute job (one input on one assignment) is a process: precharge -> pulse (one per
 * bit-plane) -> conversion through the lender's lanes, each step when the one before ends. Jobs are
 * started in phase order and take their arrays in that order: an array holding a result is busy
 * until it is converted and restored, a lender while its bitlines form references.
 */
export function runInference(circuit: Circuit, stimulus: Stimulus, options: { trace?: boolean } = {}): InferenceRun {
  const trace = new PhaseTrace(options.trace ?? false);
  const ctx = jobContext(trace);
  const { kernel, ledger, log } = ctx; // ctx.scratch: the ideal twins' energy is not the chip's
  const inferences = stimulus.inferences ?? 1;
  const outputs: InferenceRun['outputs'] = new Map();
  const phases = [...new Set(circuit.assignments.map((a) => a.phase))].sort((a, b) => a - b);
  const vectors = assignmentInputs(circuit.assignments, stimulus, circuit.seed);
  let conversions = 0;
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

  checkSimulatedTime(circuit, stimulus, vectors, inferences);
  // Every job converts all columns of its array; the list is shared, jobs only read it.
  const allColumns = new Map(circuit.assignments.map((a) => [a, Array.from({ length: a.compute.cols }, (_, c) => c)]));
  for (let k = 0; k < inferences; k++) {
    for (const phase of phases) {
      for (const a of circuit.assignments.filter((x) => x.phase === phase)) {
        const planes = pulsePlanes(stimulus, vectors.get(a)![k], a.compute.tunit);
        const columns = allColumns.get(a)!;
        const out = outputs.get(a.compute.name) ?? { code: [], ideal: [] };
        outputs.set(a.compute.name, out);
        const code = new Int32Array(a.compute.cols);
        const ideal = new Int32Array(a.compute.cols);
        out.code.push(code);
        out.ideal.push(ideal);
        const onConverted = (p: number, first: number): void => {
          const weight = planes[p].weight;
          for (let c = 0; c < a.compute.cols; c++) {
            code[c] += weight * log.code[first + c];
            ideal[c] += weight * log.idealCode[first + c];
          }
          // Shift-add of this plane into the column accumulators.
          if (planes.length > 1) ledger.book(a.digitizer.name, 'digital', a.compute.cols * a.digitizer.edigital);
        };
        conversions += startJob(ctx, { a, planes, columns, onConverted });
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

/** Shared state of jobs on one kernel: energy, conversion records, the arrays as resources. */
export interface JobContext {
  kernel: Kernel;
  /** Jobs are processes; arrays (computing or lending) are its resources. */
  scheduler: Scheduler;
  /** The chip's energy. */
  ledger: EnergyLedger;
  /** Energy of the ideal twins (not the chip's). */
  scratch: EnergyLedger;
  log: ConversionLog;
  trace?: PhaseTrace;
}

/** A fresh kernel, scheduler, ledgers and conversion log. */
export function jobContext(trace?: PhaseTrace): JobContext {
  const kernel = new Kernel();
  return { kernel, scheduler: new Scheduler(kernel), ledger: new EnergyLedger(), scratch: new EnergyLedger(), log: new ConversionLog(), trace };
}

/** One compute job: the stimulus planes of one input on one assignment. */
export interface Job {
  a: Assignment;
  /** Per plane: wordline widths per row, s (0 = row not pulsed). */
  planes: readonly { widths: Float64Array }[];
  columns: readonly number[];
  /** Runs inside the conversion event of plane p; `first` = log index of its first column. */
  onConverted: (plane: number, first: number) => void;
  /** Runs when the job has its array, before the first precharge (e.g. writing new weights). */
  onStart?: () => void;
}

/**
 * Start one compute job as a process: take the compute array (in the order jobs were started),
 * then per plane precharge -> pulse -> take the lenders -> convert `columns` through their lanes,
 * on the compute array and its ideal twin; each step starts when the one before ended, as the
 * devices report it (the pulse's end, the conversion's end). The lenders are given back at the end
 * of the last conversion, the array after a restoring precharge (so this job pays for its own
 * discharge), `tgap` after the last conversion. Returns the number of column conversions.
 */
export function startJob(ctx: JobContext, job: Job): number {
  const { a } = job;
  const compute = ctx.scheduler.resource(a.compute.name);
  const lenders = a.lenders.map((l) => ctx.scheduler.resource(l.name));
  ctx.scheduler.start(a.digitizer.name, [compute, ...lenders], jobSteps(ctx, job, compute, lenders));
  return job.planes.length * job.columns.length;
}

function* jobSteps(ctx: JobContext, job: Job, compute: Resource, lenders: Resource[]): ProcessBody {
  const { kernel, ledger, scratch, log, trace } = ctx;
  const { a, planes, columns } = job;
  yield acquire(compute);
  job.onStart?.();
  let t = kernel.now;
  for (let p = 0; p < planes.length; p++) {
    a.compute.precharge(t, ledger, trace);
    a.ideal.precharge(t, scratch);
    const pulseAt = t + toFs(a.compute.tpre);
    yield until(pulseAt);
    const pulseEnd = a.compute.pulse(pulseAt, planes[p].widths, ledger, trace);
    a.ideal.pulse(pulseAt, planes[p].widths, scratch);
    yield until(pulseEnd);
    yield acquire(...lenders);
    const first = log.length;
    const convertEnd = a.digitizer.convert(a.compute, columns, a.ideal.vbl, p, kernel.now, ledger, log, trace);
    labelConversions(log, first, a.digitizer);
    job.onConverted(p, first);
    if (p === planes.length - 1) yield release(lenders, convertEnd);
    t = convertEnd + toFs(a.compute.tgap);
    yield until(t);
  }
  a.compute.precharge(t, ledger, trace);
  yield release([compute], t + toFs(a.compute.tpre));
}

/** Time one job keeps its array, fs: per plane precharge, pulse, conversion and gap, then the restoring precharge. */
function jobDurationFs(a: Assignment, planes: readonly { widths: Float64Array }[], columns: number): number {
  const convertFs = Math.ceil(columns / a.digitizer.parallelColumns) * a.digitizer.steps * toFs(a.digitizer.stepTime);
  let total = toFs(a.compute.tpre);
  for (const plane of planes) total += toFs(a.compute.tpre) + toFs(widestPulseSpan(a.compute.wordline, plane.widths)) + convertFs + toFs(a.compute.tgap);
  return total;
}

/**
 * Refuse, before any job is queued, a run whose simulated time cannot fit the femtosecond clock's
 * exact range: one array's own jobs back to back already exceed it.
 */
function checkSimulatedTime(circuit: Circuit, stimulus: Stimulus, vectors: ReadonlyMap<Assignment, Int32Array[]>, inferences: number): void {
  const busyFs = new Map<string, number>(); // array -> fs its own jobs take back to back (a lower bound on the run)
  for (let k = 0; k < inferences; k++) {
    for (const a of circuit.assignments) {
      // the planes are built again when the job is queued: here they live only for this estimate
      const fs = (busyFs.get(a.compute.name) ?? 0) + jobDurationFs(a, pulsePlanes(stimulus, vectors.get(a)![k], a.compute.tunit), a.compute.cols);
      busyFs.set(a.compute.name, fs);
      if (fs > MAX_TIME_FS) throw tooLong(a.compute.name, k, stimulus, inferences);
    }
  }
}

function tooLong(array: string, k: number, stimulus: Stimulus, inferences: number): CimsimError {
  return new CimsimError(
    `the run does not fit the simulated time the femtosecond clock holds exactly (${formatEngineering(toSeconds(MAX_TIME_FS), 's')}): array ${array}'s own jobs pass it at inference ${k + 1} of ${inferences}`,
    undefined,
    `lower stimulus.inferences (${inferences}), the pulse widths (the arrays' tunit; ${stimulus.encoding} inputs of ${stimulus.encoding === 'binary' ? 1 : stimulus.inputBits ?? 4} bits), or split the run into several`,
  );
}
