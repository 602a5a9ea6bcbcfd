/**
 * Cubic Hermite interpolation of `values` tabulated every `h` from `x0` (Catmull-Rom tangents from
 * the neighbours, one-sided at the ends), linear beyond the table, at x (same unit as x0 and h).
 */
export function hermite(values: ArrayLike<number>, x0: number, h: number, x: number): number {
  const s = values;
  const last = s.length - 1;
  const u = (x - x0) / h;
  const k = Math.min(last - 1, Math.max(0, Math.floor(u)));
  const f = u - k;
  if (f < 0 || f > 1) return s[k] + f * (s[k + 1] - s[k]);
  const m0 = k > 0 ? (s[k + 1] - s[k - 1]) / 2 : s[k + 1] - s[k];
  const m1 = k + 1 < last ? (s[k + 2] - s[k]) / 2 : s[k + 1] - s[k];
  const f2 = f * f;
  const f3 = f2 * f;
  return (2 * f3 - 3 * f2 + 1) * s[k] + (f3 - 2 * f2 + f) * m0 + (3 * f2 - 2 * f3) * s[k + 1] + (f3 - f2) * m1;
}
