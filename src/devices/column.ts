import { endCapacitance, type AccessChargeLaw, type EndCapacitance } from '../tech/access-charge.js';
import { overlapCap, overlapMean } from '../tech/overlap-charge.js';
import { techDefault } from '../tech/params.js';
import { accessCurrent, accessPartials, CMID_RAMP, outputSlope, overdrive, portCurrent, reverseStackCurrent, saturationVoltage, weakPrefactor, type AccessPartials, type ReadPortModel } from '../tech/transistor.js';
import { integrateVector } from './bitline.js';
import { pulseSpan, wordlineVoltage, type WordlineShape } from './wordline-driver.js';

/**
 * One column through one wordline pulse set with wordline-edge physics: state [V_bl, V_mid of each
 * width group of pulsed '0' cells, V_mid of each width group of pulsed '1' cells until its wordline
 * has fallen]. Two solvers of the same equations:
 *
 * - `detailed`: the conducting ('1') cells summed cell by cell at every evaluation (ROS3 on the
 *   full per-cell port law, saturation and linear region; below ground the reversed stack).
 * - `fast`: valid while every conducting cell stays in saturation (V_bl >= its Vdsat) and above
 *   ground. Then a cell's current separates as S_i(Vwl(t)) + L_i(Vwl(t)) V + W_i(Vwl(t)) D(V)
 *   (L_i = S_i lambda(f_i), the output slope), with D(V) = exp(eta (V - vdsRef) / (n vT))
 *   (1 - exp(-V / vT)) common to all cells, so the column's conducting cells reduce to three
 *   numbers per time piece: their strong, sloped and weak charge over the piece at Vds-reference
 *   (strong: the alpha-power antiderivative with a hard threshold and constant lambda, otherwise
 *   3-point Gauss-Legendre; weak: the exact integral
 *   n vT ioff e^(vtWeak/(n vT)) logistic((Vwl - vtWeak - dVt)/(n vT))). The small ODE left (bitline, internal
 *   nodes, coupling, junction capacitance, leakage) costs O(width groups) per evaluation instead of
 *   O(cells). On the flat top the reduction is exact; on the edges the piece's charge is spread
 *   evenly over the piece, so each edge is cut into EDGE_SLICES pieces (error vs detailed: see
 *   docs/physics.md and test/devices/fast-column.test.ts). `fast` returns NaN when a piece ends with
 *   the bitline below the largest Vdsat of its conducting cells (or below ground): the caller then
 *   runs `detailed` (the documented fallback rule).
 */

/** Edge pieces of the fast path: each wordline edge is cut into this many equal time slices. */
export const EDGE_SLICES = 4;
/**
 * Local error tolerance per integration step of both solvers, as a fraction of the converter's LSB
 * (embedded first-order estimate; the second-order solution is far closer). 1/200 LSB per step
 * keeps the end voltage within LSB/100 of a 50x tighter setting on the discharge grid's corners
 * (test/devices/column-tolerance.test.ts), 0.1 mV on the test chip's 20 mV LSB.
 */
export const COLUMN_TOL_LSB = 1 / 200;
/** Tolerance of an array that no converter reads (no LSB to tie it to), V. */
export const DEFAULT_COLUMN_TOL = 1e-4;

/** Per-column input gathered by the array (buffers reused across columns and pulses). */
export class ColumnSetup {
  v0 = 0; // V
  cap = 0; // F, nominal (vdd..vdd/2 average)
  leak = 0; // A, non-pulsed cells' leakage
  span = 0; // s
  groups = 0;
  readonly gWidth: Float64Array; // s, 50 % width of each group
  readonly gPorts: Int32Array; // pulsed ports of the group in this column
  readonly gZeros: Int32Array; // pulsed '0' cells with an internal node
  readonly gOnes: Int32Array; // pulsed '1' cells (their internal node is tracked when the port has an access law)
  readonly gVmid: Float64Array; // V, sum then mean of their relaxed internal-node voltages
  ons = 0;
  readonly onDvt: Float64Array; // V
  readonly onBeta: Float64Array; // -
  readonly onGroup: Int32Array;
  /** Cells each conducting entry stands for: identical cells of a group share one entry. */
  readonly onCount: Float64Array;
  /** Entry of each group's nominal cells (dvt 0, beta 1), -1 = none yet. */
  private readonly nominal: Int32Array;
  /** V at the end, internal nodes of each group with zeros (index = group). */
  readonly vmidOut: Float64Array;

