import { describe, expect, it } from 'vitest';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { toFs } from '../../src/engine/time.js';
import { simulateColumnSpice } from '../../src/spice/simulate.js';
import { arrayOf, circuit, design, only } from '../devices/circuit.js';
import { HAVE_NGSPICE, PTM65 } from './ngspice-available.js';

// A bitline driven below ground by a strong pulse recovers towards ground once every wordline is
// low: each port conducts in reverse (its access device's source is now the bitline). The CiM
// array device (default 65 nm technology, no mismatch, leakage on) against ngspice on the PTM card
// with the same 64-port column, sampled 0 ps to 3 ns after the wordline has fallen.
const ROWS = 64;
const EDGE = 20e-12; // s
const AFTER = [0, 50e-12, 500e-12, 1.5e-9, 3e-9]; // s after the end of the falling edge
const TECH = design('A0 cimarray rows=1 cols=1').tech;
const tech = (name: string): number => TECH[name].value as number;

describe.skipIf(!HAVE_NGSPICE)('a held bitline below ground vs ngspice (64 rows, 20 ps edges, 3 ns hold)', () => {
  it.each([
    [1, 1.1, 1e-9],
    [4, 1.1, 200e-12],
    [4, 0.8, 200e-12],
    [16, 0.6, 1e-9],
    [16, 0.8, 50e-12],
    [64, 1.1, 200e-12],
  ])('K = %i ones, VWL = %f V, width %f s: within 10 mV of ngspice at every instant of the hold', async (ones, vwl, width) => {
    const a = arrayOf(circuit(`A0 cimarray rows=${ROWS} cols=1 weights=zeros vwl=${vwl} trise=20ps tfall=20ps`, only('leakage')), 'A0');
    a.setBits(Uint8Array.from({ length: ROWS }, (_, r) => (r < ones ? 1 : 0)));
    const end = a.pulse(0, new Float64Array(ROWS).fill(width), new EnergyLedger()); // fs
    const s = await simulateColumnSpice({
      modelCard: PTM65, nmos: 'nmos', w: tech('rp_w'), l: tech('rp_l'), vdd: tech('vdd'), temp: tech('temp'),
      rows: ROWS, ones, vpre: a.vpre, cbl: a.cbl[0], cdrain: tech('cbl_junction'), vwl, width, rise: EDGE, fall: EDGE, delay: 0, hold: 3e-9,
    });
    const spiceAt = (t: number): number => s.vbl[s.t.findIndex((x) => x >= t - 1e-15)];
    const rows = AFTER.map((h) => ({ h, spice: spiceAt(s.tEnd + h), model: a.voltageAt(0, end + toFs(h)) }));
    const text = rows.map((r) => `${Math.round(r.h * 1e12)} ps: ngspice ${r.spice.toFixed(4)} V, cimsim ${r.model.toFixed(4)} V`).join('; ');
    expect(rows[0].spice, 'the case drives the bitline below ground').toBeLessThan(-0.05);
    // the recovery is real: a bitline frozen below ground would be off by more than the tolerance
    expect(rows[4].spice - rows[0].spice, text).toBeGreaterThan(0.01);
    for (const r of rows) expect(Math.abs(r.model - r.spice), text).toBeLessThanOrEqual(0.01);
  }, 60_000);
});
