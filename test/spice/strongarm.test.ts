import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildCircuit } from '../../src/circuit/build.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { CimsimError } from '../../src/errors.js';
import { elaborateFile } from '../../src/netlist/index.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { spiceCommand } from '../../src/spice/commands.js';
import { runNgspice, type WrTable } from '../../src/spice/ngspice.js';
import { comparableNonidealities } from '../../src/spice/step.js';
import { strongarmSizingOf, strongarmStandaloneDeck } from '../../src/spice/strongarm.js';
import { HAVE_NGSPICE, PTM65 } from './ngspice-available.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NETLIST = join(ROOT, 'netlists/testchip65-hp.cir');
const VDD = 1.1; // V, testchip65-hp
const TECH = { modelCard: PTM65, nmos: 'nmos', w: 0.15e-6, l: 65e-9, vdd: VDD, temp: 27 };

/** The bundled chip's comparator sizing and decision window (tcmp, s). */
function chipComparator(): { sizing: ReturnType<typeof strongarmSizingOf>; tcmp: number } {
  const c = buildCircuit(elaborateFile(NETLIST, { devices: DEVICE_SPECS, tech: TECH_PARAMS }), { seed: 1, nonideal: comparableNonidealities(allNonidealities(true)) });
  const a = c.assignments[0];
  return { sizing: strongarmSizingOf(c, a, TECH, 'pmos'), tcmp: a.digitizer.lanes[0].comparator.o.tcmp };
}

describe.skipIf(!HAVE_NGSPICE)('StrongARM latch in ngspice (standalone)', () => {
  it('decides the sign of +/-20 mV and +/-100 mV around 0.8 V and resolves to 0.8 vdd within the decision window, later for the smaller input', async () => {
    const { sizing, tcmp } = chipComparator();
    expect(sizing.inW).toBeCloseTo(1e-6, 12); // CMP0 in_w = 1u
    const tClock = 50e-12; // s
    const resolveTime: Record<string, number> = {};
    for (const dv of [0.02, -0.02, 0.1, -0.1]) {
      const deck = strongarmStandaloneDeck({ tech: TECH, sizing, vinp: 0.8 + dv / 2, vinn: 0.8 - dv / 2, tClock, tRegen: tcmp });
      const run = await runNgspice(deck, { expectFiles: ['sa.txt'] });
      const out = run.measures.dv; // V, v(outp) - v(outn) at the end of the window
      expect(Math.sign(out), `dV = ${dv} V: v(outp) - v(outn) = ${out} V`).toBe(Math.sign(dv));
      expect(Math.abs(out)).toBeGreaterThan(0.8 * VDD);
      const t = run.tables.get('sa.txt') as WrTable;
      // reset phase: both outputs precharged to vdd before the clock edge
      const before = t.rows.filter((r) => r[0] < tClock - 5e-12);
      for (const r of before) expect(Math.min(r[1], r[2])).toBeGreaterThan(0.95 * VDD);
      const crossing = t.rows.find((r) => r[0] > tClock && Math.abs(r[1] - r[2]) > 0.8 * VDD);
      expect(crossing, `dV = ${dv} V never resolved`).toBeDefined();
      resolveTime[dv] = crossing![0] - tClock;
      expect(resolveTime[dv]).toBeLessThanOrEqual(tcmp);
    }
    console.log(`StrongARM resolve time to 0.8 vdd (s): ${JSON.stringify(resolveTime)}`);
    // regeneration from a smaller input starts lower on the exponential: it takes longer
    expect(resolveTime[0.02]).toBeGreaterThan(resolveTime[0.1]);
    expect(resolveTime[-0.02]).toBeGreaterThan(resolveTime[-0.1]);
  }, 180_000);
});

describe.skipIf(!HAVE_NGSPICE)('cimsim spice --comparator strongarm', () => {
  it('gives decks whose StrongARM decision equals the ideal rule sign(vref - vbl + offset) of the same run, for a 0 and a 1, without changing the ideal measurements', async () => {
    // density-0.5 default stimulus (bitline above the reference: 0) and every row on (bitline discharged: 1)
    const dir = mkdtempSync(join(tmpdir(), 'cimsim-strongarm-'));
    const allOn = join(dir, 'all-on.json');
    writeFileSync(allOn, JSON.stringify({ name: 'all-on', netlist: NETLIST, seed: 2, stimulus: { encoding: 'binary', vectors: [Array.from({ length: 64 }, () => 1)] }, analyses: [{ type: 'inference' }] }));
    const decisions: boolean[] = [];
    for (const scenario of [undefined, allOn]) {
      const deck = await spiceCommand({ netlist: NETLIST, model: PTM65, columns: 1, comparator: 'strongarm', scenario });
      expect(deck).toMatch(/^\.subckt cimsim_strongarm /m);
      expect(deck).toMatch(/^Bcmp0 cmp0 0 V = /m);
      const run = await runNgspice(deck, { expectFiles: ['step.txt'] });
      const m = run.measures;
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['vbl0_s0', 'vref0_s0', 'dec0_s0', 'sa0_s0']));
      const offset = Number(/offset (\S+) V/.exec(deck)![1]); // V
      const ideal = m.vref0_s0 - m.vbl0_s0 + offset >= 0;
      expect(m.sa0_s0 > 0, `vref ${m.vref0_s0} V, vbl ${m.vbl0_s0} V, offset ${offset} V, latch v(outp) - v(outn) = ${m.sa0_s0} V`).toBe(ideal);
      expect(m.dec0_s0 > VDD / 2).toBe(ideal);
      expect(Math.abs(m.sa0_s0)).toBeGreaterThan(0.8 * VDD);
      decisions.push(ideal);
      // the latch sits behind track-and-hold buffers: the array's voltages are those of the ideal deck
      const plain = await runNgspice(await spiceCommand({ netlist: NETLIST, model: PTM65, columns: 1, scenario }), { expectFiles: ['step.txt'] });
      expect(plain.measures.sa0_s0).toBeUndefined();
      expect(Math.abs(plain.measures.vbl0_s0 - m.vbl0_s0)).toBeLessThan(1e-4);
      expect(Math.abs(plain.measures.vref0_s0 - m.vref0_s0)).toBeLessThan(1e-4);
    }
    expect(decisions).toEqual([false, true]);
  }, 300_000);
});

describe('cimsim spice --comparator errors', () => {
  it('rejects an unknown comparator kind with a CimsimError naming ideal and strongarm', async () => {
    const err = await spiceCommand({ netlist: NETLIST, model: PTM65, columns: 1, comparator: 'flash' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimsimError);
    expect((err as CimsimError).message).toMatch(/ideal or strongarm, got "flash"/);
  });

  it('exits with code 2 from the command line on an unknown comparator kind', async () => {
    const code = await main(['spice', NETLIST, '--model', PTM65, '--columns', '1', '--comparator', 'flash'], () => undefined);
    expect(code).toBe(2);
  });
});