  constructor(rows: number) {
    this.gWidth = new Float64Array(rows);
    this.gPorts = new Int32Array(rows);
    this.gZeros = new Int32Array(rows);
    this.gOnes = new Int32Array(rows);
    this.gVmid = new Float64Array(rows);
    this.onDvt = new Float64Array(rows);
    this.onBeta = new Float64Array(rows);
    this.onGroup = new Int32Array(rows);
    this.onCount = new Float64Array(rows);
    this.nominal = new Int32Array(rows);
    this.vmidOut = new Float64Array(rows);
  }

  /** Start a column: no groups, no conducting cells. */
  reset(v0: number, cap: number, leak: number, span: number): void {
    this.v0 = v0;
    this.cap = cap;
    this.leak = leak;
    this.span = span;
    this.groups = 0;
    this.ons = 0;
  }

  /** Index of the group of pulse width `w` (s), created if new. */
  group(w: number): number {
    for (let g = 0; g < this.groups; g++) if (this.gWidth[g] === w) return g;
    const g = this.groups++;
    this.gWidth[g] = w;
    this.gPorts[g] = 0;
    this.gZeros[g] = 0;
    this.gOnes[g] = 0;
    this.gVmid[g] = 0;
    this.nominal[g] = -1;
    return g;
  }

  /** `count` conducting cells of group g with threshold shift dvt (V) and current factor beta. */
  addOn(g: number, dvt: number, beta: number, count = 1): void {
    const merge = dvt === 0 && beta === 1;
    if (merge && this.nominal[g] >= 0) {
      this.onCount[this.nominal[g]] += count;
      return;
    }
    if (merge) this.nominal[g] = this.ons;
    this.onDvt[this.ons] = dvt;
    this.onBeta[this.ons] = beta;
    this.onCount[this.ons] = count;
    this.onGroup[this.ons++] = g;
  }
}

/**
 * Voltage law of the bitline capacitance, whose vdd..vdd/2 average is the nominal value: the
 * junction fraction with its grading and built-in voltage, and the bias-dependent overlap of the
 * `ports` access devices on the bitline at wordline 0 (src/tech/overlap-charge.ts). The internal
 * nodes' diffusion follows the same junction law.
 */
export interface JunctionLaw {
  frac: number;
  mj: number;
  pb: number; // V
  ports: number;
  vdd: number; // V
}

/** Junction grading (1 + V/pb)^-mj (V clamped at -pb/2: forward bias is not a capacitance law). */
export function junctionGrading(v: number, mj: number, pb: number): number {
  return Math.pow(1 + Math.max(v, -0.5 * pb) / pb, -mj);
}

/** Charge average of junctionGrading over [lo, hi] (V, both above -pb/2). */
export function junctionGradingMean(lo: number, hi: number, mj: number, pb: number): number {
  if (mj === 1) return (pb * Math.log((pb + hi) / (pb + lo))) / (hi - lo);
  return (pb * (Math.pow(1 + hi / pb, 1 - mj) - Math.pow(1 + lo / pb, 1 - mj))) / ((1 - mj) * (hi - lo));
}

