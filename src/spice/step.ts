/**
 * One compute step of a network, as cimsim schedules it (src/scenario/inference.ts): precharge at
 * t = 0, the first bit-plane of the first inference's wordline pulses at tpre, SA conversion of
 * the columns through the lender's lane(s) from the end of the pulse. Gives the cimsim side of a
 * comparison (bitline samples, references, codes) and the transistor-level compute array deck.
 */
import { buildCircuit, type Assignment, type Circuit } from '../circuit/build.js';
import { ConversionLog } from '../engine/conversion-log.js';
import type { Nonidealities } from '../circuit/nonidealities.js';
import { EnergyLedger } from '../engine/ledger.js';
import { toFs, toSeconds } from '../engine/time.js';
import { CimsimError } from '../errors.js';
import type { Design } from '../netlist/params.js';
import { assignmentInputs, pulsePlanes } from '../scenario/stimulus.js';
import type { Stimulus } from '../scenario/types.js';
import { widestPulseSpan } from '../devices/wordline-driver.js';
import { pulseTimes, readPortLines, sp, type SpiceTech } from './deck.js';

/** Non-idealities a deterministic SPICE deck cannot reproduce are switched off for a comparison. */
export const NOT_IN_DECK = ['cellVt', 'cellBeta', 'comparatorNoise', 'ktc', 'injection'] as const;

export function comparableNonidealities(n: Nonidealities): Nonidealities {
  const out = { ...n };
  for (const k of NOT_IN_DECK) out[k] = false;
  return out;
}

export interface ComputeStep {
  circuit: Circuit;
  assignment: Assignment;
  /** Wordline pulse width per row, s (0 = no pulse). */
  widths: Float64Array;
  tpre: number; // s, precharge 0..tpre
  pulseAt: number; // s
  convertAt: number; // s
  /** Compared columns (0..n-1). */
  columns: number[];
  /** Lane of column k and start of its conversion, s. */
  laneOf: (k: number) => number;
  startOf: (k: number) => number;
  /** Duration of one SA step, s, and the sample offset inside it (reference ready), s. */
  stepTime: number;
  sampleOffset: number;
  bits: number;
}

/** Plan the first compute step of the chosen network (first scheduling phase only). */
export function planStep(design: Design, o: { seed: number; nonideal: Nonidealities; stimulus: Stimulus; network?: string; columns?: number }): ComputeStep {
  const circuit = buildCircuit(design, { seed: o.seed, nonideal: o.nonideal });
  if (circuit.assignments.length === 0) throw new CimsimError('the netlist has no network to export', undefined, 'add a network instance (docs/netlist.md)');
  const first = Math.min(...circuit.assignments.map((x) => x.phase));
  const candidates = circuit.assignments.filter((x) => x.phase === first && (o.network === undefined || x.network.toLowerCase() === o.network.toLowerCase()));
  const a = candidates[0];
  if (a === undefined) throw new CimsimError(`no network named ${o.network} computes in the first phase`, undefined, `networks: ${[...new Set(circuit.assignments.map((x) => x.network))].join(', ')}`);
  if (a.digitizer.bits !== a.digitizer.steps) throw new CimsimError(`digitizer ${a.digitizer.name} is not SA: the SPICE comparison covers SA conversions only`, undefined, 'use a digitizer with mode=sa');
  // The first inference's input of this assignment, drawn as runInference draws it.
  const vector = assignmentInputs(circuit.assignments, o.stimulus, circuit.seed).get(a)![0];
  const widths = pulsePlanes(o.stimulus, vector, a.compute.tunit)[0].widths;
  const n = o.columns ?? a.compute.cols;
  if (!Number.isInteger(n) || n < 1 || n > a.compute.cols) throw new CimsimError(`--columns ${n} is outside 1..${a.compute.cols}`, undefined, `array ${a.compute.name} has ${a.compute.cols} columns`);
  const tpre = a.compute.tpre;
  const pulseAt = toSeconds(toFs(tpre));
  // The job converts when the pulse ends (the lenders are free in the first phase).
  const convertAt = toSeconds(toFs(pulseAt) + toFs(widestPulseSpan(a.compute.wordline, widths)));
  const d = a.digitizer;
  const batch = d.parallelColumns;
  const stepTime = toSeconds(toFs(d.stepTime));
  return {
    circuit,
    assignment: a,
    widths,
    tpre,
    pulseAt,
    convertAt,
    columns: Array.from({ length: n }, (_, k) => k),
    laneOf: (k) => k % batch,
    startOf: (k) => toSeconds(toFs(convertAt) + Math.floor(k / batch) * d.steps * toFs(d.stepTime)),
    stepTime,
    sampleOffset: toSeconds(toFs(d.lanes[0].dac.period)),
    bits: d.bits,
  };
}

/** One SA decision: sample time, bitline, trial threshold, reference, decision. */
export interface Decision {
  t: number; // s
  vbl: number; // V
  trial: number;
  vref: number; // V
  out: 0 | 1;
}

