import { ColumnSetup, ColumnSolver, type JunctionLaw } from './column.js';
import { pulseSpan, type WordlineShape } from './wordline-driver.js';
import type { ReadPortModel } from '../tech/transistor.js';

/**
 * Characterized column responses, in the way standard-cell libraries are characterized once with
 * SPICE and then looked up: for one technology, wordline shape, pulse width, row count, nominal
 * bitline capacitance and precharge level, the end of a one-width pulse set is computed once by
 * the detailed column solver (src/devices/column.ts) per node of a grid and interpolated:
 *
 * - exact in the integer counts: K pulsed cells storing '1', Z pulsed cells storing '0';
 * - cubic in ln(strength), nodes every STRENGTH_STEP: a column's mismatch enters as the mean
 *   strength of its K conducting cells, a cell's strength being the charge it passes through the
 *   pulse at the precharge level relative to a nominal cell's (its threshold shift and current
 *   factor, strengthOf). A node's K cells all carry the threshold shift of that strength;
 * - quadratic in the mean starting voltage of the Z cells' internal nodes (their history), nodes
 *   every VMID_STEP from their rest level (so a column whose zeros are all at rest, as on a new
 *   chip, needs one node);
 * - first-order in the bitline capacitance and the off cells' leakage, second-order in the starting
 *   bitline voltage (a precharge left short of its level; sensitivities per (K, Z) at the nominal
 *   strength).
 *
 * Nodes are built lazily, when a query first needs them, and kept for the process; each is a pure
 * function of its indices, so results do not depend on what ran before (bit-identical across
 * workers and shards). A query outside the characterized region (respond() returns false) goes to
 * the solvers, and the array counts it (docs/performance.md has the agreement and the costs).
 */

/** Node spacing in ln(strength), -. */
export const STRENGTH_STEP = 0.08;
/** Node spacing of the internal nodes' mean starting voltage, V. */
export const VMID_STEP = 0.03;
/**
 * Characterized region: |ln strength|; starting voltage from v0Below under to v0Above over the
 * precharge level (V); capacitance ratio; leakage in units of leakScale; |ln| of the conducting
 * cells' mean current factor; and the dispersion terms together with the current factor's
 * second-order term (the size of what the expansion leaves out) at most max(mismatchFloor V,
 * mismatchShare of the drop), 60 % of the agreement the table is held to (max(0.5 mV, 0.5 % of the
 * drop)): where they grow larger (near and below threshold with few, widely spread cells) their
 * own neglected higher orders are no longer small, and the solvers answer.
 */
export const REGION = { lnStrength: 2, v0Below: 0.05, v0Above: 0.01, cap: 0.1, leak: 10, lnBeta: 0.2, mismatchFloor: 3e-4, mismatchShare: 0.003 } as const;
/** Threshold shifts of the strength grid: +-DVT_SPAN in steps of DVT_STEP, V. */
const DVT_SPAN = 0.4;
const DVT_STEP = 0.002;
/** Perturbations of the sensitivity solves: capacitance ratio, starting voltage (V), relative strength of the dispersion pair. */
const CAP_STEP = 0.005;
const V0_STEP = -0.025;
const SPREAD_STEP = 0.25;
const LN_BETA_STEP = 0.1;

/** Everything a table's responses depend on (its identity: equal keys give equal tables). */
export interface ColumnTableKey {
  port: ReadPortModel;
  shape: WordlineShape;
  junction: JunctionLaw;
  width: number; // s, 50 % width of every pulse
  cap: number; // F, nominal bitline capacitance
  anchor: number; // V, starting bitline voltage of every node (the precharge level)
  tolerance: number; // V, the detailed solver's local tolerance
  leakScale: number; // A, leakage of the sensitivity solve
}

