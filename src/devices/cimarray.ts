import type { EnergyLedger, PhaseTrace } from '../engine/ledger.js';
import { toFs, toSeconds } from '../engine/time.js';
import { capSigma, pelgromSigmaVt, type Technology } from '../tech/technology.js';
import type { RandomStream } from '../tech/random.js';
import { accessCurrent, portCurrent, saturationVoltage, softStep, type ReadPortModel } from '../tech/transistor.js';
import { holdVoltage, integrate, integrateVector, pulseCharge, saturationDischarge } from './bitline.js';
import { prechargeEnergy, prechargeVoltage } from './precharge.js';
import { flatTop, pulseSpan, wordlineEnergy, wordlineVoltage, type WordlineShape } from './wordline-driver.js';

/** Which non-idealities an array samples at elaboration. */
export interface ArrayVariation {
  cellVt: boolean; // Pelgrom threshold mismatch per cell
  cellBeta: boolean; // Pelgrom current-factor mismatch per cell
  capMismatch: boolean; // per-column bitline capacitance mismatch
  leakage: boolean; // subthreshold leakage of off cells
}

export interface CimArrayOptions {
  name: string;
  rows: number;
  cols: number;
  cell: '8t' | '6t';
  bits: Uint8Array; // row-major stored bits
  vpre: number; // V
  rpre: number; // Ohm
  tpre: number; // s
  wordline: WordlineShape;
  tech: Technology;
  variation: ArrayVariation;
  /** Stream for mismatch sampling (consumed only at construction). */
  mismatch: RandomStream;
}

/**
 * SRAM CiM array: rows x cols bitcells, read wordlines, precharged read bitlines.
 * State lives in typed arrays; one call handles a control action (precharge, pulse set, hold) for
 * the whole array. Per-cell arrays are derived once at construction (memory ~21 B/bitcell).
 * Wordline edges (when the technology has rp_cgd / rp_cch / rp_cmid): every pulsed port couples
 * its wordline swing into the bitline (overlap cgd, plus half the access channel where it reaches
 * the bitline), and the internal stack node of every pulsed cell storing '0' is charged from the
 * bitline through its access device. Those nodes are state (`vmid`, per cell, relaxing to
 * vmidRest with tauMid between reads), so the charge a read takes depends on the reads before.
 * Energy is booked as supply energy: discharge and leakage book VDD*C*dV when charge is lost
 * (the supply pays it back at the next precharge); precharge books only what is not already booked.
 */
export class CimArray {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly cell: '8t' | '6t';
  readonly bits: Uint8Array;
  /** Per-cell saturation current at the full wordline voltage, A (0 = never turns on). */
  private readonly isat: Float32Array;
  /** Per-cell saturation voltage at full wordline, V. */
  private readonly vdsat: Float32Array;
  /** Per-cell overdrive at full wordline, V. */
  private readonly vov: Float32Array;
  /** Per-cell off leakage at Vds = vdd, A. */
  private readonly ioff: Float32Array;
  /** Column bitline capacitance including mismatch, F. */
  readonly cbl: Float64Array;
  /** Column bitline voltage at time `timeFs`, V. */
  readonly vbl: Float64Array;
  /** Column off-cell leakage with every wordline low, A. */
  private readonly leakHold: Float64Array;
  /** Internal stack-node voltage of each cell at the end of its row's last pulse, V ('0' cells). */
  private readonly vmid: Float32Array;
  /** End of each row's last pulse, fs (internal nodes relax from there). */
  private readonly rowFs: Float64Array;
  /** Junction share of the bitline capacitance (fraction at the vdd..vdd/2 average) and its law. */
  private readonly junction: { frac: number; mj: number; pb: number; norm: number };
  /** Wordline-edge physics present (coupling or internal-node charging). */
  private readonly edges: boolean;
  /** Volts of bitline deficit already booked (discharge/leakage) but not yet restored. */
  private readonly unpaid: Float64Array;
  timeFs = 0;
  readonly port: ReadPortModel;
  readonly vpre: number;
  readonly rpre: number;
  readonly tpre: number;
  readonly wordline: WordlineShape;
  private readonly vdd: number;
  private readonly cwlRow: number; // F per wordline

