import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CimsimError } from '../../src/errors.js';
import { checkModelCard, runNgspice } from '../../src/spice/ngspice.js';
import { simulateColumnSpice, simulateSharingSpice } from '../../src/spice/simulate.js';
import { HAVE_NGSPICE, PTM65 } from './ngspice-available.js';

const tech = { modelCard: PTM65, nmos: 'nmos', w: 0.15e-6, l: 65e-9, vdd: 1.1, temp: 27 };

describe('ngspice runner errors', () => {
  it('reports a missing ngspice binary with an install hint', async () => {
    const err = await runNgspice('* empty\n.end\n', { binary: '/nonexistent/ngspice' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimsimError);
    expect((err as CimsimError).hint).toMatch(/apt-get install -y ngspice/);
  });

  it('rejects a model card without the requested model and lists the models it has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cimsim-card-'));
    const card = join(dir, 'card.pm');
    writeFileSync(card, '* test card\n.model nfet nmos level=54\n.model pfet pmos level=54\n');
    let err: unknown;
    try {
      checkModelCard(card, ['nmos']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CimsimError);
    expect((err as CimsimError).message).toMatch(/no model 'nmos'/);
    expect((err as CimsimError).hint).toMatch(/nfet, pfet/);
  });

  it('finds both models in the bundled PTM card', () => {
    expect(() => checkModelCard(PTM65, ['nmos', 'PMOS'])).not.toThrow();
  });
});

describe.skipIf(!HAVE_NGSPICE)('ngspice runner against ngspice', () => {
  it('quotes ngspice\'s own error line for a deck it rejects', async () => {
    const deck = `* bad\n.include "${PTM65}"\nV1 a 0 1\nM1 a a 0 0 nosuchmodel W=1u L=1u\n.control\nop\nwrdata x.txt v(a)\n.endc\n.end\n`;
    const err = await runNgspice(deck).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimsimError);
    expect((err as CimsimError).hint).toMatch(/nosuchmodel/i);
  });

  it('kills a run that exceeds its time limit', async () => {
    const deck = `* long\nV1 a 0 SIN(0 1 1e9)\nR1 a 0 1k\n.control\ntran 1e-13 1e-3\n.endc\n.end\n`;
    const err = await runNgspice(deck, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimsimError);
    expect((err as CimsimError).message).toMatch(/did not finish/);
  });

  it('reads an RC discharge that matches V0 exp(-t/RC) within 0.5 %', async () => {
    const deck = `* rc\nR1 a 0 1k\nC1 a 0 1p\n.ic v(a)=1\n.control\nset wr_singlescale\nset wr_vecnames\ntran 1p 3n\nwrdata rc.txt v(a)\n.endc\n.end\n`;
    const r = await runNgspice(deck, { expectFiles: ['rc.txt'] });
    const rows = r.tables.get('rc.txt')!.rows;
    const last = rows[rows.length - 1];
    expect(last[1]).toBeCloseTo(Math.exp(-last[0] / 1e-9), 2);
  });

  it('shares charge between two capacitors to sum(C V)/sum(C) through an NMOS switch', async () => {
    const nodes = [
      { c: 10e-15, v0: 0.9 },
      { c: 30e-15, v0: 0.1 },
    ];
    const { v } = await simulateSharingSpice({ ...tech, w: 0.3e-6, nodes, switches: [{ a: 0, b: 1 }], tStop: 1e-9 });
    const ideal = (10 * 0.9 + 30 * 0.1) / 40; // V
    // settled: both plates equal
    expect(Math.abs(v[0] - v[1])).toBeLessThan(1e-3);
    // the gate edge couples through the switch's overlap/fringe capacitance, about
    // 2 x (cgso + cgsl) x W = 0.25 fF at 1.1 V into 40 fF, i.e. +7 mV, plus channel charge: allow 20 mV
    expect(Math.abs(v[0] - ideal)).toBeLessThan(0.02);
  });

  it('refuses a bitline capacitance below the ports\' own drain capacitance', async () => {
    const err = await simulateColumnSpice({ ...tech, rows: 64, ones: 1, vpre: 1.1, cbl: 1e-15, cdrain: 0.19e-15, vwl: 1.1, width: 100e-12, rise: 20e-12, fall: 20e-12 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimsimError);
  });
});
