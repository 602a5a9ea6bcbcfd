/**
 * Bias-dependent overlap charge of one end of a MOSFET: the lightly doped extension under the gate
 * edge accumulates once the gate is above the end (u = Vg - V > 0) and depletes below it. The shape
 * is BSIM4's CGSL/CKAPPA law (capMod 1 and 2; delta1 = 0.02 V):
 *
 *   H(u) = u - w - (kappa / 2) (-1 + sqrt(1 - 4 w / kappa)),   w = (u + d - sqrt((u + d)^2 + 4 d)) / 2
 *
 * w is a smooth min(u, 0) (rounded over about sqrt(4 d) = 0.28 V), so dH/du approaches 1 above
 * u = 0 and falls off like (1 - 4 u / kappa)^-1/2 below.
 * The end's terminal holds -cov H(u). Local: it depends on this end's voltage only, unlike the
 * inversion channel (src/tech/channel-charge.ts), which the two ends share.
 */
const DELTA = 0.02; // V, smoothing of min(u, 0)

/** H(u), V (multiply by the overlap capacitance for charge). */
export function overlapCharge(u: number, kappa: number): number {
  const a = u + DELTA;
  const w = 0.5 * (a - Math.sqrt(a * a + 4 * DELTA));
  return u - w - 0.5 * kappa * (Math.sqrt(1 - (4 * w) / kappa) - 1);
}

/** dH/du, 0..1 (multiply by the overlap capacitance for capacitance). */
export function overlapCap(u: number, kappa: number): number {
  const a = u + DELTA;
  const dw = 0.5 * (1 - a / Math.sqrt(a * a + 4 * DELTA));
  const w = 0.5 * (a - Math.sqrt(a * a + 4 * DELTA));
  return 1 - dw * (1 - 1 / Math.sqrt(1 - (4 * w) / kappa));
}

/** Mean of dH/du(-V) over V in [lo, hi] (V): the share of the overlap a capacitance measured over
 * that voltage ramp with the gate at 0 already holds. */
export function overlapMean(lo: number, hi: number, kappa: number): number {
  return (overlapCharge(-lo, kappa) - overlapCharge(-hi, kappa)) / (hi - lo);
}