  constructor(o: CimArrayOptions) {
    this.name = o.name;
    this.rows = o.rows;
    this.cols = o.cols;
    this.cell = o.cell;
    this.bits = o.bits;
    this.port = o.tech.readPort;
    this.vpre = o.vpre;
    this.rpre = o.rpre * o.tech.pmosResistanceScale;
    this.tpre = o.tpre;
    this.wordline = o.wordline;
    this.vdd = o.tech.vdd;
    this.cwlRow = o.cols * o.tech.cwlCell;
    const n = o.rows * o.cols;
    this.isat = new Float32Array(n);
    this.vdsat = new Float32Array(n);
    this.vov = new Float32Array(n);
    this.ioff = new Float32Array(n);
    this.cbl = new Float64Array(o.cols);
    this.vbl = new Float64Array(o.cols).fill(o.vpre); // arrays start precharged
    this.leakHold = new Float64Array(o.cols);
    this.unpaid = new Float64Array(o.cols);
    this.vmid = new Float32Array(n).fill(this.port.vmidRest ?? 0);
    this.rowFs = new Float64Array(o.rows);
    const p = this.port;
    const cNom = o.rows * o.tech.cblCell + o.tech.cblFixed;
    const { cblMj: mj, cblPb: pb, vdd } = o.tech;
    // charge-average of (1 + V/pb)^-mj over vdd/2..vdd, the range cbl_cell was measured over
    const norm = mj === 1 ? (pb * Math.log((pb + vdd) / (pb + vdd / 2))) / (vdd / 2) : (pb * (Math.pow(1 + vdd / pb, 1 - mj) - Math.pow(1 + vdd / (2 * pb), 1 - mj))) / ((1 - mj) * (vdd / 2));
    this.junction = { frac: cNom > 0 ? (o.rows * o.tech.cblJunction) / cNom : 0, mj, pb, norm };
    this.edges = (p.cgd ?? 0) > 0 || (p.cch ?? 0) > 0 || ((p.cmid ?? 0) > 0 && p.access !== undefined);
    this.sample(o);
  }

  /** Draw mismatch from the seeded stream in a fixed order: cells row-major, then columns. */
  private sample(o: CimArrayOptions): void {
    const m = this.port;
    const sigmaVt = o.variation.cellVt ? pelgromSigmaVt(o.tech.avt, o.tech.rpW, o.tech.rpL) : 0;
    const sigmaBeta = o.variation.cellBeta ? o.tech.abeta / Math.sqrt(o.tech.rpW * o.tech.rpL) : 0;
    const vwl = o.wordline.vwl;
    for (let i = 0; i < this.isat.length; i++) {
      const dvt = sigmaVt * o.mismatch.normal();
      const beta = 1 + sigmaBeta * o.mismatch.normal();
      const vov = vwl - m.vt - dvt;
      this.vov[i] = vov;
      this.isat[i] = vov > 0 ? Math.max(0, beta) * m.k * Math.pow(vov, m.alpha) : 0;
      this.vdsat[i] = saturationVoltage(m, vwl, dvt);
      this.ioff[i] = o.variation.leakage ? m.ioff * Math.exp(-dvt / (m.n * m.vThermal)) : 0;
    }
    const cNominal = o.rows * o.tech.cblCell + o.tech.cblFixed;
    const sigmaC = o.variation.capMismatch ? capSigma(o.tech.capMismatch, cNominal) : 0;
    for (let c = 0; c < this.cols; c++) this.cbl[c] = cNominal * (1 + sigmaC * o.mismatch.normal());
    this.sumLeakage();
  }

  /** Leakage of a cell with its wordline low, A: a port storing '0' leaks less (stack effect). */
  private cellLeak(i: number): number {
    const m = this.port;
    return this.bits[i] === 1 || m.ioff0 === undefined || m.ioff === 0 ? this.ioff[i] : (this.ioff[i] * m.ioff0) / m.ioff;
  }

  private sumLeakage(): void {
    for (let c = 0; c < this.cols; c++) {
      let leak = 0;
      for (let r = 0; r < this.rows; r++) leak += this.cellLeak(r * this.cols + c);
      this.leakHold[c] = leak;
    }
  }

  /** Bitline voltage of column `c` at time `tFs` >= timeFs, holding (no pulse), without committing. */
  voltageAt(c: number, tFs: number): number {
    return holdVoltage(this.vbl[c], this.leakHold[c], this.cbl[c], this.port.vThermal, toSeconds(tFs - this.timeFs));
  }