export interface ColumnConversion {
  column: number;
  code: number;
  decisions: Decision[];
}

/**
 * cimsim's conversion of the step's columns: precharge, pulse and Digitizer.convert on the built
 * circuit, then the references replayed on a freshly built identical lane (noise is off, so the
 * replay gives the very values the converter compared against).
 */
export function cimsimConversions(step: ComputeStep, design: Design, o: { seed: number; nonideal: Nonidealities }): ColumnConversion[] {
  const a = step.assignment;
  const ledger = new EnergyLedger();
  a.compute.precharge(0, ledger);
  a.ideal.precharge(0, ledger);
  a.compute.pulse(toFs(step.pulseAt), step.widths, ledger);
  a.ideal.pulse(toFs(step.pulseAt), step.widths, ledger);
  const samples = new Map<number, { t: number; v: number }[]>();
  const source = {
    name: a.compute.name,
    voltageAt: (c: number, tFs: number): number => {
      const v = a.compute.voltageAt(c, tFs);
      const list = samples.get(c) ?? [];
      list.push({ t: toSeconds(tFs), v });
      samples.set(c, list);
      return v;
    },
  };
  const log = new ConversionLog();
  a.digitizer.convert(source, step.columns, a.ideal.vbl, 0, toFs(step.convertAt), ledger, log);
  // Replay the trial sequence on the lanes of an identical circuit.
  const twin = planStep(design, { ...o, stimulus: { encoding: 'binary' }, network: a.network, columns: 1 }).assignment;
  const n = step.bits;
  return step.columns.map((c, k) => {
    const code = log.code[k];
    const lane = twin.digitizer.lanes[step.laneOf(k)];
    const decisions: Decision[] = [];
    let prefix = 0;
    const s = samples.get(c)!;
    for (let b = n - 1, i = 0; b >= 0; b--, i++) {
      const trial = prefix + (1 << b);
      const out = ((code >> b) & 1) as 0 | 1;
      decisions.push({ t: s[i].t, vbl: s[i].v, trial, vref: lane.dac.reference(trial), out });
      prefix += out << b;
    }
    return { column: c, code, decisions };
  });
}

/** Node name of compute bitline c. */
export const blNode = (c: number): string => `bl${c}`;

/**
 * Transistor-level compute array lines: the step's columns, 8T read ports with the stored bits,
 * one PWL wordline source per distinct pulse width, precharge through rpre during [0, tpre]
 * (behavioural resistor to vpre), and a wire capacitor per bitline (cbl minus the ports' drain
 * junctions, which the transistors bring). Needs node `vddn` at vdd (stored '1').
 */
export function computeLines(step: ComputeStep, t: SpiceTech): { lines: string[]; ic: string[] } {
  const arr = step.assignment.compute;
  const tech = step.circuit.tech;
  const lines = [`* compute array ${arr.name}: ${arr.rows} rows x ${step.columns.length} of ${arr.cols} columns, precharge 0..${sp(step.tpre)} s, pulses from ${sp(step.pulseAt)} s`];
  lines.push(`Vpcc pcc 0 PWL(0 1 ${sp(step.tpre)} 1 ${sp(step.tpre + 1e-12)} 0)`);
  const sources = new Map<number, string>();
  for (const w of step.widths) {
    if (w <= 0 || sources.has(w)) continue;
    const name = `wl${sources.size}`;
    sources.set(w, name);
    const p = pulseTimes({ vwl: arr.wordline.vwl, width: w, rise: arr.wordline.trise, fall: arr.wordline.tfall, delay: step.pulseAt });
    lines.push(`V${name} ${name} 0 PWL(0 0 ${sp(p.t0)} 0 ${sp(p.tTop)} ${sp(arr.wordline.vwl)} ${sp(p.tFall)} ${sp(arr.wordline.vwl)} ${sp(p.tEnd)} 0)`);
  }
  const ic: string[] = [];
  for (const c of step.columns) {
    const bl = blNode(c);
    const cwire = arr.cbl[c] - arr.rows * tech.cblJunction;
    if (cwire < 0) throw new CimsimError(`bitline ${c} of ${arr.name}: capacitance ${arr.cbl[c]} F is below its ports' drain junctions`);
    lines.push(`Cw${c} ${bl} 0 ${sp(cwire)}`);
    lines.push(`Bpc${c} ${bl} 0 I = v(pcc) * (v(${bl}) - ${sp(arr.vpre)}) / ${sp(arr.rpre)}`);
    for (let r = 0; r < arr.rows; r++) {
      const w = step.widths[r];
      const wl = w > 0 ? sources.get(w)! : '0';
      lines.push(...readPortLines(`c${c}r${r}`, bl, wl, arr.bits[r * arr.cols + c] === 1 ? 'vddn' : '0', t));
    }
    ic.push(`v(${bl})=${sp(arr.vpre)}`);
  }
  return { lines, ic };
}
