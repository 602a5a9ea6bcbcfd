/**
 * Value Change Dump writer (IEEE Std 1364-2005 section 18, four-state VCD) for cimsim traces:
 * real-valued analog nodes (bitline voltages, references) and digital wires (clocks, codes).
 * Simulated time is integer femtoseconds, so the timescale is `1 fs` and times are written as is.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CimsimError } from '../errors.js';

/** Identifier code of one VCD variable (printable ASCII '!'..'~', one or more characters). */
export type SignalId = string;

export type VcdKind = 'real' | 'wire';

/** Options of {@link VcdWriter}. */
export interface VcdOptions {
  /** Text of the `$date` section; default: the current date (ISO 8601, UTC). */
  date?: string;
  /** Optional `$comment` text (e.g. netlist name and seed). */
  comment?: string;
  /** Module name holding signals added with an empty scope; default 'top'. */
  topScope?: string;
  /** Significant digits of real values (1..17); default 9 (1 nV resolution at 1 V). */
  realDigits?: number;
}

interface Signal {
  id: SignalId;
  scope: string[];
  name: string;
  kind: VcdKind;
  width: number;
}

interface Change {
  time: number; // fs
  signal: number; // index into signals
  text: string; // formatted value without the identifier
}

const FIRST_CODE = 33; // '!'
const CODE_COUNT = 94; // '!'..'~'
const MAX_TIME_FS = Number.MAX_SAFE_INTEGER;

/** Identifier code for the n-th signal: base-94 digits over '!'..'~' (n=0 -> '!', n=94 -> '!"'). */
export function vcdIdentifier(n: number): SignalId {
  let id = '';
  let rest = n;
  do {
    id += String.fromCharCode(FIRST_CODE + (rest % CODE_COUNT));
    rest = Math.floor(rest / CODE_COUNT);
  } while (rest > 0);
  return id;
}

/**
 * Make a name acceptable to VCD viewers: runs of characters other than letters, digits and '_'
 * are dropped at the ends and become one '_' inside (so `bl[3]` -> `bl_3`, `ref a` -> `ref_a`,
 * `w[2][5]` -> `w_2_5`); a leading digit gets a '_' prefix.
 */
export function sanitizeVcdName(name: string): string {
  let s = name.replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '').replace(/[^A-Za-z0-9_]+/g, '_');
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return s;
}

