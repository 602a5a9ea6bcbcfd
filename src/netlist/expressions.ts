import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';
import { closest } from '../errors.js';
import type { UnitName } from './params.js';
import { describeUnit, sameDimensions, splitSuffix, unitOfDimensions, UNITS, ValueProblem, type Dimensions } from './units.js';

/**
 * The expression sandbox. `{...}` in a netlist is evaluated once, at elaboration, by a mathjs
 * instance with its code-reaching functions disabled (mathjs "security" guidance), behind a
 * whitelist of syntax-tree nodes: numbers, names in scope, constants, units, arithmetic,
 * comparisons, conditionals and a fixed list of math functions. Anything else (assignments,
 * function definitions, property access, objects, matrices, strings, `import`, `evaluate`, ...)
 * is refused before evaluation, so user text never reaches JavaScript objects.
 */

/** Names visible to an expression: lower-case name -> SI value. */
export interface ExprScope {
  readonly values: ReadonlyMap<string, number>;
  /** Which names in `values` are `.param` globals (the rest are technology parameters). */
  readonly params: ReadonlySet<string>;
}

export interface ExprResult {
  /** SI value. */
  readonly value: number;
  /** Dimensions when the result carried a mathjs unit; null for a plain number. */
  readonly dims: Dimensions | null;
  /** The mathjs unit text of a unit-bearing result, for messages. */
  readonly unitText?: string;
  /** `.param` names the expression used (lower-case, in order of first use). */
  readonly usedParams: readonly string[];
}

const ALLOWED_FUNCTIONS = new Set([
  'abs', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log10', 'log2', 'log1p', 'pow', 'min', 'max', 'floor', 'ceil',
  'round', 'fix', 'sign', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'hypot',
  'mod', 'nthRoot', 'square', 'cube', 'erf',
]);
const ALLOWED_CONSTANTS = new Set(['pi', 'e', 'tau', 'phi']);
const ALLOWED_OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'mod', 'to',
  'larger', 'smaller', 'largerEq', 'smallerEq', 'equal', 'unequal', 'and', 'or', 'not', 'xor',
]);
/** Functions that parse, compile or alter mathjs; named in the refusal so the user knows why. */
const DISABLED_IN_INSTANCE = ['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant',
  'simplifyCore', 'derivative', 'resolve', 'reviver', 'rationalize', 'leafCount', 'symbolicEqual', 'parser'];
/** Also refused by name (mathjs itself needs them, so they stay defined in the instance). */
const DISABLED = [...DISABLED_IN_INSTANCE, 'replacer', 'config', 'typed', 'chain', 'help'];

type Node = any; // mathjs syntax-tree nodes; their shape is checked node type by node type below

interface Sandbox {
  readonly parse: (text: string) => Node;
  readonly isValuelessUnit: (name: string) => boolean;
  readonly isUnit: (x: unknown) => boolean;
  readonly multiply: (a: unknown, b: unknown) => unknown;
}

let sandbox: Sandbox | null = null;

/**
 * The restricted mathjs instance, created on first use. mathjs is loaded here, synchronously and
 * only when a netlist holds an expression, from its single-file bundle (the same library, exported
 * by the package): that takes ~0.2 s where importing its ~1,000 ES modules takes ~1.4 s, which
 * every command would otherwise pay at start-up.
 */
function getSandbox(): Sandbox {
  if (sandbox !== null) return sandbox;
  const { all, create } = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof MathJs;
  const math = create(all);
  const parse = math.parse; // kept privately before the public one is disabled
  const disabled = (name: string) => () => { throw new Error(`${name} is disabled in netlist expressions`); };
  math.import(Object.fromEntries(DISABLED_IN_INSTANCE.filter((n) => n in math).map((n) => [n, disabled(n)])), { override: true });
  sandbox = {
    parse: (text) => parse(text),
    isValuelessUnit: (name) => math.Unit.isValuelessUnit(name),
    isUnit: (x) => math.isUnit(x),
    multiply: (a, b) => math.multiply(a as number, b as number),
  };
  return sandbox;
}

