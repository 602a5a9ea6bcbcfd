/**
 * Bitline physics between events, per column, without any global matrix solve.
 *
 * - Hold (all wordlines low): off-cell subthreshold leakage I = L (1 - exp(-V/vT)) discharges C.
 *   Closed form: V(t) = vT ln(1 + (exp(V0/vT) - 1) exp(-L t / (C vT))), written in a stable form.
 * - Pulse, all conducting cells in saturation: I = Q'(t) (1 + lambda V), where Q(t) is the
 *   Vds-independent charge of the alpha-power law integrated in closed form over each wordline
 *   trapezoid. Closed form: V = (V0 + 1/lambda) exp(-lambda Q / C) - 1/lambda.
 * - Otherwise (some cell in its linear region): adaptive Bogacki-Shampine RK2(3) on
 *   dV/dt = -I(t, V) / C, with local error <= RK_ABS_TOL per step (see docs/physics.md).
 */

/** Local error tolerance of the adaptive integrator, V. */
export const RK_ABS_TOL = 1e-6;

/** Bitline voltage after holding for `dt` seconds with total off-cell leakage `leak` (A). */
export function holdVoltage(v0: number, leak: number, c: number, vThermal: number, dt: number): number {
  if (leak <= 0 || dt <= 0 || v0 <= 0) return v0;
  const a = v0 / vThermal;
  const b = (leak * dt) / (c * vThermal);
  // ln(1 + (e^a - 1) e^-b) = a - b + ln(e^(b-a) + 1 - e^-a), stable for large a; once the
  // bitline is near ground (b >> a) the direct form is the stable one.
  if (b - a > 30) return vThermal * Math.log1p(Math.expm1(a) * Math.exp(-b));
  return vThermal * (a - b + Math.log(Math.exp(b - a) + 1 - Math.exp(-a)));
}

/** Voltage after removing Vds-independent saturation charge `q` (C) with output conductance lambda. */
export function saturationDischarge(v0: number, q: number, c: number, lambda: number): number {
  if (lambda === 0) return v0 - q / c;
  return (v0 + 1 / lambda) * Math.exp((-lambda * q) / c) - 1 / lambda;
}

/**
 * Charge a cell passes in saturation (at Vds-reference 0) during one trapezoidal wordline pulse:
 * integral of k (Vwl(t) - Vt)^alpha dt over rise (0 -> vwl in trise), flat (tflat), fall.
 * On a linear ramp the integral is k (vwl - Vt)^(alpha+1) t_ramp / ((alpha+1) vwl).
 */
export function pulseCharge(isatFlat: number, vov: number, vwl: number, alpha: number, tflat: number, tramps: number): number {
  if (vov <= 0) return 0;
  return isatFlat * (tflat + (tramps * vov) / ((alpha + 1) * vwl));
}

/** Right-hand side of dV/dt for the adaptive integrator: returns dV/dt (V/s) at time t (s). */
export type Slope = (t: number, v: number) => number;

/**
 * Integrate dV/dt = slope(t, V) from t0 to t1 (s) with Bogacki-Shampine RK2(3), adaptive step.
 * The voltage is floored at 0 V (a bitline cannot discharge below ground through NMOS ports).
 */
export function integrate(slope: Slope, v0: number, t0: number, t1: number, firstStep: number): number {
  let t = t0;
  let v = v0;
  let h = Math.min(firstStep, t1 - t0);
  let k1 = slope(t, v);
  let guard = 0;
  while (t < t1 && guard++ < 100_000) {
    if (t + h > t1) h = t1 - t;
    const k2 = slope(t + 0.5 * h, v + 0.5 * h * k1);
    const k3 = slope(t + 0.75 * h, v + 0.75 * h * k2);
    const vNext = v + h * ((2 / 9) * k1 + (1 / 3) * k2 + (4 / 9) * k3);
    const k4 = slope(t + h, vNext);
    const err = Math.abs(h * ((-5 / 72) * k1 + (1 / 12) * k2 + (1 / 9) * k3 - (1 / 8) * k4));
    if (err <= RK_ABS_TOL || h < 1e-16) {
      t += h;
      v = Math.max(0, vNext);
      k1 = k4;
    }
    // Third-order method: step scales with the cube root of the error ratio.
    const scale = err === 0 ? 4 : Math.min(4, Math.max(0.2, 0.9 * Math.cbrt(RK_ABS_TOL / err)));
    h *= scale;
  }
  return v;
}
