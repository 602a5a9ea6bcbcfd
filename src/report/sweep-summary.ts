/**
 * `cimsim report <dir>`: the summary of a sweep or merged shard set read back from its
 * samples.jsonl: per metric the mean, sigma, quantiles and extremes; the yield against the
 * scenario's checks (the fraction of samples that pass every check on a metric the samples carry);
 * a histogram per metric (one bin per value for integer metrics, the check limits named in the
 * title); written as summary.json, summary.csv, summary-<metric>.svg and summary.html.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, type Description } from '../analysis/stats.js';
import { CimsimError } from '../errors.js';
import { limitText, passesCheck } from '../scenario/checks.js';
import type { Check } from '../scenario/types.js';
import { toCsv } from './csv.js';
import { metricHistogramFigure, renderFigure } from './figure.js';
import { htmlReport } from './html.js';
import { formatCell, formatTable } from './table.js';
import { writeOutputFile } from './write.js';

/** One metric over the samples: its statistics (analysis/stats.ts) and how many samples lack it. */
export interface MetricSummary extends Omit<Description, 'n'> {
  metric: string;
  count: number;
  /** Samples whose value is missing (null in samples.jsonl: not computable for that sample). */
  missing: number;
}

export interface SweepSummaryReport {
  samples: number;
  metrics: MetricSummary[];
  /** Per check on a metric the samples carry: the fraction of samples that pass it. */
  checks: { metric: string; limit: string; passFraction: number }[];
  /** Fraction of samples passing every one of those checks (undefined without checks). */
  yield?: number;
}

interface Sample {
  index: number;
  metrics: Record<string, number | null>;
}

/** Read samples.jsonl of `dir`, summarize it against `checks`, write the summary files; returns the console text. */
export function reportSweep(dir: string, checks: readonly Check[] = []): { text: string; report: SweepSummaryReport } {
  const samples = readSamples(dir);
  const report = summarize(samples, checks);
  const names = report.metrics.map((m) => m.metric);
  writeOutputFile(path.join(dir, 'summary.json'), `${JSON.stringify(report, null, 2)}\n`);
  // a metric no sample could compute has no statistics: empty cells
  const known = (m: MetricSummary) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v]));
  writeOutputFile(path.join(dir, 'summary.csv'), toCsv(SUMMARY_COLUMNS.map((key) => ({ key, header: key })), report.metrics.map(known)));
  const figures = names.map((name) => {
    const values = samples.map((s) => s.metrics[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const own = checks.filter((c) => c.metric === name);
    const limits = own.map(limitText).join(', ');
    const d = report.metrics.find((m) => m.metric === name)!;
    const figure = metricHistogramFigure(name, values, `${name}${limits ? ` (check: ${limits})` : ''}`, { mean: d.mean, sigma: d.std }, own);
    const file = `summary-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.svg`;
    const svg = renderFigure(figure);
    writeOutputFile(path.join(dir, file), svg);
    return { name, file, svg };
  });
  writeOutputFile(path.join(dir, 'summary.html'), htmlReport({
    title: `cimsim sweep summary: ${path.basename(path.resolve(dir))}`,
    subtitle: `${report.samples} samples${report.yield !== undefined ? `, yield ${(report.yield * 100).toFixed(2)} % against ${report.checks.length} check(s)` : ''}`,
    sections: [
      { heading: 'metrics', table: { columns: ['metric', ...SUMMARY_COLUMNS.slice(1)], rows: report.metrics.map((m) => [m.metric, m.count, m.missing, ...STAT_KEYS.map((k) => shown(m.metric, m[k]))]) }, links: [{ href: 'summary.csv', text: 'summary.csv' }, { href: 'samples.csv', text: 'samples.csv' }, { href: 'samples.jsonl', text: 'samples.jsonl' }] },
      ...(report.checks.length > 0 ? [{ heading: 'yield', table: { columns: ['check', 'limit', 'pass'], rows: report.checks.map((c) => [c.metric, c.limit, `${(c.passFraction * 100).toFixed(2)} %`]) } }] : []),
      ...figures.map((f) => ({ heading: f.name, svg: f.svg, links: [{ href: f.file, text: f.file }] })),
    ],
  }));
  const lines = [
    `${report.samples} samples in ${dir}`,
    formatTable([{ header: 'metric' }, ...['n', 'mean', 'sigma', 'min', 'p05', 'median', 'p95', 'max'].map((h) => ({ header: h, align: 'right' as const }))],
      report.metrics.map((m) => [m.metric, String(m.count), ...STAT_KEYS.map((k) => shown(m.metric, m[k]))])),
  ];
  if (report.yield !== undefined) {
    lines.push('', formatTable([{ header: 'check' }, { header: 'limit' }, { header: 'pass', align: 'right' }], report.checks.map((c) => [c.metric, c.limit, `${(c.passFraction * 100).toFixed(2)} %`])));
    lines.push(`yield: ${(report.yield * 100).toFixed(2)} % of samples pass every check`);
  }
  lines.push(`wrote summary.json, summary.csv, summary.html and ${figures.length} histogram(s) to ${dir}`);
  return { text: lines.join('\n'), report };
}

const STAT_KEYS = ['mean', 'std', 'min', 'p05', 'median', 'p95', 'max'] as const;
const SUMMARY_COLUMNS = ['metric', 'count', 'missing', ...STAT_KEYS];

function readSamples(dir: string): Sample[] {
  const file = path.join(dir, 'samples.jsonl');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CimsimError(`no samples.jsonl in ${dir}`, undefined, 'give the --out folder of a cimsim sweep or merge');
  }
  const samples: Sample[] = [];
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    try {
      const r = JSON.parse(line) as Sample;
      if (typeof r.index !== 'number' || typeof r.metrics !== 'object' || r.metrics === null) throw new Error('shape');
      samples.push(r);
    } catch {
      throw new CimsimError(`${file}:${k + 1}: not a sample record`, { file, line: k + 1, col: 1 }, 'samples.jsonl holds one JSON record per line as cimsim sweep writes it; re-run the sweep with --resume to rewrite it');
    }
  });
  if (samples.length === 0) throw new CimsimError(`${file} holds no samples`, undefined, 'run the sweep first');
  return samples;
}

function summarize(samples: readonly Sample[], checks: readonly Check[]): SweepSummaryReport {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.metrics)))];
  const metrics = names.map((metric) => {
    const values = samples.map((s) => s.metrics[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const d = values.length > 0 ? describe(values) : { n: 0, mean: NaN, std: NaN, min: NaN, p05: NaN, median: NaN, p95: NaN, max: NaN };
    return { metric, count: values.length, missing: samples.length - values.length, mean: d.mean, std: d.std, min: d.min, p05: d.p05, median: d.median, p95: d.p95, max: d.max };
  });
  const applicable = checks.filter((c) => names.includes(c.metric));
  const report: SweepSummaryReport = {
    samples: samples.length,
    metrics,
    checks: applicable.map((c) => ({ metric: c.metric, limit: limitText(c), passFraction: samples.filter((s) => passesCheck(c, s.metrics[c.metric])).length / samples.length })),
  };
  if (applicable.length > 0) report.yield = samples.filter((s) => applicable.every((c) => passesCheck(c, s.metrics[c.metric]))).length / samples.length;
  return report;
}

/** A statistic as the tables write it (the unit of its metric's name); nothing for a missing one. */
function shown(metric: string, v: number): string {
  return Number.isFinite(v) ? formatCell(metric, v) : '';
}
