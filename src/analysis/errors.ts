/**
 * Code errors of a digitizer against the ideal oracle: summary statistics, errors per bit
 * decision of a successive-approximation converter, and a binned transfer curve for plots.
 */
import { CimsimError } from '../errors.js';

/** One conversion checked against the ideal code. */
export interface ConversionOutcome {
  idealCode: number;
  code: number;
  /** code - idealCode (LSB); positive = converter reads high. */
  error_LSB: number;
}

/** Summary of code errors. */
export interface ErrorSummary {
  count: number;
  /** Fraction of conversions with code === idealCode. */
  fractionExact: number;
  maxAbsError_LSB: number;
  /** Mean signed error (LSB): a systematic offset shows here. */
  meanError_LSB: number;
  rmsError_LSB: number;
  /** Error value (LSB) -> count, ascending by error; only occurring values are listed. */
  histogram: Array<{ error_LSB: number; count: number }>;
  /** Conversions whose code or ideal code lies outside 0 .. 2^bits - 1. */
  outOfRange: number;
}

/** Paired ideal and actual codes as typed arrays (the allocation-free form). */
export interface CodePairs {
  ideal: Int32Array;
  code: Int32Array;
}

function isPairs(x: ArrayLike<ConversionOutcome> | CodePairs): x is CodePairs {
  return (x as CodePairs).ideal instanceof Int32Array && (x as CodePairs).code instanceof Int32Array;
}

/**
 * Summarises code errors, from outcome records (using their error_LSB) or from paired
 * ideal/actual code arrays (error = code - ideal). Throws CimsimError on an empty set.
 */
export function summarizeErrors(outcomes: ArrayLike<ConversionOutcome> | CodePairs, bits: number): ErrorSummary {
  const top = 2 ** bits - 1;
  const pairs = isPairs(outcomes) ? outcomes : null;
  const list = pairs ? null : (outcomes as ArrayLike<ConversionOutcome>);
  const n = pairs ? pairs.ideal.length : list!.length;
  if (pairs && pairs.code.length !== n) {
    throw new CimsimError(`${n} ideal codes but ${pairs.code.length} converter codes`, undefined, 'pair every conversion with its ideal code');
  }
  if (n === 0) throw new CimsimError('error summary of zero conversions', undefined, 'run at least one conversion');
  const counts = new Map<number, number>();
  let exact = 0;
  let maxAbs = 0;
  let sum = 0;
  let sumSq = 0;
  let outOfRange = 0;
  for (let i = 0; i < n; i++) {
    const ideal = pairs ? pairs.ideal[i] : list![i].idealCode;
    const code = pairs ? pairs.code[i] : list![i].code;
    const e = pairs ? code - ideal : list![i].error_LSB;
    if (!Number.isFinite(e)) {
      throw new CimsimError(`conversion ${i} has error ${e} LSB`, undefined, 'the oracle or the converter produced an invalid code');
    }
    if (code === ideal) exact++;
    if (code < 0 || code > top || ideal < 0 || ideal > top) outOfRange++;
    const a = Math.abs(e);
    if (a > maxAbs) maxAbs = a;
    sum += e;
    sumSq += e * e;
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const histogram = [...counts.entries()].sort((x, y) => x[0] - y[0]).map(([error_LSB, count]) => ({ error_LSB, count }));
  return {
    count: n,
    fractionExact: exact / n,
    maxAbsError_LSB: maxAbs,
    meanError_LSB: sum / n,
    rmsError_LSB: Math.sqrt(sumSq / n),
    histogram,
    outOfRange,
  };
}

/**
 * For each bit position, MSB first (index 0 = bit bits-1), the fraction of conversions whose
 * output bit differs from the ideal code's bit: in an SA converter, index i is the i-th decision
 * cycle, so this shows which cycle goes wrong.
 */
export function errorsByBit(ideal: Int32Array, code: Int32Array, bits: number): Float64Array {
  if (ideal.length !== code.length) {
    throw new CimsimError(`${ideal.length} ideal codes but ${code.length} converter codes`, undefined, 'pair every conversion with its ideal code');
  }
  if (!Number.isInteger(bits) || bits < 1 || bits > 31) {
    throw new CimsimError(`resolution of ${bits} bits is not supported`, undefined, 'use an integer from 1 to 31');
  }
  const n = ideal.length;
  if (n === 0) throw new CimsimError('bit-error fractions of zero conversions', undefined, 'run at least one conversion');
  const wrong = new Float64Array(bits);
  for (let i = 0; i < n; i++) {
    const diff = ideal[i] ^ code[i];
    if (diff === 0) continue;
    for (let b = 0; b < bits; b++) if ((diff >>> (bits - 1 - b)) & 1) wrong[b]++;
  }
  for (let b = 0; b < bits; b++) wrong[b] /= n;
  return wrong;
}

/** Binned transfer curve for plotting. */
export interface TransferCurve {
  /** Bin centres (V). */
  binCenter_V: Float64Array;
  /** Mean output code per bin; NaN where the bin is empty (count 0), a gap in a plot. */
  meanCode: Float64Array;
  count: Int32Array;
}

/**
 * Mean output code per input bin: `binCount` equal bins over [range_V[0], range_V[1]]
 * (default: the min and max of analog_V). Inputs outside the range are ignored.
 */
export function transferCurve(
  analog_V: Float64Array,
  code: Int32Array,
  binCount: number,
  range_V?: readonly [number, number],
): TransferCurve {
  if (analog_V.length !== code.length) {
    throw new CimsimError(`${analog_V.length} inputs but ${code.length} codes`, undefined, 'pair every input with its code');
  }
  if (!Number.isInteger(binCount) || binCount < 1) throw new CimsimError(`bin count ${binCount} must be a positive integer`, undefined, 'e.g. 256');
  let lo = range_V ? range_V[0] : Infinity;
  let hi = range_V ? range_V[1] : -Infinity;
  if (!range_V) {
    for (let i = 0; i < analog_V.length; i++) {
      if (analog_V[i] < lo) lo = analog_V[i];
      if (analog_V[i] > hi) hi = analog_V[i];
    }
  }
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new CimsimError(`transfer-curve input range [${lo}, ${hi}] V is empty`, undefined, 'sweep the input over a range of values');
  }
  const width = (hi - lo) / binCount;
  const sum = new Float64Array(binCount);
  const count = new Int32Array(binCount);
  for (let i = 0; i < analog_V.length; i++) {
    const v = analog_V[i];
    if (!(v >= lo && v <= hi)) continue;
    const b = Math.min(binCount - 1, Math.floor((v - lo) / width)); // v = hi joins the last bin
    sum[b] += code[i];
    count[b]++;
  }
  const binCenter_V = new Float64Array(binCount);
  for (let b = 0; b < binCount; b++) {
    binCenter_V[b] = lo + (b + 0.5) * width;
    sum[b] = count[b] > 0 ? sum[b] / count[b] : NaN;
  }
  return { binCenter_V, meanCode: sum, count };
}
