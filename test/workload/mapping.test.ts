import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { CimsimError } from '../../src/errors.js';
import {
  bitPlanes, bwhtExactInt, channelBlocks, combineTileSums, gatherBlocks, hadamardMatrix, idealColumnSums,
  idealTileSums, planTiles, tileWordlineBits,
} from '../../src/workload/index.js';

function randomCodes(seed: string, n: number, bits: number): Int32Array {
  const rng = seedrandom(seed);
  return Int32Array.from({ length: n }, () => Math.floor(rng() * 2 ** bits));
}

describe('signed transform from unsigned bitline sums', () => {
  it('2 * S_plus - S_all equals the signed product for random binary inputs (N = 32)', () => {
    const n = 32;
    const h = hadamardMatrix(n, 'sequency');
    const x = randomCodes('binary', n, 1);
    for (let i = 0; i < n; i++) {
      let sPlus = 0;
      let sAll = 0;
      let signed = 0;
      for (let j = 0; j < n; j++) {
        if (h[i * n + j] === 1) sPlus += x[j];
        sAll += x[j];
        signed += h[i * n + j] * x[j];
      }
      expect(2 * sPlus - sAll).toBe(signed);
    }
  });

  it('one array-sized tile with 4-bit bit-serial inputs reproduces the exact integer BWHT (N = 16, 16 x 17 array)', () => {
    const plan = planTiles(16, 16, 16, 17);
    expect(plan.tiles.length).toBe(1);
    const q = randomCodes('one-tile', 16, 4);
    const y = combineTileSums(plan, idealTileSums(plan, q, 4));
    expect(Array.from(y)).toEqual(Array.from(bwhtExactInt(q, 16)));
  });

  it.each([
    [256, 256, 64, 32, 6],
    [1024, 1024, 128, 64, 8],
    [64, 200, 48, 20, 5],
    [128, 300, 128, 129, 3],
  ])('combines tiles and bit planes exactly: N = %i, %i channels, %i x %i array, %i bits', (n, channels, rows, cols, bits) => {
    const plan = planTiles(n, channels, rows, cols);
    const q = randomCodes(`tiles-${n}-${channels}`, channels, bits);
    const y = combineTileSums(plan, idealTileSums(plan, q, bits));
    const padded = Int32Array.from(gatherBlocks(q, plan.blocking));
    expect(Array.from(y)).toEqual(Array.from(bwhtExactInt(padded, n)));
  });

  it('combines overlapping blocks exactly (96 channels, N = 64, 2 overlapping blocks, 32 x 16 arrays)', () => {
    const plan = planTiles(64, 96, 32, 16, { blocking: 'overlap' });
    const q = randomCodes('overlap', 96, 4);
    const y = combineTileSums(plan, idealTileSums(plan, q, 4));
    const expected = [...bwhtExactInt(q.slice(0, 64), 64), ...bwhtExactInt(q.slice(32, 96), 64)];
    expect(Array.from(y)).toEqual(expected);
  });

  it('per-plane sums from the tile API equal the column sums computed from the bit planes directly', () => {
    const plan = planTiles(32, 32, 8, 9);
    const q = randomCodes('planes', 32, 3);
    const planes = bitPlanes(q, 3);
    const h = hadamardMatrix(32, 'sequency');
    for (const tile of plan.tiles) {
      for (let p = 0; p < 3; p++) {
        const s = idealColumnSums(tile, tileWordlineBits(tile, planes[p]));
        tile.columnRows.forEach((i, c) => {
          let direct = 0;
          tile.wordlineInputs.forEach((j) => { if (h[i * 32 + j] === 1) direct += planes[p][j]; });
          expect(s[c]).toBe(direct);
        });
        const ones = tile.wordlineInputs.reduce((a, j) => a + planes[p][j], 0);
        expect(s[tile.onesColumn]).toBe(ones);
      }
    }
  });
});

describe('tile plan', () => {
  it('needs ceil(N / rows) x ceil(N / (cols - 1)) tiles per block and covers every (input, output) pair once', () => {
    const n = 256;
    const plan = planTiles(n, 512, 64, 32);
    expect(plan.rowTilesPerBlock).toBe(4);
    expect(plan.colTilesPerBlock).toBe(Math.ceil(256 / 31));
    expect(plan.tiles.length).toBe(2 * 4 * 9);
    const seen = new Uint8Array(2 * n * n);
    for (const t of plan.tiles) {
      expect(t.rows).toBeLessThanOrEqual(64);
      expect(t.cols).toBeLessThanOrEqual(32);
      expect(t.onesColumn).toBe(t.cols - 1);
      for (let r = 0; r < t.rows; r++) {
        expect(t.cells[r * t.cols + t.onesColumn]).toBe(1);
        for (const i of t.columnRows) seen[t.block * n * n + i * n + t.wordlineBlockPos[r]]++;
      }
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('gives zero-padded inputs no wordline', () => {
    const plan = planTiles(64, 200, 64, 65);
    const last = plan.tiles.filter((t) => t.block === 3);
    expect(last.length).toBe(1);
    expect(last[0].rows).toBe(200 - 3 * 64);
    expect(Math.max(...last[0].wordlineInputs)).toBe(199);
  });

  it('rejects an array with a single column and says the ones column needs one', () => {
    let err: unknown;
    try {
      planTiles(16, 16, 16, 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CimsimError);
    expect((err as CimsimError).hint).toMatch(/all-ones/);
  });
});

describe('channel blocking', () => {
  it('zero-pads the last block', () => {
    const b = channelBlocks(200, 64, 'zero-pad');
    expect(b.blocks.length).toBe(4);
    expect(b.coefficients).toBe(256);
    expect(Array.from(b.blocks[3].inputs.slice(7, 9))).toEqual([199, -1]);
  });

  it('places overlapping blocks at floor(linspace(0, C - N, B))', () => {
    expect(channelBlocks(96, 64, 'overlap').blocks.map((b) => b.start)).toEqual([0, 32]);
    // numpy: linspace(0, 160 - 64, 3) = [0, 48, 96]; with 4 blocks [0, 32, 64, 96]
    expect(channelBlocks(160, 64, 'overlap', 4).blocks.map((b) => b.start)).toEqual([0, 32, 64, 96]);
    expect(channelBlocks(100, 64, 'overlap', 3).blocks.map((b) => b.start)).toEqual([0, 18, 36]);
  });

  it('refuses overlapping blocks larger than the channel count', () => {
    expect(() => channelBlocks(24, 32, 'overlap')).toThrowError(/at least 32 channels/);
  });
});