/** Column solver of one array (port model, pulse shape and capacitance law fixed). */
export class ColumnSolver {
  private readonly m: ReadPortModel;
  private readonly shape: WordlineShape;
  private readonly j: JunctionLaw;
  private readonly nvt: number; // V, n vT of the port
  private readonly expVt: number; // e^(Vt / (n vT))
  private readonly ovMeanBl: number; // -, overlap share the nominal bitline capacitance holds
  private readonly ovMeanMid: number; // -, overlap share rp_cmid holds (per device end)
  private readonly gradeBl: number; // -, junction grading averaged where cbl was measured
  private readonly gradeMid: number; // -, junction grading averaged where rp_cmid was measured
  private readonly cjMid: number; // F, junction part of rp_cmid (less both devices' overlaps)
  /** Time corners and per-piece strong/weak sums of the fast path (grown on demand). */
  private times = new Float64Array(64);
  private y = new Float64Array(8);
  private weights = new Float64Array(8); // -, error weight of each state component (begin())
  private onesTracked = new Uint8Array(8); // 1 while group g's '1' cells have their internal node in the state
  // state of the current column, read by the slope functions
  private s!: ColumnSetup;
  private zg = new Int32Array(8); // group index of each state component 1..nz ('0' cells), then nz+1..nz+no ('1' cells)
  // arrow system of common(): internal-node rows ak dVm + bk dVbl = rk, bitline coefficients dk
  private ak = new Float64Array(8); // F
  private bk = new Float64Array(8); // F
  private rk = new Float64Array(8); // A
  private dk = new Float64Array(8); // F
  private readonly ec: EndCapacitance = { self: 0, other: 0, gate: 0 };
  private readonly pa: AccessPartials = { i: 0, dva: 0, dvb: 0 }; // access device of a '1' cell
  private readonly ps: AccessPartials = { i: 0, dva: 0, dvb: 0 }; // its storage device
  private readonly probe = new ColumnSetup(1); // one cell, for cellCharge()
  /** Wordline charge law of the access device (the current law's threshold when none is fitted). */
  private readonly charge: AccessChargeLaw;
  /** No channel and no bias-dependent overlap: a flat wordline moves no charge. */
  private readonly flatFree: boolean;
  /** Local error tolerance per integration step, V (COLUMN_TOL_LSB of the converter's LSB). */
  tolerance = DEFAULT_COLUMN_TOL;
  private nz = 0;
  private no = 0; // groups of '1' cells whose internal node is a state
  /** '1' cells' internal nodes are tracked: the port has an access law, an internal-node capacitance and a storage gate level. */
  private readonly tracksOnes: boolean;
  private aCur = 0; // A, strong current of the conducting cells at Vds-reference (fast path)
  private bCur = 0; // A, weak current at Vds-reference (fast path)
  private lCur = 0; // A/V, strong current times each cell's output slope lambda(f) (fast path)

  constructor(m: ReadPortModel, shape: WordlineShape, junction: JunctionLaw) {
    this.m = m;
    this.shape = shape;
    this.j = junction;
    this.nvt = m.n * m.vThermal;
    this.expVt = Math.exp((m.vtWeak ?? m.vt) / this.nvt);
    const kappa = m.ovKappa ?? techDefault('rp_cov_kappa');
    const acc = m.access;
    const knee = acc ? 2 * acc.n * m.vThermal : 2 * m.n * m.vThermal; // V, weak inversion of the current law
    const cv = m.cv ?? { vt: acc ? acc.vt : m.vt, body: acc ? acc.body : 1, knee, fSat: techDefault('rp_cv_fsat'), dibl: 0 };
    this.charge = { cgd: m.cgd ?? 0, cov: m.cov ?? 0, ovKappa: kappa, cch: m.cch ?? 0, cv };
    this.flatFree = this.charge.cch === 0 && this.charge.cov === 0;
    this.ovMeanBl = overlapMean(junction.vdd / 2, junction.vdd, kappa);
    this.ovMeanMid = overlapMean(CMID_RAMP.lo, CMID_RAMP.hi, kappa);
    this.gradeBl = junctionGradingMean(junction.vdd / 2, junction.vdd, junction.mj, junction.pb);
    this.gradeMid = junctionGradingMean(CMID_RAMP.lo, CMID_RAMP.hi, junction.mj, junction.pb);
    this.cjMid = junction.frac > 0 ? Math.max(0, (m.cmid ?? 0) - 2 * ((m.cgd ?? 0) + (m.cov ?? 0) * this.ovMeanMid)) : 0;
    this.tracksOnes = acc !== undefined && (m.cmid ?? 0) > 0 && m.vdsRef !== undefined;
  }

