/**
 * Parameter declarations: every device type and the technology declare their parameters once,
 * here-shaped. Parsing, unit checking, error messages, `cimsim check` and docs/netlist.md all
 * read the same table.
 */

/**
 * Physical units a parameter can carry. Values are held in SI base units (V, F, s, A, Ohm, J, m,
 * V*m, ...); `degC` (degrees Celsius) follows SPICE's `.temp` convention; '' is dimensionless;
 * '%*m' is a percentage times metres (Pelgrom A_beta).
 */
export type UnitName = '' | 'V' | 'F' | 's' | 'A' | 'Ohm' | 'J' | 'm' | 'm^2' | 'V*m' | '%*m' | 'degC' | '1/V' | 'A/V^a' | 'V^(1-a/2)' | 'sqrt(F)';

export type ParamKind =
  | 'number' // a real value with a unit
  | 'integer' // a whole number (counts, bits)
  | 'enum' // one of `choices` (case-insensitive, stored lower-case unless choices say otherwise)
  | 'string' // free text, e.g. a bit pattern or a file name
  | 'ref' // the name of another instance
  | 'list'; // comma-separated names or numbers, e.g. groups=16,8,4,2,1

export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  readonly unit: UnitName;
  readonly default: number | string;
  /** Inclusive range for numbers and integers, in SI units. */
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /** For kinds 'ref' and 'list': the device types the referenced instance may have. */
  readonly refTypes?: readonly string[];
  readonly description: string;
}

/** A device type as the netlist sees it: its keyword and its parameter table. */
export interface DeviceSpec {
  /** Keyword on instance lines, lower-case, e.g. `cimarray`. */
  readonly type: string;
  /** One-line description for `cimsim check` and docs. */
  readonly summary: string;
  /** Role shown in the inventory. */
  readonly role: 'array' | 'network' | 'digitizer' | 'periphery' | 'baseline';
  readonly params: readonly ParamSpec[];
}

/** Where a resolved value came from. */
export type ProvenanceKind = 'default' | 'param' | 'instance' | 'include' | 'tech' | 'override';

export interface SourceLoc {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

export interface Provenance {
  readonly kind: ProvenanceKind;
  readonly loc?: SourceLoc;
  /** e.g. the .param name an expression used, or the include file name. */
  readonly detail?: string;
}

export type ParamValue = number | string | readonly (number | string)[];

export interface ResolvedParam {
  readonly value: ParamValue;
  readonly unit: UnitName;
  readonly from: Provenance;
}

/** One elaborated instance: all of its type's parameters resolved to SI numbers or strings. */
export interface InstanceDecl {
  readonly name: string; // as written (case preserved); lookups are case-insensitive
  readonly type: string; // lower-case keyword
  readonly params: Readonly<Record<string, ResolvedParam>>;
  readonly loc: SourceLoc;
}

/** The output of the netlist layer: numbers and names only, no expressions left. */
export interface Design {
  readonly title: string;
  readonly file: string;
  /** Technology parameters (table in src/tech/params.ts), resolved. */
  readonly tech: Readonly<Record<string, ResolvedParam>>;
  /** Global `.param` values, resolved (SI numbers; unit '' when dimensionless or unknown). */
  readonly globals: Readonly<Record<string, ResolvedParam>>;
  readonly instances: readonly InstanceDecl[];
  /** Files read, in order (main file first, then includes). */
  readonly files: readonly string[];
}

/** Look up a parameter spec by name (case-insensitive). */
export function findParam(spec: readonly ParamSpec[], name: string): ParamSpec | undefined {
  const lower = name.toLowerCase();
  return spec.find((p) => p.name === lower);
}

/** Numeric value of a resolved parameter; throws if it is not a number (a bug, not user error). */
export function num(inst: { params: Readonly<Record<string, ResolvedParam>> }, name: string): number {
  const p = inst.params[name];
  if (p === undefined || typeof p.value !== 'number') throw new Error(`internal: parameter ${name} is not numeric`);
  return p.value;
}

/** String value of a resolved parameter. */
export function str(inst: { params: Readonly<Record<string, ResolvedParam>> }, name: string): string {
  const p = inst.params[name];
  if (p === undefined || typeof p.value !== 'string') throw new Error(`internal: parameter ${name} is not text`);
  return p.value;
}

/** List value of a resolved parameter. */
export function list(inst: { params: Readonly<Record<string, ResolvedParam>> }, name: string): readonly (number | string)[] {
  const p = inst.params[name];
  if (p === undefined) throw new Error(`internal: parameter ${name} missing`);
  if (Array.isArray(p.value)) return p.value;
  return [p.value as number | string];
}
