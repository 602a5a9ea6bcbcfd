/**
 * The closed phase of a switched-capacitor network: every switch of the phase conducting, each
 * node with its capacitance to ground (its switches' terminals in their on state included), for a
 * given time. Any graph of switches: a reference lane is the star (each bitline group joined to
 * the dummy bitline, where the comparator reads), a netlist's capnodes and switches any other.
 * C dV/dt = -L V with L the graph's Laplacian; with S = C^-1/2 L C^-1/2 = U diag(lambda) U^T
 * (symmetric), V(t) = C^-1/2 U exp(-lambda t) U^T C^1/2 V(0). A network is a handful of nodes, so
 * with linear switches the propagator is computed once (ClosedPhase). Switches that conduct
 * nonlinearly (transmission gates with their voltage-dependent on-resistance) are integrated by
 * exponential midpoint steps over the same propagation (settleGraph). The edges of the gates are
 * instantaneous here: the caller conserves charge across them; src/devices/switched-cap.ts
 * resolves the edges of a netlist's network instead.
 */

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major n x n) of a symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += m[i * n + j] ** 2;
    }
    if (off <= 1e-30 * diag) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p];
          const akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k];
          const aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return { values, vectors: v };
}

/** A closed switch (or several in parallel) between nodes a and b. */
export interface Branch {
  a: number;
  b: number;
}

/** The branches of a star: leaf i (0..leaves-1) to the centre, node `leaves`; oriented centre -> leaf. */
export function starBranches(leaves: number): Branch[] {
  return Array.from({ length: leaves }, (_, i) => ({ a: leaves, b: i }));
}

/** Add conductance g (S) between nodes a and b to the Laplacian `lap` (row-major n x n), scaled by rs_i rs_j. */
function stamp(lap: Float64Array, n: number, { a, b }: Branch, g: number, rs?: Float64Array): void {
  const ra = rs ? rs[a] : 1;
  const rb = rs ? rs[b] : 1;
  lap[b * n + b] += g * rb * rb;
  lap[a * n + a] += g * ra * ra;
  const off = g * rb * ra;
  lap[b * n + a] -= off;
  lap[a * n + b] -= off;
}

/**
 * Propagator P (row-major n x n, n = c.length) of a graph: V(t) = P V(0). `g[k]` is branch k's
 * conductance, S; `c` each node's capacitance, F; `t` in s.
 */
export function graphPropagator(branches: readonly Branch[], g: ArrayLike<number>, c: ArrayLike<number>, t: number): Float64Array {
  const n = c.length;
  const lap = new Float64Array(n * n);
  branches.forEach((br, k) => stamp(lap, n, br, g[k]));
  const rs = Array.from({ length: n }, (_, i) => 1 / Math.sqrt(c[i]));
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = rs[i] * lap[i * n + j] * rs[j];
  const { values, vectors: u } = symmetricEigen(s, n);
  const decay = Array.from(values, (lam) => Math.exp(-Math.max(0, lam) * t));
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let x = 0;
      for (let k = 0; k < n; k++) x += u[i * n + k] * decay[k] * u[j * n + k];
      p[i * n + j] = (rs[i] * x) / rs[j];
    }
  }
  return p;
}

/** V(t) of a graph from V(0) = `y` into `out` (as graphPropagator, without forming the propagator). */
export function graphApply(branches: readonly Branch[], g: ArrayLike<number>, c: ArrayLike<number>, t: number, y: ArrayLike<number>, out: Float64Array): void {
  const n = c.length;
  const s = new Float64Array(n * n);
  const rs = new Float64Array(n);
  for (let i = 0; i < n; i++) rs[i] = 1 / Math.sqrt(c[i]);
  branches.forEach((br, k) => stamp(s, n, br, g[k], rs));
  const { values, vectors: u } = symmetricEigen(s, n);
  const w = new Float64Array(n); // modal amplitudes of C^1/2 y, decayed
  for (let k = 0; k < n; k++) {
    let x = 0;
    for (let j = 0; j < n; j++) x += u[j * n + k] * (y[j] / rs[j]);
    w[k] = x * Math.exp(-Math.max(0, values[k]) * t);
  }
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let k = 0; k < n; k++) x += u[i * n + k] * w[k];
    out[i] = rs[i] * x;
  }
}

/** Current through branch k from its node a to its node b, A, with a at va and b at vb (V). */
export type BranchCurrent = (k: number, va: number, vb: number) => number;

/** Options of settleGraph. */
export interface SettleOptions {
  /** Local error allowed per step of the embedded first-order solution, V (the result is second order). */
  tol?: number;
  /** First step, s. */
  firstStep?: number;
}

const SECANT_DV = 1e-6; // V, branch voltage below which the secant conductance is taken at this voltage

