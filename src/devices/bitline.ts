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
import { solveLinear } from '../numeric/linear.js';

/** Local error tolerance of the adaptive integrator, V. */
export const RK_ABS_TOL = 1e-6;

/**
 * Bitline voltage after holding for `dt` seconds with total off-cell leakage `leak` (A, given at
 * Vds = vRef). With drain-induced barrier lowering the leakage falls as the bitline falls,
 * I = leak exp(k (V - vRef)) (1 - exp(-V/vT)), k = eta / (n vT) (1/V). Two closed forms bound the
 * exact solution from below: the DIBL law without the last factor,
 * exp(-k V(t)) = exp(-k V0) + k leak exp(-k vRef) t / C, and the constant-leak law above (exact
 * for k = 0). Their maximum is exact while V >> vT and a tight lower bound near ground.
 */
export function holdVoltage(v0: number, leak: number, c: number, vThermal: number, dt: number, kDibl = 0, vRef = 0): number {
  if (leak <= 0 || dt <= 0 || v0 <= 0) return v0;
  const constant = holdConstantLeak(v0, leak, c, vThermal, dt);
  if (kDibl <= 0) return constant;
  const dibl = -Math.log(Math.exp(-kDibl * v0) + ((kDibl * leak * Math.exp(-kDibl * vRef)) / c) * dt) / kDibl;
  return Math.max(constant, dibl);
}

/** Hold with a Vds-independent leakage L: V(t) = vT ln(1 + (exp(V0/vT) - 1) exp(-L t / (C vT))). */
function holdConstantLeak(v0: number, leak: number, c: number, vThermal: number, dt: number): number {
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
 * The voltage is floored at `floor` (default 0 V: a discharge through NMOS ports stops at ground;
 * a recovery from below ground passes -Infinity).
 */
export function integrate(slope: Slope, v0: number, t0: number, t1: number, firstStep: number, floor = 0): number {
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
      v = Math.max(floor, vNext);
      k1 = k4;
    }
    // Third-order method: step scales with the cube root of the error ratio.
    const scale = err === 0 ? 4 : Math.min(4, Math.max(0.2, 0.9 * Math.cbrt(RK_ABS_TOL / err)));
    h *= scale;
  }
  return v;
}

/** Right-hand side of a small ODE system: writes dy/dt (units/s) into `out`. */
export type VectorSlope = (t: number, y: Float64Array, out: Float64Array) => void;

/** Local error tolerance of the stiff vector integrator (embedded second-order estimate), V. */
export const ROS_ABS_TOL = 2e-6;

// ROS3 (Hairer & Wanner, Solving ODEs II, sec. IV.7; L-stable, order 3 with an embedded order 2,
// 3 stages and 2 evaluations of f: the third stage reuses the second's), in the form
// (I/(h gamma) - J) K_i = f(t + alpha_i h, y + sum_j a_ij K_j) + sum_j (c_ij / h) K_j + h gamma_i f_t
const R3_GAMMA = 0.43586652150845899941601945119356;
const R3_C21 = -1.0156171083877702091975600115545;
const R3_C31 = 4.0759956452537699824805835358067;
const R3_C32 = 9.2076794298330791242156818474003;
const R3_M = [1, 6.1697947043828245592553615689730, -0.42772256543218573326238373806514];
const R3_E = [0.5, -2.9079558716805469821718236208017, 0.22354069897811569627360909276199];
const R3_ALPHA2 = 0.43586652150845899941601945119356;
const R3_GAMMAS = [0.43586652150845899941601945119356, 0.24291996454816804366592249683314, 2.1851380027664058511513169485832];

/**
 * Integrate dy/dt = f(t, y) from t0 to t1 (s) in place with the L-stable three-stage Rosenbrock
 * method ROS3, a fresh numerical Jacobian and time derivative each step (a Rosenbrock method keeps
 * its order only with the exact Jacobian), adaptive step with the embedded second-order solution
 * as error estimate (<= `tol`, default ROS_ABS_TOL, per step in every component). Stiff-safe: a
 * bitline clamped near ground by strongly-on cells (time constant ~fs) costs no more steps than a
 * slow discharge. No floor: with wordline-edge coupling a bitline can end below ground, as it does
 * in SPICE. `f` is evaluated strictly inside [t0, t1], where it must be smooth (callers cut their
 * intervals at the corners of their time dependence). Stops early and returns false as soon as
 * y[0] falls below `stopBelow` (a caller's validity limit); else true. `weights`: each
 * component's error is multiplied by its weight before the test (default 1 each), so a caller can
 * measure the error of a state by what of it reaches the output it cares about.
 *
 * It replaced the two-stage ROS2 (order 2, Jacobian reused): more evaluations per step, but the
 * step grows with the cube root of the tolerance instead of its square root; on the discharge grid
 * at the column tolerance, half the global error in 0.39 of the time (docs/performance.md;
 * test/devices/column-integrator.test.ts).
 */