  /**
   * Bitline capacitance of a column of nominal capacitance `cap` at voltage v with every wordline
   * at 0, F; `h0` = overlapCap(-v) when the caller has it.
   */
  capAt(cap: number, v: number, h0 = this.restOverlap(v)): number {
    const j = this.j;
    const cov = this.m.cov ?? 0; // F
    const ov = cov === 0 ? 0 : j.ports * cov * (h0 - this.ovMeanBl);
    if (j.frac === 0) return cap + ov;
    const g = junctionGrading(v, j.mj, j.pb) / this.gradeBl;
    return cap * (1 - j.frac + j.frac * g) + ov;
  }

  /**
   * Internal-node capacitance of a '0' cell at voltage vm with both gates at 0, F: rp_cmid (its
   * average over CMID_RAMP) with the voltage law of its junction and of the two devices' overlaps.
   */
  midCap(vm: number, h0 = this.restOverlap(vm)): number {
    const m = this.m;
    const cov = m.cov ?? 0; // F
    const j = this.j;
    const ov = cov === 0 ? 0 : 2 * cov * (h0 - this.ovMeanMid);
    const junction = this.cjMid === 0 ? 0 : this.cjMid * (junctionGrading(vm, j.mj, j.pb) / this.gradeMid - 1);
    return (m.cmid ?? 0) + ov + junction;
  }

  /** dH/du of an end at voltage v with its gate at 0 (0 without a bias-dependent overlap), -. */
  private restOverlap(v: number): number {
    return this.charge.cov === 0 ? 0 : overlapCap(-v, this.charge.ovKappa);
  }

  /** Full per-cell integration; returns V_bl at the end, internal nodes in s.vmidOut. */
  detailed(s: ColumnSetup): number {
    this.begin(s);
    const n = this.cornerTimes(s, 1);
    for (let k = 1; k < n; k++) {
      const t0 = this.times[k - 1];
      const t1 = this.times[k];
      if (!(t1 > t0)) continue;
      this.retireOnes(t0);
      integrateVector(this.detailedSlope, this.y.subarray(0, 1 + this.nz + this.no), t0, t1, (t1 - t0) / 8, this.tolerance, -Infinity, this.weights);
    }
    return this.finish(s);
  }

  /** Reduced integration (see the file comment); NaN when a conducting cell leaves saturation. */
  fast(s: ColumnSetup): number {
    this.begin(s);
    const m = this.m;
    const n = this.cornerTimes(s, EDGE_SLICES);
    // largest Vdsat of the conducting cells at full wordline: the validity limit
    let dvtMin = Infinity;
    for (let i = 0; i < s.ons; i++) if (s.onBeta[i] > 0 && s.onDvt[i] < dvtMin) dvtMin = s.onDvt[i];
    const limit = s.ons === 0 ? -Infinity : saturationVoltage(m, this.shape.vwl, dvtMin);
    for (let k = 1; k < n; k++) {
      const t0 = this.times[k - 1];
      const t1 = this.times[k];
      if (!(t1 > t0)) continue;
      this.pieceCurrents(s, t0, t1);
      this.retireOnes(t0);
      const y = this.y.subarray(0, 1 + this.nz + this.no);
      if (!integrateVector(this.fastSlope, y, t0, t1, (t1 - t0) / 4, this.tolerance, limit, this.weights)) return NaN;
    }
    return this.finish(s);
  }