/** One column's inputs to a table lookup. */
export interface ColumnQuery {
  ones: number; // pulsed cells storing '1'
  zeros: number; // pulsed cells storing '0' (internal nodes tracked)
  strength: number; // -, mean strength of the conducting cells (1 = nominal)
  spread: number; // -, sum over the conducting cells of (strength / mean - 1)^2
  skew: number; // -, sum over the conducting cells of (strength / mean - 1)^3
  lnBeta: number; // -, log of the conducting cells' mean current factor
  vmid: number; // V, mean starting voltage of the zeros' internal nodes
  v0: number; // V
  cap: number; // F
  leak: number; // A, off cells
}

/** Result of a lookup: bitline and internal-node voltage at the end of the pulse set, V. */
export interface ColumnResponse {
  v: number;
  vmid: number;
}

const tables = new Map<string, ColumnTable>();

/**
 * One characterized result of a table (a node, or a dispersion, current-factor or sensitivity
 * term of a (K, Z) pair), as it travels between the worker threads of a sweep: each is a pure
 * function of its table key and indices, so a worker that takes one from another holds exactly
 * what it would have computed itself.
 */
export interface CharacterizedEntry {
  table: string; // the table key, as columnTable() names it
  ones: number;
  zeros: number;
  kind: PairKind;
  id: number;
  value: Float64Array;
}

/** What this process characterized since takeCharacterized() last ran (null: not recording). */
let journal: CharacterizedEntry[] | null = null;
/** Entries received for tables this process has not made yet, by table key. */
const waiting = new Map<string, CharacterizedEntry[]>();

/** Record (or stop recording) what this process characterizes, for takeCharacterized(). */
export function shareCharacterization(on: boolean): void {
  journal = on ? [] : null;
}

/** The entries characterized here since the last call (empty when not recording). */
export function takeCharacterized(): CharacterizedEntry[] {
  if (journal === null || journal.length === 0) return [];
  const out = journal;
  journal = [];
  return out;
}

/** Take entries another process characterized: kept now if their table exists here, else when it is made. */
export function addCharacterized(entries: readonly CharacterizedEntry[]): void {
  for (const e of entries) {
    const t = tables.get(e.table);
    if (t !== undefined) t.adopt(e);
    else {
      const list = waiting.get(e.table);
      if (list === undefined) waiting.set(e.table, [e]);
      else list.push(e);
    }
  }
}

/** The table of `key`, shared by every array with the same key in this process. */
export function columnTable(key: ColumnTableKey): ColumnTable {
  const id = JSON.stringify(key);
  let t = tables.get(id);
  if (t === undefined) {
    t = new ColumnTable(key, id);
    tables.set(id, t);
    for (const e of waiting.get(id) ?? []) t.adopt(e);
    waiting.delete(id);
  }
  return t;
}

/** Tables made in this process and the detailed solves run to characterize them so far. */
export function characterization(): { tables: number; solves: number } {
  let solves = 0;
  for (const t of tables.values()) solves += t.solves;
  return { tables: tables.size, solves };
}

/** Characterized responses of one table key (see the file comment). */
export class ColumnTable {
  readonly key: ColumnTableKey;
  /** Detailed solves run to build nodes and sensitivities so far. */
  solves = 0;
  private readonly solver: ColumnSolver;
  private readonly setup: ColumnSetup;
  private readonly span: number; // s
  private readonly vmidRest: number; // V, as the arrays store it (float32): the internal-node grid's origin
  /** Per threshold-shift grid point: strong charge per unit current factor and weak charge, relative to a nominal cell's total. */
  private readonly strong: Float64Array;
  private readonly weak: Float64Array;
  private readonly sMin: number; // -, strength range of the threshold grid
  private readonly sMax: number;
  /** What has been characterized, per (K, Z). */
  private readonly pairs = new Map<number, Pair>();
  private readonly ws = new Float64Array(4); // interpolation weights in strength
  private readonly wm = new Float64Array(3); // and in internal-node voltage

