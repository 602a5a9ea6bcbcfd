import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate } from '../../src/spice/calibrate.js';
import { simulateColumnSpice } from '../../src/spice/simulate.js';
import { formatTechFile } from '../../src/spice/techfile.js';
import { cimsimColumn, EDGE, GRID, tolerance } from './discharge-grid.js';
import { HAVE_NGSPICE, PTM65 } from './ngspice-available.js';

// A user whose read ports are drawn with W and L only (no drain/source diffusion) calibrates for
// that geometry (cimsim calibrate --diff-length 0) and gets the discharge of their columns right;
// the bundled technology (0.1 um diffusions) is measured on the same columns beside it.
describe.skipIf(!HAVE_NGSPICE)('calibrating for the read port as the user draws it', () => {
  it('W and L only: after cimsim calibrate --diff-length 0 every case is within max(10 mV, 3 %) of ngspice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cimsim-geometry-'));
    const result = await calibrate({ modelCard: PTM65, w: 0.15e-6, l: 65e-9, diffLength: 0 });
    const tech = path.join(dir, 'wl.tech');
    writeFileSync(tech, formatTechFile(result, 'cimsim calibrate --model ptm65_bulk.pm --w 1.5e-7 --l 6.5e-8 --diff-length 0'));
    const bundled = path.resolve('netlists/tech/cmos65.tech');
    const rows: string[] = [];
    let worstBundled = 0;
    for (const [n, ones, vwl, width] of GRID) {
      const mine = cimsimColumn(tech, n, ones, vwl, width);
      const spice = await simulateColumnSpice({
        modelCard: PTM65, nmos: 'nmos', w: 0.15e-6, l: 65e-9, diffLength: 0, vdd: 1.1, temp: 27,
        rows: n, ones, vpre: mine.vpre, cbl: mine.cbl, cdrain: mine.tech('cbl_junction'), vwl, width, rise: EDGE, fall: EDGE, delay: 20e-12,
      });
      const old = cimsimColumn(bundled, n, ones, vwl, width);
      worstBundled = Math.max(worstBundled, Math.abs(old.v - spice.vblEnd));
      rows.push(`${n} rows, K ${ones}, VWL ${vwl} V, ${Math.round(width * 1e12)} ps: ngspice ${spice.vblEnd.toFixed(4)} V, calibrated ${mine.v.toFixed(4)} V, bundled ${old.v.toFixed(4)} V`);
      expect(Math.abs(mine.v - spice.vblEnd), rows[rows.length - 1]).toBeLessThanOrEqual(tolerance(spice.vblEnd));
    }
    console.log(`${rows.join('\n')}\nworst with the bundled (0.1 um diffusion) file: ${(worstBundled * 1e3).toFixed(1)} mV`);
    // the geometry matters: the file calibrated for other ports misses these columns
    expect(worstBundled).toBeGreaterThan(0.01);
  }, 120_000);
});