  /**
   * Charge one conducting cell (threshold shift dvt, V) passes through a pulse of 50 %-width `width`
   * (s) with its drain held at `vds` (V), C: the strong part per unit current factor and the weak
   * part, by the fast path's per-piece sums (the measure of a cell's strength in column-table.ts).
   */
  cellCharge(width: number, dvt: number, vds: number, out: { strong: number; weak: number }): void {
    const s = this.probe;
    s.reset(vds, 1, 0, pulseSpan(this.shape, width));
    s.addOn(s.group(width), dvt, 1);
    const n = this.cornerTimes(s, EDGE_SLICES);
    const m = this.m;
    const dibl = m.eta && m.vdsRef !== undefined ? Math.exp((m.eta * (vds - m.vdsRef)) / this.nvt) : 1;
    out.strong = 0;
    out.weak = 0;
    for (let k = 1; k < n; k++) {
      const dt = this.times[k] - this.times[k - 1];
      if (!(dt > 0)) continue;
      this.pieceCurrents(s, this.times[k - 1], this.times[k]);
      out.strong += (this.aCur + this.lCur * vds) * dt;
      out.weak += this.bCur * dibl * -Math.expm1(-vds / m.vThermal) * dt;
    }
  }

  private begin(s: ColumnSetup): void {
    this.s = s;
    let nz = 0;
    if (this.zg.length < 2 * s.groups) {
      this.zg = new Int32Array(2 * s.groups);
      for (const k of ['ak', 'bk', 'rk', 'dk'] as const) this[k] = new Float64Array(2 * s.groups);
    }
    if (this.y.length < 1 + 2 * s.groups) {
      this.y = new Float64Array(1 + 2 * s.groups);
      this.weights = new Float64Array(1 + 2 * s.groups);
    }
    for (let g = 0; g < s.groups; g++) if (s.gZeros[g] > 0) this.zg[nz++] = g;
    let no = 0;
    if (this.onesTracked.length < s.groups) this.onesTracked = new Uint8Array(s.groups);
    for (let g = 0; g < s.groups; g++) {
      this.onesTracked[g] = this.tracksOnes && s.gOnes[g] > 0 ? 1 : 0;
      if (this.onesTracked[g] === 1) this.zg[nz + no++] = g;
    }
    this.nz = nz;
    this.no = no;
    this.y[0] = s.v0;
    for (let k = 0; k < nz; k++) this.y[1 + k] = s.gVmid[this.zg[k]];
    // a '1' cell's internal node rests at ground between pulses (its storage device is on)
    for (let k = nz; k < nz + no; k++) this.y[1 + k] = 0;
    // an internal node's error is weighed by the share of its charge the bitline would see: its
    // cells' capacitance over the bitline's (n C_mid dV / C_bl), so the tolerance is one of bitline volts
    this.weights[0] = 1;
    const cmid = this.m.cmid ?? 0; // F
    for (let k = 0; k < nz + no; k++) {
      const cells = k < nz ? s.gZeros[this.zg[k]] : s.gOnes[this.zg[k]];
      this.weights[1 + k] = Math.min(1, (cells * cmid) / s.cap);
    }
  }

  /**
   * Stop tracking the internal nodes of '1' cells whose wordline has fallen by `t` (s): with the
   * access device off, the node's return to ground no longer reaches the bitline (no channel
   * couples the two ends), so those cells rejoin the held-end ports and the system shrinks.
   */
  private retireOnes(t: number): void {
    let w = this.nz;
    for (let k = this.nz; k < this.nz + this.no; k++) {
      const g = this.zg[k];
      if (t >= pulseSpan(this.shape, this.s.gWidth[g])) {
        this.onesTracked[g] = 0;
        continue;
      }
      this.zg[w] = g;
      this.y[1 + w] = this.y[1 + k];
      this.weights[1 + w] = this.weights[1 + k];
      w++;
    }
    this.no = w - this.nz;
  }

  private finish(s: ColumnSetup): number {
    for (let k = 0; k < this.nz; k++) s.vmidOut[this.zg[k]] = this.y[1 + k];
    return this.y[0];
  }