/** Real value text: `digits` significant digits, trailing zeros dropped, C-style exponent. */
export function formatVcdReal(value: number, digits = 9): string {
  if (value === 0) return '0';
  const text = value.toPrecision(digits);
  const [mantissa, exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

/**
 * Collects value changes (in any time order) and writes a VCD file.
 *
 * ```ts
 * const vcd = new VcdWriter();
 * const bl = vcd.addSignal(['array0'], 'bl[3]', 'real');
 * vcd.change(0, bl, 1.1);
 * vcd.change(250_000, bl, 0.62); // 250 ps
 * writeFileSync('out.vcd', vcd.toString());
 * ```
 */
export class VcdWriter {
  private readonly signals: Signal[] = [];
  private readonly byId = new Map<SignalId, number>();
  private readonly paths = new Set<string>();
  private readonly changes: Change[] = [];
  private readonly options: Required<Omit<VcdOptions, 'comment' | 'date'>> & VcdOptions;

  constructor(options: VcdOptions = {}) {
    const realDigits = options.realDigits ?? 9;
    if (!Number.isInteger(realDigits) || realDigits < 1 || realDigits > 17) {
      throw new CimsimError(`VCD realDigits must be an integer in 1..17, got ${realDigits}`);
    }
    const topScope = sanitizeVcdName(options.topScope ?? 'top');
    if (topScope === '') throw new CimsimError('VCD topScope must not be empty');
    this.options = { ...options, realDigits, topScope };
  }

  /**
   * Declare a variable. `scope` is the module path (e.g. ['net', 'array0']); names are sanitized
   * with {@link sanitizeVcdName}. Wires of width > 1 are vectors (`b1010`).
   */
  addSignal(scope: string[], name: string, kind: VcdKind, width = 1): SignalId {
    if (kind !== 'real' && kind !== 'wire') {
      throw new CimsimError(`VCD signal kind must be 'real' or 'wire', got '${String(kind)}'`);
    }
    if (!Number.isInteger(width) || width < 1 || (kind === 'real' && width !== 1)) {
      throw new CimsimError(`VCD signal '${name}' has bad width ${width}`, undefined,
        kind === 'real' ? 'real signals have width 1 (written as 64-bit reals)' : 'use an integer width >= 1');
    }
    const cleanScope = (scope.length === 0 ? [this.options.topScope] : scope).map(sanitizeVcdName);
    const cleanName = sanitizeVcdName(name);
    if (cleanName === '' || cleanScope.some((s) => s === '')) {
      throw new CimsimError(`VCD signal name '${[...scope, name].join('.')}' is empty after sanitizing`);
    }
    const path = [...cleanScope, cleanName].join('.');
    if (this.paths.has(path)) {
      throw new CimsimError(`VCD signal '${path}' is declared twice`, undefined,
        `names are sanitized ('${name}' -> '${cleanName}'); give each signal a distinct name`);
    }
    this.paths.add(path);
    const id = vcdIdentifier(this.signals.length);
    this.byId.set(id, this.signals.length);
    this.signals.push({ id, scope: cleanScope, name: cleanName, kind, width });
    return id;
  }

  /**
   * Record that signal `id` takes `value` at `time_fs` (integer femtoseconds, >= 0). Reals take a
   * finite number; wires take 0/1, a non-negative integer (vectors), or a string of 0/1/x/z.
   */
  change(time_fs: number, id: SignalId, value: number | string): void {
    if (!Number.isFinite(time_fs) || !Number.isInteger(time_fs) || time_fs < 0 || time_fs > MAX_TIME_FS) {
      throw new CimsimError(`VCD change time ${time_fs} fs is not a non-negative integer number of femtoseconds`,
        undefined, 'simulation time is integer fs up to 2^53-1 (~9 s); round with toFs() from engine/time');
    }
    const index = this.byId.get(id);
    if (index === undefined) {
      throw new CimsimError(`VCD change for unknown signal id '${id}'`, undefined, 'use the id returned by addSignal()');
    }
    const signal = this.signals[index];
    const text = signal.kind === 'real' ? this.realText(signal, value) : wireText(signal, value);
    this.changes.push({ time: time_fs, signal: index, text });
  }

  /** Number of declared signals. */
  get signalCount(): number {
    return this.signals.length;
  }

  /** The whole file, line by line (header, then changes ordered by time). */
  *lines(): Generator<string> {
    yield* this.header();
    yield* this.body();
  }

  /** The whole VCD file as one string. */
  toString(): string {
    let out = '';
    for (const line of this.lines()) out += `${line}\n`;
    return out;
  }

  /** Write the file (creating its folder), streaming in chunks so long traces need no giant string. */
  writeFile(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    try {
      let chunk = '';
      for (const line of this.lines()) {
        chunk += `${line}\n`;
        if (chunk.length > 1 << 16) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }

  private realText(signal: Signal, value: number | string): string {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new CimsimError(`VCD real signal '${signal.name}' got non-finite or non-numeric value ${String(value)}`,
        undefined, 'a NaN/Infinity voltage points at a model error upstream; real VCD values must be finite');
    }
    return `r${formatVcdReal(value, this.options.realDigits)}`;
  }

  private *header(): Generator<string> {
    yield '$date';
    yield `\t${this.options.date ?? new Date().toISOString()}`;
    yield '$end';
    yield '$version';
    yield '\tcimsim';
    yield '$end';
    if (this.options.comment !== undefined) {
      yield '$comment';
      // '$end' inside a comment would close it early.
      yield `\t${this.options.comment.replace(/\$end/g, '$ end')}`;
      yield '$end';
    }
    yield '$timescale 1 fs $end';
    yield* this.scopes();
    yield '$enddefinitions $end';
  }

  /** Scope tree in declaration order; each scope is opened exactly once. */
  private *scopes(): Generator<string> {
    interface Node { children: Map<string, Node>; vars: Signal[] }
    const root: Node = { children: new Map(), vars: [] };
    for (const s of this.signals) {
      let node = root;
      for (const part of s.scope) {
        let child = node.children.get(part);
        if (!child) {
          child = { children: new Map(), vars: [] };
          node.children.set(part, child);
        }
        node = child;
      }
      node.vars.push(s);
    }
    function* walk(node: Node): Generator<string> {
      for (const v of node.vars) {
        yield `$var ${v.kind} ${v.kind === 'real' ? 64 : v.width} ${v.id} ${v.name} $end`;
      }
      for (const [name, child] of node.children) {
        yield `$scope module ${name} $end`;
        yield* walk(child);
        yield '$upscope $end';
      }
    }
    yield* walk(root);
  }

  /**
   * Changes sorted stably by time; within one time the last reported value of a signal wins, and a
   * value equal to the signal's current one is dropped. Time 0 is the `$dumpvars` block holding
   * every signal: reals start at 0.0 and wires at x (Verilog's initial values) unless set at 0 fs.
   */
  private *body(): Generator<string> {
    const order = this.changes.slice().sort((a, b) => a.time - b.time);
    const current: string[] = this.signals.map((s) => (s.kind === 'real' ? 'r0' : s.width === 1 ? 'x' : 'bx'));
    let i = 0;
    // Values set at time 0 replace the initial values.
    while (i < order.length && order[i].time === 0) {
      current[order[i].signal] = order[i].text;
      i++;
    }
    yield '#0';
    yield '$dumpvars';
    for (let s = 0; s < this.signals.length; s++) yield valueLine(current[s], this.signals[s].id);
    yield '$end';
    while (i < order.length) {
      const time = order[i].time;
      const latest = new Map<number, string>(); // signal index -> last text at this time
      for (; i < order.length && order[i].time === time; i++) latest.set(order[i].signal, order[i].text);
      const lines: string[] = [];
      for (const [signal, text] of latest) {
        if (current[signal] === text) continue;
        current[signal] = text;
        lines.push(valueLine(text, this.signals[signal].id));
      }
      if (lines.length === 0) continue;
      yield `#${time}`;
      yield* lines;
    }
  }
}

function valueLine(text: string, id: SignalId): string {
  // Scalars are written without a space (`1!`); vectors and reals need one (`b1010 !`, `r1.1 !`).
  return text.length === 1 ? `${text}${id}` : `${text} ${id}`;
}

function wireText(signal: Signal, value: number | string): string {
  const bad = (why: string): CimsimError =>
    new CimsimError(`VCD wire '${signal.name}' (width ${signal.width}) got ${JSON.stringify(value)}: ${why}`);
  let bits: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value) || value < 0) {
      throw bad('expected a finite non-negative integer');
    }
    bits = value.toString(2);
  } else if (typeof value === 'string') {
    bits = value.toLowerCase();
    if (!/^[01xz]+$/.test(bits)) throw bad("expected only the characters 0, 1, x, z");
    // Drop leading zeros only before 0/1: a leading x or z would be x/z-extended by readers.
    bits = bits.replace(/^0+(?=[01])/, '');
  } else {
    throw bad('expected a number or a bit string');
  }
  if (bits.length > signal.width) throw bad(`value needs ${bits.length} bits`);
  return signal.width === 1 ? bits : `b${bits}`;
}
