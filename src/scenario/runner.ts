import { buildCircuit, type Circuit } from '../circuit/build.js';
import { allNonidealities, NONIDEALITY_NAMES, type Nonidealities } from '../circuit/nonidealities.js';
import { CimsimError, closest } from '../errors.js';
import type { Design, SourceLoc } from '../netlist/params.js';
import { baselinesAnalysis } from './analyses/baselines.js';
import { budgetAnalysis } from './analyses/budget.js';
import { bwhtAnalysis } from './analyses/bwht.js';
import { networkAnalysis } from './analyses/network.js';
import { sharingAnalysis } from './analyses/sharing.js';
import { dischargeAnalysis } from './analyses/discharge.js';
import { inferenceAnalysis } from './analyses/inference.js';
import { rampAnalysis, sineAnalysis } from './analyses/ramp.js';
import type { InferenceRun } from './inference.js';
import { elaborateScenario, loadScenario, netlistPath } from './load.js';
import { readJsonFile } from './json.js';
import { passesCheck } from './checks.js';
import type { Section } from './section.js';
import type { ProgressFactory } from './sweep/progress.js';
import type { Analysis, Check, Scenario } from './types.js';

export interface CheckResult {
  metric: string;
  value: number;
  min?: number;
  max?: number;
  equals?: number;
  passed: boolean;
  description?: string;
}

export interface RunResult {
  scenarioFile: string;
  scenario: Scenario;
  netlist: string;
  seed: number;
  design: Design;
  circuit: Circuit;
  sections: Section[];
  checks: CheckResult[];
  passed: boolean;
  /** The inference run, when the scenario had one (for waveforms). */
  inference?: InferenceRun;
  /** Set when an analysis stopped the run on an input error: its message (the sections are those before it). */
  error?: string;
}

/**
 * An input error in one analysis of a run, carrying what the analyses before it produced, so that
 * a caller can keep it (the `run` command writes it before reporting the error).
 */
export class AnalysisError extends CimsimError {
  constructor(
    error: CimsimError,
    readonly partial: RunResult,
  ) {
    super(error.message, error.loc, error.hint, error.sourceLine, error.span);
  }
}

export interface RunOptions {
  seed?: number;
  /** Extra netlist overrides (sweeps, Monte Carlo), applied after the scenario's own. */
  overrides?: Record<string, number | string>;
  /** Record phases for waveform output. */
  trace?: boolean;
  /** Analyses types to skip (a sweep sample skips nested sweeps). */
  skip?: readonly string[];
  /** Override the seed string used for variation (Monte Carlo sample seeds). */
  sampleSeed?: string;
  /** Progress of long analyses (images of a network, samples run in this thread); none by default. */
  progress?: ProgressFactory;
  /** The scenario's netlist already elaborated with these overrides (a sweep's samples share one). */
  design?: Design;
}

export function scenarioNonidealities(scenario: Scenario): Nonidealities {
  const spec = scenario.nonidealities ?? {};
  const out = allNonidealities(spec.all ?? true);
  for (const name of NONIDEALITY_NAMES) if (spec[name] !== undefined) out[name] = spec[name]!;
  return out;
}

/** Run every analysis of a scenario file and evaluate its checks. Pure: writes no files. */
export function runScenarioFile(scenarioFile: string, options: RunOptions = {}): RunResult {
  const scenario = loadScenario(scenarioFile);
  return runScenario(scenarioFile, scenario, options);
}

export function runScenario(scenarioFile: string, scenario: Scenario, options: RunOptions = {}): RunResult {
  const seed = options.seed ?? scenario.seed ?? 1;
  const design = options.design ?? elaborateScenario(scenarioFile, scenario, options.overrides);
  const nonideal = scenarioNonidealities(scenario);
  const buildWith = (set: Nonidealities): Circuit => buildCircuit(design, { seed: options.sampleSeed ?? seed, nonideal: set });
  const fresh = (): Circuit => buildWith(nonideal);
  const sections: Section[] = [];
  let inference: InferenceRun | undefined;
  // The result's circuit describes the chip (technology, networks) to reports; analyses ran on their
  // own, so it is built only when something reads it (a sweep sample never does).
  let circuit: Circuit | undefined;
  const resultOf = (checks: CheckResult[], error?: string): RunResult => ({
    scenarioFile, scenario, netlist: netlistPath(scenarioFile, scenario), seed, design, sections, checks, passed: error === undefined && checks.every((c) => c.passed), inference, error,
    get circuit(): Circuit {
      return (circuit ??= fresh());
    },
  });
  for (const [index, analysis] of scenario.analyses.entries()) {
    if (options.skip?.includes(analysis.type)) continue;
    let result: ReturnType<typeof runAnalysis>;
    try {
      result = locatedAt(scenarioFile, index, () => runAnalysis(analysis, scenario, design, { fresh, buildWith, nonideal }, options, scenarioFile));
    } catch (e) {
      // nothing already computed is lost: the analyses before this one travel with its error
      if (e instanceof CimsimError && !(e instanceof AnalysisError) && sections.length > 0) throw new AnalysisError(e, resultOf([], e.message));
      throw e;
    }
    if (result === null) continue;
    sections.push(result.section);
    inference ??= result.run;
  }
  return resultOf((scenario.checks ?? []).map((c) => evaluateCheck(c, sections)));
}

