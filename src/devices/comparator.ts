import { RandomStream } from '../tech/random.js';
import { pelgromSigmaVt, type Technology } from '../tech/technology.js';
import type { Declared, DeviceDefinition } from './device.js';

/** A comparator as the netlist declares it (SI units); one is instantiated per reference lane. */
export interface ComparatorDesign extends Declared {
  inW: number; // m, input-pair width (sets the Pelgrom offset)
  inL: number; // m, input-pair length
  trim: number; // V, step of the offset-trim DAC (0 = no calibration)
  trimBits: number; // resolution of the trim DAC
  noise: number; // V rms, input-referred, per decision
  t0: number; // s
  tau: number; // s
  vswing: number; // V
  tcmp: number; // s, decision deadline
  energy: number; // J per decision
  metastable: 'random' | 'zero' | 'one';
}

export const COMPARATOR: DeviceDefinition<ComparatorDesign> = {
  spec: {
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
  },
  build: (p) => ({
    name: p.name,
    loc: p.loc,
    inW: p.num('in_w'),
    inL: p.num('in_l'),
    trim: p.num('trim'),
    trimBits: p.num('trimbits'),
    noise: p.num('noise'),
    t0: p.num('t0'),
    tau: p.num('tau'),
    vswing: p.num('vswing'),
    tcmp: p.num('tcmp'),
    energy: p.num('energy'),
    metastable: p.str('metastable') as ComparatorDesign['metastable'],
  }),
};

/**
 * One instance of a declared comparator: its offset drawn from the Pelgrom sigma of the input
 * pair and trimmed, its noise and metastable coin from their own stream (`tag` names both streams).
 */
export function comparatorInstance(
  design: ComparatorDesign,
  name: string,
  tech: Technology,
  seed: number | string,
  tag: string,
  enabled: { offset: boolean; noise: boolean },
): Comparator {
  const sigma = pelgromSigmaVt(tech.avt, design.inW, design.inL);
  const offsetStream = new RandomStream(seed, `offset:${tag}`);
  const offset = enabled.offset ? trimmedOffset(sigma * offsetStream.normal(), design.trim, design.trimBits) : 0;
  return new Comparator(
    { name, offset, noise: enabled.noise ? design.noise : 0, t0: design.t0, tau: design.tau, vswing: design.vswing, tcmp: design.tcmp, energy: design.energy, metastable: design.metastable },
    new RandomStream(seed, `noise:${tag}`),
  );
}

export interface ComparatorOptions {
  name: string;
  offset: number; // V, this instance's sampled input offset
  noise: number; // V rms, input-referred, per decision
  t0: number; // s
  tau: number; // s
  vswing: number; // V
  tcmp: number; // s, decision deadline after the clock edge
  energy: number; // J per decision
  metastable: 'random' | 'zero' | 'one';
}

export interface Decision {
  out: 0 | 1;
  /** Regeneration time t0 + tau ln(vswing/|dV|), s (Infinity at dV = 0). */
  decisionTime: number;
  metastable: boolean;
}

/**
 * Input offset left after a foreground offset calibration, V: the trim DAC cancels the sampled
 * offset in steps of `step` (V) over +-(2^(bits-1) - 1) steps; what is left is the rounding residual
 * (|r| <= step/2) or, beyond the trim range, the untrimmed excess. `step` = 0: no calibration.
 */
export function trimmedOffset(offset: number, step: number, bits: number): number {
  if (step <= 0) return offset;
  const range = 2 ** (bits - 1) - 1; // steps each way
  const k = Math.max(-range, Math.min(range, Math.round(offset / step)));
  return offset - k * step;
}

/**
 * StrongARM latch, behavioural. Output 1 means the positive input is higher:
 * dV = vPlus - vMinus + offset + noise. The latch regenerates in t0 + tau ln(vswing/|dV|); a decision
 * not reached by the deadline tcmp is metastable and resolves to the configured value (`random`:
 * a fair coin from the noise stream, as a latch left balanced at the clock edge does).
 */
export class Comparator {
  /** Decisions that missed their deadline so far. */
  metastableCount = 0;
  decisions = 0;

  /** `stream` supplies this instance's noise and metastable coin flips (seeded). */
  constructor(
    readonly o: ComparatorOptions,
    private readonly stream: RandomStream,
  ) {}

  /** Regeneration time of the last decision, s. */
  lastDecisionTime = 0;
  /** Whether the last decision missed its deadline. */
  lastMetastable = false;

  decide(vPlus: number, vMinus: number): Decision {
    const out = this.decideOut(vPlus, vMinus);
    return { out, decisionTime: this.lastDecisionTime, metastable: this.lastMetastable };
  }

  /** Same decision as decide(), without allocating: the output; time and metastability in last*. */
  decideOut(vPlus: number, vMinus: number): 0 | 1 {
    const o = this.o;
    this.decisions++;
    const dv = vPlus - vMinus + o.offset + (o.noise > 0 ? o.noise * this.stream.normal() : 0);
    const magnitude = Math.abs(dv);
    const decisionTime = magnitude >= o.vswing ? o.t0 : o.t0 + o.tau * Math.log(o.vswing / magnitude);
    this.lastDecisionTime = decisionTime;
    if (decisionTime <= o.tcmp) {
      this.lastMetastable = false;
      return dv >= 0 ? 1 : 0;
    }
    this.metastableCount++;
    this.lastMetastable = true;
    return o.metastable === 'one' ? 1 : o.metastable === 'zero' ? 0 : this.stream.next() < 0.5 ? 0 : 1;
  }
}
