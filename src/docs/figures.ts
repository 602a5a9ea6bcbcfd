import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatEngineering } from '../report/index.js';
import { runScenarioFile, type RunResult } from '../scenario/runner.js';
import '../scenario/sweep/register.js'; // scenarios with montecarlo and sweep analyses
import type { Section } from '../scenario/section.js';

/**
 * Figures quoted in docs/ are generated, never typed: a document marks a block
 *   <!-- figures:NAME -->
 *   ...generated markdown...
 *   <!-- /figures -->
 * and `npm run docs` re-renders every block from the command it names (a bundled scenario, or the
 * committed bench/results.json). test/docs/figures.test.ts fails when a committed block differs
 * from what the code gives now.
 */

/** Markdown of one named block, rendered against the repository at `root`. */
export type BlockRenderer = (root: string) => string;

const runs = new Map<string, RunResult>();
function scenario(root: string, name: string): RunResult {
  const file = path.join(root, 'scenarios', name);
  let r = runs.get(file);
  if (r === undefined) runs.set(file, (r = runScenarioFile(file)));
  return r;
}

function sectionOf(r: RunResult, name: string): Section {
  const s = r.sections.find((x) => x.name === name);
  if (s === undefined) throw new Error(`docs bug: scenario ${r.scenario.name} has no ${name} section`);
  return s;
}

/** A ratio as a percentage with 3 significant digits: 0.9609 -> '96.1 %'. */
const percent = (v: number | string): string => `${Number((Number(v) * 100).toPrecision(3))} %`;

/** A metric as a person reads it: engineering notation with the unit its name ends in. */
function value(name: string, v: number): string {
  const unit = name.slice(name.lastIndexOf('_') + 1);
  if (unit === 'J' || unit === 's' || unit === 'V' || unit === 'Hz') return formatEngineering(v, unit, { digits: 3 });
  if (unit === 'm2') return `${Number((v * 1e12).toPrecision(4))} um^2`;
  if (unit === 'ratio') return percent(v);
  return `${Number.isInteger(v) ? v : Number(v.toPrecision(3))} ${unit === 'count' ? '' : unit}`.trim();
}

function metricsTable(command: string, s: Section, names: string[]): string {
  const rows = names.map((n) => {
    const v = s.metrics[n];
    if (v === undefined) throw new Error(`docs bug: no metric ${s.name}.${n}`);
    return `| \`${s.name}.${n}\` | ${value(n, v)} |`;
  });
  return [`\`${command}\`:`, '', '| metric | value |', '|---|---:|', ...rows].join('\n');
}

function table(s: Section, name: string, columns: { key: string; header: string; format?: (v: number | string) => string }[]): string {
  const t = s.tables.find((x) => x.name === name);
  if (t === undefined) throw new Error(`docs bug: no table ${s.name}-${name}`);
  const cell = (v: number | string | undefined, f?: (v: number | string) => string): string =>
    v === undefined ? '' : f ? f(v) : typeof v === 'number' ? String(Number.isInteger(v) ? v : Number(v.toPrecision(3))) : v;
  return [
    `| ${columns.map((c) => c.header).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${columns.map((c) => cell(r[c.key], c.format)).join(' | ')} |`),
  ].join('\n');
}

const END_TO_END = ['maxAbsError_LSB', 'rmsError_LSB', 'fractionExact_ratio', 'maxAbsDigitizationError_LSB', 'idealThresholdDistanceMean_LSB', 'energyPerInference_J', 'latencyPerInference_s', 'area_m2'];
const BUDGET_COLUMNS = [
  { key: 'cause', header: 'cause' },
  { key: 'effect', header: 'non-ideality' },
  { key: 'maxAbs', header: 'max (LSB)' },
  { key: 'rms', header: 'rms (LSB)' },
  { key: 'mean', header: 'mean (LSB)' },
  { key: 'exact', header: 'exact', format: percent },
];

const NETWORK_METRICS = ['images_count', 'chipAccuracy_ratio', 'quantizedAccuracy_ratio', 'floatAccuracy_ratio', 'accuracyLoss_ratio', 'agreement_ratio', 'codeRmsError_LSB', 'conversionsPerImage_count', 'latencyPerImage_s', 'energyPerImage_J', 'area_m2'];
const engineering = (unit: string) => (v: number | string) => formatEngineering(Number(v), unit, { digits: 3 });
const NETWORK_LAYER_COLUMNS = [
  { key: 'layer', header: 'layer' },
  { key: 'type', header: 'type' },
  { key: 'inputs', header: 'inputs' },
  { key: 'outputs', header: 'outputs' },
  { key: 'bits', header: 'weight bits' },
  { key: 'tiles', header: 'tiles' },
  { key: 'conversions', header: 'conversions / image' },
  { key: 'latency', header: 'time / image', format: engineering('s') },
  { key: 'energy', header: 'energy / image', format: engineering('J') },
  { key: 'nonideal', header: 'chip vs twin rms (LSB)' },
  { key: 'quantization', header: 'twin vs exact rms (LSB)' },
  { key: 'flips', header: 'output flips', format: percent },
];

/** Every block a document may name. */
/** The lane drawn as a network beside the lane's own solution: the read reference, then the state the opening leaves. */
const LANE_SHARING_METRICS = ['ideal_reference_V', 'reference_V', 'lane_model_reference_V', 'lane_model_error_V', 'g0_final_V', 'g0_lane_model_final_V', 'dum_final_V', 'dum_lane_model_final_V', 'lane_model_opened_error_V'];

