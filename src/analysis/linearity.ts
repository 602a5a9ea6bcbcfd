/**
 * Static linearity of an N-bit converter after IEEE Std 1241: DNL and INL from measured
 * transition levels, or from a code-density (histogram) test with a ramp or a sine.
 *
 * Conventions (shared by both methods, so they agree on the same converter):
 * - Transition level T_k (V) is the input at which the output changes from code k-1 to code k,
 *   k = 1 .. 2^N - 1. Arrays of transition levels are stored with `transitions_V[k - 1] = T_k`
 *   (length 2^N - 1).
 * - Code width W_k = T_{k+1} - T_k for the inner codes k = 1 .. 2^N - 2. The end codes 0 and
 *   2^N - 1 have no defined width and are excluded.
 * - LSB Q = mean inner width = (T_{2^N-1} - T_1) / (2^N - 2): the terminal-based (end-point)
 *   line through the first and last transitions.
 * - DNL_k = W_k / Q - 1 (LSB), k = 1 .. 2^N - 2; DNL_0 = DNL_{2^N-1} = 0.
 * - INL_k = (T_k - T_1) / Q - (k - 1) (LSB) = sum_{j=1}^{k-1} DNL_j: the error of the lower
 *   transition of code k against the end-point line, k = 1 .. 2^N - 1; INL_0 = 0. Hence
 *   INL_1 = INL_{2^N-1} = 0 by construction.
 */
import { CimsimError } from '../errors.js';

/** Static linearity result; every array is indexed by code k = 0 .. 2^N - 1 and is NaN-free. */
export interface Linearity {
  /** DNL_k (LSB) for code k; 0 for the end codes 0 and 2^N - 1. */
  dnl_LSB: Float64Array;
  /** INL_k (LSB): end-point-line error of T_k, the lower transition of code k; 0 for code 0. */
  inl_LSB: Float64Array;
  /** max |DNL_k| over the inner codes 1 .. 2^N - 2. */
  maxAbsDnl_LSB: number;
  /** max |INL_k| over codes 1 .. 2^N - 1. */
  maxAbsInl_LSB: number;
  /**
   * Codes that never occur: inner codes with width <= the missing threshold; for the
   * code-density method also end codes with zero count. Ascending.
   */
  missingCodes: number[];
  /** End-point LSB Q (V), when the input scale is known. */
  lsb_V?: number;
  /** T_k (V) at index k - 1 (length 2^N - 1), when the input scale is known. */
  transitions_V?: Float64Array;
}

/** Options of the code-density test. */
export interface CodeDensityOptions {
  /** Stimulus: a linear ramp (default) or a sine (arcsine-corrected histogram). */
  input?: 'ramp' | 'sine';
  /** Ramp: input range [start, end] (V) swept; enables `lsb_V` and `transitions_V`. */
  range_V?: readonly [number, number];
  /** Sine: amplitude (V); enables `lsb_V` and `transitions_V` (with `offset_V`, default 0). */
  amplitude_V?: number;
  /** Sine: offset (V). */
  offset_V?: number;
}

const MAX_BITS = 24;

function checkBits(bits: number): number {
  if (!Number.isInteger(bits) || bits < 2 || bits > MAX_BITS) {
    throw new CimsimError(`resolution of ${bits} bits is not supported for DNL/INL`, undefined, `use an integer from 2 to ${MAX_BITS}`);
  }
  return 2 ** bits;
}

/**
 * Code-density (histogram) test of IEEE Std 1241. Transition levels are estimated from the
 * cumulative histogram C_{k-1} = sum_{j<k} H_j of S samples:
 * - ramp: T_k = lo + (hi - lo) C_{k-1} / S (code widths proportional to counts);
 * - sine (amplitude A, offset c, any overdrive): T_k = c - A cos(pi C_{k-1} / S), which undoes
 *   the arcsine density of a sine. The record must hold whole periods, or very many.
 * DNL/INL then follow the transition-level method exactly (see module conventions). Without a
 * known input scale the levels are normalised (ramp 0..1, sine -1..1) and no volts are reported.
 * Statistical resolution: about 1 / (mean count per code) for a dense deterministic ramp,
 * 1 / sqrt(mean count) for random sampling.
 */
