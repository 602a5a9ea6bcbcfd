import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSweep } from '../../src/report/sweep-summary.js';

describe('cimsim report: the summary of a sweep', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-report-'));
  // 10 samples: an integer metric 0..2, an energy 1..10 pJ, and one sample whose energy is unknown (null)
  const errors = [0, 1, 1, 2, 0, 1, 0, 0, 1, 2];
  const energy = [1, 2, 3, 4, 5, 6, 7, 8, 9, null].map((e) => (e === null ? null : e * 1e-12));
  fs.writeFileSync(path.join(dir, 'samples.jsonl'), errors.map((e, i) => `${JSON.stringify({ index: i, seed: `s:${i}`, overrides: {}, metrics: { 'inference.maxAbsError_LSB': e, 'inference.energy_J': energy[i] } })}\n`).join(''));
  const { report, text } = reportSweep(dir, [{ metric: 'inference.maxAbsError_LSB', max: 1 }, { metric: 'inference.energy_J', max: 8.5e-12 }, { metric: 'other.metric_V', min: 0 }]);

  it('gives each metric its mean, sample sigma and quantiles over the samples that have it', () => {
    const e = report.metrics.find((m) => m.metric === 'inference.maxAbsError_LSB')!;
    expect(e.count).toBe(10);
    expect(e.mean).toBeCloseTo(0.8, 15);
    expect(e.std).toBeCloseTo(Math.sqrt(errors.reduce((a, x) => a + (x - 0.8) ** 2, 0) / 9), 15);
    const j = report.metrics.find((m) => m.metric === 'inference.energy_J')!;
    expect([j.count, j.missing]).toEqual([9, 1]);
    expect(j.median).toBeCloseTo(5e-12, 24);
    expect([j.min, j.max]).toEqual([1e-12, 9e-12]);
  });

  it('gives the yield against the checks on metrics the samples carry: a sample without a value fails its check', () => {
    // errors <= 1: samples 0,1,2,4,5,6,7,8; energy <= 8.5 pJ: samples 0..7 (sample 9 has none)
    expect(report.checks.map((c) => c.passFraction)).toEqual([0.8, 0.8]);
    expect(report.yield).toBeCloseTo(0.7, 15); // 0,1,2,4,5,6,7
    expect(text).toContain('yield: 70.00 % of samples pass every check');
  });

  it('writes the summary files, one bin per value for an integer metric', () => {
    for (const f of ['summary.json', 'summary.csv', 'summary.html']) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    const svg = fs.readFileSync(path.join(dir, 'summary-inference.maxAbsError_LSB.svg'), 'utf8');
    const data = metadataOf(svg) as { bins: { x0: number; x1: number; count: number }[]; limits: unknown };
    expect(data.bins).toEqual([{ x0: -0.5, x1: 0.5, count: 4 }, { x0: 0.5, x1: 1.5, count: 4 }, { x0: 1.5, x1: 2.5, count: 2 }]);
    // the check <= 1 LSB is a spec line on the edge between the passing bins and the failing one
    expect(data.limits).toEqual([{ value: 1.5, label: '<= 1 LSB' }]);
    // energies in pJ on the axis (not 1e-12 J), the spec line at the limit
    const energy = metadataOf(fs.readFileSync(path.join(dir, 'summary-inference.energy_J.svg'), 'utf8')) as { x: { unit: string }; bins: { x0: number }[]; limits: { value: number; label: string }[] };
    expect(energy.x.unit).toBe('pJ');
    expect(energy.bins[0].x0).toBeCloseTo(1, 12);
    expect(energy.limits).toEqual([{ value: 8.5, label: '<= 8.50 pJ' }]);
    expect(fs.readFileSync(path.join(dir, 'summary.csv'), 'utf8').split('\n')[0]).toBe('metric,count,missing,mean,std,min,p05,median,p95,max');
  });
});

/** The data a cimsim SVG embeds in its <metadata>. */
function metadataOf(svg: string): unknown {
  const embedded = /<metadata class="cimsim-data">([\s\S]*?)<\/metadata>/.exec(svg)![1].replace(/^<!\[CDATA\[|\]\]>$/g, '');
  return JSON.parse(embedded.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}
