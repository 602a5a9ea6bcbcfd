/**
 * The contract between a figure script (run in its own child process) and bench/run.ts: each
 * script measures, then hands back a list of Figure records via process.send (or prints them as
 * JSON when run alone, e.g. `node dist/bench/kernel.js`).
 */
import { summarize } from './stats.js';

/** A target a figure is held against (measured by the bench, never asserted by a test). */
export interface Target {
  /** Human form, e.g. ">= 0.6" or "0.9 .. 1.1". */
  text: string;
  min?: number;
  max?: number;
}

export interface Figure {
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  target: string | null;
  met: boolean | null;
  /** What exactly was timed, caveats. */
  note?: string;
  /** Raw points (e.g. the scaling series). */
  details?: unknown;
}

export function atLeast(value: number): Target {
  return { text: `>= ${value}`, min: value };
}

export function atMost(value: number): Target {
  return { text: `<= ${value}`, max: value };
}

export function between(lo: number, hi: number): Target {
  return { text: `${lo} .. ${hi}`, min: lo, max: hi };
}

/** A figure from repeated samples; `met` judges the median against the target. */
export function figure(name: string, unit: string, samples: readonly number[], target?: Target, extra: Pick<Figure, 'note' | 'details'> = {}): Figure {
  const s = summarize(samples);
  return { name, unit, ...s, target: target?.text ?? null, met: target ? meets(s.median, target) : null, ...extra };
}

export function meets(value: number, target: Target): boolean {
  return (target.min === undefined || value >= target.min) && (target.max === undefined || value <= target.max);
}

/** Send the figures to the parent (bench/run.ts) or print them. */
export function emit(figures: Figure[]): Promise<void> {
  if (process.send) {
    return new Promise((resolve, reject) => process.send!({ figures }, (err: Error | null) => (err ? reject(err) : resolve())));
  }
  console.log(JSON.stringify(figures, null, 2));
  return Promise.resolve();
}

/** Wall time of `fn`, s. */
export function seconds(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) * 1e-9;
}

/** True when the suite runs in its short mode (BENCH_QUICK=1): fewer runs, smaller sizes. */
export const QUICK = process.env.BENCH_QUICK === '1';

/**
 * How many repetitions make `run(count)` last about `target_s`: one call with count 1 is timed
 * (it doubles as JIT warm-up). Keeps the suite's duration bounded when the code under test gets
 * much slower or faster. Returns the count and the time of the single call, s.
 */
export function calibrateCount(run: (count: number) => void, target_s: number, max: number): { count: number; single_s: number } {
  const single_s = seconds(() => run(1));
  return { count: Math.max(1, Math.min(max, Math.round(target_s / Math.max(single_s, 1e-9)))), single_s };
}

/** Fewer runs when a single run is slow (> slow_s), so one figure cannot eat the suite's budget. */
export function runsFor(single_s: number, runs: number, slow_s = 2): number {
  return single_s > slow_s ? Math.min(runs, 3) : runs;
}