/** Connected component of each node (the lowest node index in it), so a settled component can be levelled. */
export function components(branches: readonly Branch[], n: number): Int32Array {
  const root = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : (root[i] = find(root[i])));
  for (const { a, b } of branches) {
    const [x, y] = [find(a), find(b)];
    root[Math.max(x, y)] = Math.min(x, y);
  }
  return Int32Array.from({ length: n }, (_, i) => find(i));
}

/**
 * Settle a graph whose branches conduct nonlinearly (transmission gates), in place on `v` (V) over
 * `t` seconds: c_i dV_i/dt = sum of the branch currents into node i. Exponential midpoint steps:
 * each step propagates the graph exactly (graphApply) with every branch's secant conductance
 * I_k / (V_a - V_b), first at the step's start (a first-order predictor), then at the midpoint of
 * start and prediction (second order). Each step is an exact RC propagation, so the scheme is
 * stable for any step (stiff-safe: a small group on wide gates settles in femtoseconds) and
 * conserves sum c_i V_i exactly; the step adapts to the predictor-corrector difference. Stops
 * early once every connected component agrees within 1 nV, and sets it to its charge-weighted mean.
 */
export function settleGraph(current: BranchCurrent, branches: readonly Branch[], c: ArrayLike<number>, v: Float64Array, t: number, o: SettleOptions = {}, part = components(branches, v.length)): void {
  const n = v.length;
  const tol = o.tol ?? 5e-4;
  let h = Math.min(t, o.firstStep ?? 0.1e-12);
  const g = new Float64Array(branches.length);
  const mid = new Float64Array(n);
  const pred = new Float64Array(n);
  const next = new Float64Array(n);
  const mean = new Float64Array(n); // V, at each component's root
  const cSum = new Float64Array(n); // F, at each component's root
  for (let i = 0; i < n; i++) cSum[part[i]] += c[i];
  const conductances = (y: Float64Array): Float64Array => {
    branches.forEach(({ a, b }, k) => {
      const dv = y[a] - y[b];
      g[k] = Math.abs(dv) > SECANT_DV ? current(k, y[a], y[b]) / dv : current(k, y[b] + SECANT_DV, y[b]) / SECANT_DV;
    });
    return g;
  };
  let time = 0;
  for (let guard = 0; time < t && guard < 10_000; guard++) {
    h = Math.min(h, t - time);
    graphApply(branches, conductances(v), c, h, v, pred);
    for (let i = 0; i < n; i++) mid[i] = 0.5 * (v[i] + pred[i]);
    graphApply(branches, conductances(mid), c, h, v, next);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(next[i] - pred[i]));
    if (err > tol && h > 1e-16) {
      h *= Math.max(0.2, 0.9 * Math.sqrt(tol / err));
      continue;
    }
    v.set(next);
    time += h;
    h *= err === 0 ? 4 : Math.min(4, Math.max(0.2, 0.9 * Math.sqrt(tol / err)));
    // settled: every component at its charge-weighted mean (where it ends)
    mean.fill(0);
    for (let i = 0; i < n; i++) mean[part[i]] += c[i] * v[i];
    for (let i = 0; i < n; i++) if (part[i] === i) mean[i] /= cSum[i];
    let spread = 0;
    for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(v[i] - mean[part[i]]));
    if (spread < 1e-9) {
      for (let i = 0; i < n; i++) v[i] = mean[part[i]];
      return;
    }
  }
}

/** How the branches of a closed phase conduct: fixed conductances (ideal switches, S) or a current law. */
export type BranchLaw = { conductance: ArrayLike<number> } | { current: BranchCurrent };

/**
 * The closed phase of one network, compiled once: node capacitances in the on state (F), the
 * branches, their law, and the phase's duration (s). settle() is what a reference lane runs per
 * trial, so a linear phase's propagator is formed here, once.
 */
export class ClosedPhase {
  private readonly propagator: Float64Array | null;
  private readonly part: Int32Array;

  constructor(private readonly caps: Float64Array, private readonly branches: readonly Branch[], private readonly law: BranchLaw, private readonly duration: number) {
    for (const { a, b } of branches) {
      if (a === b || a < 0 || b < 0 || a >= caps.length || b >= caps.length) throw new RangeError(`branch ${a}-${b} must join two different nodes of the ${caps.length}`);
    }
    this.propagator = 'conductance' in law ? graphPropagator(branches, law.conductance, caps, duration) : null;
    this.part = components(branches, caps.length);
  }

  /** Node voltages after the phase from `start` (V) into `out` (V; may be `start`). */
  settle(start: Float64Array, out: Float64Array): void {
    const p = this.propagator;
    if (p === null) {
      if (out !== start) out.set(start);
      settleGraph((this.law as { current: BranchCurrent }).current, this.branches, this.caps, out, this.duration, {}, this.part);
      return;
    }
    const n = this.caps.length;
    const from = out === start ? Float64Array.from(start) : start;
    for (let i = 0; i < n; i++) {
      let x = 0;
      for (let j = 0; j < n; j++) x += p[i * n + j] * from[j];
      out[i] = x;
    }
  }
}