  /** Sorted distinct wordline corners in [0, span]; edge pieces cut into `slices`. Returns the count. */
  private cornerTimes(s: ColumnSetup, slices: number): number {
    const { trise, tfall } = this.shape;
    const need = 2 + (2 + 2 * s.groups) * slices + 2;
    if (this.times.length < need) this.times = new Float64Array(2 * need);
    const t = this.times;
    let n = 0;
    t[n++] = 0;
    t[n++] = s.span;
    for (let k = 1; k <= slices; k++) t[n++] = (trise * k) / slices;
    for (let g = 0; g < s.groups; g++) {
      const fallStart = trise + Math.max(0, s.gWidth[g] - (trise + tfall) / 2);
      for (let k = 0; k <= slices; k++) t[n++] = fallStart + (tfall * k) / slices;
    }
    const sorted = t.subarray(0, n).sort();
    let w = 0;
    for (let i = 0; i < n; i++) {
      const x = sorted[i];
      if (x < 0 || x > s.span) continue;
      if (w > 0 && t[w - 1] === x) continue;
      t[w++] = x;
    }
    return w;
  }

  /**
   * Strong and weak Vds-reference currents of the conducting cells, averaged over [t0, t1], A, and
   * the strong current weighted by each cell's output slope lambda(f), A/V.
   */
  private pieceCurrents(s: ColumnSetup, t0: number, t1: number): void {
    const m = this.m;
    const a = this.nvt;
    const ap1 = m.alpha + 1;
    const knee = m.knee ?? 0;
    const slopeVaries = (m.lambdaDibl ?? 0) !== 0; // lambda depends on the overdrive
    const ioffWeak = weakPrefactor(m); // A
    let strong = 0;
    let sloped = 0;
    let weak = 0;
    for (let i = 0; i < s.ons; i++) {
      const w = s.gWidth[s.onGroup[i]];
      const va = wordlineVoltage(this.shape, w, t0);
      const vb = wordlineVoltage(this.shape, w, t1);
      const dvt = s.onDvt[i];
      const beta = s.onBeta[i];
      const count = s.onCount[i];
      const thr = m.vt + dvt;
      const thrWeak = (m.vtWeak ?? m.vt) + dvt;
      if (Math.abs(vb - va) <= 1e-12 * this.shape.vwl) {
        // constant wordline: point values
        if (beta > 0) {
          const f = overdrive(m, va, dvt);
          const sat = f > 0 ? count * beta * m.k * Math.pow(f, m.alpha) : 0;
          strong += sat;
          sloped += sat * outputSlope(m, f);
        }
        if (m.ioff > 0) {
          const cut = 1 + Math.exp(Math.min(40, (va - thrWeak) / a));
          weak += (count * ioffWeak * Math.exp((va - dvt) / a)) / (cut * cut);
        }
        continue;
      }
      // linear ramp: mean over Vwl in [va, vb] (antiderivatives where they exist)
      const scale = 1 / (vb - va);
      if (beta > 0 && (knee > 0 || slopeVaries)) {
        // 3-point Gauss-Legendre (smooth with the soft knee; each edge is cut in slices)
        const mid = 0.5 * (va + vb);
        const half = 0.5 * (vb - va);
        for (let q = 0; q < 3; q++) {
          const f = overdrive(m, mid + GL3_NODES[q] * half, dvt);
          if (!(f > 0)) continue;
          const sat = (GL3_WEIGHTS[q] / 2) * count * beta * m.k * Math.pow(f, m.alpha);
          strong += sat;
          sloped += sat * outputSlope(m, f);
        }
      } else if (beta > 0) {
        const pa = va > thr ? Math.pow(va - thr, ap1) : 0;
        const pb = vb > thr ? Math.pow(vb - thr, ap1) : 0;
        const sat = ((count * beta * m.k) / ap1) * (pb - pa) * scale;
        strong += sat;
        sloped += sat * m.lambda;
      }
      if (m.ioff > 0) weak += count * ioffWeak * a * this.expVt * (logistic((vb - thrWeak) / a) - logistic((va - thrWeak) / a)) * scale;
    }
    this.aCur = strong;
    this.lCur = sloped;
    this.bCur = weak;
  }