  /** `id`: the key as columnTable() names it (what characterized entries carry). */
  constructor(key: ColumnTableKey, private readonly id = JSON.stringify(key)) {
    this.key = key;
    this.solver = new ColumnSolver(key.port, key.shape, key.junction);
    this.solver.tolerance = key.tolerance;
    this.setup = new ColumnSetup(4);
    this.span = pulseSpan(key.shape, key.width);
    this.vmidRest = Math.fround(key.port.vmidRest ?? 0);
    const points = Math.round((2 * DVT_SPAN) / DVT_STEP) + 1;
    this.strong = new Float64Array(points);
    this.weak = new Float64Array(points);
    const q = { strong: 0, weak: 0 };
    for (let i = 0; i < points; i++) {
      this.solver.cellCharge(key.width, -DVT_SPAN + i * DVT_STEP, key.anchor, q);
      this.strong[i] = q.strong;
      this.weak[i] = q.weak;
    }
    const mid = (points - 1) / 2;
    const nominal = this.strong[mid] + this.weak[mid]; // C
    for (let i = 0; i < points; i++) {
      this.strong[i] /= nominal;
      this.weak[i] /= nominal;
    }
    this.sMax = this.strong[0] + this.weak[0];
    this.sMin = this.strong[points - 1] + this.weak[points - 1];
  }

  /** Strength of one conducting cell (threshold shift dvt, V; current factor beta), -; NaN outside the grid. */
  strengthOf(dvt: number, beta: number): number {
    const x = (dvt + DVT_SPAN) / DVT_STEP;
    const i = Math.floor(x);
    if (!(i >= 0 && i < this.strong.length - 1)) return NaN;
    const f = x - i;
    const s = this.strong[i] + f * (this.strong[i + 1] - this.strong[i]);
    const w = this.weak[i] + f * (this.weak[i + 1] - this.weak[i]);
    return beta * s + w;
  }

  /** End voltages of the column `q` into `out`; false when `q` lies outside the characterized region. */
  respond(q: ColumnQuery, out: ColumnResponse): boolean {
    const k = this.key;
    const lnS = q.ones > 0 ? Math.log(q.strength) : 0;
    const dv0 = q.v0 - k.anchor; // V
    if (!(Math.abs(lnS) <= REGION.lnStrength) || !(dv0 >= -REGION.v0Below && dv0 <= REGION.v0Above)) return false;
    if (!(Math.abs(q.lnBeta) <= REGION.lnBeta)) return false;
    const capRatio = q.cap / k.cap - 1;
    if (!(Math.abs(capRatio) <= REGION.cap) || !(q.leak >= 0 && q.leak <= REGION.leak * k.leakScale)) return false;
    if (q.zeros > 0 && !(q.vmid >= -k.anchor && q.vmid <= 2 * k.anchor)) return false;
    // strength: cubic through the nodes around x (one node when x is one)
    const x = lnS / STRENGTH_STEP;
    const s0 = Math.floor(x);
    const ns = x === s0 ? 1 : 4;
    if (ns === 1) this.ws[0] = 1;
    else lagrange(x - (s0 - 1), 4, this.ws);
    const sFirst = ns === 1 ? s0 : s0 - 1;
    if (q.ones > 0 && !(Math.exp(sFirst * STRENGTH_STEP) > this.sMin && Math.exp((sFirst + ns - 1) * STRENGTH_STEP) < this.sMax)) return false;
    // internal nodes: quadratic around the nearest node (one node when there is no zero or it is one)
    const y = q.zeros > 0 ? (q.vmid - this.vmidRest) / VMID_STEP : 0;
    const m0 = Math.round(y);
    const nm = y === m0 ? 1 : 3;
    if (nm === 1) this.wm[0] = 1;
    else lagrange(y - (m0 - 1), 3, this.wm);
    const mFirst = nm === 1 ? m0 : m0 - 1;
    const pair = this.pairOf(q.ones, q.zeros);
    const block = this.block(pair, sFirst, ns, mFirst, nm);
    let v = 0;
    let vmid = 0;
    for (let i = 0, b = 0; i < ns; i++) {
      for (let j = 0; j < nm; j++, b += 2) {
        const w = this.ws[i] * this.wm[j];
        v += w * block[b];
        vmid += w * block[b + 1];
      }
    }
    const corrected = Math.round(x); // the mismatch terms are taken at the nearest strength node
    let uncertain = 0; // V, the terms whose own higher orders are left out
    if (q.spread > 0 && q.ones >= 2) {
      // dispersion of the strengths about their mean: second and third order
      const d = this.dispersion(pair, corrected, m0);
      uncertain += d[0] * q.spread + d[2] * q.skew;
      vmid += d[1] * q.spread + d[3] * q.skew;
    }
    if (q.lnBeta !== 0 && q.ones > 0) {
      // the current factor at the same strength: second order
      const d = this.currentFactor(pair, corrected, m0);
      const square = (q.lnBeta * q.lnBeta) / 2;
      v += d[0] * q.lnBeta;
      uncertain += d[2] * square;
      vmid += d[1] * q.lnBeta + d[3] * square;
    }
    if (Math.abs(uncertain) > Math.max(REGION.mismatchFloor, REGION.mismatchShare * Math.abs(k.anchor - v))) return false;
    v += uncertain;
    if (capRatio !== 0) {
      const d = this.sensitivity(pair, 0);
      v += d[0] * capRatio;
      vmid += d[1] * capRatio;
    }
    if (q.leak !== 0) {
      const d = this.sensitivity(pair, 1);
      v += d[0] * q.leak;
      vmid += d[1] * q.leak;
    }
    if (dv0 !== 0) {
      const d = this.sensitivity(pair, 2);
      const square = (dv0 * dv0) / 2;
      v += d[0] * dv0 + d[2] * square;
      vmid += d[1] * dv0 + d[3] * square;
    }
    out.v = v;
    out.vmid = vmid;
    return true;
  }

