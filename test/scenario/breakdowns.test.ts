import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chipArea } from '../../src/circuit/area.js';
import { NODES } from '../../src/devices/baselines.js';
import { ENERGY_CATEGORIES } from '../../src/engine/ledger.js';
import { runScenarioFile } from '../../src/scenario/runner.js';

const root = path.resolve(__dirname, '../..');

describe('per-inference breakdowns', () => {
  const result = runScenarioFile(path.join(root, 'scenarios/default.json'));
  const inference = result.sections.find((s) => s.name === 'inference')!;

  it('energy by category sums to the total energy exactly (to rounding of the sum)', () => {
    const sum = ENERGY_CATEGORIES.reduce((acc, c) => acc + inference.metrics[`energy_${c}_J`], 0);
    expect(Math.abs(sum - inference.metrics.energy_J)).toBeLessThanOrEqual(1e-12 * inference.metrics.energy_J);
  });

  it('energy by device and category (the CSV table) sums to the total', () => {
    const table = inference.tables.find((t) => t.name === 'energy')!;
    const sum = table.rows.reduce((acc, r) => acc + Number(r.energy_J), 0);
    expect(Math.abs(sum - inference.metrics.energy_J)).toBeLessThanOrEqual(1e-12 * inference.metrics.energy_J);
  });

  it('area by component sums to the total and counts every bitcell of the netlist', () => {
    const area = chipArea(result.circuit);
    const sum = area.entries.reduce((acc, e) => acc + e.area_m2, 0);
    expect(sum).toBe(area.total_m2);
    const cells = area.entries.find((e) => e.component === 'bitcells 8T')!;
    expect(cells.count).toBe(4 * 64 * 32);
    expect(inference.metrics.area_m2).toBe(area.total_m2);
    // the test chip trims its comparators' offsets: a 5-bit trim DAC per lane comparator, as the
    // baselines analysis counts it per conversion
    const lanes = area.entries.find((e) => e.component === 'comparators (per lane)')!;
    const trim = area.entries.find((e) => e.component === 'comparator offset-trim DACs (per trim bit)')!;
    expect(trim.count).toBe(lanes.count * result.circuit.assignments[0].digitizer.recipe.comparator.trimBits);
    expect(trim.unitArea_m2).toBe(NODES['65n'].trimAreaPerBit);
  });

  it('efficiency figures follow from ops, energy, latency and area', () => {
    const m = inference.metrics;
    expect(m.ops_count).toBe(2 * 64 * 32 * 4 * 4); // 4 arrays x 4 inferences, one plane each
    expect(m.efficiency_TOPSperW).toBeCloseTo(m.ops_count / m.energy_J / 1e12, 9);
    expect(m.areaEfficiency_TOPSperMm2).toBeCloseTo(m.ops_count / m.latency_s / (m.area_m2 * 1e6) / 1e12, 9);
  });

  it('the side-by-side table prints our ratios next to the published ones', () => {
    const baselines = result.sections.find((s) => s.name === 'baselines')!;
    const ratios = baselines.tables.find((t) => t.name === 'ratios')!;
    expect(ratios.rows.map((r) => r.published)).toEqual([25, 1.4, 51, 13, 25, 1.4, 51, 13, 25, 1.4]);
    expect(Number(ratios.rows[0].ours)).toBeCloseTo(baselines.metrics.sarArea_m2 / baselines.metrics.memoryImmersedArea_m2, 12);
  });
});
