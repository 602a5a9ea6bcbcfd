/**
 * The contract between the netlist and a device. A device file exports one `DeviceDefinition`:
 * its parameter table (what the netlist may write, with units, ranges and defaults) and a builder
 * that turns one elaborated instance into the device's resolved configuration. The registry
 * (registry.ts) lists every definition once; elaboration, `cimsim check`, the generated netlist
 * reference and the circuit builder all read it. Builders see parameters only through
 * `InstanceParams` and the technology only through `Technology`, so nothing here depends on how
 * the netlist was written.
 */
import { CimsimError } from '../errors.js';
import type { DeviceSpec, SourceLoc } from '../netlist/params.js';
import type { Technology } from '../tech/technology.js';

/** One instance's resolved parameters (defaults applied, units checked, ranges checked). */
export interface InstanceParams {
  readonly name: string;
  readonly type: string;
  readonly loc: SourceLoc;
  num(param: string): number;
  str(param: string): string;
  list(param: string): readonly (number | string)[];
}

export interface BuildContext {
  tech: Technology;
  /** The built configuration of another instance (a `ref` parameter's target), built on first use. */
  device<T>(name: string, definition: DeviceDefinition<T>): T;
}

export interface DeviceDefinition<T> {
  spec: DeviceSpec;
  build(instance: InstanceParams, context: BuildContext): T;
}

/** Every device's configuration names the instance it came from, for messages. */
export interface Declared {
  readonly name: string;
  readonly loc: SourceLoc;
}

/** Run a builder step; an input error it raises is located at the instance. */
export function located<T>(instance: InstanceParams, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof CimsimError && e.loc === undefined) throw new CimsimError(e.message, instance.loc, e.hint);
    throw e;
  }
}

/**
 * An instance nobody declared: every parameter at its table default unless `overrides` sets it.
 * For comparisons the netlist leaves implicit (the baselines analysis compares a SAR and a Flash
 * whether or not the netlist declares them).
 */
export function tableInstance(spec: DeviceSpec, name: string, overrides: Readonly<Record<string, number | string>> = {}): InstanceParams {
  const value = (param: string): unknown => {
    if (param in overrides) return overrides[param];
    const p = spec.params.find((q) => q.name === param);
    if (p === undefined) throw new Error(`internal: ${spec.type} has no parameter ${param}`);
    return p.default;
  };
  const typed = <T>(param: string, check: (v: unknown) => v is T): T => {
    const v = value(param);
    if (!check(v)) throw new Error(`internal: default of ${spec.type}.${param} has the wrong kind`);
    return v;
  };
  return {
    name,
    type: spec.type,
    loc: { file: `(${spec.type} table defaults)`, line: 1, col: 1 },
    num: (p) => typed(p, (v): v is number => typeof v === 'number'),
    str: (p) => typed(p, (v): v is string => typeof v === 'string'),
    list: (p) => typed(p, (v): v is readonly (number | string)[] => Array.isArray(v)),
  };
}