export const FIGURE_BLOCKS: Record<string, BlockRenderer> = {
  'default-inference': (root) => metricsTable('cimsim run scenarios/default.json', sectionOf(scenario(root, 'default.json'), 'inference'), END_TO_END),
  'default-budget': (root) => table(sectionOf(scenario(root, 'default.json'), 'budget'), 'causes', BUDGET_COLUMNS),
  'high-leakage-inference': (root) => metricsTable('cimsim run scenarios/high-leakage.json', sectionOf(scenario(root, 'high-leakage.json'), 'inference'), END_TO_END),
  'high-leakage-budget': (root) => table(sectionOf(scenario(root, 'high-leakage.json'), 'budget'), 'causes', BUDGET_COLUMNS),
  'default-baselines-accounting': (root) =>
    table(sectionOf(scenario(root, 'default.json'), 'baselines'), 'accounting', [
      { key: 'converter', header: 'converter' }, { key: 'quantity', header: 'quantity' }, { key: 'value', header: 'value' }, { key: 'source', header: 'source' },
    ]),
  'default-baselines-ratios': (root) =>
    table(sectionOf(scenario(root, 'default.json'), 'baselines'), 'ratios', [
      { key: 'ratio', header: 'ratio (baseline / memory-immersed)' },
      { key: 'ours', header: 'cimsim', format: (v) => `${Number(Number(v).toPrecision(3))}x` },
      { key: 'published', header: 'paper', format: (v) => `${v}x` },
    ]),
  'bwht-layer': (root) =>
    metricsTable('cimsim run scenarios/bwht-layer.json', sectionOf(scenario(root, 'bwht-layer.json'), 'bwht'), [
      'unitPulseWidth_s', 'minCellStep_LSB', 'codeMaxAbsError_LSB', 'codeRmsError_LSB', 'quantizationRmsError_LSB', 'quantizationMaxAbsError_LSB',
      'rmsError_LSB', 'maxAbsError_LSB', 'chipVsQuantizedRmsError_LSB', 'chipVsQuantizedMaxAbsError_LSB', 'energyPerInference_J', 'energy_dac_J',
      'energy_comparator_J', 'latencyPerInference_s', 'area_m2', 'closestCifar10Cut_ratio', 'closestCifar10CutThresholdOnly_ratio',
    ]),
  montecarlo: (root) => {
    const s = sectionOf(scenario(root, 'montecarlo.json'), 'montecarlo');
    return metricsTable('cimsim run scenarios/montecarlo.json', s, Object.keys(s.metrics));
  },
  'bench-results': (root) => benchTable(root),
  'lane-sharing': (root) => metricsTable('cimsim run scenarios/lane-sharing.json', sectionOf(scenario(root, 'lane-sharing.json'), 'sharing'), LANE_SHARING_METRICS),
  'mnist-network': (root) => metricsTable('cimsim run scenarios/mnist.json', sectionOf(scenario(root, 'mnist.json'), 'network'), NETWORK_METRICS),
  'mnist-layers': (root) => table(sectionOf(scenario(root, 'mnist.json'), 'network'), 'layers', NETWORK_LAYER_COLUMNS),
};

/** The committed bench/results.json as a markdown table (what `npm run bench` wrote). */
function benchTable(root: string): string {
  const r = JSON.parse(fs.readFileSync(path.join(root, 'bench/results.json'), 'utf8')) as {
    date: string; total_s: number; node: string; machine: { cpu: string; cores: number; loadavg1_start: number };
    figures: { name: string; unit: string; median: number; min: number; max: number; runs: number; target: string | null; met: boolean | null }[];
  };
  const f = (x: number): string => {
    if (!Number.isFinite(x)) return String(x);
    const a = Math.abs(x);
    return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(3).replace(/\.?0+e/, 'e') : String(Number(x.toPrecision(4)));
  };
  return [
    `\`npm run bench\` of ${r.date.slice(0, 10)}: ${r.machine.cpu}, ${r.machine.cores} logical cores, Node ${r.node}, load average ${r.machine.loadavg1_start} at the start, ${Math.round(r.total_s)} s for the whole suite (\`bench/results.json\`).`,
    '',
    '| figure | unit | median | min | max | runs | target | met |',
    '|---|---|---|---|---|---|---|---|',
    ...r.figures.map((x) => `| ${x.name} | ${x.unit} | ${f(x.median)} | ${f(x.min)} | ${f(x.max)} | ${x.runs} | ${x.target ?? ''} | ${x.met === null ? '' : x.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

const BLOCK = /<!-- figures:([\w-]+) -->\n[\s\S]*?<!-- \/figures -->/g;

/** The document with every figures block re-rendered; throws on a block name nothing renders. */
export function refreshFigures(text: string, root: string, file = 'document'): string {
  return text.replace(BLOCK, (_whole, name: string) => {
    const render = FIGURE_BLOCKS[name];
    if (render === undefined) throw new Error(`${file}: unknown figures block "${name}" (known: ${Object.keys(FIGURE_BLOCKS).join(', ')})`);
    return `<!-- figures:${name} -->\n${render(root)}\n<!-- /figures -->`;
  });
}
