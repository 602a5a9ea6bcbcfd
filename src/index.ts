/**
 * cimsim's public API (`import ... from 'cimsim'`): elaborate a netlist, build its circuit, run
 * inferences on it, run a scenario, sweep and merge. Everything not exported here is internal.
 * docs/api.md has the example a test packs, installs and runs.
 */
import { DEVICE_SPECS } from './devices/registry.js';
import { elaborateFile, elaborateText } from './netlist/index.js';
import type { Design } from './netlist/params.js';
import './scenario/sweep/register.js'; // scenario runs handle their montecarlo and sweep analyses
import { TECH_PARAMS } from './tech/params.js';

/** Netlist overrides: `tech.<param>`, `param.<name>` or `<instance>.<param>` -> SI number or netlist text. */
export type Overrides = Readonly<Record<string, number | string>>;

/** Read and elaborate a netlist file (and what it includes): numbers and names, no expressions left. */
export function loadNetlist(file: string, overrides?: Overrides): Design {
  return elaborateFile(file, { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides });
}

/** Elaborate netlist text; `name` is the file name its messages use (and `.include`s resolve against). */
export function netlistFromText(text: string, name = 'netlist.cir', overrides?: Overrides): Design {
  return elaborateText(text, name, { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides });
}

export type { Design } from './netlist/params.js';
export { buildCircuit, type Assignment, type Circuit } from './circuit/build.js';
export { allNonidealities, NONIDEALITY_NAMES, type Nonidealities } from './circuit/nonidealities.js';
export { runInference, type InferenceRun } from './scenario/inference.js';
export type { Analysis, Check, Scenario, Stimulus } from './scenario/types.js';
export { runScenario, runScenarioFile, type CheckResult, type RunOptions, type RunResult } from './scenario/runner.js';
export { mergeShards, runSweep, type SweepOptions, type SweepSummary } from './scenario/sweep/run.js';
export { CimsimError } from './errors.js';
