import { describe, expect, it } from 'vitest';
import {
  bitPlanes, bwhtLayerForward, dequantizeActivations, quantizeActivations, softThreshold, softThresholdChannels,
} from '../../src/workload/index.js';

describe('soft threshold y = tanh(w x) * ReLU(|w x| - T)', () => {
  it('matches closed-form points', () => {
    expect(softThreshold(2, 0.5, 1)).toBeCloseTo(Math.tanh(2) * 1.5, 15);
    expect(softThreshold(1, 1, 2)).toBeCloseTo(Math.tanh(2) * 1, 15);
    expect(softThreshold(-3, 0.25, 0.5)).toBeCloseTo(Math.tanh(-1.5) * 1.25, 15);
    expect(softThreshold(0.3, 0, 1)).toBeCloseTo(Math.tanh(0.3) * 0.3, 15);
  });

  it('is exactly zero inside the dead zone |w x| <= T', () => {
    expect(softThreshold(0.4, 0.5, 1)).toBe(0);
    expect(softThreshold(-0.2, 0.5, 2.5)).toBe(0); // |w x| = 0.5 = T
    expect(softThreshold(0, 0, 1)).toBe(0);
  });

  it('is odd in x', () => {
    for (const x of [0.7, 1.3, 5]) expect(softThreshold(-x, 0.2, 1.5)).toBeCloseTo(-softThreshold(x, 0.2, 1.5), 15);
  });

  it('tends to |w x| - T with the sign of x for large |w x|', () => {
    expect(softThreshold(50, 2, 1)).toBeCloseTo(48, 10);
    expect(softThreshold(-50, 2, 1)).toBeCloseTo(-48, 10);
  });

  it('applies one (T, w) pair per channel, channel index fastest', () => {
    const y = softThresholdChannels([1, 1, 2, 2], [0.5, 0], [1, 2]);
    expect(Array.from(y)).toEqual([
      Math.tanh(1) * 0.5, Math.tanh(2) * 2, Math.tanh(2) * 1.5, Math.tanh(4) * 4,
    ]);
  });
});

describe('BWHT layer forward pass', () => {
  it('gives the closed form for a unit impulse: N = 4, orthonormal, shared threshold', () => {
    // t = H x / 2 = [0.5, 0.5, 0.5, 0.5]; s = tanh(0.5) * 0.4 each; inverse H s / 2 = [2 s, 0, 0, 0]
    const y = bwhtLayerForward([1, 0, 0, 0], 4, { blockSize: 4, thresholds: [0.1, 0.1, 0.1, 0.1], scales: [1, 1, 1, 1] });
    const s = Math.tanh(0.5) * 0.4;
    expect(y[0]).toBeCloseTo(2 * s, 14);
    for (let i = 1; i < 4; i++) expect(y[i]).toBeCloseTo(0, 14);
  });

  it('outputs zeros when every coefficient is inside the dead zone', () => {
    const y = bwhtLayerForward([0.3, -0.2, 0.1, 0.4, 0.2, 0.1], 6, { blockSize: 4, thresholds: [10, 10, 10, 10], scales: [1, 1, 1, 1] });
    expect(Array.from(y)).toEqual(new Array(8).fill(0));
  });

  it('without the inverse returns the thresholded sequency coefficients', () => {
    // x = [1, 1, -1, -1]: sequency row 1 is [+,+,-,-], so t = [0, 2, 0, 0] after 1/sqrt(4) scaling
    const y = bwhtLayerForward([1, 1, -1, -1], 4, { blockSize: 4, thresholds: [0, 0, 0, 0], scales: [1, 1, 1, 1], inverse: false });
    expect(Array.from(y).map((v) => +v.toFixed(12))).toEqual([0, +(Math.tanh(2) * 2).toFixed(12), 0, 0]);
  });
});

describe('activation quantization', () => {
  it('rounds half up and clips to [0, 2^B - 1]', () => {
    const q = quantizeActivations([-1, 0, 0.49, 0.5, 1.5, 2.5, 6.9, 100], 3, 1);
    expect(Array.from(q)).toEqual([0, 0, 0, 1, 2, 3, 7, 7]);
  });

  it('uses the scale as the value of one LSB', () => {
    const q = quantizeActivations([0.3, 0.31, 6], 4, 0.4);
    expect(Array.from(q)).toEqual([1, 1, 15]);
    expect(Array.from(dequantizeActivations(q, 0.4)).map((v) => +v.toFixed(12))).toEqual([0.4, 0.4, 6]);
  });

  it('splits codes into bit planes that rebuild them', () => {
    const q = Int32Array.from([0, 1, 5, 12, 15]);
    const planes = bitPlanes(q, 4);
    expect(Array.from(planes[0])).toEqual([0, 1, 1, 0, 1]);
    expect(Array.from(planes[3])).toEqual([0, 0, 0, 1, 1]);
    const rebuilt = Array.from(q, (_, j) => planes.reduce((a, pl, p) => a + pl[j] * 2 ** p, 0));
    expect(rebuilt).toEqual(Array.from(q));
  });

  it('rejects NaN activations, a bad scale and out-of-range codes', () => {
    expect(() => quantizeActivations([NaN], 4, 1)).toThrowError(/NaN/);
    expect(() => quantizeActivations([1], 4, 0)).toThrowError(/scale/);
    expect(() => bitPlanes([16], 4)).toThrowError(/4-bit/);
  });
});