export function codeDensityLinearity(codes: ArrayLike<number>, bits: number, options: CodeDensityOptions = {}): Linearity {
  const nCodes = checkBits(bits);
  const input = options.input ?? 'ramp';
  if (input !== 'ramp' && input !== 'sine') {
    throw new CimsimError(`unknown code-density stimulus '${String(input)}'`, undefined, "use 'ramp' or 'sine'");
  }
  const s = codes.length;
  if (s === 0) throw new CimsimError('code-density test of an empty record', undefined, 'collect conversions first');
  const hist = new Float64Array(nCodes);
  for (let i = 0; i < s; i++) {
    const c = codes[i];
    if (!Number.isInteger(c) || c < 0 || c >= nCodes) {
      throw new CimsimError(`code ${c} at sample ${i} is not an integer in 0..${nCodes - 1}`, undefined, `check that the record comes from a ${bits}-bit converter`);
    }
    hist[c]++;
  }

  // Scale of the transition levels: volts when known, normalised otherwise.
  let lo = 0;
  let span = 1;
  let inVolts = false;
  if (input === 'ramp' && options.range_V) {
    [lo] = options.range_V;
    span = options.range_V[1] - options.range_V[0];
    inVolts = true;
  }
  let amp = 1;
  let offset = 0;
  if (input === 'sine' && options.amplitude_V !== undefined) {
    amp = options.amplitude_V;
    offset = options.offset_V ?? 0;
    inVolts = true;
  }
  if (!(span > 0) || !(amp > 0) || !Number.isFinite(lo) || !Number.isFinite(offset)) {
    throw new CimsimError('code-density input scale must be finite with a positive span/amplitude', undefined, 'give range_V as [low, high] with low < high, or amplitude_V > 0');
  }

  const t = new Float64Array(nCodes - 1);
  let cum = 0;
  for (let k = 1; k < nCodes; k++) {
    cum += hist[k - 1];
    const f = cum / s;
    t[k - 1] = input === 'ramp' ? lo + span * f : offset - amp * Math.cos(Math.PI * f);
  }
  if (t[nCodes - 2] <= t[0]) {
    throw new CimsimError(
      'code-density record holds no inner code: DNL/INL are undefined',
      undefined,
      'the stimulus must sweep the whole input range (overdrive both ends slightly)',
    );
  }
  const lin = fromTransitions(t, nCodes, 0);
  // End codes: a zero count means the converter never reached that code.
  const missing = lin.missingCodes;
  if (hist[0] === 0) missing.unshift(0);
  if (hist[nCodes - 1] === 0) missing.push(nCodes - 1);
  if (!inVolts) {
    delete lin.lsb_V;
    delete lin.transitions_V;
  }
  return lin;
}

/**
 * DNL/INL from the 2^N - 1 measured transition levels T_1 .. T_{2^N-1} (V), given at
 * `transitions_V[k - 1]`. Exact (no statistics). A code is reported missing when its width is
 * at most `missingBelow_LSB` (default 0: zero or negative width, i.e. never output).
 */
export function transitionLinearity(transitions_V: ArrayLike<number>, bits: number, missingBelow_LSB = 0): Linearity {
  const nCodes = checkBits(bits);
  if (transitions_V.length !== nCodes - 1) {
    throw new CimsimError(
      `a ${bits}-bit converter has ${nCodes - 1} transition levels, got ${transitions_V.length}`,
      undefined,
      'pass T_1 .. T_{2^N-1} in order (index k - 1 holds T_k)',
    );
  }
  const t = new Float64Array(nCodes - 1);
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(transitions_V[i])) {
      throw new CimsimError(`transition level T_${i + 1} = ${transitions_V[i]} is not finite`, undefined, 'measure every transition inside the input range');
    }
    t[i] = transitions_V[i];
  }
  if (!(t[nCodes - 2] > t[0])) {
    throw new CimsimError(
      `last transition (${t[nCodes - 2]} V) is not above the first (${t[0]} V): no LSB can be defined`,
      undefined,
      'the converter output must rise across the input range',
    );
  }
  return fromTransitions(t, nCodes, missingBelow_LSB);
}