/**
 * Run analysis `index`; an input error it raises without a place (a network or lane it cannot
 * find, a threshold out of range) is located at that analysis in the scenario file.
 */
function locatedAt<T>(scenarioFile: string, index: number, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof CimsimError) || e.loc !== undefined) throw e;
    let loc: SourceLoc;
    try {
      const json = readJsonFile(scenarioFile, { what: 'scenario', unreadableHint: '', syntaxHint: '' });
      loc = json.locate(['analyses', index]);
    } catch {
      throw e; // the file changed or went away since it was read: report the error unplaced
    }
    throw new CimsimError(e.message, loc, e.hint);
  }
}

/** Sweeps and Monte Carlo analyses are registered by the sweep module (they re-run scenarios). */
export type NestedAnalysis = (analysis: Analysis, scenarioFile: string, scenario: Scenario, options: RunOptions) => Section;
const nested = new Map<string, NestedAnalysis>();
export function registerNestedAnalysis(type: string, run: NestedAnalysis): void {
  nested.set(type, run);
}

function runAnalysis(
  analysis: Analysis,
  scenario: Scenario,
  design: Design,
  circuits: { fresh: () => Circuit; buildWith: (set: Nonidealities) => Circuit; nonideal: Nonidealities },
  options: RunOptions,
  scenarioFile: string,
): { section: Section; run?: InferenceRun } | null {
  // Each analysis gets a freshly built circuit, so analyses never disturb each other.
  const { fresh } = circuits;
  switch (analysis.type) {
    case 'inference': {
      const stimulus = scenario.stimulus ?? { encoding: 'binary' as const };
      const r = inferenceAnalysis(fresh(), stimulus, { conversions: scenario.outputs?.conversions ?? true, trace: options.trace ?? false });
      return { section: r.section, run: r.run };
    }
    case 'budget':
      return { section: budgetAnalysis(circuits.buildWith, circuits.nonideal, scenario.stimulus ?? { encoding: 'binary' as const }) };
    case 'ramp':
      return { section: rampAnalysis(fresh(), analysis) };
    case 'sine':
      return { section: sineAnalysis(fresh(), analysis) };
    case 'discharge':
      return { section: dischargeAnalysis(design, fresh(), analysis) };
    case 'baselines':
      return { section: baselinesAnalysis(fresh(), analysis) };
    case 'bwht':
      return { section: bwhtAnalysis(fresh(), analysis, scenarioFile) };
    case 'network':
      return { section: networkAnalysis(fresh(), analysis, scenarioFile, options.progress) };
    case 'sharing':
      return { section: sharingAnalysis(fresh(), analysis) };
    default: {
      const run = nested.get(analysis.type);
      if (run === undefined) throw new CimsimError(`analysis type "${analysis.type}" is not available in this build`, undefined, 'see docs/scenarios.md for the analyses');
      return { section: run(analysis, scenarioFile, scenario, options) };
    }
  }
}

function evaluateCheck(check: Check, sections: Section[]): CheckResult {
  const dot = check.metric.indexOf('.');
  const sectionName = check.metric.slice(0, dot);
  const metricName = check.metric.slice(dot + 1);
  const s = sections.find((x) => x.name === sectionName);
  const known = sections.flatMap((x) => Object.keys(x.metrics).map((m) => `${x.name}.${m}`));
  const value = s !== undefined && Object.hasOwn(s.metrics, metricName) ? s.metrics[metricName] : undefined; // never an inherited property (constructor, __proto__)
  if (value === undefined) {
    const guess = closest(check.metric, known);
    throw new CimsimError(`check on unknown metric "${check.metric}"`, undefined, guess ? `did you mean \`${guess}\`?` : `metrics: ${known.join(', ')}`);
  }
  const passed = passesCheck(check, value);
  return { metric: check.metric, value, min: check.min, max: check.max, equals: check.equals, passed, description: check.description };
}