/** SPICE number+suffix literals inside braces: `200p`, `0.3fF`, `1F` (femto), `5kOhm`. */
const LITERAL_RE = /(?<![A-Za-z0-9_.$])((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([A-Za-z]+)(?![A-Za-z0-9_$])/g;

/** Rewrite SPICE literals to plain mathjs text, keeping a map back to original offsets. */
function rewriteLiterals(text: string): { text: string; origin: number[] } {
  let out = '';
  const origin: number[] = [];
  let last = 0;
  for (const m of text.matchAll(LITERAL_RE)) {
    const split = splitSuffix(m[2]);
    if (split === null) continue; // e.g. `2pi`: left to mathjs (2 * pi)
    const start = m.index ?? 0;
    for (let k = last; k < start; k++) { out += text[k]; origin.push(k); }
    const unit = split.unit === '' ? '' : ` ${UNITS[split.unit].mathjs}`;
    const piece = `(${String(Number(m[1]) * split.scale)}${unit})`;
    out += piece;
    for (let k = 0; k < piece.length; k++) origin.push(start);
    last = start + m[0].length;
  }
  for (let k = last; k < text.length; k++) { out += text[k]; origin.push(k); }
  origin.push(text.length);
  return { text: out, origin };
}

/** Offset of the first whole-word occurrence of `name` in `text` (0 when not found). */
function findName(text: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![A-Za-z0-9_$])${escaped}(?![A-Za-z0-9_$])`).exec(text);
  return m?.index ?? 0;
}

const NODE_WORDS: Readonly<Record<string, string>> = {
  AccessorNode: 'property access (`.` or `[]`)',
  IndexNode: 'indexing',
  AssignmentNode: 'assignments',
  FunctionAssignmentNode: 'function definitions',
  ObjectNode: 'objects',
  ArrayNode: 'matrices',
  BlockNode: 'several statements',
  RangeNode: 'ranges',
  RelationalNode: 'chained comparisons (write a < b and b < c)',
};

/** Where a refused construct starts, for the caret: its tell-tale character in the text. */
const NODE_MARKS: Readonly<Record<string, RegExp>> = {
  AccessorNode: /[.[](?=\s*["'A-Za-z_$])/,
  IndexNode: /\[/,
  AssignmentNode: /(?<![<>=!])=(?!=)/,
  FunctionAssignmentNode: /(?<![<>=!])=(?!=)/,
  ObjectNode: /\{/,
  ArrayNode: /\[/,
  BlockNode: /[;\n]/,
  RangeNode: /:/,
};

const REFUSAL_HINT = 'netlist expressions allow numbers, names, units, + - * / ^ mod, comparisons, `c ? a : b` and math functions only';

/** Check every node against the whitelist; record names used. Throws ValueProblem. */
function validate(node: Node, text: string, scope: ExprScope, sb: Sandbox, used: Set<string>, symbols: Set<string>): void {
  const refuse = (what: string, at: number, span: number, hint = REFUSAL_HINT): never => {
    throw new ValueProblem(`netlist expressions do not allow ${what}`, hint, at, span);
  };
  switch (node.type) {
    case 'ConstantNode':
      if (typeof node.value !== 'number') {
        if (node.value === undefined) throw new ValueProblem('empty expression', 'write a value between the braces, e.g. {2*vdd}', 0, 0);
        const at = typeof node.value === 'string' ? Math.max(0, text.search(/["']/)) : findName(text, String(node.value));
        refuse(typeof node.value === 'string' ? 'text in quotes' : `\`${String(node.value)}\``, at, 1);
      }
      return;
    case 'SymbolNode':
      checkSymbol(node.name, text, scope, sb, used, symbols);
      return;
    case 'ParenthesisNode':
      validate(node.content, text, scope, sb, used, symbols);
      return;
    case 'OperatorNode':
      if (!ALLOWED_OPERATORS.has(node.fn)) refuse(`operator \`${node.op}\``, Math.max(0, text.indexOf(node.op)), node.op.length);
      for (const arg of node.args) validate(arg, text, scope, sb, used, symbols);
      return;
    case 'ConditionalNode':
      validate(node.condition, text, scope, sb, used, symbols);
      validate(node.trueExpr, text, scope, sb, used, symbols);
      validate(node.falseExpr, text, scope, sb, used, symbols);
      return;
    case 'FunctionNode': {
      const fn = node.fn;
      if (fn?.type !== 'SymbolNode') refuse('calling the result of an expression', 0, 0);
      // (fn is a SymbolNode from here on: only plain names can be called)
      const name: string = fn.name;
      const at = findName(text, name);
      if (DISABLED.includes(name)) refuse(`\`${name}\``, at, name.length, `\`${name}\` is disabled: ${REFUSAL_HINT}`);
      if (!ALLOWED_FUNCTIONS.has(name)) {
        const guess = closest(name, [...ALLOWED_FUNCTIONS]);
        refuse(`function \`${name}\``, at, name.length,
          guess !== null ? `did you mean \`${guess}\`?` : `allowed functions: ${[...ALLOWED_FUNCTIONS].join(', ')}`);
      }
      for (const arg of node.args) validate(arg, text, scope, sb, used, symbols);
      return;
    }
    default: {
      const mark = NODE_MARKS[node.type]?.exec(text);
      refuse(NODE_WORDS[node.type] ?? `\`${String(node.type)}\``, mark?.index ?? 0, mark ? 1 : 0);
    }
  }
}

