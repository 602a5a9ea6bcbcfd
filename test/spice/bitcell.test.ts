import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBitcell } from '../../src/spice/bitcell.js';
import { calibrate } from '../../src/spice/calibrate.js';
import { validateCommand } from '../../src/spice/commands.js';
import { header, pulseTimes, sp, WR, type SpiceTech, type WordlinePulse } from '../../src/spice/deck.js';
import { runNgspice, valueAt, type WrTable } from '../../src/spice/ngspice.js';
import { formatTechFile } from '../../src/spice/techfile.js';
import { cimsimColumn, EDGE, GRID, tolerance } from './discharge-grid.js';
import { HAVE_NGSPICE, PTM65 } from './ngspice-available.js';

// A user brings their own 8T bitcell as a .subckt (netlists/cells/sram8t.sp: a read driver twice
// the access device's width, drawn diffusions, extracted capacitors), calibrates once from it, and
// gets their columns' discharge right. The reference is ngspice on columns of that very subcircuit,
// latch and write port included, each cell's state held by its own latch: nothing of cimsim's
// reading of the cell is in the reference.
const CELL = path.resolve('netlists/cells/sram8t.sp');

/**
 * ngspice on a column of the user's subcircuit: write bitlines high, write wordlines low, every
 * read wordline on one ideal pulse; a cell storing '1' has its read driver's gate (QB) at VDD.
 */
async function cellColumn(o: { rows: number; ones: number; vpre: number; cwire: number; vdd: number } & WordlinePulse): Promise<number> {
  const t: SpiceTech = { modelCard: PTM65, nmos: 'nmos', w: 0, l: 0, vdd: o.vdd, temp: 27 };
  const { t0, tTop, tFall, tEnd } = pulseTimes(o);
  const lines = [...header(`column of sram8t, ${o.rows} rows, ${o.ones} ones`, t), `.include "${CELL}"`];
  lines.push(`Vdd vdd 0 ${sp(o.vdd)}`, `Vbl bl 0 ${sp(o.vdd)}`, 'Vwwl wwl 0 0');
  lines.push(`Vrwl rwl 0 PWL(0 0 ${sp(t0)} 0 ${sp(tTop)} ${sp(o.vwl)} ${sp(tFall)} ${sp(o.vwl)} ${sp(tEnd)} 0)`, `Cw rbl 0 ${sp(o.cwire)}`);
  const ics = [`v(rbl)=${sp(o.vpre)}`];
  for (let r = 0; r < o.rows; r++) {
    lines.push(`X${r} bl bl rbl wwl rwl vdd 0 sram8t`);
    const one = r < o.ones;
    ics.push(`v(x${r}.qb)=${sp(one ? o.vdd : 0)}`, `v(x${r}.q)=${sp(one ? 0 : o.vdd)}`);
  }
  lines.push(`.ic ${ics.join(' ')}`, '.control', ...WR, `tran 1e-12 ${sp(tEnd + 2e-12)}`, 'wrdata wave.txt v(rbl)', '.endc', '.end', '');
  const run = await runNgspice(lines.join('\n'), { expectFiles: ['wave.txt'] });
  return valueAt(run.tables.get('wave.txt') as WrTable, 'v(rbl)', tEnd);
}

describe.skipIf(!HAVE_NGSPICE)('calibrating from the user\'s own bitcell subcircuit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cimsim-bitcell-'));
  const tech = path.join(dir, 'sram8t.tech');
  beforeAll(async () => {
    const result = await calibrate({ modelCard: PTM65, cell: readBitcell(CELL) });
    expect(result.w).toBe(0.2e-6);
    writeFileSync(tech, formatTechFile(result, `cimsim calibrate --model ptm65_bulk.pm --bitcell ${CELL}`));
  }, 120_000);

  it('after cimsim calibrate --bitcell, every case of the discharge grid is within max(10 mV, 3 %) of ngspice on columns of that cell', async () => {
    const bundled = path.resolve('netlists/tech/cmos65.tech');
    const rows: string[] = [];
    let worstBundled = 0;
    for (const [n, ones, vwl, width] of GRID) {
      const mine = cimsimColumn(tech, n, ones, vwl, width);
      const cwire = mine.cbl - n * mine.tech('cbl_junction');
      const spice = await cellColumn({ rows: n, ones, vpre: mine.vpre, cwire, vdd: 1.1, vwl, width, rise: EDGE, fall: EDGE, delay: 20e-12 });
      const old = cimsimColumn(bundled, n, ones, vwl, width);
      worstBundled = Math.max(worstBundled, Math.abs(old.v - spice));
      rows.push(`${n} rows, K ${ones}, VWL ${vwl} V, ${Math.round(width * 1e12)} ps: ngspice ${spice.toFixed(4)} V, calibrated ${mine.v.toFixed(4)} V, bundled ${old.v.toFixed(4)} V`);
      expect(Math.abs(mine.v - spice), rows[rows.length - 1]).toBeLessThanOrEqual(tolerance(spice));
    }
    console.log(`${rows.join('\n')}\nworst with the bundled (0.15 um, 0.1 um diffusion) file: ${(worstBundled * 1e3).toFixed(1)} mV`);
    // the cell matters: the file calibrated for other ports misses these columns
    expect(worstBundled).toBeGreaterThan(0.01);
  }, 300_000);

  it('cimsim validate --bitcell draws that cell in its decks: the bundled chip on the cell\'s technology passes, and a technology of other ports is refused', async () => {
    const chip = readFileSync('netlists/testchip65-hp.cir', 'utf8').replace('.include tech/cmos65.tech', `.include ${tech}`);
    expect(chip).toContain(tech);
    writeFileSync(path.join(dir, 'chip.cir'), chip);
    const scenario = JSON.parse(readFileSync('test/spice/spice-sa.json', 'utf8')) as { netlist: string };
    writeFileSync(path.join(dir, 'sa.json'), JSON.stringify({ ...scenario, netlist: 'chip.cir' }));
    const r = await validateCommand({ scenario: path.join(dir, 'sa.json'), model: PTM65, bitcell: CELL });
    console.log(r.text);
    expect(r.passed).toBe(true);
    await expect(validateCommand({ scenario: 'test/spice/spice-sa.json', model: PTM65, bitcell: CELL })).rejects.toThrow(/the technology was calibrated for W = 150 nm/);
  }, 120_000);
});
