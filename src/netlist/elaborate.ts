import * as path from 'node:path';
import { CimsimError, closest } from '../errors.js';
import type { ExprScope } from './expressions.js';
import { evaluateExpression, toTarget } from './expressions.js';
import { errorAt, lexValue, type Token } from './lexer.js';
import type { Design, DeviceSpec, InstanceDecl, ParamSpec, ParamValue, Provenance, ResolvedParam, UnitName } from './params.js';
import { type Assign, type ParsedNetlist, type Statement, type Value } from './parser.js';
import { ValueProblem } from './units.js';
import { checkNumber, convertNumber, convertValue, isNumericList, located, numericElement, unlocated, type Converted, type RefUse } from './values.js';

/**
 * Elaboration: statements -> Design. Order of evaluation (documented in docs/netlist.md):
 * 1. technology: defaults, then `tech.*` overrides, then `.tech` lines in file order (a line
 *    never changes an overridden value); `.tech` expressions see technology names only;
 * 2. `.param` lines in file order, each seeing the technology and the `.param`s above it
 *    (`param.*` overrides replace a line's value, so everything below sees the new value);
 * 3. instances, seeing the final technology and every `.param`; references are checked last.
 */

/** Options of elaborateText / elaborateFile. */
export interface ElaborateOptions {
  readonly devices: readonly DeviceSpec[];
  readonly tech: readonly ParamSpec[];
  /** `tech.<param>`, `param.<name>` or `<instance>.<param>` -> value (SI number or netlist text). */
  readonly overrides?: Readonly<Record<string, number | string>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A record without a prototype, so user-chosen names such as `__proto__` are plain keys. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

interface Overrides {
  readonly tech: Map<string, { key: string; raw: number | string }>;
  readonly param: Map<string, { key: string; raw: number | string }>;
  /** lower-case instance name -> lower-case param -> raw. */
  readonly inst: Map<string, Map<string, { key: string; raw: number | string }>>;
}

function splitOverrides(overrides: Readonly<Record<string, number | string>>): Overrides {
  const out: Overrides = { tech: new Map(), param: new Map(), inst: new Map() };
  for (const key of Object.keys(overrides)) {
    const raw = overrides[key];
    const dot = key.indexOf('.');
    if (dot <= 0 || dot === key.length - 1) {
      throw new CimsimError(`override \`${key}\`: keys are written tech.<param>, param.<name> or <instance>.<param>`, undefined,
        'e.g. tech.vdd=1.0, param.ncols=64, A0.rows=128');
    }
    if (typeof raw !== 'number' && typeof raw !== 'string') {
      throw new CimsimError(`override \`${key}\`: value must be a number or text, got ${typeof raw}`, undefined, 'numbers are SI values; text is read like netlist text (0.3fF, {2*vdd}, ff)');
    }
    const head = key.slice(0, dot).toLowerCase();
    const name = key.slice(dot + 1).toLowerCase();
    const entry = { key, raw };
    if (head === 'tech') out.tech.set(name, entry);
    else if (head === 'param') out.param.set(name, entry);
    else {
      const m = out.inst.get(head) ?? new Map();
      m.set(name, entry);
      out.inst.set(head, m);
    }
  }
  return out;
}

/** A written override value as a netlist Value (lexed in a pseudo-file named after the key). */
function overrideAsValue(key: string, raw: string): Value {
  let tokens: Token[];
  try {
    tokens = lexValue(raw, `override ${key}`);
  } catch (err) {
    throw err instanceof CimsimError ? unlocated(err, `override \`${key}\``) : err;
  }
  if (tokens.length === 0 || tokens.some((t) => t.kind === 'eq') || (tokens.length > 1 && tokens.some((t) => t.kind !== 'word'))) {
    throw new CimsimError(`override \`${key}\`: \`${raw}\` is not a single value`, undefined, 'give a number, a name, a list a,b,c or an {expression}');
  }
  return { kind: tokens[0].kind as Value['kind'], parts: tokens };
}

/** Convert an override for `spec`; errors carry no file location but name the key. */
function convertOverride(spec: ParamSpec, entry: { key: string; raw: number | string }, scope: ExprScope, owner: string): Converted {
  const { key, raw } = entry;
  try {
    if (typeof raw === 'number') {
      if (spec.kind === 'number' || spec.kind === 'integer') {
        const v = checkNumber(spec, raw, `${owner}.${spec.name}`);
        return { value: v, unit: spec.unit, usedParams: [] };
      }
      if (spec.kind === 'list' && isNumericList(spec)) return { value: [numericElement(spec, String(raw))], unit: spec.unit, usedParams: [] };
      return convertOverride(spec, { key, raw: String(raw) }, scope, owner);
    }
    return convertValue(spec, overrideAsValue(key, raw), scope, owner);
  } catch (err) {
    if (err instanceof ValueProblem) throw new CimsimError(`override \`${key}\`: ${err.message}`, undefined, err.hint);
    if (err instanceof CimsimError && err.loc !== undefined) throw unlocated(err, `override \`${key}\``);
    throw err;
  }
}

function provenanceOf(conv: Converted, loc: Token, file: Statement['file']): Provenance {
  if (conv.usedParams.length > 0) return { kind: 'param', loc: loc.loc, detail: conv.usedParams.join(', ') };
  if (file.depth > 0) return { kind: 'include', loc: loc.loc, detail: file.display };
  return { kind: 'instance', loc: loc.loc };
}

function scopeOf(tech: Record<string, ResolvedParam>, globals: Record<string, ResolvedParam>): ExprScope {
  const values = new Map<string, number>();
  for (const k of Object.keys(tech)) if (typeof tech[k].value === 'number') values.set(k, tech[k].value as number);
  for (const k of Object.keys(globals)) values.set(k, globals[k].value as number);
  return { values, params: new Set(Object.keys(globals)) };
}

function unknownParam(key: Token, specs: readonly ParamSpec[], owner: string): CimsimError {
  const guess = closest(key.text, specs.map((p) => p.name));
  return errorAt(key, `${owner} has no parameter \`${key.text}\``,
    guess !== null ? `did you mean \`${guess}\`?` : `parameters: ${specs.map((p) => p.name).join(', ')}`);
}

/** A spec default: a number, a name/list/choice, or a `{expression}` evaluated now. */
function resolveDefault(spec: ParamSpec, scope: ExprScope, owner: string, at: Token): ResolvedParam {
  const d = spec.default;
  const expr = typeof d === 'string' && d.startsWith('{') && d.endsWith('}');
  const from: Provenance = { kind: 'default', loc: at.loc, ...(expr ? { detail: d } : {}) };
  if (typeof d === 'number' || expr) {
    const value = located(at, () => {
      const v = typeof d === 'number' ? d : toTarget(evaluateExpression(d.slice(1, -1), scope), spec.unit).value;
      return checkNumber(spec, v, `${owner}.${spec.name}`);
    }, `default ${expr ? `${d} ` : ''}of `);
    return { value, unit: spec.unit, from };
  }
  if (spec.kind === 'list') {
    const items = d === '' ? [] : d.split(',').map((e) => e.trim());
    const value: ParamValue = isNumericList(spec) ? items.map((e) => numericElement(spec, e)) : items;
    return { value, unit: spec.unit, from };
  }
  return { value: d, unit: spec.unit, from };
}

/** Technology phase. */
function elaborateTech(statements: readonly Statement[], specs: readonly ParamSpec[], ov: Overrides): Record<string, ResolvedParam> {
  const tech = record<ResolvedParam>();
  for (const spec of specs) {
    const d = spec.default;
    if (typeof d === 'string' && d.startsWith('{')) {
      // Technology defaults are literals today; an expression default sees the ones above it.
      try {
        const v = toTarget(evaluateExpression(d.slice(1, -1), scopeOf(tech, record())), spec.unit).value;
        tech[spec.name] = { value: v, unit: spec.unit, from: { kind: 'default', detail: d } };
      } catch (err) {
        throw new CimsimError(`internal: technology default ${spec.name}=${d} failed: ${(err as Error).message}`);
      }
    } else {
      tech[spec.name] = { value: d, unit: spec.unit, from: { kind: 'default' } };
    }
  }
  for (const [name, entry] of ov.tech) {
    const spec = specs.find((p) => p.name === name);
    if (spec === undefined) {
      const guess = closest(name, specs.map((p) => p.name));
      throw new CimsimError(`override \`${entry.key}\`: the technology has no parameter \`${name}\``, undefined,
        guess !== null ? `did you mean \`tech.${guess}\`?` : `technology parameters: ${specs.map((p) => p.name).join(', ')}`);
    }
    const conv = convertOverride(spec, entry, scopeOf(tech, record()), 'tech');
    tech[name] = { value: conv.value, unit: spec.unit, from: { kind: 'override', detail: entry.key } };
  }
  for (const st of statements) {
    if (st.kind !== 'tech') continue;
    for (const a of st.assigns) {
      const spec = specs.find((p) => p.name === a.key.text.toLowerCase());
      if (spec === undefined) throw unknownParam(a.key, specs, 'the technology');
      const conv = convertValue(spec, a.value, scopeOf(tech, record()), 'tech');
      if (ov.tech.has(spec.name)) continue; // the override wins over every .tech line
      const from: Provenance = { kind: 'tech', loc: a.key.loc, ...(st.file.depth > 0 ? { detail: st.file.display } : {}) };
      tech[spec.name] = { value: conv.value, unit: spec.unit, from };
    }
  }
  return tech;
}

/** `.param` phase. */
function elaborateParams(statements: readonly Statement[], tech: Record<string, ResolvedParam>, ov: Overrides): Record<string, ResolvedParam> {
  const globals = record<ResolvedParam>();
  const seen = new Map<string, Token>();
  // the scope grows with each .param (rebuilding it per parameter made 10,000 .params quadratic)
  const scope = scopeOf(tech, globals) as { values: Map<string, number>; params: Set<string> };
  const define = (name: string, p: ResolvedParam): void => {
    globals[name] = p;
    scope.values.set(name, p.value as number);
    scope.params.add(name);
  };
  for (const st of statements) {
    if (st.kind !== 'param') continue;
    for (const a of st.assigns) {
      const name = a.key.text.toLowerCase();
      if (tech[name] !== undefined) {
        throw errorAt(a.key, `\`${a.key.text}\` is a technology parameter and cannot be a .param`, `set it with \`.tech ${name}=...\`, or pick another name`);
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw errorAt(a.key, `.param \`${a.key.text}\` is already defined at ${first.loc.file}:${first.loc.line}:${first.loc.col}`,
          'each .param is defined once; to try another value use the override param.' + name);
      }
      seen.set(name, a.key);
      const entry = ov.param.get(name);
      if (entry !== undefined) {
        define(name, overrideParam(a, entry, scope));
        continue;
      }
      if (a.value.kind !== 'brace' && (a.value.parts.length > 1 || a.value.kind === 'string')) {
        throw errorAt(a.value.parts[0], `.param \`${a.key.text}\` takes a number or an {expression}`, 'lists and text cannot be .params');
      }
      const n = convertNumber(a.value.parts[0], null, scope, `param.${name}: `);
      const from: Provenance = { kind: 'param', loc: a.key.loc, ...(n.usedParams.length > 0 ? { detail: n.usedParams.join(', ') } : {}) };
      define(name, { value: located(a.value.parts[0], () => checkFinite(n.value)), unit: n.unit, from });
    }
  }
  for (const [name, entry] of ov.param) {
    if (!seen.has(name)) {
      const guess = closest(name, [...seen.keys()]);
      throw new CimsimError(`override \`${entry.key}\`: there is no .param \`${name}\``, undefined,
        guess !== null ? `did you mean \`param.${guess}\`?` : seen.size > 0 ? `.params: ${[...seen.keys()].join(', ')}` : 'the netlist defines no .param');
    }
  }
  return globals;
}

function checkFinite(v: number): number {
  if (!Number.isFinite(v)) throw new ValueProblem(`value is ${v}`, 'check for division by zero or overflow');
  return v;
}

function overrideParam(a: Assign, entry: { key: string; raw: number | string }, scope: ExprScope): ResolvedParam {
  const from: Provenance = { kind: 'override', detail: entry.key };
  if (typeof entry.raw === 'number') {
    if (!Number.isFinite(entry.raw)) throw new CimsimError(`override \`${entry.key}\`: ${entry.raw} is not a finite number`, undefined, 'give a finite SI value');
    // Keep the unit the line would have given, when it can be worked out.
    let unit: UnitName = '';
    try {
      unit = convertNumber(a.value.parts[0], null, scope, '').unit;
    } catch {
      unit = '';
    }
    return { value: entry.raw, unit, from };
  }
  const value = overrideAsValue(entry.key, entry.raw);
  try {
    const n = convertNumber(value.parts[0], null, scope, '');
    return { value: checkFinite(n.value), unit: n.unit, from };
  } catch (err) {
    if (err instanceof CimsimError) throw unlocated(err, `override \`${entry.key}\``);
    if (err instanceof ValueProblem) throw new CimsimError(`override \`${entry.key}\`: ${err.message}`, undefined, err.hint);
    throw err;
  }
}

interface Pending {
  readonly st: Extract<Statement, { kind: 'instance' }>;
  readonly spec: DeviceSpec;
  readonly params: Record<string, ResolvedParam>;
  readonly refs: { spec: ParamSpec; uses: readonly RefUse[] | null }[];
}

const RESERVED = new Set(['tech', 'param']);

/** Instance phase. */
function elaborateInstances(statements: readonly Statement[], devices: readonly DeviceSpec[], scope: ExprScope, ov: Overrides): InstanceDecl[] {
  const byName = new Map<string, Pending>();
  const pending: Pending[] = [];
  for (const st of statements) {
    if (st.kind !== 'instance') continue;
    const lower = st.name.text.toLowerCase();
    const spec = devices.find((d) => d.type === st.type.text.toLowerCase());
    if (spec === undefined) {
      const guess = closest(st.type.text, devices.map((d) => d.type));
      const firstLine = st.file.depth === 0 && st.name.loc.line === 1 ? '; unlike SPICE, the first line is not a title (use .title or *)' : '';
      throw errorAt(st.type, `unknown device type \`${st.type.text}\``,
        (guess !== null ? `did you mean \`${guess}\`?` : `device types: ${devices.map((d) => d.type).join(', ')}`) + firstLine);
    }
    if (RESERVED.has(lower)) throw errorAt(st.name, `\`${st.name.text}\` is reserved (override keys tech.* and param.*)`, 'choose another instance name');
    const dup = byName.get(lower);
    if (dup !== undefined) {
      const l = dup.st.name.loc;
      throw errorAt(st.name, `instance \`${st.name.text}\` is already declared at ${l.file}:${l.line}:${l.col}`, 'instance names are unique, ignoring case');
    }
    const p: Pending = { st, spec, params: record(), refs: [] };
    byName.set(lower, p);
    pending.push(p);
  }
  for (const [inst, entries] of ov.inst) {
    const p = byName.get(inst);
    if (p === undefined) {
      const key = [...entries.values()][0].key;
      const guess = closest(inst, pending.map((q) => q.st.name.text));
      throw new CimsimError(`override \`${key}\`: there is no instance \`${key.slice(0, key.indexOf('.'))}\``, undefined,
        guess !== null ? `did you mean \`${guess}.${key.slice(key.indexOf('.') + 1)}\`?` : 'override keys are tech.<param>, param.<name> or <instance>.<param>');
    }
    for (const [name, entry] of entries) {
      if (!p.spec.params.some((s) => s.name === name)) {
        const guess = closest(name, p.spec.params.map((s) => s.name));
        throw new CimsimError(`override \`${entry.key}\`: ${p.spec.type} \`${p.st.name.text}\` has no parameter \`${name}\``, undefined,
          guess !== null ? `did you mean \`${p.st.name.text}.${guess}\`?` : `parameters: ${p.spec.params.map((s) => s.name).join(', ')}`);
      }
    }
  }
  for (const p of pending) resolveInstance(p, scope, ov.inst.get(p.st.name.text.toLowerCase()));
  for (const p of pending) checkRefs(p, byName);
  return pending.map((p) => ({ name: p.st.name.text, type: p.spec.type, params: p.params, loc: p.st.name.loc }));
}

function resolveInstance(p: Pending, scope: ExprScope, overrides: Map<string, { key: string; raw: number | string }> | undefined): void {
  const { st, spec } = p;
  const owner = st.name.text;
  const given = new Map<string, Assign>();
  for (const a of st.assigns) {
    const name = a.key.text.toLowerCase();
    const ps = spec.params.find((s) => s.name === name);
    if (ps === undefined) throw unknownParam(a.key, spec.params, `${spec.type} \`${owner}\``);
    const before = given.get(name);
    if (before !== undefined) throw errorAt(a.key, `\`${a.key.text}\` is given twice for \`${owner}\` (first at column ${before.key.loc.col})`, 'give each parameter once per instance');
    given.set(name, a);
    const conv = convertValue(ps, a.value, scope, owner);
    p.params[name] = { value: conv.value, unit: ps.unit, from: provenanceOf(conv, a.key, st.file) };
    if (ps.kind === 'ref' || (ps.kind === 'list' && ps.refTypes !== undefined)) p.refs.push({ spec: ps, uses: conv.refs ?? [] });
  }
  for (const ps of spec.params) {
    const entry = overrides?.get(ps.name);
    if (entry !== undefined) {
      const conv = convertOverride(ps, entry, scope, owner);
      p.params[ps.name] = { value: conv.value, unit: ps.unit, from: { kind: 'override', detail: entry.key } };
      const i = p.refs.findIndex((r) => r.spec === ps);
      if (i >= 0) p.refs.splice(i, 1);
      if (ps.kind === 'ref' || (ps.kind === 'list' && ps.refTypes !== undefined)) p.refs.push({ spec: ps, uses: null });
      continue;
    }
    if (given.has(ps.name)) continue;
    p.params[ps.name] = resolveDefault(ps, scope, owner, st.name);
    if (ps.kind === 'ref' || (ps.kind === 'list' && ps.refTypes !== undefined)) p.refs.push({ spec: ps, uses: null });
  }
}

/** Check that every reference names an instance of an allowed type; store declared names. */
function checkRefs(p: Pending, byName: Map<string, Pending>): void {
  const owner = p.st.name.text;
  for (const { spec, uses } of p.refs) {
    const current = p.params[spec.name];
    const names = Array.isArray(current.value) ? (current.value as string[]) : current.value === '' ? [] : [current.value as string];
    const types = spec.refTypes ?? [];
    if (names.length === 0) {
      const fromOverride = current.from.kind === 'override';
      const msg = `${p.spec.type} \`${owner}\` needs \`${spec.name}=\`: ${spec.kind === 'list' ? 'the names' : 'the name'} of ${types.join(' or ')} instance${spec.kind === 'list' ? 's' : ''}`;
      const hint = `e.g. ${spec.name}=${spec.kind === 'list' ? 'A0,A1' : 'X0'} (${spec.description})`;
      if (fromOverride) throw new CimsimError(`override \`${current.from.detail}\`: ${msg}`, undefined, hint);
      throw errorAt(p.st.name, msg, hint);
    }
    const resolved: string[] = [];
    const seen = new Set<string>();
    names.forEach((name, i) => {
      const use = uses?.[i];
      const fail = (message: string, hint: string): never => {
        if (use === undefined) throw new CimsimError(`override \`${current.from.detail ?? spec.name}\`: ${message}`, undefined, hint);
        throw errorAt(use.tok, message, hint, use.offset, name.length);
      };
      const target = byName.get(name.toLowerCase());
      const candidates = [...byName.values()].filter((q) => types.includes(q.spec.type)).map((q) => q.st.name.text);
      if (target === undefined) {
        // an instance this list already names is not what was meant: suggest among the others
        const listed = new Set(names.map((n) => n.toLowerCase()));
        const guess = closest(name, candidates.filter((c) => !listed.has(c.toLowerCase())));
        fail(`${owner}.${spec.name}: no instance named \`${name}\``,
          guess !== null ? `did you mean \`${guess}\`?` : candidates.length > 0 ? `${types.join('/')} instances: ${candidates.join(', ')}` : `declare a ${types.join(' or ')} instance first, e.g. \`X0 ${types[0]}\``);
      } else if (!types.includes(target.spec.type)) {
        fail(`${owner}.${spec.name}: \`${target.st.name.text}\` is a ${target.spec.type}, expected a ${types.join(' or ')}`,
          candidates.length > 0 ? `${types.join('/')} instances: ${candidates.join(', ')}` : `declare a ${types.join(' or ')} instance`);
      } else if (seen.has(name.toLowerCase())) {
        fail(`${owner}.${spec.name}: \`${name}\` is listed twice`, 'list each instance once');
      } else {
        seen.add(name.toLowerCase());
        resolved.push(target!.st.name.text);
      }
    });
    (current as Mutable<ResolvedParam>).value = spec.kind === 'list' ? resolved : resolved[0];
  }
}

/** Statements -> Design. */
export function elaborateParsed(parsed: ParsedNetlist, mainFile: string, options: ElaborateOptions): Design {
  const ov = splitOverrides(options.overrides ?? {});
  const tech = elaborateTech(parsed.statements, options.tech, ov);
  const globals = elaborateParams(parsed.statements, tech, ov);
  const instances = elaborateInstances(parsed.statements, options.devices, scopeOf(tech, globals), ov);
  let title = path.basename(mainFile).replace(/\.[^.]*$/, '');
  for (const st of parsed.statements) if (st.kind === 'title' && st.text !== '') title = st.text;
  return { title, file: mainFile, tech, globals, instances, files: parsed.files };
}

