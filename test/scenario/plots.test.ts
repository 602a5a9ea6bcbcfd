import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { writeRunReport } from '../../src/report/run-report.js';
import { runScenarioFile } from '../../src/scenario/runner.js';

const root = path.resolve(__dirname, '../..');

/** The JSON a plot embeds in <metadata class="cimsim-data">. */
function plotData(svg: string): any {
  const m = /<metadata class="cimsim-data">([\s\S]*?)<\/metadata>/.exec(svg);
  if (!m) throw new Error('no metadata');
  const text = m[1].replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return JSON.parse(text);
}

function csv(file: string): Record<string, string>[] {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const keys = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], v])));
}

describe('report plots', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-plots-'));
  for (const name of ['ramp', 'default', 'discharge']) {
    writeRunReport(runScenarioFile(path.join(root, 'scenarios', `${name}.json`)), path.join(dir, name), 'test');
  }
  const svgs = ['ramp', 'default', 'discharge'].flatMap((n) => fs.readdirSync(path.join(dir, n)).filter((f) => f.endsWith('.svg')).map((f) => path.join(dir, n, f)));

  it('are well-formed XML', () => {
    expect(svgs.length).toBeGreaterThanOrEqual(6);
    for (const file of svgs) expect(XMLValidator.validate(fs.readFileSync(file, 'utf8')), file).toBe(true);
    expect(XMLValidator.validate(fs.readFileSync(path.join(dir, 'ramp/report.html'), 'utf8').replace(/^<!DOCTYPE html>/i, ''))).toBe(true);
  });

  it('show the DNL and the INL of the linearity table in separate panels, both methods in each', () => {
    const table = csv(path.join(dir, 'ramp/ramp-linearity.csv'));
    const dnl = plotData(fs.readFileSync(path.join(dir, 'ramp/ramp-dnl.svg'), 'utf8'));
    const inl = plotData(fs.readFileSync(path.join(dir, 'ramp/ramp-inl.svg'), 'utf8'));
    expect(dnl.series.find((s: any) => s.name === 'code density').y).toEqual(table.map((r) => Number(r.dnl_density_LSB)));
    expect(inl.series.find((s: any) => s.name === 'transition levels').y).toEqual(table.map((r) => Number(r.inl_transition_LSB)));
  });

  it('draw the ideal quantizer under the transfer curve, and the sine test\'s spectrum with its tone at the record\'s cycles', () => {
    const curve = plotData(fs.readFileSync(path.join(dir, 'ramp/ramp-transfer-curve.svg'), 'utf8'));
    const ideal = curve.series.find((s: any) => s.name === 'ideal');
    // 5-bit, 640 mV full scale: code = floor(discharge / 20 mV), clipped to 0..31
    ideal.x.forEach((mv: number, i: number) => expect(ideal.y[i]).toBe(Math.min(31, Math.max(0, Math.floor(mv / 20)))));
    const spectrum = plotData(fs.readFileSync(path.join(dir, 'ramp/sine-spectrum.svg'), 'utf8')).series[0];
    const peak = spectrum.y.indexOf(Math.max(...spectrum.y));
    expect(spectrum.x[peak]).toBeCloseTo(67 / 4096, 12);
  });

  it('show the energy per inference of report.json, category by category', () => {
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'default/report.json'), 'utf8'));
    const m = report.sections.inference.metrics;
    const data = plotData(fs.readFileSync(path.join(dir, 'default/inference-energy-breakdown.svg'), 'utf8'));
    // pJ on a log axis; every category with energy is a bar, the zero ones are named in the title
    data.categories.forEach((c: string, i: number) => {
      expect(data.series[0].values[i]).toBeCloseTo((m[`energy_${c}_J`] / m.inferences_count) * 1e12, 12);
    });
    const booked = Object.keys(m).filter((k) => /^energy_[a-z]+_J$/.test(k) && m[k] > 0).map((k) => k.slice(7, -2));
    expect([...data.categories].sort()).toEqual(booked.sort());
    expect(data.y.scale).toBe('log');
  });

  it('histogram every conversion\'s code error', () => {
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'default/report.json'), 'utf8'));
    const data = plotData(fs.readFileSync(path.join(dir, 'default/inference-code-error-histogram.svg'), 'utf8'));
    const total = data.bins.reduce((s: number, b: any) => s + b.count, 0);
    expect(total).toBe(report.sections.inference.metrics.conversions_count);
    const errors = csv(path.join(dir, 'default/inference-conversions.csv')).map((r) => Number(r.error_LSB));
    for (const b of data.bins) expect(errors.filter((e) => e > b.x0 && e < b.x1).length).toBe(b.count);
  });

  it('plot the discharge table', () => {
    const data = plotData(fs.readFileSync(path.join(dir, 'discharge/discharge-bitline-vs-width.svg'), 'utf8'));
    const table = csv(path.join(dir, 'discharge/discharge-bitline.csv'));
    const k1 = table.filter((r) => r.active_cells === '1').map((r) => Number(r.vbl_mean_V) * 1e3);
    expect(data.series[0].y).toEqual(k1);
  });
}, 120_000);