  /** A characterized result of `pair`, computed by `make` on first use (and journaled when sharing). */
  private characterized(pair: Pair, kind: PairKind, id: number, make: () => Float64Array): Float64Array {
    const map = pair.made[kind];
    let value = map.get(id);
    if (value === undefined) {
      value = make();
      map.set(id, value);
      journal?.push({ table: this.id, ones: pair.ones, zeros: pair.zeros, kind, id, value });
    }
    return value;
  }

  /** Keep an entry another process characterized (unless this table already has it: the same value). */
  adopt(e: CharacterizedEntry): void {
    const map = this.pairOf(e.ones, e.zeros).made[e.kind];
    if (!map.has(e.id)) map.set(e.id, e.value);
  }

  private pairOf(ones: number, zeros: number): Pair {
    const id = ones * 4097 + zeros; // K, Z < 4097
    let pair = this.pairs.get(id);
    if (pair === undefined) {
      pair = new Pair(ones, zeros);
      this.pairs.set(id, pair);
    }
    return pair;
  }

  /** [V_end, Vmid_end] of node (strength index, internal-node index) of a pair, V. */
  private node(pair: Pair, si: number, mi: number): Float64Array {
    return this.characterized(pair, NODES, nodeKey(si, mi), () => this.solve(pair.ones, pair.zeros, si, this.vmidRest + mi * VMID_STEP, this.key.cap, 0, this.key.anchor));
  }

  /** The ns x nm nodes from (sFirst, mFirst), [V_end, Vmid_end] each, strength-major: one lookup per query. */
  private block(pair: Pair, sFirst: number, ns: number, mFirst: number, nm: number): Float64Array {
    return memo(pair.blocks, nodeKey(sFirst, mFirst) * 4 + (ns > 1 ? 2 : 0) + (nm > 1 ? 1 : 0), () => {
      const block = new Float64Array(2 * ns * nm);
      for (let i = 0, b = 0; i < ns; i++) {
        for (let j = 0; j < nm; j++, b += 2) block.set(this.node(pair, sFirst + i, mFirst + j), b);
      }
      return block;
    });
  }

