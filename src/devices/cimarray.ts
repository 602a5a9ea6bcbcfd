import type { EnergyLedger, PhaseTrace } from '../engine/ledger.js';
import { toFs, toSeconds } from '../engine/time.js';
import { overlapMean } from '../tech/overlap-charge.js';
import { techDefault } from '../tech/params.js';
import { capSigma, pelgromSigmaVt, type Technology } from '../tech/technology.js';
import type { RandomStream } from '../tech/random.js';
import { portCurrent, reverseStackCurrent, type ReadPortModel } from '../tech/transistor.js';
import { holdVoltage, integrate, pulseCharge, saturationDischarge } from './bitline.js';
import { ColumnSetup, ColumnSolver, type JunctionLaw } from './column.js';
import { columnTable, type ColumnQuery, type ColumnResponse, type ColumnTable } from './column-table.js';
import { prechargeEnergy, prechargeVoltage } from './precharge.js';
import { flatTop, pulseSpan, wordlineEnergy, wordlineVoltage, type WordlineShape } from './wordline-driver.js';
import { located, type Declared, type DeviceDefinition } from './device.js';
import { parseWeightPattern, type WeightPattern } from './weights.js';

/** An array as the netlist declares it (SI units). */
export interface ArrayDesign extends Declared {
  rows: number;
  cols: number;
  /** Stored-bit pattern, checked (random bits are drawn from the array's seeded stream when built). */
  weights: WeightPattern;
  vpre: number; // V
  rpre: number; // Ohm
  tpre: number; // s
  wordline: WordlineShape;
  tunit: number; // s, width of a binary pulse (PWM width = input x tunit)
  tgap: number; // s, idle time between consecutive wordline pulses
}

export const CIMARRAY: DeviceDefinition<ArrayDesign> = {
  spec: {
    type: 'cimarray',
    summary: 'SRAM compute-in-memory array: bitcells, read wordline drivers, bitline precharge',
    role: 'array',
    params: [
      { name: 'rows', kind: 'integer', unit: '', default: 64, min: 1, max: 4096, description: 'bitcells per column (read wordlines)' },
      { name: 'cols', kind: 'integer', unit: '', default: 32, min: 1, max: 4096, description: 'columns (read bitlines)' },
      { name: 'weights', kind: 'string', unit: '', default: 'random:0.5', description: "stored bits: ones, zeros, checker, random:P (P = probability of '1'), hex:ROW0,ROW1,... (one hex word per row, column 0 = LSB)" },
      { name: 'vpre', kind: 'number', unit: 'V', default: '{vdd}', min: 0, max: 3.3, description: 'bitline precharge level' },
      { name: 'rpre', kind: 'number', unit: 'Ohm', default: 1e3, min: 1, max: 1e9, description: 'on-resistance of the PMOS precharge device (finite strength)' },
      { name: 'tpre', kind: 'number', unit: 's', default: 300e-12, min: 1e-12, max: 1e-6, description: 'precharge phase duration' },
      { name: 'vwl', kind: 'number', unit: 'V', default: '{vdd}', min: 0, max: 3.3, description: 'read-wordline pulse amplitude' },
      { name: 'tunit', kind: 'number', unit: 's', default: 200e-12, min: 1e-12, max: 1e-6, description: 'unit pulse width (width of a binary pulse; PWM width = input x tunit)' },
      { name: 'trise', kind: 'number', unit: 's', default: 20e-12, min: 0, max: 1e-7, description: 'wordline rise time (0 to 100 %)' },
      { name: 'tfall', kind: 'number', unit: 's', default: 20e-12, min: 0, max: 1e-7, description: 'wordline fall time (100 to 0 %)' },
      { name: 'tgap', kind: 'number', unit: 's', default: 50e-12, min: 0, max: 1e-6, description: 'idle time between consecutive wordline pulses (bit-serial planes)' },
    ],
  },
  build: (p) => ({
    name: p.name,
    loc: p.loc,
    rows: p.num('rows'),
    cols: p.num('cols'),
    weights: located(p, () => parseWeightPattern(p.str('weights'), p.num('rows'), p.num('cols'), p.name)),
    vpre: p.num('vpre'),
    rpre: p.num('rpre'),
    tpre: p.num('tpre'),
    wordline: { vwl: p.num('vwl'), trise: p.num('trise'), tfall: p.num('tfall') },
    tunit: p.num('tunit'),
    tgap: p.num('tgap'),
  }),
};

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
  bits: Uint8Array; // row-major stored bits
  /** `bits` belongs to another array (an ideal twin shares its array's bits): not counted as this array's memory. */
  sharedBits?: boolean;
  vpre: number; // V
  rpre: number; // Ohm
  tpre: number; // s
  wordline: WordlineShape;
  tunit: number; // s, width of a binary pulse
  tgap: number; // s, idle time between pulses
  tech: Technology;
  variation: ArrayVariation;
  /** Stream for mismatch sampling (consumed only at construction). */
  mismatch: RandomStream;
}

