import * as path from 'node:path';
import { CimsimError } from '../errors.js';
import { DEVICE_SPECS } from '../devices/registry.js';
import { elaborateFile } from '../netlist/index.js';
import { readInputText, unreadableReason } from '../netlist/read.js';
import type { Design } from '../netlist/params.js';
import { TECH_PARAMS } from '../tech/params.js';
import { validateScenario } from './schema.js';
import type { Scenario } from './types.js';

/** Read a scenario file; JSON syntax errors come back as file:line:col. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readInputText(file);
  } catch (err) {
    throw new CimsimError(`cannot read scenario ${file}: ${unreadableReason(err)}`, undefined, 'check the path; bundled scenarios live in scenarios/');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - before.lastIndexOf('\n');
    throw new CimsimError(`invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, { file, line, col }, 'scenarios are JSON: check commas, quotes and brackets', text.split('\n')[line - 1]);
  }
  return validateScenario(data, file);
}

/** Netlist path of a scenario, resolved relative to the scenario file. */
export function netlistPath(scenarioFile: string, scenario: Scenario): string {
  return path.resolve(path.dirname(scenarioFile), scenario.netlist);
}

/** Elaborate a scenario's netlist with its overrides plus extra ones (sweeps, Monte Carlo). */
export function elaborateScenario(scenarioFile: string, scenario: Scenario, extra: Record<string, number | string> = {}): Design {
  return elaborateFile(netlistPath(scenarioFile, scenario), { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides: { ...(scenario.overrides ?? {}), ...extra } });
}
