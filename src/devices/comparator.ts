import type { RandomStream } from '../tech/random.js';

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
