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

/** V(t) of a star from V(0) = `y` into `out` (as starPropagator, without forming the propagator). */
export function starApply(g: ArrayLike<number>, c: ArrayLike<number>, t: number, y: ArrayLike<number>, out: Float64Array): void {
  const n = g.length + 1;
  const centre = n - 1;
  const s = new Float64Array(n * n);
  const rs = new Float64Array(n);
  for (let i = 0; i < n; i++) rs[i] = 1 / Math.sqrt(c[i]);
  for (let i = 0; i < centre; i++) {
    s[i * n + i] = g[i] * rs[i] * rs[i];
    s[centre * n + centre] += g[i] * rs[centre] * rs[centre];
    s[i * n + centre] = s[centre * n + i] = -g[i] * rs[i] * rs[centre];
  }
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

/** Current from the centre into leaf i through its branch, A, with the leaf at vLeaf and the centre at vCentre (V). */
export type BranchCurrent = (i: number, vLeaf: number, vCentre: number) => number;

/** Options of settleStar. */
export interface SettleOptions {
  /** Local error allowed per step of the embedded first-order solution, V (the result is second order). */
  tol?: number;
  /** First step, s. */
  firstStep?: number;
}

const SECANT_DV = 1e-6; // V, branch voltage below which the secant conductance is taken at this voltage

/**
 * Settle a star whose branches conduct nonlinearly (transmission gates), in place on `v` (leaves
 * then the centre, V) over `t` seconds: c_i dV_i/dt = I_i(V_i, V_c), c_c dV_c/dt = -sum_i I_i.
 * Exponential midpoint steps: each step propagates the star exactly (starPropagator) with every
 * branch's secant conductance I_i / (V_c - V_i), first at the step's start (a first-order
 * predictor), then at the midpoint of start and prediction (second order). Each step is an exact
 * RC propagation, so the scheme is stable for any step (stiff-safe: a small group on wide gates
 * settles in femtoseconds) and conserves sum c_i V_i exactly; the step adapts to the
 * predictor-corrector difference. Stops early once all nodes agree within 1 nV.
 */
export function settleStar(current: BranchCurrent, c: ArrayLike<number>, v: Float64Array, t: number, o: SettleOptions = {}): void {
  const n = v.length;
  const centre = n - 1;
  const tol = o.tol ?? 5e-4;
  let h = Math.min(t, o.firstStep ?? 0.1e-12);
  const g = new Float64Array(centre);
  const mid = new Float64Array(n);
  const pred = new Float64Array(n);
  const next = new Float64Array(n);
  const conductances = (y: Float64Array): Float64Array => {
    for (let i = 0; i < centre; i++) {
      const dv = y[centre] - y[i];
      g[i] = Math.abs(dv) > SECANT_DV ? current(i, y[i], y[centre]) / dv : current(i, y[i], y[i] + SECANT_DV) / SECANT_DV;
    }
    return g;
  };
  let cSum = 0;
  for (let i = 0; i < n; i++) cSum += c[i];
  let time = 0;
  for (let guard = 0; time < t && guard < 10_000; guard++) {
    h = Math.min(h, t - time);
    starApply(conductances(v), c, h, v, pred);
    for (let i = 0; i < n; i++) mid[i] = 0.5 * (v[i] + pred[i]);
    starApply(conductances(mid), c, h, v, next);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(next[i] - pred[i]));
    if (err > tol && h > 1e-16) {
      h *= Math.max(0.2, 0.9 * Math.sqrt(tol / err));
      continue;
    }
    v.set(next);
    time += h;
    h *= err === 0 ? 4 : Math.min(4, Math.max(0.2, 0.9 * Math.sqrt(tol / err)));
    // settled: every node at the charge-weighted mean (where the star ends)
    let mean = 0;
    for (let i = 0; i < n; i++) mean += c[i] * v[i];
    mean /= cSum;
    let spread = 0;
    for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(v[i] - mean));
    if (spread < 1e-9) {
      v.fill(mean);
      return;
    }
  }
}
