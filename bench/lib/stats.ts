/** Small statistics for the benchmark figures: summaries of repeated runs and power-law fits. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median (mean of the two middle values for an even count), min and max of `samples`. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs: s.length };
}

/**
 * Least-squares fit of log(y) = a + k log(x): returns the exponent k (and a, and r^2), so
 * y ~ x^k. Both x and y must be positive.
 */
export function fitExponent(xs: readonly number[], ys: readonly number[]): { exponent: number; intercept: number; r2: number } {
  if (xs.length !== ys.length || xs.length < 2) throw new Error('fitExponent: need at least two (x, y) pairs of equal count');
  const lx = xs.map((x) => Math.log(x));
  const ly = ys.map((y) => Math.log(y));
  if ([...lx, ...ly].some((v) => !Number.isFinite(v))) throw new Error('fitExponent: x and y must be positive');
  const n = lx.length;
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
    syy += (ly[i] - my) ** 2;
  }
  if (sxx === 0) throw new Error('fitExponent: all x are equal');
  const exponent = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent, intercept: my - exponent * mx, r2 };
}