function checkSymbol(name: string, text: string, scope: ExprScope, sb: Sandbox, used: Set<string>, symbols: Set<string>): void {
  const lower = name.toLowerCase();
  const at = findName(text, name);
  if (scope.values.has(lower)) {
    symbols.add(name);
    if (scope.params.has(lower)) used.add(lower);
    return;
  }
  if (ALLOWED_CONSTANTS.has(name)) return;
  if (DISABLED.includes(name) || ALLOWED_FUNCTIONS.has(name)) {
    throw new ValueProblem(`\`${name}\` is a function, not a value`, REFUSAL_HINT, at, name.length);
  }
  if (sb.isValuelessUnit(name)) return;
  const known = [...scope.values.keys()];
  const guess = closest(name, [...known, ...ALLOWED_CONSTANTS]);
  throw new ValueProblem(`unknown name \`${name}\` in expression`,
    guess !== null ? `did you mean \`${guess}\`?` : 'expressions see technology parameters (vdd, temp, ...), `.param` names defined above, constants (pi, e) and units (fF, ps, V)',
    at, name.length);
}

/** Turn a mathjs failure into a sentence a netlist author can act on. */
function explain(err: unknown): { message: string; hint?: string } {
  const raw = err instanceof Error ? err.message : String(err);
  if (/actual: Unit/.test(raw) || /Unit expected/.test(raw)) {
    return { message: 'cannot combine a value with a unit and a plain number here', hint: 'give both operands a unit (1.1 V - 0.2 V) or neither (names in scope are plain SI numbers)' };
  }
  if (/Units do not match/.test(raw)) return { message: 'units do not match', hint: 'only quantities of the same dimension can be added, compared or converted' };
  return { message: `cannot evaluate: ${raw.replace(/\s*\(char \d+\)$/, '')}`, hint: 'check the argument types and units of the functions used' };
}

/**
 * Evaluate the text of a `{...}` expression. Throws ValueProblem (offset relative to `text`) for
 * syntax errors, refused constructs, unknown names, evaluation failures and non-real results.
 */
/** Longest expression accepted, characters, and deepest bracket nesting: beyond them the parser recurses too deep. */
export const MAX_EXPRESSION_LENGTH = 1000;
export const MAX_EXPRESSION_DEPTH = 64;

export function evaluateExpression(text: string, scope: ExprScope): ExprResult {
  const plain = plainReference(text, scope);
  if (plain !== null) return plain;
  checkSize(text);
  const sb = getSandbox();
  const rewritten = rewriteLiterals(text);
  let node: Node;
  try {
    node = sb.parse(rewritten.text);
  } catch (err) {
    const char = (err as { char?: number }).char;
    const at = typeof char === 'number' ? rewritten.origin[Math.min(Math.max(char - 1, 0), rewritten.origin.length - 1)] : 0;
    throw new ValueProblem(`syntax error in expression: ${explain(err).message.replace(/^cannot evaluate: /, '')}`,
      'check the parentheses and operators; SPICE suffixes (200p, 0.3fF) and mathjs units (0.3 fF) both work', at, 1);
  }
  const used = new Set<string>();
  const symbols = new Set<string>();
  validate(node, text, scope, sb, used, symbols);
  // mathjs scopes are case-sensitive; netlist names are not, so map each spelling used.
  const values = new Map<string, number>();
  for (const s of symbols) values.set(s, scope.values.get(s.toLowerCase()) as number);
  let result: unknown;
  try {
    result = node.compile().evaluate(values);
  } catch (err) {
    const why = explain(err);
    throw new ValueProblem(why.message, why.hint, 0, 0);
  }
  return toResult(result, sb, [...used]);
}

