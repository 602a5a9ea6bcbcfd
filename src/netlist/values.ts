import { CimsimError } from '../errors.js';
import { evaluateExpression, toTarget, type ExprScope } from './expressions.js';
import { errorAt, type Token } from './lexer.js';
import type { ParamSpec, ParamValue, UnitName } from './params.js';
import type { Value } from './parser.js';
import { NAME_RE } from './parser.js';
import { formatValue, looksNumeric, parseSpiceNumber, scaledSuggestion, ValueProblem } from './units.js';

/**
 * Values: one written value -> the typed, SI value its ParamSpec asks for. Numbers accept SPICE
 * literals and {expressions}; integers must be whole; enums are matched case-insensitively; lists
 * are comma-separated. References are returned as names with their positions, and checked by
 * elaboration once every instance is known.
 */

/** A name inside a ref or list value, with the token and offset it was written at. */
export interface RefUse {
  readonly name: string;
  readonly tok: Token;
  readonly offset: number;
}

export interface Converted {
  readonly value: ParamValue;
  readonly unit: UnitName;
  /** `.param` names an expression used. */
  readonly usedParams: readonly string[];
  /** For kinds 'ref' and 'list' with refTypes: the names to check. */
  readonly refs?: readonly RefUse[];
}

/** Offset of a value's text inside its token (1 for `{...}` and `"..."`). */
function inner(tok: Token): number {
  return tok.kind === 'brace' || tok.kind === 'string' ? 1 : 0;
}

/** Run `fn`, turning a ValueProblem into a located CimsimError on `tok`. */
export function located<T>(tok: Token, fn: () => T, prefix = ''): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ValueProblem) {
      const whole = err.span === 0;
      throw errorAt(tok, prefix + err.message, err.hint, whole ? 0 : inner(tok) + err.offset, whole ? tok.span : err.span);
    }
    throw err;
  }
}

/** Range and whole-number checks for a numeric value; throws ValueProblem. */
export function checkNumber(spec: ParamSpec, value: number, what: string): number {
  if (!Number.isFinite(value)) throw new ValueProblem(`${what} is not a finite number`, 'give a finite value in SI units');
  let v = value;
  if (spec.kind === 'integer') {
    const rounded = Math.round(v);
    // Tolerate float noise from expressions such as {0.1*30}.
    if (Math.abs(v - rounded) > 1e-9 * Math.max(1, Math.abs(v))) {
      throw new ValueProblem(`${what} must be a whole number, got ${formatValue(v, spec.unit)}`, 'counts and bit widths are integers');
    }
    v = rounded;
  }
  const lo = spec.min ?? -Infinity;
  const hi = spec.max ?? Infinity;
  if (v < lo || v > hi) {
    const range = spec.min !== undefined && spec.max !== undefined
      ? `${formatValue(lo, spec.unit)} .. ${formatValue(hi, spec.unit)}`
      : spec.min !== undefined ? `at least ${formatValue(lo, spec.unit)}` : `at most ${formatValue(hi, spec.unit)}`;
    throw new ValueProblem(`${what} = ${formatValue(v, spec.unit)} is out of range: expected ${range}`, `the accepted range of \`${spec.name}\` is ${range}`);
  }
  return v;
}

/** One number written as a SPICE literal, a {expression}, or a bare name in scope. */
export function convertNumber(tok: Token, target: UnitName | null, scope: ExprScope, prefix: string): { value: number; unit: UnitName; usedParams: readonly string[] } {
  return located(tok, () => {
    if (tok.kind === 'brace' || (tok.kind === 'word' && NAME_RE.test(tok.text) && scope.values.has(tok.text.toLowerCase()))) {
      const result = evaluateExpression(tok.text, scope);
      const t = toTarget(result, target);
      return { value: t.value, unit: t.unit, usedParams: result.usedParams };
    }
    if (tok.kind === 'string') throw new ValueProblem('expected a number, found quoted text', 'numbers are written without quotes, e.g. 0.3fF');
    const n = parseSpiceNumber(tok.text, target);
    return { value: n.value, unit: (n.unit === '' ? target ?? '' : n.unit) as UnitName, usedParams: [] };
  }, prefix);
}

/** Text of a value (list parts joined back together). */
function joined(value: Value): string {
  return value.parts.map((p) => p.text).join('');
}

/** Elements of a comma-separated value with the token and offset each element starts at. */
function elements(value: Value): RefUse[] {
  const chars: { c: string; tok: Token; offset: number }[] = [];
  for (const tok of value.parts) for (let k = 0; k < tok.text.length; k++) chars.push({ c: tok.text[k], tok, offset: inner(tok) + k });
  const out: RefUse[] = [];
  let start = 0;
  for (let k = 0; k <= chars.length; k++) {
    if (k === chars.length || chars[k].c === ',') {
      if (k === start) {
        const at = chars[Math.min(k, chars.length - 1)] ?? { tok: value.parts[0], offset: inner(value.parts[0]) };
        throw errorAt(at.tok, 'empty element in a comma-separated list', 'lists are written a,b,c with nothing empty between commas', at.offset, 1);
      }
      out.push({ name: chars.slice(start, k).map((x) => x.c).join(''), tok: chars[start].tok, offset: chars[start].offset });
      start = k + 1;
    }
  }
  return out;
}

