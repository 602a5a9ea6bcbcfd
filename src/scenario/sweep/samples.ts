import { CimsimError } from '../../errors.js';
import { sampleSeed } from '../../tech/random.js';
import type { Design } from '../../netlist/params.js';
import { elaborateScenario, loadScenario } from '../load.js';
import { runScenario } from '../runner.js';
import type { Analysis, Scenario } from '../types.js';

/** One independent run of a Monte Carlo or sweep analysis; re-runnable alone from these fields. */
export interface Sample {
  index: number;
  /** Seed string for variation (Monte Carlo: sampleSeed(seed, index); sweep: the scenario seed). */
  seed: string;
  /** Netlist overrides of this sample (sweep: { parameter: value }). */
  overrides: Record<string, number | string>;
}

/** What one sample produced: every section's metrics, keyed `<section>.<metric>`. */
export interface SampleResult {
  index: number;
  metrics: Record<string, number>;
}

export type NestedAnalysisSpec = Extract<Analysis, { type: 'montecarlo' } | { type: 'sweep' }>;

/** The montecarlo/sweep analysis of a scenario: the `analysisIndex`-th such one (default the first). */
export function findSweepAnalysis(scenario: Scenario, analysisIndex?: number): NestedAnalysisSpec {
  const nested = scenario.analyses.filter((a): a is NestedAnalysisSpec => a.type === 'montecarlo' || a.type === 'sweep');
  const chosen = nested[analysisIndex ?? 0];
  if (chosen === undefined) {
    throw new CimsimError(
      nested.length === 0 ? `scenario "${scenario.name}" has no montecarlo or sweep analysis` : `scenario "${scenario.name}" has ${nested.length} montecarlo/sweep analyses; index ${analysisIndex} does not exist`,
      undefined,
      'add { "type": "montecarlo", "samples": N } or { "type": "sweep", "parameter": "...", "values": [...] } to "analyses"',
    );
  }
  return chosen;
}

/** Elaborated designs by scenario and overrides: a Monte Carlo's samples all share one (a few kept). */
const designs = new Map<string, { scenario: Scenario; design: Design }>();
const KEPT_DESIGNS = 8;

/** The scenario's netlist elaborated with `overrides`, once per scenario object and overrides. */
function designOf(scenarioFile: string, scenario: Scenario, overrides: Record<string, number | string>): Design {
  const key = JSON.stringify([scenarioFile, overrides]);
  const kept = designs.get(key);
  if (kept !== undefined && kept.scenario === scenario) return kept.design;
  const design = elaborateScenario(scenarioFile, scenario, overrides);
  if (designs.size >= KEPT_DESIGNS) designs.delete(designs.keys().next().value!);
  designs.set(key, { scenario, design });
  return design;
}

/** Every sample of a Monte Carlo or sweep analysis, in index order. */
export function planSamples(scenario: Scenario, analysis: NestedAnalysisSpec, seed: number = scenario.seed ?? 1): Sample[] {
  if (analysis.type === 'montecarlo') {
    return Array.from({ length: analysis.samples }, (_, index) => ({ index, seed: sampleSeed(seed, index), overrides: {} }));
  }
  return analysis.values.map((value, index) => ({ index, seed: String(seed), overrides: { [analysis.parameter]: value } }));
}

/**
 * Run one sample: the scenario's non-nested analyses with the sample's seed and overrides.
 * `scenario` may be passed when already loaded; `baseOverrides` come before the sample's own.
 */
export function runSample(scenarioFile: string, sample: Sample, scenario: Scenario = loadScenario(scenarioFile), baseOverrides: Record<string, number | string> = {}): SampleResult {
  const overrides = { ...baseOverrides, ...sample.overrides };
  const result = runScenario(scenarioFile, scenario, {
    skip: ['montecarlo', 'sweep'],
    sampleSeed: sample.seed,
    overrides,
    design: designOf(scenarioFile, scenario, overrides),
  });
  const metrics: Record<string, number> = {};
  for (const s of result.sections) for (const [k, v] of Object.entries(s.metrics)) metrics[`${s.name}.${k}`] = v;
  return { index: sample.index, metrics };
}