  /**
   * Response of [V_end, Vmid_end] to the dispersion of the conducting cells' strengths about their
   * mean, V: [per unit of sum d^2 for V_end and Vmid_end, per unit of sum d^3 for both], with
   * d = strength / mean - 1. Equal strengths are the node; the first-order term vanishes (the mean
   * is kept), and a current that is one function of time and voltage times each cell's strength
   * would make every term 0: these carry how a cell's current changes shape with its threshold
   * (linear region, output slope, edges). From two solves that keep the mean: two cells moved by
   * +-e (sum d^2 = 2e^2, sum d^3 = 0) and, with three or more cells, three moved by +2e, -e, -e
   * (6e^2, 6e^3); e = SPREAD_STEP.
   */
  private dispersion(pair: Pair, si: number, mi: number): Float64Array {
    const { ones, zeros } = pair;
    return this.characterized(pair, SPREAD, nodeKey(si, mi), () => {
      const e = SPREAD_STEP;
      const base = this.node(pair, si, mi);
      const two = this.solve(ones, zeros, si, this.vmidRest + mi * VMID_STEP, this.key.cap, 0, this.key.anchor, [e, -e]);
      const d = new Float64Array(4);
      for (let k = 0; k < 2; k++) d[k] = (two[k] - base[k]) / (2 * e * e);
      if (ones >= 3) {
        const triple = this.solve(ones, zeros, si, this.vmidRest + mi * VMID_STEP, this.key.cap, 0, this.key.anchor, [2 * e, -e, -e]);
        for (let k = 0; k < 2; k++) d[2 + k] = (triple[k] - base[k] - 6 * e * e * d[k]) / (6 * e * e * e);
      }
      return d;
    });
  }

  /**
   * First-order response of [V_end, Vmid_end] to the conducting cells' mean current factor at
   * their strength (a node's cells carry the current factor 1 and the threshold of that strength),
   * per unit of its logarithm, V. A cell's strength mixes a current factor, which scales only the
   * strong-inversion law, and a threshold, which also moves its saturation voltage and its weak
   * share; this term tells them apart. [first derivative of V_end, of Vmid_end, second derivative
   * of both], from two solves with the current factor e^(+-LN_BETA_STEP).
   */
  private currentFactor(pair: Pair, si: number, mi: number): Float64Array {
    const { ones, zeros } = pair;
    return this.characterized(pair, BETA, nodeKey(si, mi), () => {
      const base = this.node(pair, si, mi);
      const h = LN_BETA_STEP;
      const up = this.solve(ones, zeros, si, this.vmidRest + mi * VMID_STEP, this.key.cap, 0, this.key.anchor, [], Math.exp(h));
      const down = this.solve(ones, zeros, si, this.vmidRest + mi * VMID_STEP, this.key.cap, 0, this.key.anchor, [], Math.exp(-h));
      return centralDifferences(base, up, down, h);
    });
  }

  /**
   * Sensitivities of [V_end, Vmid_end] at nominal strength and the internal nodes' rest level, per
   * unit of: 0 capacitance ratio, 1 leakage (A), 2 starting voltage (V; then also the second
   * derivatives, per V^2, from one-sided differences at V0_STEP and 2 V0_STEP: a precharge falls
   * short of its level, it does not overshoot).
   */
  private sensitivity(pair: Pair, kind: 0 | 1 | 2): Float64Array {
    const { ones, zeros } = pair;
    return this.characterized(pair, SENS, kind, () => {
      const k = this.key;
      const base = this.node(pair, 0, 0); // nominal strength, internal nodes at rest
      const vmid = this.vmidRest;
      if (kind === 2) {
        const h = V0_STEP;
        const one = this.solve(ones, zeros, 0, vmid, k.cap, 0, k.anchor + h);
        const two = this.solve(ones, zeros, 0, vmid, k.cap, 0, k.anchor + 2 * h);
        const d = new Float64Array(4);
        for (let j = 0; j < 2; j++) {
          d[j] = (-3 * base[j] + 4 * one[j] - two[j]) / (2 * h);
          d[2 + j] = (base[j] - 2 * one[j] + two[j]) / (h * h);
        }
        return d;
      }
      const step = kind === 0 ? CAP_STEP : k.leakScale;
      const moved = kind === 0 ? this.solve(ones, zeros, 0, vmid, k.cap * (1 + CAP_STEP), 0, k.anchor) : this.solve(ones, zeros, 0, vmid, k.cap, k.leakScale, k.anchor);
      return Float64Array.of((moved[0] - base[0]) / step, (moved[1] - base[1]) / step);
    });
  }

