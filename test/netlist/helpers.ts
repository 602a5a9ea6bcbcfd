import { expect } from 'vitest';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { CimsimError } from '../../src/errors.js';
import { elaborateText, type ElaborateOptions } from '../../src/netlist/index.js';
import type { Design, InstanceDecl, ResolvedParam } from '../../src/netlist/params.js';
import { TECH_PARAMS } from '../../src/tech/params.js';

export const OPTIONS: ElaborateOptions = { devices: DEVICE_SPECS, tech: TECH_PARAMS };

/** Elaborate text named `main.cir` (includes resolve next to this file's fixtures). */
export function elab(text: string, overrides?: Record<string, number | string>, file = 'main.cir'): Design {
  return elaborateText(text, file, { ...OPTIONS, overrides });
}

/** The CimsimError `fn` throws; fails the test on success or on any other exception. */
export function errorOf(fn: () => unknown): CimsimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CimsimError) return err;
    throw new Error(`expected a CimsimError, got ${(err as Error)?.stack ?? String(err)}`);
  }
  throw new Error('expected a CimsimError, but elaboration succeeded');
}

/** 1-based column of the `occurrence`-th `needle` in `line`, plus `offset` characters. */
export function colOf(line: string, needle: string, occurrence = 1, offset = 0): number {
  let at = -1;
  for (let k = 0; k < occurrence; k++) {
    at = line.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test bug: \`${needle}\` not in \`${line}\``);
  }
  return at + 1 + offset;
}

export function instance(d: Design, name: string): InstanceDecl {
  const i = d.instances.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (i === undefined) throw new Error(`no instance ${name}`);
  return i;
}

export function param(d: Design, inst: string, name: string): ResolvedParam {
  const p = instance(d, inst).params[name];
  expect(p, `${inst}.${name}`).toBeDefined();
  return p;
}

/** Relative closeness for SI values that go through float arithmetic. */
export function expectClose(actual: unknown, expected: number, rel = 1e-12): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}
