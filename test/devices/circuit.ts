import { buildCircuit, type Circuit } from '../../src/circuit/build.js';
import { allNonidealities, type Nonidealities } from '../../src/circuit/nonidealities.js';
import type { CimArray } from '../../src/devices/cimarray.js';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { elaborateText } from '../../src/netlist/index.js';
import type { Design } from '../../src/netlist/params.js';
import { TECH_PARAMS } from '../../src/tech/params.js';

/** Elaborate netlist text (named test.cir) with optional overrides. */
export function design(text: string, overrides?: Record<string, number | string>): Design {
  return elaborateText(text, 'test.cir', { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides });
}

/** Every non-ideality off except those named. */
export function only(...names: (keyof Nonidealities)[]): Nonidealities {
  const n = allNonidealities(false);
  for (const k of names) n[k] = true;
  return n;
}

export function circuit(text: string, nonideal: Nonidealities, seed: number | string = 1, overrides?: Record<string, number | string>): Circuit {
  return buildCircuit(design(text, overrides), { seed, nonideal });
}

export function arrayOf(c: Circuit, name: string): CimArray {
  const a = c.arrays.get(name.toLowerCase());
  if (a === undefined) throw new Error(`test bug: no array ${name}`);
  return a;
}

/** Pulse widths (s) for an array: `width` on the listed rows, 0 elsewhere. */
export function widths(rows: number, on: Record<number, number>): Float64Array {
  const w = new Float64Array(rows);
  for (const [r, width] of Object.entries(on)) w[Number(r)] = width;
  return w;
}

/** Classic fixed-step RK4 of dV/dt = f(t, V) from t0 to t1 in n steps (independent reference). */
export function rk4(f: (t: number, v: number) => number, v0: number, t0: number, t1: number, n: number): number {
  const h = (t1 - t0) / n;
  let v = v0;
  for (let i = 0; i < n; i++) {
    const t = t0 + i * h;
    const k1 = f(t, v);
    const k2 = f(t + h / 2, v + (h / 2) * k1);
    const k3 = f(t + h / 2, v + (h / 2) * k2);
    const k4 = f(t + h, v + h * k3);
    v += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return v;
}

/**
 * Fixed-step RK4 of a capacitor graph, c_i dV_i/dt = sum of the branch currents into node i, from
 * v0 (V) to tEnd (s); `current(k, va, vb)` flows from branch k's node a to its node b, A
 * (independent reference for the sharing solvers).
 */
export function rk4Graph(branches: readonly { a: number; b: number }[], current: (k: number, va: number, vb: number) => number, c: readonly number[], v0: readonly number[], tEnd: number, steps = 20000): number[] {
  const slope = (v: number[]): number[] => {
    const d = new Array<number>(v.length).fill(0);
    branches.forEach(({ a, b }, k) => {
      const i = current(k, v[a], v[b]);
      d[a] -= i / c[a];
      d[b] += i / c[b];
    });
    return d;
  };
  let v = v0.slice();
  const h = tEnd / steps;
  for (let s = 0; s < steps; s++) {
    const k1 = slope(v);
    const k2 = slope(v.map((x, i) => x + (h / 2) * k1[i]));
    const k3 = slope(v.map((x, i) => x + (h / 2) * k2[i]));
    const k4 = slope(v.map((x, i) => x + h * k3[i]));
    v = v.map((x, i) => x + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return v;
}

/** Trapezoidal wordline: 0 -> vwl in trise, flat, vwl -> 0 in tfall; `flat` is the flat-top duration (s). */
export function trapezoid(vwl: number, trise: number, flat: number, tfall: number): (t: number) => number {
  return (t) => {
    if (t <= 0) return 0;
    if (t < trise) return (vwl * t) / trise;
    if (t <= trise + flat) return vwl;
    if (t < trise + flat + tfall) return vwl * (1 - (t - trise - flat) / tfall);
    return 0;
  };
}

/** Composite Simpson integral of g over [a, b] with n (even) intervals. */
export function simpson(g: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = g(a) + g(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * g(a + i * h);
  return (s * h) / 3;
}
