/**
 * Exact settling of a star RC network: leaf nodes 0..n-1, each joined to a centre node n through
 * a conductance, every node with its own capacitance to ground. This is the sharing phase of a
 * reference lane: each bitline group joins the dummy bitline (the centre, where the comparator
 * reads) through its switches. C dV/dt = -L V with L the network's Laplacian; with
 * S = C^-1/2 L C^-1/2 = U diag(lambda) U^T (symmetric), V(t) = C^-1/2 U exp(-lambda t) U^T C^1/2 V(0).
 * The network is a handful of nodes per lane, so the propagator is computed once per lane.
 * Branches that conduct nonlinearly (transmission gates with their voltage-dependent
 * on-resistance) are integrated instead (settleStar).
 */

import { integrateVector } from './bitline.js';

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

/**
 * Propagator P (row-major (n+1) x (n+1)) of a star: V(t) = P V(0). `g[i]` joins leaf i to the
 * centre, S; `c` holds the n leaf capacitances then the centre's, F; `t` in s.
 */
export function starPropagator(g: ArrayLike<number>, c: ArrayLike<number>, t: number): Float64Array {
  const n = g.length + 1;
  const centre = n - 1;
  const lap = new Float64Array(n * n);
  for (let i = 0; i < centre; i++) {
    lap[i * n + i] += g[i];
    lap[centre * n + centre] += g[i];
    lap[i * n + centre] -= g[i];
    lap[centre * n + i] -= g[i];
  }
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

/** Current from the centre into leaf i through its branch, A, with the leaf at vLeaf and the centre at vCentre (V). */
export type BranchCurrent = (i: number, vLeaf: number, vCentre: number) => number;

/**
 * Settle a star whose branches conduct nonlinearly (transmission gates): integrates
 * c_i dV_i/dt = I_i(V_i, V_c), c_c dV_c/dt = -sum_i I_i over `t` seconds, in place on `v` (leaves then
 * the centre, V), with the L-stable Rosenbrock integrator of the bitlines (stiff-safe: a small
 * group on wide gates settles in femtoseconds). The capacitances are fixed, so sum c_i V_i is
 * conserved to the integrator's tolerance. `tol`: local error per step, V.
 */
export function settleStar(current: BranchCurrent, c: ArrayLike<number>, v: Float64Array, t: number, tol = 1e-6): void {
  const n = v.length;
  const centre = n - 1;
  const slope = (_t: number, y: Float64Array, out: Float64Array): void => {
    let toCentre = 0; // A
    for (let i = 0; i < centre; i++) {
      const iLeaf = current(i, y[i], y[centre]);
      out[i] = iLeaf / c[i];
      toCentre -= iLeaf;
    }
    out[centre] = toCentre / c[centre];
  };
  if (t > 0) integrateVector(slope, v, 0, t, Math.min(t, 1e-13), tol);
}
