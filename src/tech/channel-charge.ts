/**
 * Channel charge of a MOSFET split between its two ends: the long-channel Ward-Dutton partition
 * (quasi-static, the partition BSIM4 uses with xpart = 0: 50/50 at Vds = 0, 40/60 drain/source in
 * saturation). With overdrives x (this end) and y (the other end), both >= 0, and C = Cox W L:
 *
 *   total inversion charge  Q = (2/3) C (x^2 + x y + y^2) / (x + y)
 *   share of the x end      P(x, y) = (2/15) C (3x^3 + 6x^2 y + 4x y^2 + 2y^3) / (x + y)^2
 *
 * P(x, y) + P(y, x) = Q; P(a, a) = C a / 2; P(0, y) = (4/15) C y = 0.4 Q. The formula is symmetric
 * in which end is the drain, so no case split is needed. Charges are magnitudes (electrons for an
 * NMOS): the node at this end holds -P.
 *
 * A card need not split its channel 40/60 in saturation (BSIM4 near threshold puts less on the
 * drain). With the saturated drain share fSat the partition is stretched about the 50/50 point,
 * keeping the total: P_f = kappa P + (1 - kappa) Q / 2, kappa = (0.5 - fSat) / 0.1 (fSat = 0.4 is
 * Ward-Dutton; P_f(0, y) = fSat Q; P_f(a, a) = C a / 2 for every fSat).
 */

/**
 * Where the channel of the access device forms, fitted to the card's terminal charge (cimsim
 * calibrate): the overdrive of an end at voltage V, the other end at V', is
 * softPlus(Vg - vt - body V + dibl spread(V - V'), knee): drain-induced barrier lowering moves the
 * threshold of a short channel by dibl per volt between its ends (symmetric in which is the drain).
 */
export interface ChannelChargeLaw {
  vt: number; // V
  body: number; // -, source-voltage factor
  knee: number; // V, soft-plus width (weak inversion)
  fSat: number; // -, drain share of the channel charge in saturation (0.4: Ward-Dutton)
  dibl: number; // V/V, threshold lowering per volt between the ends
}

/** V, rounding of |d| at d = 0 in spread(). */
const SPREAD_ROUND = 0.02;

/** |d| rounded at 0 (V): the voltage between the ends that lowers the threshold. */
export function spread(d: number): number {
  return Math.sqrt(d * d + SPREAD_ROUND * SPREAD_ROUND) - SPREAD_ROUND;
}

/** d spread(d) / dd, -1..1. */
export function spreadSlope(d: number): number {
  return d / Math.sqrt(d * d + SPREAD_ROUND * SPREAD_ROUND);
}

/** P and its partial derivatives, reused by the caller to avoid allocation in the hot loop. */
export interface EndCharge {
  q: number; // C, share of this end
  dOwn: number; // F, dP/dx
  dOther: number; // F, dP/dy
}

/** Share of the channel charge at the end with overdrive x (V), the other end at y (V); C in F. */
export function endCharge(c: number, x: number, y: number, out: EndCharge, fSat = 0.4): EndCharge {
  const s = x + y; // V
  if (!(s > 1e-12) || c === 0) {
    out.q = 0;
    out.dOwn = 0;
    out.dOther = 0;
    return out;
  }
  const k = (2 / 15) * c;
  const n = 3 * x * x * x + 6 * x * x * y + 4 * x * y * y + 2 * y * y * y;
  const s2 = s * s;
  const s3 = s2 * s;
  out.q = (k * n) / s2;
  out.dOwn = (k * ((9 * x * x + 12 * x * y + 4 * y * y) * s - 2 * n)) / s3;
  out.dOther = (k * ((6 * x * x + 8 * x * y + 6 * y * y) * s - 2 * n)) / s3;
  if (fSat !== 0.4) {
    const kappa = (0.5 - fSat) / 0.1;
    const m = x * x + x * y + y * y;
    const half = (c / 3) * (m / s); // Q / 2
    out.q = kappa * out.q + (1 - kappa) * half;
    out.dOwn = kappa * out.dOwn + ((1 - kappa) * (c / 3) * ((2 * x + y) * s - m)) / s2;
    out.dOther = kappa * out.dOther + ((1 - kappa) * (c / 3) * ((x + 2 * y) * s - m)) / s2;
  }
  return out;
}
