import { describe, expect, it } from 'vitest';
import { fitExponent, summarize } from '../../bench/lib/stats.js';
import { atLeast, between, figure } from '../../bench/lib/figure.js';

describe('bench statistics', () => {
  it('the fitted exponent of an exact power law y = 3 x^1.25 is 1.25 with r^2 = 1', () => {
    const xs = [2, 4, 8, 16, 32, 64, 128, 256];
    const fit = fitExponent(xs, xs.map((x) => 3 * x ** 1.25));
    expect(fit.exponent).toBeCloseTo(1.25, 12);
    expect(Math.exp(fit.intercept)).toBeCloseTo(3, 10);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it('a fixed cost plus a linear part fits an exponent below 1 (what a small-size bench sees)', () => {
    const xs = [1, 2, 4, 8, 16];
    // y = 10 + x: the slope of log y over log x is ln(26/11)/ln(16) = 0.310 at the ends; the fit lies below 0.5
    expect(fitExponent(xs, xs.map((x) => 10 + x)).exponent).toBeLessThan(0.5);
  });

  it('rejects non-positive values instead of returning NaN', () => {
    expect(() => fitExponent([1, 2], [0, 1])).toThrow(/positive/);
  });

  it('the median of an even count is the mean of the two middle samples', () => {
    expect(summarize([5, 1, 3, 9])).toEqual({ median: 4, min: 1, max: 9, runs: 4 });
  });

  it('a figure is judged on its median: 0.59 misses ">= 0.6", 1.05 meets "0.9 .. 1.1"', () => {
    expect(figure('r', 'ratio', [0.5, 0.59, 0.9], atLeast(0.6)).met).toBe(false);
    expect(figure('e', 'exponent', [1.05], between(0.9, 1.1)).met).toBe(true);
  });
});
