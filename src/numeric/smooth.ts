/** Smooth max(x, 0) with knee width `w`: w ln(1 + exp(x / w)) (same unit as x). */
export function softPlus(x: number, w: number): number {
  const z = x / w;
  return z > 30 ? x : w * Math.log1p(Math.exp(z));
}

/** Logistic slope of softPlus: d softPlus / dx, -. */
export function softStep(x: number, w: number): number {
  const z = x / w;
  return z > 30 ? 1 : z < -30 ? 0 : 1 / (1 + Math.exp(-z));
}
