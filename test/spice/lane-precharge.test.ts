import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCircuit } from '../../src/circuit/build.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { RefDacLane } from '../../src/devices/refdac.js';
import { elaborateFile } from '../../src/netlist/index.js';
import { header, sp, WR } from '../../src/spice/deck.js';
import { laneNodes, laneSpecOf, laneTrialLines, runLaneTrial } from '../../src/spice/lane.js';
import { runNgspice, valueAt, type WrTable } from '../../src/spice/ngspice.js';
import { comparableNonidealities } from '../../src/spice/step.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { HAVE_NGSPICE, PTM65 } from './ngspice-available.js';

// A reference lane's precharge with transmission gates against the ngspice lane deck: from the
// state a first trial (T = 16) leaves in ngspice, where the second trial's precharge (T = 24) leaves
// every node, at the chip's timing (150 ps) and at a short one (30 ps, where most of the swing is
// still in flight). The node charges through its bitlines' precharge devices into its own
// capacitance plus its switches' off-state terminals, whose junctions change with the voltage
// (the dummy bitline holds the other terminal of all 31 switches). Tolerance max(2 mV, 1 % of the
// node's swing); a fixed mid-range capacitance missed the dummy by 10 % of its swing.
const TECH = { modelCard: PTM65, nmos: 'nmos', w: 0.15e-6, l: 65e-9, vdd: 1.1, temp: 27 };
const SWITCHES = { kind: 'tgate' as const, pmos: 'pmos' };

describe.skipIf(!HAVE_NGSPICE)('the lane precharge with transmission gates vs ngspice', () => {
  it.each([[150e-12, 100e-12], [30e-12, 20e-12]])('leaves every node within max(2 mV, 1 %% of its swing) after a %f s precharge', async (tdacpre, tshare) => {
    const design = elaborateFile(path.resolve(__dirname, '../../netlists/testchip65-hp.cir'), { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides: { 'DAC0.switch': 'tgate', 'DAC0.tdacpre': tdacpre, 'DAC0.tshare': tshare } });
    const a = buildCircuit(design, { seed: 3, nonideal: comparableNonidealities(allNonidealities(true)) }).assignments[0];
    const spec = laneSpecOf(a, 0);
    const first = await runLaneTrial(spec, 16, undefined, { tech: TECH, switches: SWITCHES });
    const { groups, ref } = laneNodes(spec, 'l');
    const nodes = [...groups, ref];
    const deck = [
      ...header('lane precharge', TECH), `Vvdd vddn 0 ${sp(TECH.vdd)}`,
      ...laneTrialLines(spec, TECH, { prefix: 'l', t0: 0, trial: 24, switches: SWITCHES }),
      `.ic ${nodes.map((n, i) => `v(${n})=${sp(first.state[i])}`).join(' ')}`,
      '.control', ...WR, `tran 0.1p ${sp(tdacpre + 1e-12)}`, `wrdata pre.txt ${nodes.map((n) => `v(${n})`).join(' ')}`, '.endc', '.end', '',
    ].join('\n');
    const run = await runNgspice(deck, { expectFiles: ['pre.txt'] });
    const table = run.tables.get('pre.txt') as WrTable;
    const lane = new RefDacLane(a.digitizer.lanes[0].dac.options);
    lane.nodeV.set(first.state);
    const drawn = lane.sharingNetwork(24).nodes; // each node at the level its precharge leaves it (no injection here)
    const lines = nodes.map((n, i) => {
      const spice = valueAt(table, `v(${n})`, tdacpre);
      const model = drawn[i].v0;
      const tol = Math.max(2e-3, 0.01 * Math.abs(spice - first.state[i]));
      expect(Math.abs(model - spice), `${n}: from ${first.state[i]} V, ngspice ${spice} V, cimsim ${model} V`).toBeLessThanOrEqual(tol);
      return `${n} ${first.state[i].toFixed(4)} -> ngspice ${spice.toFixed(4)}, cimsim ${model.toFixed(4)} (${((model - spice) * 1e3).toFixed(1)} mV)`;
    });
    console.log(`tdacpre ${tdacpre * 1e12} ps: ${lines.join('; ')}`);
  }, 120_000);
});