export function integrateVector(f: VectorSlope, y: Float64Array, t0: number, t1: number, firstStep: number, tol = ROS_ABS_TOL, stopBelow = -Infinity, weights?: Float64Array): boolean {
  const n = y.length;
  const ws = workspace(n);
  const { f0, f1, k1, k2, tmp, jac, w } = ws;
  const k3 = ws.k3;
  const ft = ws.ft;
  const eps = 1e-9 * (t1 - t0);
  const at = (x: number): number => Math.min(t1 - eps, Math.max(t0 + eps, x));
  let t = t0;
  let h = Math.min(firstStep, t1 - t0);
  let guard = 0;
  while (t < t1 && guard++ < 100_000) {
    if (t + h > t1) h = t1 - t;
    const ta = at(t);
    f(ta, y, f0);
    for (let j = 0; j < n; j++) {
      const d = 1e-7 * Math.max(1, Math.abs(y[j]));
      tmp.set(y);
      tmp[j] += d;
      f(ta, tmp, f1);
      for (let i = 0; i < n; i++) jac[i * n + j] = (f1[i] - f0[i]) / d;
    }
    // f_t by a one-sided difference of a millionth of the piece, strictly inside [t0, t1] (the
    // caller's pieces lie between the corners of its time dependence)
    const dt = 1e-6 * (t1 - t0); // s
    const tb = ta + dt <= t1 - eps ? ta + dt : ta - dt; // s
    if (tb !== ta) {
      f(tb, y, f1);
      for (let i = 0; i < n; i++) ft[i] = (f1[i] - f0[i]) / (tb - ta);
    } else ft.fill(0); // a piece below the time resolution (two corners a rounding apart)
    const g = 1 / (h * R3_GAMMA);
    for (let i = 0; i < n * n; i++) w[i] = (i % (n + 1) === 0 ? g : 0) - jac[i];
    for (let i = 0; i < n; i++) k1[i] = f0[i] + h * R3_GAMMAS[0] * ft[i];
    solveLinear(w, k1, n, ws.lu);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + k1[i];
    f(at(t + R3_ALPHA2 * h), tmp, f1);
    for (let i = 0; i < n; i++) k2[i] = f1[i] + (R3_C21 / h) * k1[i] + h * R3_GAMMAS[1] * ft[i];
    solveLinear(w, k2, n, ws.lu);
    for (let i = 0; i < n; i++) k3[i] = f1[i] + (R3_C31 / h) * k1[i] + (R3_C32 / h) * k2[i] + h * R3_GAMMAS[2] * ft[i];
    solveLinear(w, k3, n, ws.lu);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(R3_E[0] * k1[i] + R3_E[1] * k2[i] + R3_E[2] * k3[i]) * (weights === undefined ? 1 : weights[i]));
    if (Number.isNaN(err) && h < 1e-18) throw new Error(`internal: the stiff integrator's slope is not a number at t = ${t} s, y = ${Array.from(y).join(', ')}`);
    if (err <= tol || h < 1e-18) {
      for (let i = 0; i < n; i++) y[i] += R3_M[0] * k1[i] + R3_M[1] * k2[i] + R3_M[2] * k3[i];
      t += h;
      if (y[0] < stopBelow) return false;
    }
    // a stage that left the model's domain gives a NaN error: shrink as far as a rejection may
    h *= err === 0 ? 4 : Number.isNaN(err) ? 0.2 : Math.min(4, Math.max(0.2, 0.9 * Math.cbrt(tol / err)));
  }
  return true;
}

interface Workspace {
  f0: Float64Array;
  f1: Float64Array;
  k1: Float64Array;
  k2: Float64Array;
  tmp: Float64Array;
  k3: Float64Array;
  ft: Float64Array;
  jac: Float64Array;
  w: Float64Array;
  lu: Float64Array;
}

/** Scratch vectors per system size (integrateVector is not re-entrant; JS is single-threaded). */
const workspaces: Workspace[] = [];
function workspace(n: number): Workspace {
  let ws = workspaces[n];
  if (ws === undefined) {
    const v = (): Float64Array => new Float64Array(n);
    ws = { f0: v(), f1: v(), k1: v(), k2: v(), tmp: v(), k3: v(), ft: v(), jac: new Float64Array(n * n), w: new Float64Array(n * n), lu: new Float64Array(n * n) };
    workspaces[n] = ws;
  }
  return ws;
}

