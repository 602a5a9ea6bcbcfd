import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/scenario/runner.js';
import '../../src/scenario/sweep/register.js';
import { statName } from '../../src/scenario/sweep/register.js';

const SWEEP = path.resolve('test/sweep/fixtures/sweep.json');

describe('nested sweep analysis in a scenario run', () => {
  it('keeps the unit suffix last in summary metric names', () => {
    expect(statName('inference.maxAbsError_LSB', 'mean')).toBe('inference_maxAbsError_mean_LSB');
    expect(statName('inference.energy_J', 'std')).toBe('inference_energy_std_J');
  });

  it('summarises each swept value with the mean and sample standard deviation of its runs', () => {
    const result = runScenarioFile(SWEEP);
    const sweep = result.sections.find((s) => s.name === 'sweep')!;
    const table = sweep.tables[0];
    expect(table.rows.map((r) => r.param)).toEqual([2e-11, 2.5e-11, 3e-11]);
    // Each row re-runs the scenario alone with that override.
    const standalone = [2e-11, 2.5e-11, 3e-11].map((t) => runScenarioFile(SWEEP, { skip: ['sweep'], overrides: { 'param.tunit': t } }).sections[0].metrics.latency_s);
    expect(table.rows.map((r) => r['inference.latency_s'])).toEqual(standalone);
    const m = standalone.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(standalone.reduce((a, b) => a + (b - m) ** 2, 0) / 2);
    expect(sweep.metrics.inference_latency_mean_s).toBeCloseTo(m, 20);
    expect(sweep.metrics.inference_latency_std_s / sd).toBeCloseTo(1, 12);
    const figure = sweep.plots[0].figure;
    expect(figure.kind).toBe('histogram');
    // the first metric's histogram holds every sample once
    if (figure.kind === 'histogram') expect(figure.plot.bins.reduce((n, b) => n + b.count, 0)).toBe(3);
  });

  it('gives the yield of a Monte Carlo run: the fraction of chips passing every check on a per-chip metric', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-yield-'));
    const spec = JSON.parse(fs.readFileSync(path.resolve('test/sweep/fixtures/mc.json'), 'utf8'));
    spec.netlist = path.resolve('netlists/testchip65.cir');
    spec.analyses[1].samples = 8;
    spec.checks = [{ metric: 'inference.maxAbsError_LSB', max: 1 }, { metric: 'inference.rmsError_LSB', max: 0.5 }];
    const file = path.join(dir, 'mc.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const mc = runScenarioFile(file).sections.find((s) => s.name === 'montecarlo')!;
    const rows = mc.tables.find((t) => t.name === 'samples')!.rows;
    const ok = rows.filter((r) => Number(r['inference.maxAbsError_LSB']) <= 1 && Number(r['inference.rmsError_LSB']) <= 0.5).length;
    expect(mc.metrics.yield_ratio).toBe(ok / 8);
    expect(mc.tables.find((t) => t.name === 'yield')!.rows.map((r) => r.check)).toEqual(['inference.maxAbsError_LSB', 'inference.rmsError_LSB']);
  });
});

