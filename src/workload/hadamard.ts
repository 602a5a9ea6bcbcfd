import { CimsimError } from '../errors.js';

/**
 * Walsh-Hadamard transforms.
 *
 * Natural (Sylvester/Hadamard) order: H[i][j] = (-1)^popcount(i & j).
 * Sequency (Walsh) order: row k has exactly k sign changes; it is natural row
 * bitReverse(gray(k)) (gray(k) = k ^ (k >> 1), bit reversal over log2 N bits).
 * All transforms here are unnormalized (entries +-1): applying one twice gives N times the input.
 */

export type HadamardOrder = 'natural' | 'sequency';

/** True when n is a positive integer power of two (1, 2, 4, ...). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/** log2 of a power of two; throws CimsimError otherwise. */
export function log2Exact(n: number, what = 'block size'): number {
  if (!isPowerOfTwo(n)) {
    throw new CimsimError(
      `${what} ${n} is not a power of two`,
      undefined,
      'Walsh-Hadamard blocks must have 1, 2, 4, ..., 2^30 entries; pad the channels (blocking "zero-pad") or pick a smaller block',
    );
  }
  return 31 - Math.clz32(n);
}

/** Smallest power of two >= n (n >= 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Reverse the low `bits` bits of i. */
export function bitReverse(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
  return r >>> 0;
}

/** Gray code of k. */
export function gray(k: number): number {
  return k ^ (k >>> 1);
}

/**
 * perm[k] = natural-order row index that is sequency row k (length N).
 * Used as: ySequency[k] = yNatural[perm[k]].
 */
export function sequencyPermutation(n: number): Int32Array {
  const bits = log2Exact(n);
  const perm = new Int32Array(n);
  for (let k = 0; k < n; k++) perm[k] = bitReverse(gray(k), bits);
  return perm;
}

const permCache = new Map<number, Int32Array>();
function cachedPerm(n: number): Int32Array {
  let p = permCache.get(n);
  if (!p) {
    p = sequencyPermutation(n);
    permCache.set(n, p);
  }
  return p;
}

/** Entry H[i][j] (+1 or -1) of the N x N Walsh-Hadamard matrix in the given order. */
export function hadamardEntry(n: number, i: number, j: number, order: HadamardOrder = 'sequency'): 1 | -1 {
  const row = order === 'natural' ? i : cachedPerm(n)[i];
  return popcount(row & j) & 1 ? -1 : 1;
}

/** The full N x N matrix, row-major, entries +-1. */
export function hadamardMatrix(n: number, order: HadamardOrder = 'sequency'): Int8Array {
  log2Exact(n);
  const m = new Int8Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = hadamardEntry(n, i, j, order);
  return m;
}

/**
 * In-place fast Walsh-Hadamard transform of consecutive blocks of length N (O(N log N) per block).
 * Works on any numeric array; with integer inputs in a Float64Array the result is exact while
 * |values| < 2^53.
 */
export function fwhtInPlace(a: Float64Array | Float32Array | number[], n: number, order: HadamardOrder = 'sequency'): void {
  log2Exact(n);
  if (a.length % n !== 0) {
    throw new CimsimError(`transform input length ${a.length} is not a multiple of the block size ${n}`, undefined,
      'pad or block the channels first (see channelBlocks)');
  }
  const tmp = order === 'sequency' ? new Float64Array(n) : null;
  const perm = order === 'sequency' ? cachedPerm(n) : null;
  for (let base = 0; base < a.length; base += n) {
    // Butterflies in natural (Sylvester) order.
    for (let h = 1; h < n; h *= 2) {
      for (let i = base; i < base + n; i += 2 * h) {
        for (let j = i; j < i + h; j++) {
          const u = a[j];
          const v = a[j + h];
          a[j] = u + v;
          a[j + h] = u - v;
        }
      }
    }
    if (tmp && perm) {
      for (let k = 0; k < n; k++) tmp[k] = a[base + perm[k]];
      for (let k = 0; k < n; k++) a[base + k] = tmp[k];
    }
  }
}

/** Fast transform returning a new Float64Array (input untouched). */
export function fwht(x: ArrayLike<number>, n: number, order: HadamardOrder = 'sequency'): Float64Array {
  const a = Float64Array.from(x);
  fwhtInPlace(a, n, order);
  return a;
}

/** Number of sign changes along one row of a +-1 matrix (row-major, width n). */
export function signChanges(m: Int8Array, n: number, row: number): number {
  let c = 0;
  for (let j = 1; j < n; j++) if (m[row * n + j] !== m[row * n + j - 1]) c++;
  return c;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