  /** Advance every column through a hold (leakage droop) to `tFs`, booking leakage energy. */
  holdTo(tFs: number, ledger: EnergyLedger): void {
    if (tFs <= this.timeFs) return;
    const dt = toSeconds(tFs - this.timeFs);
    let lost = 0; // C*V, coulombs
    for (let c = 0; c < this.cols; c++) {
      const v = holdVoltage(this.vbl[c], this.leakHold[c], this.cbl[c], this.port.vThermal, dt);
      const dv = Math.max(0, this.vbl[c] - v); // V; rounding must not book negative energy
      lost += this.cbl[c] * dv;
      this.unpaid[c] += dv;
      this.vbl[c] = v;
    }
    ledger.book(this.name, 'leakage', this.vdd * lost);
    this.timeFs = tFs;
  }

  /** Precharge all bitlines starting at `startFs`; returns the end time, fs. */
  precharge(startFs: number, ledger: EnergyLedger, trace?: PhaseTrace): number {
    this.holdTo(startFs, ledger);
    let energy = 0;
    for (let c = 0; c < this.cols; c++) {
      const v0 = this.vbl[c];
      const v1 = prechargeVoltage(v0, this.vpre, this.rpre, this.cbl[c], this.tpre);
      const rise = Math.max(0, v1 - v0);
      const prepaid = Math.min(this.unpaid[c], rise);
      this.unpaid[c] -= prepaid;
      energy += prechargeEnergy(this.vdd, this.cbl[c], v0, v1) - this.vdd * this.cbl[c] * prepaid;
      this.vbl[c] = v1;
    }
    ledger.book(this.name, 'precharge', Math.max(0, energy));
    const endFs = startFs + toFs(this.tpre);
    this.timeFs = endFs;
    trace?.record(this.name, 'precharge', startFs, endFs);
    return endFs;
  }

  /**
   * Apply one set of simultaneous wordline pulses starting at `startFs`: row r pulses with 50 %-width
   * widths[r] seconds (0 = no pulse). Returns the end time (last fall complete), fs.
   */
  pulse(startFs: number, widths: Float64Array, ledger: EnergyLedger, trace?: PhaseTrace): number {
    this.holdTo(startFs, ledger);
    const shape = this.wordline;
    let span = 0;
    let pulsing = 0;
    for (let r = 0; r < this.rows; r++) {
      if (widths[r] > 0) {
        flatTop(shape, widths[r], this.name); // validates the width
        span = Math.max(span, pulseSpan(shape, widths[r]));
        pulsing++;
      }
    }
    if (pulsing === 0) return startFs;
    ledger.book(this.name, 'wordline', pulsing * wordlineEnergy(this.cwlRow, shape.vwl));
    let dischargeQ = 0;
    let leakQ = 0;
    for (let c = 0; c < this.cols; c++) {
      const v0 = this.vbl[c];
      const v1 = this.edges ? this.edgeColumn(c, widths, span, startFs) : this.dischargeColumn(c, widths, span);
      // Off cells leak ~constantly while the bitline is far above vT; book that part as leakage.
      const lost = Math.max(0, v0 - v1); // V (rounding can make a flat column look like a rise)
      const leakDv = Math.min(lost, (this.pulseLeak(c, widths) * span) / this.cbl[c]);
      leakQ += this.cbl[c] * leakDv;
      dischargeQ += this.cbl[c] * (lost - leakDv);
      this.unpaid[c] += lost;
      this.vbl[c] = v1;
    }
    ledger.book(this.name, 'discharge', this.vdd * dischargeQ);
    ledger.book(this.name, 'leakage', this.vdd * leakQ);
    const endFs = startFs + toFs(span);
    if (this.edges) for (let r = 0; r < this.rows; r++) if (widths[r] > 0) this.rowFs[r] = endFs;
    this.timeFs = endFs;
    trace?.record(this.name, 'pulse', startFs, endFs);
    return endFs;
  }

  /** Leakage of the cells of column c that do not conduct during this pulse set, A. */
  private pulseLeak(c: number, widths: Float64Array): number {
    let leak = this.leakHold[c];
    for (let r = 0; r < this.rows; r++) {
      const i = r * this.cols + c;
      if (widths[r] > 0 && (this.bits[i] === 1 || this.edges)) leak -= this.cellLeak(i);
    }
    return Math.max(0, leak);
  }