/** True when a list parameter holds numbers (its default is a list of numbers). */
export function isNumericList(spec: ParamSpec): boolean {
  if (spec.refTypes !== undefined || typeof spec.default !== 'string' || spec.default === '') return false;
  return spec.default.split(',').every((e) => looksNumeric(e.trim()));
}

/** Parse a numeric list element written as a SPICE literal; throws ValueProblem. */
export function numericElement(spec: ParamSpec, text: string): number {
  const n = parseSpiceNumber(text, spec.unit);
  return checkNumber(spec, n.value, `element \`${text}\``);
}

/**
 * Convert a written value for `spec`. `owner` names the instance (or `tech`) in messages, which
 * read `owner.param: ...` like override keys.
 * Reference names are returned in `refs` unchecked.
 */
export function convertValue(spec: ParamSpec, value: Value, scope: ExprScope, owner: string): Converted {
  const tok = value.parts[0];
  const what = `${owner}.${spec.name}`;
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      if (value.parts.length > 1 || (tok.kind === 'word' && tok.text.includes(','))) {
        throw errorAt(tok, `${what} takes one number, not a list`, 'remove the commas');
      }
      const n = convertNumber(tok, spec.unit, scope, `${what}: `);
      const v = located(tok, () => {
        try {
          return checkNumber(spec, n.value, what);
        } catch (err) {
          // A bare number is in SI units: `tunit=30` is 30 s. Propose the scale letter that fits.
          const fix = err instanceof ValueProblem && tok.kind === 'word' ? scaledSuggestion(tok.text, spec.unit, spec.min ?? -Infinity, spec.max ?? Infinity, typeof spec.default === 'number' ? spec.default : 0) : undefined;
          if (fix === undefined) throw err;
          throw new ValueProblem((err as ValueProblem).message, `a bare number is in SI units (${tok.text} means ${formatValue(n.value, spec.unit)}): did you mean ${spec.name}=${fix}?`);
        }
      });
      return { value: v, unit: spec.unit, usedParams: n.usedParams };
    }
    case 'enum': {
      if (tok.kind === 'brace') throw errorAt(tok, `${what} takes one of ${spec.choices?.join(', ')}, not an expression`, 'write the choice without braces');
      const text = joined(value);
      const choice = spec.choices?.find((c) => c.toLowerCase() === text.toLowerCase());
      if (choice === undefined) {
        throw errorAt(tok, `${what} must be one of ${spec.choices?.join(', ')}, got \`${text}\``, `write ${spec.name}=${spec.choices?.[0] ?? ''}`);
      }
      return { value: choice, unit: '', usedParams: [] };
    }
    case 'string':
      if (tok.kind === 'brace') throw errorAt(tok, `${what} takes text, not an expression`, 'write the text as is, or in "quotes"');
      return { value: joined(value), unit: '', usedParams: [] };
    case 'ref': {
      if (tok.kind === 'brace' || value.parts.length > 1 || !NAME_RE.test(tok.text)) {
        throw errorAt(tok, `${what} takes the name of a ${spec.refTypes?.join(' or ') ?? 'device'} instance, got \`${tok.kind === 'brace' ? `{${tok.text}}` : joined(value)}\``,
          'write the instance name as declared, e.g. dac=R0');
      }
      return { value: tok.text, unit: '', usedParams: [], refs: [{ name: tok.text, tok, offset: inner(tok) }] };
    }
    case 'list': {
      if (tok.kind === 'brace') throw errorAt(tok, `${what} takes a comma-separated list, not an expression`, 'write e.g. 16,8,4,2,1');
      const items = elements(value);
      if (spec.refTypes !== undefined) {
        for (const it of items) {
          if (!NAME_RE.test(it.name)) throw errorAt(it.tok, `${what}: \`${it.name}\` is not an instance name`, `list the names of ${spec.refTypes.join(' or ')} instances, e.g. A0,A1`, it.offset, it.name.length);
        }
        return { value: items.map((i) => i.name), unit: '', usedParams: [], refs: items };
      }
      const numeric = isNumericList(spec);
      const out = items.map((it) => {
        if (!numeric && !looksNumeric(it.name)) return it.name;
        try {
          return numericElement(spec, it.name);
        } catch (err) {
          if (err instanceof ValueProblem) {
            throw errorAt(it.tok, `${what}: ${err.message}`, err.hint, it.offset + (err.span === 0 ? 0 : err.offset), err.span === 0 ? it.name.length : err.span);
          }
          throw err;
        }
      });
      return { value: out, unit: spec.unit, usedParams: [] };
    }
  }
}

/** Rethrow a located error for a value that came from outside the file (an override). */
export function unlocated(err: CimsimError, context: string): CimsimError {
  return new CimsimError(`${context}: ${err.message}`, undefined, err.hint);
}
