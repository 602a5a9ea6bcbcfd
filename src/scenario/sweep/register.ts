// Registers the in-process montecarlo and sweep analyses with the scenario runner (import for effect).
import { describe } from '../../analysis/stats.js';
import { metricHistogramFigure } from '../../report/figure.js';
import { limitText, passesCheck } from '../checks.js';
import { registerNestedAnalysis, type RunOptions } from '../runner.js';
import { section, type Section } from '../section.js';
import type { Analysis, Scenario } from '../types.js';
import { planSamples, runSample, type NestedAnalysisSpec } from './samples.js';

/** `inference.maxAbsError_LSB` + `mean` -> `inference_maxAbsError_mean_LSB` (unit stays last). */
export function statName(metric: string, stat: string): string {
  const flat = metric.replace(/\./g, '_');
  const cut = flat.lastIndexOf('_');
  return cut <= 0 ? `${flat}_${stat}` : `${flat.slice(0, cut)}_${stat}${flat.slice(cut)}`;
}

/** Run every sample in this thread and summarise: mean/std per metric, a table, a histogram. */
export function nestedAnalysis(analysis: Analysis, scenarioFile: string, scenario: Scenario, options: RunOptions): Section {
  const spec = analysis as NestedAnalysisSpec;
  const out = section(spec.type);
  const samples = planSamples(scenario, spec, options.seed ?? scenario.seed ?? 1);
  const bar = options.progress?.(`${scenario.name} ${spec.type}`, samples.length, 'samples');
  const results = samples.map((s) => {
    const result = runSample(scenarioFile, s, scenario, options.overrides ?? {});
    bar?.tick();
    return result;
  });
  bar?.stop();
  const all = Object.keys(results[0]?.metrics ?? {});
  const wanted = spec.type === 'montecarlo' && spec.metrics !== undefined ? spec.metrics : all;
  const keys = wanted.filter((k) => all.includes(k));
  const param = spec.type === 'sweep' ? spec.parameter : 'seed';
  for (const key of keys) {
    const d = describe(results.map((r) => r.metrics[key]));
    out.metrics[statName(key, 'mean')] = d.mean;
    out.metrics[statName(key, 'std')] = d.std;
  }
  // Yield: the fraction of samples (chips) passing every scenario check on a per-sample metric.
  const perSample = (scenario.checks ?? []).filter((c) => all.includes(c.metric));
  if (perSample.length > 0) {
    out.metrics.yield_ratio = results.filter((r) => perSample.every((c) => passesCheck(c, r.metrics[c.metric]))).length / results.length;
    out.tables.push({
      name: 'yield',
      columns: [{ key: 'check', header: 'check' }, { key: 'limit', header: 'limit' }, { key: 'pass', header: 'pass_ratio' }],
      rows: perSample.map((c) => ({ check: c.metric, limit: limitText(c), pass: results.filter((r) => passesCheck(c, r.metrics[c.metric])).length / results.length })),
    });
  }
  out.tables.push({
    name: 'samples',
    columns: [{ key: 'index', header: 'sample' }, { key: 'param', header: param }, ...keys.map((k) => ({ key: k, header: k }))],
    rows: results.map((r, i) => ({ index: r.index, param: spec.type === 'sweep' ? spec.values[i] : samples[i].seed, ...r.metrics })),
  });
  if (keys.length > 0) {
    const values = results.map((r) => r.metrics[keys[0]]);
    const d = describe(values);
    out.plots.push({ name: 'histogram', figure: metricHistogramFigure(keys[0], values, `${spec.type}: ${keys[0]}`, { mean: d.mean, sigma: d.std }, perSample.filter((c) => c.metric === keys[0])) });
  }
  out.notes.push(`${samples.length} samples; re-run one alone with \`cimsim sweep\` and read samples.jsonl`);
  return out;
}

registerNestedAnalysis('montecarlo', nestedAnalysis);
registerNestedAnalysis('sweep', nestedAnalysis);
