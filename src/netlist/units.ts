import type { UnitName } from './params.js';

/**
 * Units of the netlist: SPICE engineering suffixes, unit letters, dimension vectors (in mathjs
 * order) and engineering-notation formatting. Values are always held in SI base units.
 */

/** Exponents of [kg, m, s, A, K, cd, mol, rad, bit], the base-dimension order mathjs uses. */
export type Dimensions = readonly number[];

interface UnitInfo {
  /** What the quantity is called in messages. */
  readonly quantity: string;
  /** Dimension vector; absent for units a value can only be given in as a plain number. */
  readonly dims?: Dimensions;
  /** Letters that may follow a number (after the scale letters), lower-case. */
  readonly suffix?: string;
  /** Unit as mathjs spells it, for SPICE literals rewritten inside expressions. */
  readonly mathjs?: string;
}

const D = (kg: number, m: number, s: number, a: number): Dimensions => [kg, m, s, a, 0, 0, 0, 0, 0];

export const UNITS: Readonly<Record<UnitName, UnitInfo>> = {
  '': { quantity: 'dimensionless number', dims: D(0, 0, 0, 0) },
  V: { quantity: 'voltage', dims: D(1, 2, -3, -1), suffix: 'v', mathjs: 'V' },
  F: { quantity: 'capacitance', dims: D(-1, -2, 4, 2), suffix: 'f', mathjs: 'F' },
  s: { quantity: 'time', dims: D(0, 0, 1, 0), suffix: 's', mathjs: 's' },
  A: { quantity: 'current', dims: D(0, 0, 0, 1), suffix: 'a', mathjs: 'A' },
  Ohm: { quantity: 'resistance', dims: D(1, 2, -3, -2), suffix: 'ohm', mathjs: 'ohm' },
  J: { quantity: 'energy', dims: D(1, 2, -2, 0), suffix: 'j', mathjs: 'J' },
  m: { quantity: 'length', dims: D(0, 1, 0, 0), suffix: 'm', mathjs: 'm' },
  'm^2': { quantity: 'area', dims: D(0, 2, 0, 0) },
  'V*m': { quantity: 'voltage times length', dims: D(1, 3, -3, -1) },
  '1/V': { quantity: 'inverse voltage', dims: D(-1, -2, 3, 1) },
  'sqrt(F)': { quantity: 'square root of capacitance', dims: D(-0.5, -1, 2, 1) },
  '%*m': { quantity: 'percent times length' },
  degC: { quantity: 'temperature in degrees C' },
  'A/V^a': { quantity: 'alpha-power current factor' },
  'V^(1-a/2)': { quantity: 'alpha-power saturation factor' },
};

/** SPICE scale letters (case-insensitive; `meg` is tested before `m`). */
const SCALES: ReadonlyArray<readonly [string, number]> = [
  ['meg', 1e6],
  ['f', 1e-15],
  ['p', 1e-12],
  ['n', 1e-9],
  ['u', 1e-6],
  ['m', 1e-3],
  ['k', 1e3],
  ['g', 1e9],
  ['t', 1e12],
];

/** Units that may be written after a number, by their lower-case letters. */
const SUFFIX_UNITS: ReadonlyMap<string, UnitName> = new Map(
  (Object.keys(UNITS) as UnitName[]).filter((u) => UNITS[u].suffix !== undefined).map((u) => [UNITS[u].suffix as string, u]),
);

/** A problem inside one value, located by character offset within the value's text. */
export class ValueProblem extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** 0-based offset of the offending characters within the text that was parsed. */
    readonly offset = 0,
    /** Number of offending characters (0 = the whole text). */
    readonly span = 0,
  ) {
    super(message);
    this.name = 'ValueProblem';
  }
}

/** Human name of a unit for messages, e.g. `capacitance (F)`. */
export function describeUnit(unit: UnitName): string {
  return unit === '' ? 'dimensionless number' : `${UNITS[unit].quantity} (${unit})`;
}

/** The UnitName whose dimension vector equals `dims`, if any. */
export function unitOfDimensions(dims: Dimensions): UnitName | undefined {
  for (const u of Object.keys(UNITS) as UnitName[]) {
    const d = UNITS[u].dims;
    if (d !== undefined && sameDimensions(d, dims)) return u;
  }
  return undefined;
}

export function sameDimensions(a: Dimensions, b: Dimensions): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) > 1e-12) return false;
  return true;
}

const NUMBER_RE = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([A-Za-z]*)$/;

/** Result of reading a SPICE number: SI value and the unit its letters named ('' when none). */
export interface SpiceNumber {
  readonly value: number;
  readonly unit: UnitName | '';
  /** True when unit letters were written (so `unit` was stated, not assumed). */
  readonly unitWritten: boolean;
}

/** Split trailing letters into a SPICE scale and unit letters; null when they are not of that form. */
export function splitSuffix(letters: string): { scale: number; unit: UnitName | ''; unitLetters: string } | null {
  const lower = letters.toLowerCase();
  let scale = 1;
  let rest = lower;
  for (const [prefix, factor] of SCALES) {
    if (lower.startsWith(prefix)) {
      scale = factor;
      rest = lower.slice(prefix.length);
      break;
    }
  }
  if (rest === '') return { scale, unit: '', unitLetters: '' };
  const unit = SUFFIX_UNITS.get(rest);
  if (unit !== undefined) return { scale, unit, unitLetters: letters.slice(letters.length - rest.length) };
  return null;
}