  /**
   * One detailed solve: K cells of the strength of index si (some of them moved to (1 + d) times
   * it, one per entry d of `moved`), Z zeros starting at vmid (V).
   */
  private solve(ones: number, zeros: number, si: number, vmid: number, cap: number, leak: number, v0: number, moved: readonly number[] = [], beta = 1): Float64Array {
    const s = this.setup;
    s.reset(v0, cap, leak, this.span);
    const g = s.group(this.key.width);
    s.gPorts[g] = ones + zeros;
    s.gZeros[g] = zeros;
    s.gOnes[g] = ones;
    s.gVmid[g] = vmid;
    const strength = Math.exp(si * STRENGTH_STEP);
    for (const d of moved) s.addOn(g, this.thresholdOf(strength * (1 + d)), 1);
    ones -= moved.length;
    if (ones > 0) s.addOn(g, this.thresholdOf(strength, beta), beta, ones);
    this.solves++;
    const v = this.solver.detailed(s);
    return Float64Array.of(v, zeros > 0 ? s.vmidOut[g] : vmid);
  }

  /** Threshold shift at which a cell of current factor `beta` has strength `target`, V (bisection on the grid). */
  private thresholdOf(target: number, beta = 1): number {
    let lo = 0;
    let hi = this.strong.length - 1; // strength falls as the threshold rises
    const at = (i: number): number => beta * this.strong[i] + this.weak[i];
    if (target >= at(lo)) return -DVT_SPAN;
    if (target <= at(hi)) return DVT_SPAN;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (at(mid) > target) lo = mid;
      else hi = mid;
    }
    const f = (at(lo) - target) / (at(lo) - at(hi));
    return -DVT_SPAN + (lo + f) * DVT_STEP;
  }
}

/** Which of a pair's characterized results: nodes, dispersion, current factor, sensitivities (by kind). */
type PairKind = 0 | 1 | 2 | 3;
const NODES = 0;
const SPREAD = 1;
const BETA = 2;
const SENS = 3;

/** Responses characterized for one (K, Z), keyed by nodeKey (small integers: fast map keys). */
class Pair {
  /** The characterized results by PairKind; the blocks are assembled from the nodes here. */
  readonly made: readonly [Map<number, Float64Array>, Map<number, Float64Array>, Map<number, Float64Array>, Map<number, Float64Array>] = [new Map(), new Map(), new Map(), new Map()];
  readonly blocks = new Map<number, Float64Array>();
  constructor(readonly ones: number, readonly zeros: number) {}
}

/** Integer key of node (strength index, internal-node index): |si| < 128, |mi| < 512. */
function nodeKey(si: number, mi: number): number {
  return (si + 128) * 1024 + (mi + 512);
}

/** map.get(id), made by `make` and kept on first use. */
function memo(map: Map<number, Float64Array>, id: number, make: () => Float64Array): Float64Array {
  let value = map.get(id);
  if (value === undefined) {
    value = make();
    map.set(id, value);
  }
  return value;
}

/** [f', g', f'', g''] of [f, g] at 0 from the values at 0, h and -h. */
function centralDifferences(base: Float64Array, up: Float64Array, down: Float64Array, h: number): Float64Array {
  const d = new Float64Array(4);
  for (let j = 0; j < 2; j++) {
    d[j] = (up[j] - down[j]) / (2 * h);
    d[2 + j] = (up[j] - 2 * base[j] + down[j]) / (h * h);
  }
  return d;
}

/** Lagrange weights at position p of the nodes 0..n-1 (unit spacing), into w. */
function lagrange(p: number, n: number, w: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let l = 1;
    for (let j = 0; j < n; j++) if (j !== i) l *= (p - j) / (i - j);
    w[i] = l;
  }
}
