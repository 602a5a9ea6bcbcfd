import * as path from 'node:path';
import { DEVICE_SPECS } from '../devices/registry.js';
import { elaborateFile } from '../netlist/index.js';
import type { Design } from '../netlist/params.js';
import { TECH_PARAMS } from '../tech/params.js';
import { readJsonFile } from './json.js';
import { validateScenario } from './schema.js';
import type { Scenario } from './types.js';

/** Read a scenario file; JSON syntax errors come back as file:line:col. */
export function loadScenario(file: string): Scenario {
  const json = readJsonFile(file, {
    what: 'scenario',
    unreadableHint: 'check the path; bundled scenarios live in scenarios/',
    syntaxHint: 'scenarios are JSON: check commas, quotes and brackets (is this a netlist? run `cimsim check` on netlists)',
  });
  // Schema problems are located at the value (or, for an unknown key, the key) they name.
  return validateScenario(json.data, file, (pointer, atKey) => json.locate(pointer, atKey), json.text);
}

/** Netlist path of a scenario, resolved relative to the scenario file. */
export function netlistPath(scenarioFile: string, scenario: Scenario): string {
  return path.resolve(path.dirname(scenarioFile), scenario.netlist);
}

/** Elaborate a scenario's netlist with its overrides plus extra ones (sweeps, Monte Carlo). */
export function elaborateScenario(scenarioFile: string, scenario: Scenario, extra: Record<string, number | string> = {}): Design {
  return elaborateFile(netlistPath(scenarioFile, scenario), { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides: { ...(scenario.overrides ?? {}), ...extra } });
}