/** Shared core: t[k - 1] = T_k, already validated; owns `t`. */
function fromTransitions(t: Float64Array, nCodes: number, missingBelow_LSB: number): Linearity {
  const last = nCodes - 1; // top code; also the number of transitions
  const q = (t[last - 1] - t[0]) / (nCodes - 2);
  const dnl = new Float64Array(nCodes);
  const inl = new Float64Array(nCodes);
  const missingCodes: number[] = [];
  let maxDnl = 0;
  let maxInl = 0;
  for (let k = 1; k <= last; k++) {
    // Direct form of the running DNL sum: no accumulated rounding across 2^N codes.
    inl[k] = (t[k - 1] - t[0]) / q - (k - 1);
    if (Math.abs(inl[k]) > maxInl) maxInl = Math.abs(inl[k]);
    if (k === last) break;
    const w = (t[k] - t[k - 1]) / q; // LSB
    dnl[k] = w - 1;
    if (Math.abs(dnl[k]) > maxDnl) maxDnl = Math.abs(dnl[k]);
    if (w <= missingBelow_LSB) missingCodes.push(k);
  }
  inl[last] = 0; // exactly, by the end-point definition (avoid a 1e-16 residue)
  return { dnl_LSB: dnl, inl_LSB: inl, maxAbsDnl_LSB: maxDnl, maxAbsInl_LSB: maxInl, missingCodes, lsb_V: q, transitions_V: t };
}

/**
 * Measures the transition levels of a simulated converter `codeOf(v)` on [vLow, vHigh] (V):
 * T_k is the first input at which the code reaches k or more. A grid of `gridPoints` equal steps
 * locates the first crossing of each k (so a non-monotonic converter yields its first crossing,
 * at grid resolution), then bisection narrows it to `tol_V`. Returns T_k at index k - 1.
 * A missing code k gives T_k = T_{k+1} exactly. Throws CimsimError if the code at vLow is not 0
 * or the top code is never reached (widen the range).
 */
export function findTransitions(
  codeOf: (v: number) => number,
  bits: number,
  vLow: number,
  vHigh: number,
  tol_V: number,
  gridPoints = 8 * 2 ** bits,
): Float64Array {
  const nCodes = checkBits(bits);
  if (!(vHigh > vLow) || !Number.isFinite(vLow) || !Number.isFinite(vHigh)) {
    throw new CimsimError(`transition search range [${vLow}, ${vHigh}] V is empty`, undefined, 'give vLow < vHigh');
  }
  if (!(tol_V > 0)) throw new CimsimError(`transition tolerance ${tol_V} V must be positive`, undefined, 'e.g. 1e-6 of the full scale');
  if (!Number.isInteger(gridPoints) || gridPoints < 2) {
    throw new CimsimError(`grid of ${gridPoints} points is too coarse`, undefined, 'use at least a few points per code');
  }
  const step = (vHigh - vLow) / gridPoints;
  const gridCode = new Float64Array(gridPoints + 1);
  for (let i = 0; i <= gridPoints; i++) gridCode[i] = codeOf(i === gridPoints ? vHigh : vLow + i * step);
  if (gridCode[0] !== 0) {
    throw new CimsimError(`code at vLow = ${vLow} V is ${gridCode[0]}, not 0`, undefined, 'lower vLow below the first transition');
  }
  const t = new Float64Array(nCodes - 1);
  let i = 0; // first grid index with code >= k; non-decreasing in k
  for (let k = 1; k < nCodes; k++) {
    while (i <= gridPoints && gridCode[i] < k) i++;
    if (i > gridPoints) {
      let top = 0;
      for (let j = 0; j <= gridPoints; j++) top = Math.max(top, gridCode[j]);
      throw new CimsimError(
        `code ${k} is never reached on [${vLow}, ${vHigh}] V (top code seen: ${top})`,
        undefined,
        'raise vHigh above the last transition; a converter stuck below its top code has no end-point LSB',
      );
    }
    let a = vLow + (i - 1) * step; // code < k here
    let b = i === gridPoints ? vHigh : vLow + i * step; // code >= k here
    while (b - a > tol_V) {
      const m = 0.5 * (a + b);
      if (m <= a || m >= b) break; // tolerance below float resolution
      if (codeOf(m) >= k) b = m;
      else a = m;
    }
    t[k - 1] = 0.5 * (a + b);
  }
  return t;
}
