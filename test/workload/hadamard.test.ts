import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { fwht, hadamardMatrix, signChanges, sequencyPermutation } from '../../src/workload/index.js';

/** Sylvester matrix by Kronecker doubling [[H, H], [H, -H]] - independent of the popcount formula. */
function sylvester(n: number): number[][] {
  let h = [[1]];
  while (h.length < n) {
    const m = h.length;
    const next: number[][] = [];
    for (let i = 0; i < 2 * m; i++) {
      next.push(Array.from({ length: 2 * m }, (_, j) => h[i % m][j % m] * (i >= m && j >= m ? -1 : 1)));
    }
    h = next;
  }
  return h;
}

/** Sequency order by sorting Sylvester rows on their number of sign changes (no Gray code involved). */
function sortedBySequency(h: number[][]): number[][] {
  const changes = (r: number[]) => r.reduce((c, v, j) => c + (j > 0 && v !== r[j - 1] ? 1 : 0), 0);
  return [...h].sort((a, b) => changes(a) - changes(b));
}

function matVec(h: number[][], x: ArrayLike<number>): number[] {
  return h.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
}

const SIZES = Array.from({ length: 10 }, (_, i) => 2 ** (i + 1)); // 2 .. 1024

describe('fast Walsh-Hadamard transform', () => {
  it.each(SIZES)('equals the explicit natural-order matrix product for N = %i', (n) => {
    const rng = seedrandom(`nat-${n}`);
    const x = Array.from({ length: n }, () => Math.round(rng() * 200 - 100));
    expect(Array.from(fwht(x, n, 'natural'))).toEqual(matVec(sylvester(n), x));
  });

  it.each(SIZES)('equals the explicit sequency-order matrix product for N = %i', (n) => {
    const rng = seedrandom(`seq-${n}`);
    const x = Array.from({ length: n }, () => Math.round(rng() * 200 - 100));
    expect(Array.from(fwht(x, n, 'sequency'))).toEqual(matVec(sortedBySequency(sylvester(n)), x));
  });

  it.each(SIZES)('gives row k of the sequency matrix exactly k sign changes for N = %i', (n) => {
    const m = hadamardMatrix(n, 'sequency');
    for (let k = 0; k < n; k++) expect(signChanges(m, n, k)).toBe(k);
  });

  it('uses a permutation of the natural rows for sequency order', () => {
    const perm = Array.from(sequencyPermutation(64)).sort((a, b) => a - b);
    expect(perm).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  it.each(SIZES)('is its own inverse up to a factor 1/N for N = %i in both orders', (n) => {
    const rng = seedrandom(`inv-${n}`);
    const x = Array.from({ length: n }, () => rng() * 2 - 1);
    for (const order of ['natural', 'sequency'] as const) {
      const back = fwht(fwht(x, n, order), n, order);
      back.forEach((v, i) => expect(v / n).toBeCloseTo(x[i], 12));
    }
  });

  it('transforms consecutive blocks independently', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = fwht(x, 4, 'natural');
    expect(Array.from(y)).toEqual([...matVec(sylvester(4), [1, 2, 3, 4]), ...matVec(sylvester(4), [5, 6, 7, 8])]);
  });

  it('rejects a block size that is not a power of two with a CimsimError', () => {
    expect(() => fwht([1, 2, 3], 3)).toThrowError(/not a power of two/);
    expect(() => fwht([1, 2, 3], 2)).toThrowError(/not a multiple/);
  });
});
