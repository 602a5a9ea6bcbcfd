import { describe as group, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { describe, max, mean, median, min, quantile, sampleStd, Welford } from '../../src/analysis/index.js';
import { CimsimError } from '../../src/errors.js';

const oneToN = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);

group('descriptive statistics', () => {
  it('gives the closed-form mean and sample std of 1..n', () => {
    // mean (n + 1) / 2; sample variance n (n + 1) / 12.
    const n = 1001;
    expect(mean(oneToN(n))).toBe((n + 1) / 2);
    expect(sampleStd(oneToN(n))).toBeCloseTo(Math.sqrt((n * (n + 1)) / 12), 9);
  });

  it('computes type-7 quantiles as 1 + (n - 1) p on 1..n', () => {
    const x = oneToN(21).reverse(); // unsorted input
    for (const p of [0, 0.05, 0.3, 0.5, 0.95, 1]) expect(quantile(x, p)).toBeCloseTo(1 + 20 * p, 12);
  });

  it('interpolates between order statistics like R quantile(type = 7)', () => {
    // R: quantile(c(1, 2, 3, 4, 10), c(0.3, 0.9)) -> 2.2, 7.6
    expect(quantile([10, 1, 3, 2, 4], 0.3)).toBeCloseTo(2.2, 12);
    expect(quantile([10, 1, 3, 2, 4], 0.9)).toBeCloseTo(7.6, 12);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
  });

  it('describes a dense uniform grid on [0, 1] by its closed-form moments and quantiles', () => {
    // x_i = i / (n - 1): quantile_p = p exactly (type 7); sd -> 1/sqrt(12) with the finite-n
    // factor sqrt(n (n + 1) / 12) / (n - 1).
    const n = 10_001;
    const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
    const d = describe(x);
    expect(d.n).toBe(n);
    expect(d.mean).toBeCloseTo(0.5, 12);
    expect(d.std).toBeCloseTo(Math.sqrt((n * (n + 1)) / 12) / (n - 1), 12);
    expect(d.min).toBe(0);
    expect(d.max).toBe(1);
    expect(d.p05).toBeCloseTo(0.05, 12);
    expect(d.median).toBeCloseTo(0.5, 12);
    expect(d.p95).toBeCloseTo(0.95, 12);
  });

  it('reports min and max and a zero spread for a single value', () => {
    expect(min([3, -2, 7])).toBe(-2);
    expect(max([3, -2, 7])).toBe(7);
    expect(describe([4]).std).toBe(0);
  });

  it('refuses empty samples, NaN values and probabilities outside [0, 1]', () => {
    expect(() => mean([])).toThrow(CimsimError);
    expect(() => describe([1, NaN])).toThrow(/not a finite number/);
    expect(() => quantile([1, 2], 1.5)).toThrow(CimsimError);
  });
});

group('Welford accumulator', () => {
  // Values with a large common offset: a naive sum-of-squares would lose most digits here. One ulp
  // at 1e9 is 1.2e-7, i.e. ~4e-8 of the ~2.9 spread, so updates in a different order agree to
  // ~1e-7 relative, not to machine precision.
  const rng = seedrandom('welford-1');
  const x = Float64Array.from({ length: 5000 }, () => 1e9 + rng() * 10);

  it('equals the two-pass mean and sample std', () => {
    const w = new Welford().pushAll(x);
    expect(w.count).toBe(x.length);
    expect(w.mean).toBeCloseTo(mean(x), 5);
    expect(Math.abs(w.std / sampleStd(x) - 1)).toBeLessThan(1e-7);
    expect(w.min).toBe(min(x));
    expect(w.max).toBe(max(x));
  });

  it('gives the same moments when shards are merged as in one pass', () => {
    const whole = new Welford().pushAll(x);
    const merged = new Welford().merge(new Welford().pushAll(x.subarray(0, 1234)));
    merged.merge(new Welford().pushAll(x.subarray(1234, 4000))).merge(new Welford()).merge(new Welford().pushAll(x.subarray(4000)));
    expect(merged.count).toBe(whole.count);
    expect(merged.mean).toBeCloseTo(whole.mean, 5);
    expect(Math.abs(merged.variance / whole.variance - 1)).toBeLessThan(1e-7);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
  });

  it('refuses to report the mean of nothing', () => {
    expect(() => new Welford().mean).toThrow(CimsimError);
  });
});