  /**
   * Terms shared by both solvers: leakage, internal nodes, capacitance and the wordline's charge on
   * each end of every pulsed access device (src/tech/access-charge.ts). With node charges
   * q = C V + Q_end, dq/dt = -I gives, per tracked internal node k, a row coupled only to the
   * bitline (an arrow-shaped system), solved exactly by eliminating the internal nodes. capAt()
   * and midCap() hold each end's overlap at wordline 0, so the rows add only its change from there.
   */
  private common(t: number, y: Float64Array, out: Float64Array, cells: number): void {
    const m = this.m;
    const s = this.s;
    const shape = this.shape;
    const law = this.charge;
    const v = y[0];
    const vT = m.vThermal;
    const acc = m.access;
    const h0 = this.restOverlap(v); // -, the bitline end's overlap at wordline 0
    const rest = law.cgd + law.cov * h0; // F
    const ec = this.ec;
    const { pa, ps } = this;
    // off cells: subthreshold leakage, reversed (source and drain swapped) below ground
    const current = cells + (v >= 0 ? s.leak * -Math.expm1(-v / vT) : s.leak * Math.expm1(-v / (m.n * vT)) * -1);
    let a0 = this.capAt(s.cap, v, h0); // F, bitline row: coefficient of dV_bl/dt
    let r0 = -current; // A, bitline row: right-hand side
    // ports whose far end is held at ground: untracked '0' and '1' cells
    for (let g = 0; g < s.groups; g++) {
      const fixed = s.gPorts[g] - s.gZeros[g] - (this.onesTracked[g] === 1 ? s.gOnes[g] : 0);
      const dvg = wordlineSlope(shape, s.gWidth[g], t);
      if (fixed === 0 || (dvg === 0 && this.flatFree)) continue;
      endCapacitance(law, wordlineVoltage(shape, s.gWidth[g], t), v, 0, ec);
      a0 += fixed * (ec.self - rest);
      r0 -= fixed * ec.gate * dvg;
    }
    // pulsed '0' cells: their internal node is state y[1 + k], charged through the access device
    const { ak, bk, rk, dk } = this;
    for (let k = 0; k < this.nz; k++) {
      const g = this.zg[k];
      const n = s.gZeros[g];
      const vm = y[1 + k];
      const vg = wordlineVoltage(shape, s.gWidth[g], t);
      const dvg = wordlineSlope(shape, s.gWidth[g], t);
      const ia = acc ? accessCurrent(acc, vg, v, vm) : 0; // A, bitline -> internal node
      // A, ground -> internal node through the storage device (gate at 0): its leakage, and the
      // reverse conduction that pulls a node kicked below ground back up
      const ist = acc ? accessCurrent(acc, 0, 0, vm) : 0;
      endCapacitance(law, vg, v, vm, ec); // bitline end
      a0 += n * (ec.self - rest);
      dk[k] = n * ec.other;
      r0 -= n * (ec.gate * dvg + ia);
      endCapacitance(law, vg, vm, v, ec); // internal-node end
      const h0m = this.restOverlap(vm); // -
      ak[k] = this.midCap(vm, h0m) + ec.self - (law.cgd + law.cov * h0m);
      bk[k] = ec.other;
      rk[k] = ia + ist - ec.gate * dvg;
    }
    // pulsed '1' cells: their internal node is state y[1 + k] too. The channel the rising wordline
    // forms draws on both ends, so the node rises above its rest level, the access device's
    // overdrive falls and the cells pass less than the port law says until the storage device
    // (gate at vq) has brought the node back; at the fall the node takes its share of the channel
    // back and dips below ground. The port law holds at rest; away from it the cells' current
    // departs from the law by what the access device passes at the node's voltage less at its rest
    // level, ga (vm - vm_rest) to first order, with (ga - gs) (vm - vm_rest) the node's imbalance
    // ia - is: the bitline's share ga / (ga - gs) of that imbalance (no solve for the rest level).
    const vq = m.vdsRef ?? 0; // V, storage gate of a '1' cell
    const access = acc as NonNullable<typeof acc>; // present whenever '1' nodes are tracked (tracksOnes)
    for (let k = this.nz; k < this.nz + this.no; k++) {
      const g = this.zg[k];
      const n = s.gOnes[g];
      const vm = y[1 + k];
      const vg = wordlineVoltage(shape, s.gWidth[g], t);
      const dvg = wordlineSlope(shape, s.gWidth[g], t);
      accessPartials(access, vg, v, vm, pa); // bitline -> internal node
      accessPartials(access, vq, vm, 0, ps); // internal node -> ground through the storage device
      const ia = pa.i; // A
      const ist = ps.i; // A
      const ga = pa.dvb; // A/V, <= 0
      const gs = ps.dva; // A/V, >= 0
      const share = ga - gs < 0 ? ga / (ga - gs) : 0; // -
      endCapacitance(law, vg, v, vm, ec); // bitline end
      a0 += n * (ec.self - rest);
      dk[k] = n * ec.other;
      r0 -= n * (ec.gate * dvg + share * (ia - ist));
      endCapacitance(law, vg, vm, v, ec); // internal-node end of the access device
      const h0m = this.restOverlap(vm); // -
      const restMid = law.cgd + law.cov * h0m; // F, each device's end at gate 0, which midCap holds
      ak[k] = this.midCap(vm, h0m) + ec.self - restMid;
      bk[k] = ec.other;
      rk[k] = ia - ist - ec.gate * dvg;
      endCapacitance(law, vq, vm, 0, ec); // the storage device's end, its gate held at vq
      ak[k] += ec.self - restMid;
    }
    let num = r0;
    let den = a0;
    for (let k = 0; k < this.nz + this.no; k++) {
      num -= (dk[k] * rk[k]) / ak[k];
      den -= (dk[k] * bk[k]) / ak[k];
    }
    const dv = num / den; // V/s
    out[0] = dv;
    for (let k = 0; k < this.nz + this.no; k++) out[1 + k] = (rk[k] - bk[k] * dv) / ak[k];
  }

