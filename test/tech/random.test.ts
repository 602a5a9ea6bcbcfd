import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/tech/random.js';

// The seeded normal generator (Box-Muller on the seeded uniform stream, src/tech/random.ts) against
// the standard normal's closed forms on 1e6 draws: mean and variance within 5 standard errors, the
// third and fourth moments, the mass beyond 1, 2, 3 and 3.5 sigma within 5 binomial standard
// errors (the tails set the extreme mismatch of a Monte Carlo run), and the Kolmogorov-Smirnov
// distance to the normal CDF under its 0.1 % critical value 1.95 / sqrt(N).
const N = 1_000_000;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf, |error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

describe('seeded normal draws', () => {
  const draws = new Float64Array(N);
  const stream = new RandomStream(42, 'normal-test');
  for (let i = 0; i < N; i++) draws[i] = stream.normal();

  it('have the standard normal moments', () => {
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const x of draws) {
      m1 += x;
      m2 += x * x;
      m3 += x * x * x;
      m4 += x * x * x * x;
    }
    [m1, m2, m3, m4] = [m1 / N, m2 / N, m3 / N, m4 / N];
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(N)); // mean 0, standard error 1/sqrt(N)
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / N)); // variance 1, standard error sqrt(2/N)
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / N)); // skewness 0 (var of x^3 is 15)
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / N)); // kurtosis 3 (var of x^4 is 96)
  });

  it('put the right mass in the tails', () => {
    for (const k of [1, 2, 3, 3.5]) {
      const p = 2 * (1 - phi(k)); // two-sided
      let count = 0;
      for (const x of draws) if (Math.abs(x) > k) count++;
      expect(Math.abs(count / N - p), `beyond ${k} sigma: ${count / N} against ${p}`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    }
  });

  it('follow the normal CDF (Kolmogorov-Smirnov) and repeat exactly for the same seed and label', () => {
    const sorted = Float64Array.from(draws).sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const f = phi(sorted[i]);
      d = Math.max(d, Math.abs(f - i / N), Math.abs(f - (i + 1) / N));
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(N));
    const again = new RandomStream(42, 'normal-test');
    for (let i = 0; i < 1000; i++) expect(again.normal()).toBe(draws[i]);
    expect(new RandomStream(42, 'other-label').normal()).not.toBe(draws[0]);
  });
});