/**
 * How a column is solved through a pulse set: `table` (default) = the characterized table
 * (column-table.ts) for one-width pulse sets inside its region, else `fast`; `fast` = the fast
 * path with the detailed fallback (column.ts); `detailed` = the detailed solver only.
 */
export type ColumnPath = 'table' | 'fast' | 'detailed';

/**
 * SRAM CiM array: rows x cols bitcells, read wordlines, precharged read bitlines.
 * State lives in typed arrays; one call handles a control action (precharge, pulse set, hold) for
 * the whole array. Per-cell mismatch (dVt, beta: Float32) is stored only when sampled; an array
 * without cell variation (the ideal twin) keeps no per-cell arrays but the internal-node voltages.
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
  readonly bits: Uint8Array;
  private readonly sharedBits: boolean;
  /** Per-cell threshold shift, V (null = no threshold mismatch). */
  private readonly dvt: Float32Array | null;
  /** Per-cell current factor, clamped >= 0 (null = no current-factor mismatch). */
  private readonly beta: Float32Array | null;
  /** Off-cell leakage sampled (variation.leakage). */
  private readonly leaky: boolean;
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
  /** Wordline-edge physics present (coupling or internal-node charging). */
  private readonly edges: boolean;
  /** Volts of bitline deficit already booked (discharge/leakage) but not yet restored. */
  private readonly unpaid: Float64Array;
  /**
   * Volts of discharge below ground not yet booked: a bitline below ground recovers from ground
   * while it holds (no supply energy), so that part is booked only when the precharge pays it.
   */
  private readonly belowGround: Float64Array;
  private readonly solver: ColumnSolver;
  private readonly setup: ColumnSetup;
  private readonly rowGroup: Int32Array;
  private readonly junction: JunctionLaw;
  /** Leakage of each cell with its wordline low, A (null without leakage). */
  private readonly leakCell: Float32Array | null;
  /** Characterized table of the last pulse width, and each cell's strength in it (null without mismatch). */
  private table: ColumnTable | null = null;
  private strength: Float32Array | null = null;
  /** Per row: how much of its internal nodes' distance from rest is left at this pulse (scratch), -. */
  private readonly relax: Float64Array;
  /** Rows pulsed by the pulse set in progress (the first `pulsed` entries; scratch). */
  private readonly active: Int32Array;
  private pulsed = 0;
  /**
   * Per column, over the pulsed rows of the pulse set in progress (scratch, filled row by row for
   * all columns at once, in the row order a column-by-column loop would use): the hold leakage less
   * that of the cells that do not leak while pulsed (A), and the table query's sums: conducting
   * cells, their strengths, squares, cubes and current factors, the '0' cells and their nodes'
   * distance from rest (V); and the level the table gives those nodes (V; NaN where it did not answer).
   */
  private readonly sums: { leak: Float64Array; ones: Int32Array; zeros: Int32Array; sum: Float64Array; square: Float64Array; cube: Float64Array; beta: Float64Array; vmid: Float64Array; answer: Float64Array };
  private readonly response: ColumnResponse = { v: 0, vmid: 0 };
  private readonly query: ColumnQuery = { ones: 0, zeros: 0, strength: 1, spread: 0, skew: 0, lnBeta: 0, vmid: 0, v0: 0, cap: 0, leak: 0 };
  timeFs = 0;
  /** Column solver choice (see ColumnPath); tests compare the paths. */
  columnPath: ColumnPath = 'table';
  /** Columns answered by the characterized table, the fast path and the detailed integrator since construction. */
  readonly columnStats = { table: 0, fast: 0, detailed: 0 };
  readonly port: ReadPortModel;
  readonly vpre: number;
  readonly rpre: number;
  readonly tpre: number;
  readonly wordline: WordlineShape;
  readonly tunit: number; // s
  readonly tgap: number; // s
  private readonly vdd: number;
  private readonly cwlRow: number; // F per wordline
  private readonly cblNominal: number; // F, bitline capacitance without mismatch

  constructor(o: CimArrayOptions) {
    this.name = o.name;
    this.rows = o.rows;
    this.cols = o.cols;
    this.bits = o.bits;
    this.sharedBits = o.sharedBits ?? false;
    this.port = o.tech.readPort;
    this.vpre = o.vpre;
    this.rpre = o.rpre * o.tech.pmosResistanceScale;
    this.tpre = o.tpre;
    this.wordline = o.wordline;
    this.tunit = o.tunit;
    this.tgap = o.tgap;
    this.vdd = o.tech.vdd;
    this.cwlRow = o.cols * o.tech.cwlCell;
    const n = o.rows * o.cols;
    this.dvt = o.variation.cellVt ? new Float32Array(n) : null;
    this.beta = o.variation.cellBeta ? new Float32Array(n) : null;
    this.leaky = o.variation.leakage;
    this.cbl = new Float64Array(o.cols);
    this.vbl = new Float64Array(o.cols).fill(o.vpre); // arrays start precharged
    this.leakHold = new Float64Array(o.cols);
    this.unpaid = new Float64Array(o.cols);
    this.belowGround = new Float64Array(o.cols);
    this.rowFs = new Float64Array(o.rows);
    const p = this.port;
    const cNom = o.rows * o.tech.cblCell + o.tech.cblFixed;
    this.cblNominal = cNom;
    const { cblMj: mj, cblPb: pb, vdd } = o.tech;
    // the junction is the drain capacitance less its overlap with the wordline at 0 (rp_cgd and the
    // bias-dependent rp_cov, whose voltage law capAt() adds separately)
    const overlap = (p.cgd ?? 0) + (p.cov ?? 0) * overlapMean(vdd / 2, vdd, p.ovKappa ?? techDefault('rp_cov_kappa')); // F
    const junctionMean = Math.max(0, o.tech.cblJunction - overlap); // F per port
    const junction = { frac: cNom > 0 ? (o.rows * junctionMean) / cNom : 0, mj, pb, ports: o.rows, vdd };
    this.edges = (p.cgd ?? 0) > 0 || (p.cch ?? 0) > 0 || ((p.cmid ?? 0) > 0 && p.access !== undefined);
    const nodes = this.edges && (p.cmid ?? 0) > 0 && p.access !== undefined;
    this.vmid = new Float32Array(nodes ? n : 0).fill(p.vmidRest ?? 0);
    this.junction = junction;
    this.solver = new ColumnSolver(p, o.wordline, junction);
    this.setup = new ColumnSetup(o.rows);
    this.rowGroup = new Int32Array(o.rows);
    this.relax = new Float64Array(o.rows);
    this.active = new Int32Array(o.rows);
    const perColumn = (): Float64Array => new Float64Array(o.cols);
    this.sums = { leak: perColumn(), ones: new Int32Array(o.cols), zeros: new Int32Array(o.cols), sum: perColumn(), square: perColumn(), cube: perColumn(), beta: perColumn(), vmid: perColumn(), answer: perColumn() };
    this.leakCell = this.leaky ? new Float32Array(n) : null;
    this.sample(o);
  }

  /** Draw mismatch from the seeded stream in a fixed order: cells row-major (dVt, beta), then columns. */
  private sample(o: CimArrayOptions): void {
    const sigmaVt = o.variation.cellVt ? pelgromSigmaVt(o.tech.avt, o.tech.rpW, o.tech.rpL) : 0;
    const sigmaBeta = o.variation.cellBeta ? o.tech.abeta / Math.sqrt(o.tech.rpW * o.tech.rpL) : 0;
    const cNominal = o.rows * o.tech.cblCell + o.tech.cblFixed;
    const sigmaC = o.variation.capMismatch ? capSigma(o.tech.capMismatch, cNominal) : 0;
    // Without any sampled variation the draws would change nothing: skip them (ideal twins).
    const draw = this.dvt !== null || this.beta !== null || sigmaC > 0;
    if (draw) {
      const n = this.rows * this.cols;
      for (let i = 0; i < n; i++) {
        const dvt = sigmaVt * o.mismatch.normal();
        const beta = 1 + sigmaBeta * o.mismatch.normal();
        if (this.dvt !== null) this.dvt[i] = dvt;
        if (this.beta !== null) this.beta[i] = Math.max(0, beta);
      }
    }
    for (let c = 0; c < this.cols; c++) this.cbl[c] = cNominal * (1 + (draw ? sigmaC * o.mismatch.normal() : 0));
    this.sumLeakage();
  }

  private cellDvt(i: number): number {
    return this.dvt === null ? 0 : this.dvt[i];
  }

  private cellBeta(i: number): number {
    return this.beta === null ? 1 : this.beta[i];
  }

  /** Leakage of a cell with its wordline low, A: a port storing '0' leaks less (stack effect). */
  private cellLeak(i: number): number {
    const m = this.port;
    if (!this.leaky) return 0;
    const ioff = this.dvt === null ? m.ioff : m.ioff * Math.exp(-this.dvt[i] / (m.n * m.vThermal));
    return this.bits[i] === 1 || m.ioff0 === undefined || m.ioff === 0 ? ioff : (ioff * m.ioff0) / m.ioff;
  }

  /** Each column's hold leakage, A: its cells' leakage added row by row (row-major, one pass over the cells). */
  private sumLeakage(): void {
    const { cols, leakHold, leakCell } = this;
    leakHold.fill(0);
    for (let r = 0, i = 0; r < this.rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        const cell = this.cellLeak(i);
        if (leakCell !== null) leakCell[i] = cell;
        leakHold[c] += cell;
      }
    }
  }

  /** Bitline voltage of column `c` at time `tFs` >= timeFs, holding (no pulse), without committing. */
  voltageAt(c: number, tFs: number): number {
    return this.hold(c, toSeconds(tFs - this.timeFs));
  }

  /** Column c's voltage after holding dt seconds from its committed state (leakage with DIBL), V. */
  private hold(c: number, dt: number): number {
    const m = this.port;
    if (this.vbl[c] < 0) return this.holdBelowGround(c, dt);
    const kDibl = m.eta && m.vdsRef !== undefined ? m.eta / (m.n * m.vThermal) : 0; // 1/V
    return holdVoltage(this.vbl[c], this.leakHold[c], this.cbl[c], m.vThermal, dt, kDibl, m.vdsRef ?? 0);
  }

  /**
   * A bitline below ground with every wordline low recovers towards ground: every port conducts in
   * reverse, from ground through its storage device (on for a '1', subthreshold for a '0') and its
   * access device, whose source is now the bitline, so its gate at 0 V is above its source
   * (reverseStackCurrent, the nominal device). Integrated with the adaptive RK2(3) to RK_ABS_TOL;
   * only with leakage on (it is conduction with the wordlines low). V.
   */
  private holdBelowGround(c: number, dt: number): number {
    const v0 = this.vbl[c];
    const access = this.port.access;
    if (!this.leaky || access === undefined || dt <= 0) return v0;
    let ones = 0;
    for (let r = 0; r < this.rows; r++) ones += this.bits[r * this.cols + c];
    const zeros = this.rows - ones;
    const vq = this.port.vdsRef ?? 0; // V, storage gate of a '1' cell (vdd)
    const cbl = this.cbl[c]; // F
    const current = (v: number): number => ones * reverseStackCurrent(access, 0, vq, v) + zeros * reverseStackCurrent(access, 0, 0, v); // A
    const slope = (_t: number, v: number): number => (v >= 0 ? 0 : current(v) / cbl); // V/s
    return Math.min(0, integrate(slope, v0, 0, dt, Math.min(dt, 1e-12), -Infinity));
  }

  /**
   * voltageAt(c, firstFs + s * stepFs) for s < count into out, V: the hold closed form with its
   * exponentials shared by the series (e^(b_s - a) = e^(b_0 - a) q^s; one log per sample).
   */
  voltageSeries(c: number, firstFs: number, stepFs: number, count: number, out: Float64Array): void {
    const v0 = this.vbl[c];
    const leak = this.leakHold[c];
    const vT = this.port.vThermal;
    if (v0 < 0) {
      for (let s = 0; s < count; s++) out[s] = this.hold(c, toSeconds(firstFs + s * stepFs - this.timeFs));
      return;
    }
    if (leak <= 0 || v0 <= 0) {
      out.fill(v0, 0, count);
      return;
    }
    if (this.port.eta) {
      // Leakage with DIBL: one closed-form evaluation per sample.
      for (let s = 0; s < count; s++) out[s] = this.hold(c, toSeconds(firstFs + s * stepFs - this.timeFs));
      return;
    }
    const a = v0 / vT;
    const rate = leak / (this.cbl[c] * vT); // 1/s, b = rate * dt
    const ea = Math.exp(-a);
    let e = Math.exp(rate * toSeconds(firstFs - this.timeFs) - a);
    const q = Math.exp(rate * toSeconds(stepFs));
    for (let s = 0; s < count; s++, e *= q) {
      const dt = toSeconds(firstFs + s * stepFs - this.timeFs);
      const b = rate * dt;
      out[s] = dt <= 0 || b - a > 30 ? holdVoltage(v0, leak, this.cbl[c], vT, dt) : vT * (a - b + Math.log(e + 1 - ea));
    }
  }

  /** Advance every column through a hold (leakage droop) to `tFs`, booking leakage energy. */
  holdTo(tFs: number, ledger: EnergyLedger): void {
    if (tFs <= this.timeFs) return;
    const dt = toSeconds(tFs - this.timeFs);
    let lost = 0; // C*V, coulombs
    for (let c = 0; c < this.cols; c++) {
      const v = this.hold(c, dt);
      const dv = Math.max(0, this.vbl[c] - v); // V; rounding must not book negative energy
      lost += this.cbl[c] * dv;
      this.unpaid[c] += dv;
      // Recovery from below ground comes from ground: the supply will not restore that part.
      const recovered = Math.max(0, v - this.vbl[c]); // V
      this.belowGround[c] -= Math.min(this.belowGround[c], recovered);
      this.unpaid[c] -= Math.min(this.unpaid[c], recovered);
      this.vbl[c] = v;
    }
    ledger.book(this.name, 'leakage', this.vdd * lost);
    this.timeFs = tFs;
  }

  /** Precharge all bitlines starting at `startFs`; returns the end time, fs. */
  precharge(startFs: number, ledger: EnergyLedger, trace?: PhaseTrace): number {
    this.holdTo(startFs, ledger);
    let energy = 0;
    let deferred = 0; // C*V, the discharge below ground the supply pays now
    for (let c = 0; c < this.cols; c++) {
      deferred += this.cbl[c] * this.belowGround[c];
      this.belowGround[c] = 0;
      const v0 = this.vbl[c];
      const v1 = prechargeVoltage(v0, this.vpre, this.rpre, this.cbl[c], this.tpre);
      const rise = Math.max(0, v1 - v0);
      const prepaid = Math.min(this.unpaid[c], rise);
      this.unpaid[c] -= prepaid;
      energy += prechargeEnergy(this.vdd, this.cbl[c], v0, v1) - this.vdd * this.cbl[c] * prepaid;
      this.vbl[c] = v1;
    }
    ledger.book(this.name, 'discharge', this.vdd * deferred);
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
        this.active[pulsing++] = r;
      }
    }
    this.pulsed = pulsing;
    if (pulsing === 0) return startFs;
    ledger.book(this.name, 'wordline', pulsing * wordlineEnergy(this.cwlRow, shape.vwl));
    const table = this.edges && this.columnPath === 'table' ? this.tableFor(widths, startFs) : null;
    this.pulseSums(table !== null);
    let dischargeQ = 0;
    let leakQ = 0;
    for (let c = 0; c < this.cols; c++) {
      const v0 = this.vbl[c];
      const leak = this.pulseLeak(c); // A
      const v1 = !this.edges ? this.dischargeColumn(c, widths, span, leak)
        : table !== null && this.tableColumn(table, c, leak) ? this.response.v : this.edgeColumn(c, widths, span, startFs, leak);
      // Off cells leak ~constantly while the bitline is far above vT; book that part as leakage.
      const lost = Math.max(0, v0 - v1); // V (rounding can make a flat column look like a rise)
      const leakDv = Math.min(lost, (leak * span) / this.cbl[c]);
      // the part below ground is booked when the precharge pays it (it may recover first)
      const below = Math.min(lost - leakDv, Math.max(0, Math.min(v0, 0) - v1)); // V
      leakQ += this.cbl[c] * leakDv;
      dischargeQ += this.cbl[c] * (lost - leakDv - below);
      this.belowGround[c] += below;
      this.unpaid[c] += lost;
      this.vbl[c] = v1;
    }
    if (table !== null) this.settleNodes();
    ledger.book(this.name, 'discharge', this.vdd * dischargeQ);
    ledger.book(this.name, 'leakage', this.vdd * leakQ);
    const endFs = startFs + toFs(span);
    if (this.edges) for (let r = 0; r < this.rows; r++) if (widths[r] > 0) this.rowFs[r] = endFs;
    this.timeFs = endFs;
    trace?.record(this.name, 'pulse', startFs, endFs);
    return endFs;
  }

  /**
   * The characterized table for a pulse set whose pulses all have one width, with each row's
   * internal-node relaxation since its last pulse in `relax`; null when the set has several widths
   * or the array tracks no internal nodes (the solvers then answer).
   */
  private tableFor(widths: Float64Array, startFs: number): ColumnTable | null {
    if (this.vmid.length === 0) return null;
    let width = 0;
    for (let r = 0; r < this.rows; r++) {
      if (widths[r] <= 0) continue;
      if (width > 0 && widths[r] !== width) return null;
      width = widths[r];
    }
    if (this.table === null || this.table.key.width !== width) {
      const p = this.port;
      this.table = columnTable({
        port: p, shape: this.wordline, junction: this.junction, width, cap: this.cblNominal, anchor: this.vpre,
        tolerance: this.solver.tolerance, leakScale: this.rows * p.ioff,
      });
      this.strength = this.dvt === null && this.beta === null ? null : new Float32Array(this.rows * this.cols);
      if (this.strength !== null) for (let i = 0; i < this.strength.length; i++) this.strength[i] = this.table.strengthOf(this.cellDvt(i), this.cellBeta(i));
    }
    const tau = this.port.tauMid ?? Infinity;
    for (let r = 0; r < this.rows; r++) this.relax[r] = widths[r] > 0 ? Math.exp(-Math.max(0, toSeconds(startFs - this.rowFs[r])) / tau) : 0;
    return this.table;
  }

  /**
   * Column c from the table into this.response (internal nodes updated); false outside its region.
   * `leak`: the column's off cells, A. Runs per column and pulse set: only the pulsed rows are read.
   */
  private tableColumn(table: ColumnTable, c: number, leak: number): boolean {
    const rest = Math.fround(this.port.vmidRest ?? 0); // V, as vmid stores it: nodes at rest add exactly 0 below
    const { strength, beta: betaCell } = this;
    const t = this.sums;
    const ones = t.ones[c];
    const zeros = t.zeros[c];
    const sum = t.sum[c]; // sum of strengths
    const square = t.square[c]; // of their squares
    const cube = t.cube[c]; // and of their cubes
    const beta = t.beta[c]; // sum of current factors
    const vmid = t.vmid[c];
    const q = this.query;
    q.ones = ones;
    q.zeros = zeros;
    q.strength = ones > 0 ? sum / ones : 1;
    q.lnBeta = betaCell === null || ones === 0 ? 0 : Math.log(beta / ones);
    // sums of d^2 and d^3 over the conducting cells, d = strength / mean - 1
    const mean = sum / Math.max(1, ones);
    q.spread = strength === null || ones < 2 ? 0 : Math.max(0, square / (mean * mean) - ones);
    q.skew = strength === null || ones < 3 ? 0 : cube / (mean * mean * mean) - 3 * square / (mean * mean) + 2 * ones;
    q.vmid = zeros > 0 ? rest + vmid / zeros : rest;
    q.v0 = this.vbl[c];
    q.cap = this.cbl[c];
    q.leak = leak;
    if (!table.respond(q, this.response)) return false;
    this.columnStats.table++;
    if (zeros > 0) t.answer[c] = this.response.vmid; // the pulsed '0' cells' nodes, set by settleNodes()
    return true;
  }

  /** The internal node of every pulsed '0' cell of a column the table answered, at the level it gave (row by row). */
  private settleNodes(): void {
    const { bits, cols, active, vmid } = this;
    const answer = this.sums.answer;
    for (let k = 0; k < this.pulsed; k++) {
      const base = active[k] * cols;
      for (let c = 0; c < cols; c++) if (bits[base + c] === 0 && !Number.isNaN(answer[c])) vmid[base + c] = answer[c];
    }
  }

  /** Leakage of the cells of column c that do not conduct during the pulse set in progress (its rows: `active`), A. */
  private pulseLeak(c: number): number {
    if (this.leakHold[c] === 0 || this.leakCell === null) return 0;
    return Math.max(0, this.sums.leak[c]);
  }

  /**
   * Fill `sums` for the pulse set in progress, row by row for every column at once (a column's
   * sums add its rows in the order of `active`, as a loop over its own rows would): each column's
   * hold leakage less its pulsed cells', and with `query` the table query's sums of each column.
   */
  private pulseSums(query: boolean): void {
    const { bits, cols, active, leakCell: cells, edges, strength, beta: betaCell, vmid: vmidCell, relax } = this;
    const t = this.sums;
    const rest = Math.fround(this.port.vmidRest ?? 0); // V, as vmid stores it
    t.leak.set(this.leakHold);
    if (!query && cells === null) return; // nothing to add up
    if (query) {
      t.answer.fill(NaN);
      t.ones.fill(0);
      t.zeros.fill(0);
      t.sum.fill(0);
      t.square.fill(0);
      t.cube.fill(0);
      t.beta.fill(0);
      t.vmid.fill(0);
    }
    // without mismatch (an ideal twin, a nominal chip) every conducting cell has strength and
    // current factor 1: their sums are the count of conducting cells
    const uniform = strength === null && betaCell === null;
    for (let k = 0; k < this.pulsed; k++) {
      const r = active[k];
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        const i = base + c;
        const one = bits[i] === 1;
        if (cells !== null && (one || edges)) t.leak[c] -= cells[i];
        if (!query) continue;
        if (one) {
          t.ones[c]++;
          if (uniform) continue;
          const s = strength === null ? 1 : strength[i];
          t.sum[c] += s;
          t.square[c] += s * s;
          t.cube[c] += s * s * s;
          t.beta[c] += betaCell === null ? 1 : betaCell[i];
        } else {
          t.zeros[c]++;
          t.vmid[c] += (vmidCell[i] - rest) * relax[r]; // V from rest
        }
      }
    }
    if (query && uniform) {
      for (let c = 0; c < cols; c++) t.sum[c] = t.square[c] = t.cube[c] = t.beta[c] = t.ones[c];
    }
  }

  /** New voltage of column c after the pulse set (span s): closed form if saturated, else RK. */
  private dischargeColumn(c: number, widths: Float64Array, span: number, leak: number): number {
    const m = this.port;
    // the closed form needs a hard threshold and one output slope for all overdrives
    if ((m.knee ?? 0) > 0 || (m.lambdaDibl ?? 0) !== 0) return this.integrateColumn(c, widths, span, leak);
    const { alpha, lambda } = m;
    const { vwl, trise, tfall } = this.wordline;
    const cap = this.cbl[c];
    let charge = 0;
    let maxVdsat = 0;
    for (let r = 0; r < this.rows; r++) {
      const i = r * this.cols + c;
      if (widths[r] <= 0 || this.bits[i] === 0) continue;
      const vov = vwl - m.vt - this.cellDvt(i);
      const beta = this.cellBeta(i);
      if (vov <= 0 || beta <= 0) continue;
      const isat = beta * m.k * Math.pow(vov, alpha);
      charge += pulseCharge(isat, vov, vwl, alpha, widths[r] - (trise + tfall) / 2, trise + tfall);
      const vdsat = m.kv * Math.pow(vov, alpha / 2);
      if (vdsat > maxVdsat) maxVdsat = vdsat;
    }
    const v0 = this.vbl[c];
    // The closed form holds only while no conducting cell adds weak-inversion current: with no
    // conducting cell at all, or with subthreshold conduction switched off (ioff = 0).
    const vSat = saturationDischarge(v0, charge, cap, lambda) - (leak * span) / cap;
    if (charge === 0 && maxVdsat === 0) return vSat;
    if (m.ioff === 0 && vSat >= maxVdsat) return vSat;
    return this.integrateColumn(c, widths, span, leak);
  }

  /** Adaptive integration of the full port model for column c over the pulse set (no edge physics). */
  private integrateColumn(c: number, widths: Float64Array, span: number, leak: number): number {
    const m = this.port;
    const { vwl, trise, tfall } = this.wordline;
    const on: { dvt: number; beta: number; width: number }[] = [];
    for (let r = 0; r < this.rows; r++) {
      const i = r * this.cols + c;
      if (widths[r] <= 0 || this.bits[i] === 0) continue;
      const dvt = this.cellDvt(i);
      const beta = this.cellBeta(i);
      if ((vwl - m.vt - dvt <= 0 || beta <= 0) && m.ioff === 0 && !((m.knee ?? 0) > 0 && beta > 0)) continue;
      on.push({ dvt, beta, width: widths[r] });
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
   * Column c through a pulse set with wordline-edge physics (src/devices/column.ts): conducting
   * cells with their mismatch, pulsed '0' cells grouped by pulse width (one internal-node trajectory
   * per group, started from their mean relaxed voltage; mismatch of '0' cells is ignored). The fast
   * path is used unless a conducting cell would leave saturation; then the detailed integrator.
   */
  private edgeColumn(c: number, widths: Float64Array, span: number, startFs: number, leak: number): number {
    const m = this.port;
    const s = this.setup;
    const vwl = this.wordline.vwl;
    const nodes = this.vmid.length > 0;
    const rest = m.vmidRest ?? 0;
    const tau = m.tauMid ?? Infinity;
    s.reset(this.vbl[c], this.cbl[c], leak, span);
    for (let r = 0; r < this.rows; r++) {
      if (widths[r] <= 0) continue;
      const i = r * this.cols + c;
      const g = s.group(widths[r]);
      this.rowGroup[r] = g;
      s.gPorts[g]++;
      if (this.bits[i] === 1) {
        s.gOnes[g]++;
        const dvt = this.cellDvt(i);
        const beta = this.cellBeta(i);
        if (((vwl - m.vt - dvt > 0 || (m.knee ?? 0) > 0) && beta > 0) || m.ioff > 0) s.addOn(g, dvt, beta);
      } else if (nodes) {
        const age = Math.max(0, toSeconds(startFs - this.rowFs[r])); // s (never negative: a caller may restart time)
        s.gVmid[g] += rest + (this.vmid[i] - rest) * Math.exp(-age / tau);
        s.gZeros[g]++;
      }
    }
    for (let g = 0; g < s.groups; g++) if (s.gZeros[g] > 0) s.gVmid[g] /= s.gZeros[g];
    let v = this.columnPath !== 'detailed' ? this.solver.fast(s) : NaN;
    if (Number.isNaN(v)) {
      v = this.solver.detailed(s);
      this.columnStats.detailed++;
    } else this.columnStats.fast++;
    if (nodes) {
      for (let r = 0; r < this.rows; r++) {
        const i = r * this.cols + c;
        if (widths[r] > 0 && this.bits[i] === 0) this.vmid[i] = s.vmidOut[this.rowGroup[r]];
      }
    }
    return v;
  }

  /** Local error tolerance of the column integration per step, V (build.ts ties it to the converter's LSB). */
  get columnTolerance(): number {
    return this.solver.tolerance;
  }

  set columnTolerance(volts: number) {
    this.solver.tolerance = volts;
  }

  /** Replace the stored bits (same shape). An ideal twin shares its array's bits: call setBits on both. */
  setBits(bits: Uint8Array): void {
    if (bits.length !== this.bits.length) throw new Error(`internal: ${this.name} weight shape mismatch`);
    if (bits !== this.bits) this.bits.set(bits);
    this.sumLeakage();
  }

  /** Bytes of per-bitcell state this array owns (for memory accounting; shared bits not counted). */
  get bytesPerBitcell(): number {
    const own = (this.sharedBits ? 0 : this.bits.byteLength) + (this.dvt?.byteLength ?? 0) + (this.beta?.byteLength ?? 0) + this.vmid.byteLength;
    return own / (this.rows * this.cols);
  }
}