/** True when `text` looks like a number (digits first), whatever its letters. */
export function looksNumeric(text: string): boolean {
  return /^[+-]?(\d|\.\d)/.test(text);
}

/**
 * Read a SPICE number such as `0.3fF`, `200p`, `5kOhm`, `1meg`, `1.1V`. Scale letters come first
 * (`meg` before `m`), the remaining letters must be a unit or nothing, so `1F` is one femto.
 * `expected` checks the dimension; null accepts any known unit (used by `.param`).
 */
export function parseSpiceNumber(text: string, expected: UnitName | null): SpiceNumber {
  const m = NUMBER_RE.exec(text);
  if (m === null) {
    const letters = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text);
    if (letters !== null && letters[0].length > 0) {
      throw new ValueProblem(`\`${text}\` is not a number: unexpected \`${text.slice(letters[0].length)}\` after ${letters[0]}`,
        'write a number, optionally followed by a scale letter (f p n u m k meg g t) and a unit, e.g. 0.3fF or 200ps',
        letters[0].length, text.length - letters[0].length);
    }
    throw new ValueProblem(`expected a number, found \`${text}\``, 'numbers look like 64, 1.1, 2e-15, 0.3fF or 200ps; expressions go in braces: {2*vdd}');
  }
  const mantissa = Number(m[1]);
  const letters = m[2];
  const split = splitSuffix(letters);
  const at = m[1].length;
  if (split === null) {
    throw new ValueProblem(`unknown unit \`${letters}\` in \`${text}\``, unitHint(expected), at, letters.length);
  }
  const value = mantissa * split.scale;
  if (!Number.isFinite(value)) throw new ValueProblem(`\`${text}\` is too large to represent`, 'check the exponent and the scale letter', 0, text.length);
  const written = split.unit !== '';
  if (expected !== null && written && split.unit !== expected) {
    const uAt = at + letters.length - split.unitLetters.length;
    const want = UNITS[expected].suffix === undefined && expected !== ''
      ? `a plain number (SI, in ${expected})` : `a ${describeUnit(expected)}`;
    throw new ValueProblem(`dimension mismatch: \`${text}\` is a ${describeUnit(split.unit)}, expected ${want}`, unitHint(expected), uAt, split.unitLetters.length);
  }
  return { value, unit: written ? split.unit : expected ?? '', unitWritten: written };
}

function unitHint(expected: UnitName | null): string {
  if (expected === null) return 'unit letters after the scale letter: V F s A Ohm J m (case-insensitive); beware 1F = 1 femto';
  if (expected === '') return 'this parameter is a plain number; scale letters (k, meg, ...) are allowed, unit letters are not';
  if (expected === 'degC') return 'temperatures are plain numbers in degrees C, e.g. temp=85';
  const suffix = UNITS[expected].suffix;
  if (suffix === undefined) return `write a plain number in SI units (${expected}), or an expression with mathjs units in braces`;
  return `write e.g. 1.5${expected === 'F' ? 'f' : 'n'}${expected}: scale letters (f p n u m k meg g t) then the unit ${expected} or nothing`;
}

const PREFIXES: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'Meg'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'u'],
  [1e-9, 'n'],
  [1e-12, 'p'],
  [1e-15, 'f'],
];

/**
 * For a bare number (no scale letter, no unit) that is out of a dimensioned parameter's range:
 * the same digits with the scale letter that puts it in range and nearest the parameter's default
 * (`30` for a pulse width of 1 ps .. 1 us, default 200 ps -> `30ps`), or undefined when none does.
 */
export function scaledSuggestion(text: string, unit: UnitName, lo: number, hi: number, typical: number): string | undefined {
  const u = UNITS[unit];
  if (u?.suffix === undefined || !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  const x = Number(text);
  const distance = (v: number): number => (typical > 0 && v > 0 ? Math.abs(Math.log(v / typical)) : 0);
  const fits = PREFIXES.filter(([scale, letter]) => letter !== '' && x * scale >= lo && x * scale <= hi);
  if (fits.length === 0) return undefined;
  const best = fits.reduce((a, b) => (distance(x * b[0]) < distance(x * a[0]) ? b : a));
  return `${text}${best[1] === 'Meg' ? 'meg' : best[1]}${unit}`;
}

/** Up to 6 significant digits without trailing zeros or float noise (0.30000000000000004 -> 0.3). */
function shortNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * Engineering notation for a value in SI units: `300 fF`, `1.1 V`, `200 ps`, `5 kOhm`. Units
 * without a suffix letter (areas, coefficients) and dimensionless values are printed as plain
 * numbers followed by the unit. Mega is written `Meg` and nothing goes below femto, so the text
 * reads back the same in a netlist.
 */
export function formatValue(value: number, unit: UnitName): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === '' || UNITS[unit].suffix === undefined) {
    const a = Math.abs(value);
    const text = a === 0 || (a >= 1e-3 && a < 1e6) ? shortNumber(value) : Number(value.toPrecision(6)).toExponential();
    return unit === '' ? text : `${text} ${unit}`;
  }
  if (value === 0) return `0 ${unit}`;
  const magnitude = Math.abs(value);
  for (const [factor, prefix] of PREFIXES) {
    // Round first, so 999.9999 mV becomes 1 V rather than 1000 mV.
    const scaled = Number((magnitude / factor).toPrecision(6));
    if (scaled >= 1 || factor === 1e-15) return `${value < 0 ? '-' : ''}${shortNumber(scaled)} ${prefix}${unit}`;
  }
  return `${shortNumber(value)} ${unit}`;
}
