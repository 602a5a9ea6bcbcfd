import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/tech/random.js';
import { combineTileSums, idealTileSums, planMatrixTiles } from '../../src/workload/index.js';
import { blockHadamard, combineSlices, exactProduct, weightSlices, type DenseLayer } from '../../src/workload/network.js';
import { readNpy, writeNpy } from '../../src/workload/npy.js';
import { hadamardMatrix } from '../../src/workload/hadamard.js';

/** A dense layer with random odd weights of `bits` bits. */
function denseLayer(outputs: number, inputs: number, bits: number, seed: string): DenseLayer {
  const r = new RandomStream(seed, 'weights');
  const top = 2 ** bits - 1;
  const weights = Int32Array.from({ length: outputs * inputs }, () => 2 * Math.floor(r.next() * (top + 1)) - top);
  return { type: 'dense', name: 'L', inputs, outputs, weightBits: bits, weights, scale: new Float64Array(outputs).fill(1), bias: new Float64Array(outputs), activation: 'relu' };
}

function naive(w: ArrayLike<number>, outputs: number, inputs: number, q: ArrayLike<number>): number[] {
  return Array.from({ length: outputs }, (_, o) => {
    let acc = 0;
    for (let i = 0; i < inputs; i++) acc += w[o * inputs + i] * q[i];
    return acc;
  });
}

describe('multi-bit weights as +-1 slices', () => {
  it('writes every odd weight of 1 to 4 bits as sum 2^s d_s with d_s = +-1, exactly', () => {
    for (const bits of [1, 2, 3, 4]) {
      const layer = denseLayer(7, 13, bits, `slices${bits}`);
      const slices = weightSlices(layer);
      expect(slices.every((d) => d === 1 || d === -1)).toBe(true);
      // each slice row dotted with x = (1, 2, ..., 13), then shift-added: must equal W x
      const rebuilt = combineSlices(Array.from({ length: 7 * bits }, (_, row) => {
        let acc = 0;
        for (let i = 0; i < 13; i++) acc += slices[row * 13 + i] * (i + 1);
        return acc;
      }), 7, bits);
      expect(Array.from(rebuilt)).toEqual(naive(layer.weights, 7, 13, Array.from({ length: 13 }, (_, i) => i + 1)));
    }
  });

  it('tiles a 2-bit 150 x 45 layer over 64 x 32 arrays (3 row tiles, 3 column tiles) and adds the tiles back to W q exactly', () => {
    const layer = denseLayer(45, 150, 2, 'tiles');
    const plan = planMatrixTiles(weightSlices(layer), 90, 150, 64, 32);
    expect(plan.rowTilesPerBlock).toBe(3);
    expect(plan.colTilesPerBlock).toBe(3);
    const r = new RandomStream('tiles', 'inputs');
    const q = Int32Array.from({ length: 150 }, () => Math.floor(r.next() * 16));
    const sliced = combineTileSums(plan, idealTileSums(plan, q, 4));
    expect(Array.from(combineSlices(sliced, 45, 2))).toEqual(naive(layer.weights, 45, 150, q));
    expect(Array.from(exactProduct(layer, q))).toEqual(naive(layer.weights, 45, 150, q));
  });

  it('computes the blockwise Hadamard product as the matrix product, block by block', () => {
    const h = hadamardMatrix(8, 'sequency');
    const x = Array.from({ length: 16 }, (_, i) => (i * 7) % 5);
    const y = blockHadamard(x, 8);
    expect(Array.from(y.subarray(8))).toEqual(naive(h, 8, 8, x.slice(8)));
    expect(Array.from(y.subarray(0, 8))).toEqual(naive(h, 8, 8, x.slice(0, 8)));
  });

  it('writes .npy files that read back with their shape and float32 values', () => {
    const data = [1, -3, 0.25, 7, -1, 3];
    const t = readNpy(writeNpy([2, 3], data));
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual(data);
    expect(readNpy(writeNpy([5], [1, 2, 3, 4, 5])).shape).toEqual([5]);
  });
});
