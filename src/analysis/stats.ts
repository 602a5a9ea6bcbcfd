/**
 * Descriptive statistics for Monte Carlo and sweep results. Pure functions over ArrayLike<number>
 * (plain arrays or typed arrays) plus a streaming accumulator for results that arrive one at a
 * time or from several workers.
 *
 * Empty input and non-finite values are user-visible errors (CimsimError), never a silent NaN.
 * The spread of a single value is reported as 0 (nothing observed), so a one-run Monte Carlo
 * still summarises.
 */
import { CimsimError } from '../errors.js';

function requireValues(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) {
    throw new CimsimError(`${what} of an empty sample`, undefined, 'run at least one trial or sweep point');
  }
}

function requireFinite(x: number, index: number, what: string): void {
  if (!Number.isFinite(x)) {
    throw new CimsimError(
      `${what}: value ${x} at index ${index} is not a finite number`,
      undefined,
      'a trial produced an invalid result; inspect that trial before summarising',
    );
  }
}

/** Arithmetic mean. Throws CimsimError on an empty sample or a non-finite value. */
export function mean(values: ArrayLike<number>): number {
  requireValues(values, 'mean');
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    requireFinite(values[i], i, 'mean');
    sum += values[i];
  }
  return sum / values.length;
}

/**
 * Sample standard deviation (divisor n - 1), computed in two passes for accuracy.
 * Returns 0 for a single value.
 */
export function sampleStd(values: ArrayLike<number>): number {
  const m = mean(values);
  const n = values.length;
  if (n < 2) return 0;
  let ss = 0;
  let comp = 0; // compensation term: removes the rounding error of m (Chan, Golub & LeVeque)
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
    comp += d;
  }
  return Math.sqrt((ss - (comp * comp) / n) / (n - 1));
}

/** Smallest value. */
export function min(values: ArrayLike<number>): number {
  requireValues(values, 'min');
  let m = Infinity;
  for (let i = 0; i < values.length; i++) {
    requireFinite(values[i], i, 'min');
    if (values[i] < m) m = values[i];
  }
  return m;
}

/** Largest value. */
export function max(values: ArrayLike<number>): number {
  requireValues(values, 'max');
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) {
    requireFinite(values[i], i, 'max');
    if (values[i] > m) m = values[i];
  }
  return m;
}

/** A sorted Float64Array copy of `values` (ascending); checks for empty / non-finite input. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  requireValues(values, 'quantile');
  const s = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    requireFinite(values[i], i, 'quantile');
    s[i] = values[i];
  }
  return s.sort();
}

/**
 * Quantile of already-sorted data, Hyndman & Fan type 7 (the default of R and NumPy):
 * h = (n - 1) p, linear interpolation between the order statistics around h.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new CimsimError(`quantile probability ${p} is outside [0, 1]`, undefined, 'use e.g. 0.05 for the 5th percentile');
  }
  requireValues(sorted, 'quantile');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Quantile (type 7) of unsorted data; sorts a copy. Use quantileSorted for many quantiles. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values), p);
}

/** Median (type-7 quantile at p = 0.5: the mean of the two middle values for even n). */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Summary of a sample; quantiles are type 7, std is the sample standard deviation. */
export interface Description {
  n: number;
  mean: number;
  std: number;
  min: number;
  p05: number;
  median: number;
  p95: number;
  max: number;
}

/** One-call summary of a sample (one sort, two passes). */
export function describe(values: ArrayLike<number>): Description {
  const sorted = sortedCopy(values);
  return {
    n: sorted.length,
    mean: mean(sorted),
    std: sampleStd(sorted),
    min: sorted[0],
    p05: quantileSorted(sorted, 0.05),
    median: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: sorted[sorted.length - 1],
  };
}

/**
 * Streaming mean / variance / extremes (Welford's update), mergeable across workers with Chan's
 * pairwise formula so a sharded Monte Carlo gives the same moments as one pass (to rounding).
 */
export class Welford {
  private n = 0;
  private m = 0;
  private m2 = 0; // sum of squared deviations from the running mean
  private lo = Infinity;
  private hi = -Infinity;

  /** Adds one observation; throws CimsimError on a non-finite value. */
  push(x: number): this {
    requireFinite(x, this.n, 'Welford.push');
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    this.m2 += d * (x - this.m);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    return this;
  }

  /** Adds all values of an array. */
  pushAll(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.push(values[i]);
    return this;
  }

  /** Folds another accumulator into this one (order-independent up to rounding). */
  merge(other: Welford): this {
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.n = other.n;
      this.m = other.m;
      this.m2 = other.m2;
      this.lo = other.lo;
      this.hi = other.hi;
      return this;
    }
    const n = this.n + other.n;
    const d = other.m - this.m;
    this.m += (d * other.n) / n;
    this.m2 += other.m2 + (d * d * this.n * other.n) / n;
    this.n = n;
    this.lo = Math.min(this.lo, other.lo);
    this.hi = Math.max(this.hi, other.hi);
    return this;
  }

  get count(): number {
    return this.n;
  }

  /** Running mean; throws CimsimError before the first observation. */
  get mean(): number {
    this.requireAny('mean');
    return this.m;
  }

  /** Sample variance (divisor n - 1); 0 for a single observation. */
  get variance(): number {
    this.requireAny('variance');
    return this.n < 2 ? 0 : this.m2 / (this.n - 1);
  }

  /** Sample standard deviation; 0 for a single observation. */
  get std(): number {
    return Math.sqrt(this.variance);
  }

  get min(): number {
    this.requireAny('min');
    return this.lo;
  }

  get max(): number {
    this.requireAny('max');
    return this.hi;
  }

  private requireAny(what: string): void {
    if (this.n === 0) throw new CimsimError(`${what} of an empty sample`, undefined, 'push at least one value first');
  }
}