  /** New voltage of column c after the pulse set (span s): closed form if saturated, else RK. */
  private dischargeColumn(c: number, widths: Float64Array, span: number): number {
    const { alpha, lambda } = this.port;
    const { vwl, trise, tfall } = this.wordline;
    const cap = this.cbl[c];
    let charge = 0;
    let maxVdsat = 0;
    for (let r = 0; r < this.rows; r++) {
      const i = r * this.cols + c;
      if (widths[r] <= 0 || this.bits[i] === 0 || this.isat[i] === 0) continue;
      charge += pulseCharge(this.isat[i], this.vov[i], vwl, alpha, widths[r] - (trise + tfall) / 2, trise + tfall);
      if (this.vdsat[i] > maxVdsat) maxVdsat = this.vdsat[i];
    }
    const leak = this.pulseLeak(c, widths);
    const v0 = this.vbl[c];
    // The closed form holds only while no conducting cell adds weak-inversion current: with no
    // conducting cell at all, or with subthreshold conduction switched off (ioff = 0).
    const vSat = saturationDischarge(v0, charge, cap, lambda) - (leak * span) / cap;
    if (charge === 0 && maxVdsat === 0) return vSat;
    if (this.port.ioff === 0 && vSat >= maxVdsat) return vSat;
    return this.integrateColumn(c, widths, span, leak);
  }

  /** Adaptive integration of the full port model for column c over the pulse set. */
  private integrateColumn(c: number, widths: Float64Array, span: number, leak: number): number {
    const m = this.port;
    const { vwl, trise, tfall } = this.wordline;
    const on: { dvt: number; beta: number; width: number }[] = [];
    for (let r = 0; r < this.rows; r++) {
      const i = r * this.cols + c;
      if (widths[r] <= 0 || this.bits[i] === 0 || this.isat[i] === 0) continue;
      const dvt = vwl - m.vt - this.vov[i];
      on.push({ dvt, beta: this.isat[i] / (m.k * Math.pow(this.vov[i], m.alpha)), width: widths[r] });
    }
    const cap = this.cbl[c];
    const shape = this.wordline;
    const slope = (t: number, v: number): number => {
      let current = leak * -Math.expm1(-v / m.vThermal);
      for (const cell of on) {
        const vg = wordlineVoltage(shape, cell.width, t);
        current += portCurrent(m, vg, v, cell.dvt, cell.beta);
      }
      return -current / cap;
    };
    // Integrate piecewise between wordline corners so the slope is smooth inside each piece.
    const corners = new Set<number>([0, trise, span]);
    for (const cell of on) {
      const fallStart = trise + Math.max(0, cell.width - (trise + tfall) / 2);
      corners.add(fallStart);
      corners.add(fallStart + tfall);
    }
    const times = [...corners].filter((t) => t >= 0 && t <= span).sort((a, b) => a - b);
    let v = this.vbl[c];
    for (let k = 1; k < times.length; k++) {
      if (times[k] > times[k - 1]) v = integrate(slope, v, times[k - 1], times[k], (times[k] - times[k - 1]) / 8);
    }
    return v;
  }

