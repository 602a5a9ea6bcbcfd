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

/** Local error tolerance of the stiff vector integrator (embedded first-order estimate), V. */
export const ROS_ABS_TOL = 2e-6;

/**
 * Integrate dy/dt = f(t, y) from t0 to t1 (s) in place with the L-stable two-stage Rosenbrock
 * method ROS2 (Verwer et al., SIAM J. Sci. Comput. 20:1456, 1999), numerical Jacobian, adaptive step
 * with the embedded linearly-implicit Euler solution as error estimate (<= `tol`, default ROS_ABS_TOL, per
 * step in every component). Stiff-safe: a bitline clamped near ground by strongly-on cells (time constant
 * ~fs) costs no more steps than a slow discharge. No floor: with wordline-edge coupling a bitline can
 * end below ground, as it does in SPICE. `f` is evaluated strictly inside [t0, t1]. Stops early and
 * returns false as soon as y[0] falls below `stopBelow` (a caller's validity limit); else true.
 * `reuseJacobian`: keep a numerical Jacobian for up to 4 accepted steps, refreshed after a rejected step (ROS2 keeps
 * its order with an approximate Jacobian: a W-method), halving the evaluations of a 2-state system.
 * `weights`: each component's error is multiplied by its weight before the test (default 1 each),
 * so a caller can measure the error of a state by what of it reaches the output it cares about.
 */
export function integrateVector(f: VectorSlope, y: Float64Array, t0: number, t1: number, firstStep: number, tol = ROS_ABS_TOL, stopBelow = -Infinity, reuseJacobian = false, weights?: Float64Array): boolean {
  const n = y.length;
  const gamma = 1 + 1 / Math.SQRT2;
  const ws = workspace(n);
  const { f0, f1, k1, k2, tmp, jac, w } = ws;
  const eps = 1e-9 * (t1 - t0);
  const at = (x: number): number => Math.min(t1 - eps, Math.max(t0 + eps, x));
  let t = t0;
  let h = Math.min(firstStep, t1 - t0);
  let guard = 0;
  let fresh = false; // jac holds a usable Jacobian
  let age = 0; // accepted steps since the Jacobian was evaluated
  while (t < t1 && guard++ < 100_000) {
    if (t + h > t1) h = t1 - t;
    const ta = at(t);
    f(ta, y, f0);
    if (!reuseJacobian || !fresh || age >= 4) {
      for (let j = 0; j < n; j++) {
        const d = 1e-7 * Math.max(1, Math.abs(y[j]));
        tmp.set(y);
        tmp[j] += d;
        f(ta, tmp, f1);
        for (let i = 0; i < n; i++) jac[i * n + j] = (f1[i] - f0[i]) / d;
      }
      fresh = true;
      age = 0;
    }
    for (let i = 0; i < n * n; i++) w[i] = (i % (n + 1) === 0 ? 1 : 0) - gamma * h * jac[i];
    k1.set(f0);
    solveLinear(w, k1, n, ws.lu);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k1[i];
    f(at(t + h), tmp, f1);
    for (let i = 0; i < n; i++) k2[i] = f1[i] - 2 * k1[i];
    solveLinear(w, k2, n, ws.lu);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(0.5 * h * (k1[i] + k2[i])) * (weights === undefined ? 1 : weights[i]));
    if (err <= tol || h < 1e-18) {
      for (let i = 0; i < n; i++) y[i] += h * (1.5 * k1[i] + 0.5 * k2[i]);
      t += h;
      age++;
      if (y[0] < stopBelow) return false;
    } else fresh = false; // a rejected step refreshes the Jacobian
    h *= err === 0 ? 4 : Math.min(4, Math.max(0.2, 0.9 * Math.sqrt(tol / err)));
  }
  return true;
}

interface Workspace {
  f0: Float64Array;
  f1: Float64Array;
  k1: Float64Array;
  k2: Float64Array;
  tmp: Float64Array;
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
    ws = { f0: v(), f1: v(), k1: v(), k2: v(), tmp: v(), jac: new Float64Array(n * n), w: new Float64Array(n * n), lu: new Float64Array(n * n) };
    workspaces[n] = ws;
  }
  return ws;
}

