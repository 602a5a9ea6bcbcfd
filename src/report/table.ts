/**
 * Console summaries: aligned plain-text tables and engineering notation with SI prefixes.
 */
import { CimsimError } from '../errors.js';

export interface TableColumn {
  header: string;
  /** Default 'left'. Use 'right' for numbers so their digits line up. */
  align?: 'left' | 'right';
}

/** Display width in code points (so 'µ' and 'σ' count as one column). */
function widthOf(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - widthOf(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Columns padded to their widest cell, two spaces apart, a dashed rule under the header, no
 * trailing spaces. Newlines and tabs in cells become spaces so each row stays on one line.
 */
export function formatTable(columns: TableColumn[], rows: string[][]): string {
  if (columns.length === 0) throw new CimsimError('table needs at least one column');
  const clean = (s: string): string => String(s).replace(/[\r\n\t]+/g, ' ');
  const body = rows.map((row, r) => {
    if (row.length !== columns.length) {
      throw new CimsimError(`table row ${r + 1} has ${row.length} cells for ${columns.length} columns`);
    }
    return row.map(clean);
  });
  const headers = columns.map((c) => clean(c.header));
  const widths = headers.map((h, c) => Math.max(widthOf(h), ...body.map((row) => widthOf(row[c]))));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => pad(cell, widths[c], columns[c].align ?? 'left')).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const PREFIXES: Record<number, string> = {
  [-24]: 'y', [-21]: 'z', [-18]: 'a', [-15]: 'f', [-12]: 'p', [-9]: 'n', [-6]: '\u00b5', [-3]: 'm',
  0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E', 21: 'Z', 24: 'Y',
};

export interface EngineeringOptions {
  /** Significant digits, 1..15; default 3. */
  digits?: number;
  /** Write 'u' instead of 'µ' for micro (for terminals without UTF-8). */
  ascii?: boolean;
}

/**
 * Value in SI base units -> text with an SI prefix and `digits` significant digits:
 * (1.234e-12, 'J') -> '1.23 pJ', (4.5e-10, 's') -> '450 ps', (0.0125, 'V') -> '12.5 mV'.
 * Zero is '0 J'; beyond the prefixes (1e-24..1e24) the mantissa takes an exponent;
 * NaN and infinities are written as such ('NaN V'), never hidden.
 */
export function formatEngineering(value: number, unit: string, options: EngineeringOptions = {}): string {
  const digits = options.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 1 || digits > 15) {
    throw new CimsimError(`formatEngineering digits must be an integer in 1..15, got ${digits}`);
  }
  const join = (text: string, prefix: string): string => (unit === '' && prefix === '' ? text : `${text} ${prefix}${unit}`);
  if (!Number.isFinite(value)) return join(String(value), '');
  if (value === 0) return join('0', '');
  const magnitude = Math.abs(value);
  // Scale by an exact power of ten (10^k is exact for k <= 22), multiplying for small values.
  const scaled = (exp3: number): number => (exp3 < 0 ? value * 10 ** -exp3 : value / 10 ** exp3);
  let exp3 = Math.floor(Math.log10(magnitude) / 3) * 3;
  // log10 can land a hair off an exact power of ten; rounding can carry 999.7 to 1000.
  if (Math.abs(scaled(exp3)) < 1) exp3 -= 3;
  if (Math.abs(Number(scaled(exp3).toPrecision(digits))) >= 1000) exp3 += 3;
  const prefix = PREFIXES[exp3];
  if (prefix === undefined) return join(value.toExponential(digits - 1), '');
  let text = scaled(exp3).toPrecision(digits);
  // With fewer digits than the integer part (450 at 1 digit), toPrecision switches to '5e+2'.
  if (text.includes('e')) text = String(Number(text));
  return join(text, options.ascii && prefix === '\u00b5' ? 'u' : prefix);
}

/** Metric-name suffixes of physical units: their numbers are written in engineering notation. */
const UNIT_SUFFIX: Record<string, string> = {
  _J: 'J', _s: 's', _V: 'V', _m: 'm', _m2: 'm^2', _W: 'W', _F: 'F', _A: 'A', _C: 'C', _Hz: 'Hz', _Ohm: 'Ohm',
};
/** Word units: engineering notation too, the prefix kept apart from the word (947 M conversions/s). */
const WORD_SUFFIX: Record<string, string> = { _conversionsPerS: 'conversions/s' };
/** Compound units whose names cannot hold a slash, written as a person reads them (no prefix). */
const COMPOUND_SUFFIX: Record<string, string> = { _TOPSperW: 'TOPS/W', _TOPSperMm2: 'TOPS/mm^2' };

/**
 * The axis unit for a metric's values as a person reads them: `energy_J` around 1.1e-10 ->
 * { unit: 'pJ', factor: 1e12 }; `error_LSB` -> { unit: 'LSB', factor: 1 }. The prefix follows the
 * largest magnitude, so every value reads as at most three digits before the point.
 */
export function displayUnit(name: string, values: readonly number[]): { unit: string; factor: number } {
  const suffix = name.includes('_') ? name.slice(name.lastIndexOf('_')) : '';
  const unit = UNIT_SUFFIX[suffix];
  if (unit === undefined || unit === 'm^2') return { unit: WORD_SUFFIX[suffix] ?? COMPOUND_SUFFIX[suffix] ?? suffix.slice(1), factor: 1 };
  const largest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  const exp3 = largest > 0 ? Math.min(24, Math.max(-24, Math.floor(Math.log10(largest) / 3) * 3)) : 0;
  return { unit: `${PREFIXES[exp3]}${unit}`, factor: 10 ** -exp3 };
}

/** A metric's value with the unit its name ends in: `763 fJ`, `213 um^2`, `0.1976 LSB`. */
export function formatMetric(name: string, value: number): string {
  const suffix = name.slice(name.lastIndexOf('_'));
  const prefixed = value !== 0 && Number.isFinite(value);
  const unit = UNIT_SUFFIX[suffix];
  if (prefixed && unit !== undefined && unit !== 'm^2') return formatEngineering(value, unit);
  if (prefixed && WORD_SUFFIX[suffix] !== undefined) return `${formatEngineering(value, '')} ${WORD_SUFFIX[suffix]}`;
  if (suffix === '_m2') return `${Number((value * 1e12).toPrecision(4))} um^2`;
  const word = WORD_SUFFIX[suffix] ?? COMPOUND_SUFFIX[suffix] ?? suffix.slice(1);
  const shown = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4))); // 4 significant digits, no padding zeros (a 0.5 LSB limit reads 0.5)
  return name.includes('_') ? `${shown} ${word}` : shown;
}

/**
 * A table cell as a person reads it: a number in a column whose header ends in a physical unit
 * (`_F`, `_s`, `_V`, `_J`, `_m2`, ...) in engineering notation with its unit; other numbers
 * (LSB, counts, ratios: the header says) compactly.
 */
export function formatCell(header: string, v: number | string | undefined): string {
  if (v === undefined) return '';
  if (typeof v !== 'number') return v;
  if ([...Object.keys(UNIT_SUFFIX), ...Object.keys(WORD_SUFFIX)].some((suffix) => header.endsWith(suffix))) return formatMetric(header, v);
  // LSB and ratios below 1e-12 are rounding residue (a DNL of -2.2e-16 LSB): shown as 0.
  if (Math.abs(v) < 1e-12 && /_(LSB|ratio)$/.test(header)) return '0';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(5)));
}