  /**
   * Column c through a pulse set with wordline-edge physics: state [vbl, vmid of each width group of
   * pulsed '0' cells], integrated adaptively. Cells pulsed with the same width share one internal-
   * node trajectory (started from their mean relaxed voltage); mismatch of '0' cells is ignored.
   */
  private edgeColumn(c: number, widths: Float64Array, span: number, startFs: number): number {
    const m = this.port;
    const acc = m.access;
    const { vwl, trise, tfall } = this.wordline;
    const cgd = m.cgd ?? 0;
    const halfCch = 0.5 * (m.cch ?? 0);
    const cmid = acc ? m.cmid ?? 0 : 0;
    const rest = m.vmidRest ?? 0;
    const tau = m.tauMid ?? Infinity;
    const on: { dvt: number; beta: number; width: number }[] = [];
    const groups: { width: number; ports: number; zeros: number; vsum: number; rows: number[] }[] = [];
    for (let r = 0; r < this.rows; r++) {
      if (widths[r] <= 0) continue;
      const i = r * this.cols + c;
      let g = groups.find((x) => x.width === widths[r]);
      if (g === undefined) groups.push((g = { width: widths[r], ports: 0, zeros: 0, vsum: 0, rows: [] }));
      g.ports++;
      if (this.bits[i] === 1) {
        if (this.isat[i] > 0 || m.ioff > 0) {
          const dvt = vwl - m.vt - this.vov[i];
          const sat = m.k * Math.pow(Math.max(this.vov[i], 1e-30), m.alpha);
          on.push({ dvt, beta: this.isat[i] > 0 ? this.isat[i] / sat : 1, width: widths[r] });
        }
      } else if (cmid > 0) {
        const age = toSeconds(startFs - this.rowFs[r]);
        g.vsum += rest + (this.vmid[i] - rest) * Math.exp(-age / tau);
        g.zeros++;
        g.rows.push(r);
      }
    }
    const zeroGroups = groups.filter((g) => g.zeros > 0);
    const leak = this.pulseLeak(c, widths);
    const cap = this.cbl[c];
    const shape = this.wordline;
    const vT = m.vThermal;
    const knee = acc ? 2 * acc.n * vT : 2 * m.n * vT;
    const vtA = acc ? acc.vt : m.vt;
    const body = acc ? acc.body : 1;
    const slope = (t: number, y: Float64Array, out: Float64Array): void => {
      const v = y[0];
      // off cells: subthreshold leakage, reversed (source and drain swapped) below ground
      let current = v >= 0 ? leak * -Math.expm1(-v / vT) : leak * Math.expm1(-v / (m.n * vT)) * -1;
      for (const cell of on) {
        const vg = wordlineVoltage(shape, cell.width, t);
        current += v >= 0 ? portCurrent(m, vg, v, cell.dvt, cell.beta) : -portCurrent(m, vg - v, -v, cell.dvt, cell.beta);
      }
      let inject = 0; // A, charge pushed onto the bitline by wordline slopes
      let cExtra = 0; // F, channel charge that follows the bitline voltage
      for (const g of groups) {
        const vg = wordlineVoltage(shape, g.width, t);
        const dvg = wordlineSlope(shape, g.width, t);
        const step = softStep(vg - vtA - body * v, knee);
        inject += g.ports * (cgd + halfCch * step) * dvg;
        cExtra += g.ports * halfCch * body * step;
      }
      for (let k = 0; k < zeroGroups.length; k++) {
        const g = zeroGroups[k];
        const vm = y[1 + k];
        const vg = wordlineVoltage(shape, g.width, t);
        const dvg = wordlineSlope(shape, g.width, t);
        const ia = acc ? accessCurrent(acc, vg, v, vm) : 0;
        current += g.zeros * ia;
        const step = softStep(vg - vtA - body * vm, knee);
        out[1 + k] = (ia + (cgd + halfCch * step) * dvg) / (cmid + halfCch * body * step);
      }
      out[0] = (inject - current) / (this.capAt(cap, v) + cExtra);
    };
    const corners = new Set<number>([0, trise, span]);
    for (const g of groups) {
      const fallStart = trise + Math.max(0, g.width - (trise + tfall) / 2);
      corners.add(fallStart);
      corners.add(fallStart + tfall);
    }
    const times = [...corners].filter((t) => t >= 0 && t <= span).sort((a, b) => a - b);
    const y = new Float64Array(1 + zeroGroups.length);
    y[0] = this.vbl[c];
    zeroGroups.forEach((g, k) => (y[1 + k] = g.vsum / g.zeros));
    for (let k = 1; k < times.length; k++) {
      if (times[k] > times[k - 1]) integrateVector(slope, y, times[k - 1], times[k], (times[k] - times[k - 1]) / 8);
    }
    zeroGroups.forEach((g, k) => {
      for (const r of g.rows) this.vmid[r * this.cols + c] = y[1 + k];
    });
    return y[0];
  }

  /** Bitline capacitance of a column of nominal (averaged) capacitance `cap` at voltage v, F. */
  private capAt(cap: number, v: number): number {
    const j = this.junction;
    if (j.frac === 0) return cap;
    const g = Math.pow(1 + Math.max(v, -0.5 * j.pb) / j.pb, -j.mj) / j.norm;
    return cap * (1 - j.frac + j.frac * g);
  }

  /** Replace the stored bits (same shape). */
  setBits(bits: Uint8Array): void {
    if (bits.length !== this.bits.length) throw new Error(`internal: ${this.name} weight shape mismatch`);
    this.bits.set(bits);
    this.sumLeakage();
  }

  /** Bytes of per-bitcell state (for memory accounting). */
  get bytesPerBitcell(): number {
    return (this.bits.byteLength + this.isat.byteLength + this.vdsat.byteLength + this.vov.byteLength + this.ioff.byteLength + this.vmid.byteLength) / (this.rows * this.cols);
  }
}

/** dVwl/dt of a trapezoidal pulse at time t after its start, V/s (0 on the flat parts). */
function wordlineSlope(shape: WordlineShape, width: number, t: number): number {
  if (t <= 0) return 0;
  if (t < shape.trise) return shape.vwl / shape.trise;
  const fallStart = shape.trise + Math.max(0, width - (shape.trise + shape.tfall) / 2);
  if (t <= fallStart || t >= fallStart + shape.tfall) return 0;
  return -shape.vwl / shape.tfall;
}