  private readonly detailedSlope = (t: number, y: Float64Array, out: Float64Array): void => {
    const m = this.m;
    const s = this.s;
    const v = y[0];
    const vq = m.vdsRef ?? 0; // V, storage gate of a '1' cell (vdd)
    let cells = 0;
    for (let i = 0; i < s.ons; i++) {
      const vg = wordlineVoltage(this.shape, s.gWidth[s.onGroup[i]], t);
      const n = s.onCount[i];
      if (v >= 0) cells += n * portCurrent(m, vg, v, s.onDvt[i], s.onBeta[i]);
      else cells -= n * s.onBeta[i] * (m.access ? reverseStackCurrent(m.access, vg, vq, v, s.onDvt[i]) : portCurrent(m, vg - v, -v, s.onDvt[i]));
    }
    this.common(t, y, out, cells);
  };

  private readonly fastSlope = (t: number, y: Float64Array, out: Float64Array): void => {
    const m = this.m;
    const v = y[0];
    let cells = 0;
    if (this.aCur > 0) cells += this.aCur + this.lCur * v;
    if (this.bCur > 0 && v > 0) {
      const dibl = m.eta && m.vdsRef !== undefined ? Math.exp((m.eta * (v - m.vdsRef)) / this.nvt) : 1;
      cells += this.bCur * dibl * -Math.expm1(-v / m.vThermal);
    }
    this.common(t, y, out, cells);
  };
}

/** Gauss-Legendre 3-point rule on [-1, 1]: abscissae and weights. */
const GL3_NODES = [-Math.sqrt(0.6), 0, Math.sqrt(0.6)];
const GL3_WEIGHTS = [5 / 9, 8 / 9, 5 / 9];

function logistic(z: number): number {
  return z > 40 ? 1 : z < -40 ? Math.exp(z) : 1 / (1 + Math.exp(-z));
}

/** dVwl/dt of a trapezoidal pulse at time t after its start, V/s (0 on the flat parts). */
export function wordlineSlope(shape: WordlineShape, width: number, t: number): number {
  if (t <= 0) return 0;
  if (t < shape.trise) return shape.vwl / shape.trise;
  const fallStart = shape.trise + Math.max(0, width - (shape.trise + shape.tfall) / 2);
  if (t <= fallStart || t >= fallStart + shape.tfall) return 0;
  return -shape.vwl / shape.tfall;
}
