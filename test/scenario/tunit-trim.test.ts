import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/scenario/runner.js';
import '../../src/scenario/sweep/register.js'; // the trim is a sweep analysis

// The bundled chip's unit pulse is a design-time trim (docs/testchip.md): of the pulses that
// scenarios/tunit-trim.json sweeps on inputs of its own, the netlist holds the one whose ideal
// product-sums sit farthest from a code threshold. A change of the physics that moves the sums
// fails here until the chip is trimmed again.
const root = path.resolve(__dirname, '../..');

describe('the bundled chip\'s unit pulse', () => {
  it('is the trim\'s choice: the largest mean distance of the ideal sums from a code threshold', () => {
    const netlist = readFileSync(path.join(root, 'netlists/testchip65.cir'), 'utf8');
    const tunit = Number(/^\.param tunit=([\d.]+)ps$/m.exec(netlist)![1]) * 1e-12; // s
    const flash = readFileSync(path.join(root, 'netlists/testchip65-flash.cir'), 'utf8');
    expect(/tunit=([\d.]+)ps/.exec(flash)![1], 'the Flash cluster runs the same unit pulse').toBe(String(tunit * 1e12));
    const sweep = runScenarioFile(path.join(root, 'scenarios/tunit-trim.json')).sections.find((s) => s.name === 'sweep')!;
    const rows = sweep.tables.find((t) => t.name === 'samples')!.rows;
    const distance = (r: (typeof rows)[number]): number => Number(r['inference.idealThresholdDistanceMean_LSB']);
    const best = rows.reduce((a, b) => (distance(b) > distance(a) ? b : a));
    console.log(rows.map((r) => `${(Number(r.param) * 1e12).toFixed(1)} ps: ${distance(r).toFixed(3)} LSB`).join('\n'));
    expect(Number(best.param)).toBeCloseTo(tunit, 15);
    expect(distance(best)).toBeGreaterThan(0.3); // LSB: the sums do sit near mid-code (0.25 = at random)
  }, 180_000);
});