/** Refuse expressions the parser would recurse through too deeply, before parsing them. */
function checkSize(text: string): void {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ValueProblem(`expression of ${text.length} characters, more than ${MAX_EXPRESSION_LENGTH}`, 'split it into .param steps ({a + b} with a and b defined above)', 0, 1);
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new ValueProblem(`brackets nested deeper than ${MAX_EXPRESSION_DEPTH} levels`, 'split the expression into .param steps', i, 1);
    }
  }
}

/** A bare name in scope (`{nrows}`) is its value: no expression to evaluate, so no mathjs start-up. */
function plainReference(text: string, scope: ExprScope): ExprResult | null {
  const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text)?.[1].toLowerCase();
  const value = name === undefined ? undefined : scope.values.get(name);
  if (name === undefined || value === undefined || !Number.isFinite(value)) return null;
  return { value, dims: null, usedParams: scope.params.has(name) ? [name] : [] };
}

function toResult(result: unknown, sb: Sandbox, usedParams: string[]): ExprResult {
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) throw new ValueProblem(`expression evaluates to ${result}`, 'check for division by zero or overflow', 0, 0);
    return { value: result, dims: null, usedParams };
  }
  if (sb.isUnit(result)) {
    const u = result as { value: number | null; dimensions: number[]; toString(): string };
    const valued = u.value === null ? (sb.multiply(u, 1) as typeof u) : u;
    const value = valued.value as number;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValueProblem(`expression evaluates to ${String(valued)}, not a finite real value`, 'check for division by zero or overflow', 0, 0);
    return { value, dims: [...u.dimensions], unitText: String(valued), usedParams };
  }
  if (typeof result === 'boolean') {
    throw new ValueProblem(`expression evaluates to ${result}, not a number`, 'use a comparison inside `c ? a : b` to choose a value', 0, 0);
  }
  const kind = (result as { type?: string } | null)?.type ?? typeof result;
  throw new ValueProblem(`expression does not evaluate to a real number (got ${kind === 'Complex' ? 'a complex number' : kind})`,
    kind === 'Complex' ? 'check square roots and logarithms of negative values' : REFUSAL_HINT, 0, 0);
}

/**
 * Bring an expression result into `target` units (SI). A plain number is taken as SI in the
 * target unit; a unit-bearing result must have the target's dimensions. With target null
 * (`.param`), the unit is inferred from the dimensions ('' for a plain ratio; refused when no
 * table unit matches).
 */
export function toTarget(result: ExprResult, target: UnitName | null): { value: number; unit: UnitName } {
  if (result.dims === null) return { value: result.value, unit: target ?? '' };
  if (target === null) {
    const unit = unitOfDimensions(result.dims);
    // A quantity no parameter can take (1 kg, 1 ps^0.5) would otherwise become a bare SI number.
    if (unit === undefined && result.dims.some((d) => Math.abs(d) > 1e-12)) {
      throw new ValueProblem(`expression gives ${result.unitText}, a unit no cimsim parameter takes`,
        `use one of the units the parameter tables list (${Object.keys(UNITS).filter((u) => u !== '' && UNITS[u as UnitName].dims !== undefined).join(', ')}) or a plain number`, 0, 0);
    }
    return { value: result.value, unit: unit ?? '' };
  }
  const want = UNITS[target].dims;
  if (want === undefined) {
    throw new ValueProblem(`this parameter takes a plain number in ${target}, but the expression gives ${result.unitText}`,
      target === 'degC' ? 'temperatures are plain numbers in degrees C' : `drop the unit and write the SI value in ${target}`, 0, 0);
  }
  if (!sameDimensions(want, result.dims)) {
    const got = unitOfDimensions(result.dims);
    throw new ValueProblem(`dimension mismatch: expression gives ${got !== undefined ? `a ${describeUnit(got)}` : result.unitText}, expected a ${describeUnit(target)}`,
      'check the units in the expression (names in scope are plain SI numbers without units)', 0, 0);
  }
  return { value: result.value, unit: target };
}
