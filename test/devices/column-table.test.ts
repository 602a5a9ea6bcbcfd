import { describe, expect, it } from 'vitest';
import { EnergyLedger } from '../../src/engine/ledger.js';
import type { CimArray } from '../../src/devices/cimarray.js';
import { ColumnTable, shareCharacterization, takeCharacterized, type ColumnQuery } from '../../src/devices/column-table.js';
import { RandomStream } from '../../src/tech/random.js';
import { arrayOf, circuit, only } from './circuit.js';

// The default column path (the characterized table of src/devices/column-table.ts, with the
// solvers answering outside its region) against the detailed per-cell solver of the same equations
// (src/devices/column.ts), with every array non-ideality on (threshold and current-factor mismatch,
// capacitance mismatch, leakage) and history (a second pulse set after a hold and a precharge, so
// the '0' cells' internal nodes start where the first left them).
// Stated tolerance: max(0.5 mV, 0.5 % of the drop from the precharge level).
const COLS = 6;

interface Case {
  rows: number;
  vwl: number; // V
  edge: number; // s
  width: number; // s
  density: number; // share of rows pulsed and of cells storing '1'
}

/** End-of-pulse bitlines of both pulse sets, V, and the array (for its column statistics). */
function run(c: Case, path: 'table' | 'detailed', seed: number): { v: number[]; a: CimArray } {
  const edge = `${c.edge * 1e12}ps`;
  const net = `A0 cimarray rows=${c.rows} cols=${COLS} weights=random:${c.density} vwl=${c.vwl} trise=${edge} tfall=${edge}`;
  const a = arrayOf(circuit(net, only('cellVt', 'cellBeta', 'capMismatch', 'leakage'), seed), 'A0');
  a.columnPath = path;
  a.columnTolerance = 1e-5; // V: a tenth of the default, so the reference itself is tight
  const rng = new RandomStream(seed, 'table-test');
  const ledger = new EnergyLedger();
  const v: number[] = [];
  let t = 0;
  for (let set = 0; set < 2; set++) {
    const w = Float64Array.from({ length: c.rows }, () => (rng.next() < c.density ? c.width : 0));
    t = a.pulse(a.precharge(t, ledger), w, ledger);
    v.push(...a.vbl);
    t += 200_000; // fs: 200 ps hold before the next precharge
  }
  return { v, a };
}

describe('characterized column table against the detailed solver', () => {
  const grid: Case[] = [];
  for (const rows of [16, 64, 256]) {
    for (const vwl of [0.4, 0.6, 0.9, 1.2]) {
      for (const [edge, width] of [[5e-12, 10e-12], [5e-12, 50e-12], [20e-12, 200e-12], [50e-12, 2e-9]]) {
        grid.push({ rows, vwl, edge, width, density: rows === 256 ? 0.25 : 0.5 });
      }
    }
  }

  it('agrees within max(0.5 mV, 0.5 % of the drop) over rows 16..256, VWL 0.4..1.2 V, widths 10 ps..2 ns, edges 5..50 ps, with mismatch and history', () => {
    let worst = { ratio: 0, what: '' };
    const tabled = new Map<number, number>(); // VWL -> columns from the table
    grid.forEach((c, k) => {
      const t = run(c, 'table', k + 1);
      const d = run(c, 'detailed', k + 1);
      expect(d.a.columnStats.table).toBe(0);
      tabled.set(c.vwl, (tabled.get(c.vwl) ?? 0) + t.a.columnStats.table);
      t.v.forEach((vt, i) => {
        const vd = d.v[i];
        const tol = Math.max(5e-4, 0.005 * Math.abs(t.a.vpre - vd));
        const what = `rows ${c.rows}, VWL ${c.vwl} V, edges ${c.edge} s, width ${c.width} s, column ${i % COLS} set ${i < COLS ? 1 : 2}: table ${vt} V, detailed ${vd} V`;
        if (Math.abs(vt - vd) / tol > worst.ratio) worst = { ratio: Math.abs(vt - vd) / tol, what };
        expect(Math.abs(vt - vd), what).toBeLessThanOrEqual(tol);
      });
    });
    const perVwl = grid.length / 4 * 2 * COLS; // columns per wordline level
    console.log(`worst: ${worst.ratio.toFixed(2)} of the tolerance (${worst.what}); from the table per VWL: ${[...tabled].map(([v, n]) => `${v} V ${n}/${perVwl}`).join(', ')}`);
    // The comparison means something only if the table answered: nine in ten columns at and above
    // VWL 0.6 V (the rest: deep discharges of a few widely spread cells, where the dispersion terms
    // grow), and three in four over the grid (near threshold mismatch dominates).
    for (const vwl of [0.6, 0.9, 1.2]) expect(tabled.get(vwl)).toBeGreaterThanOrEqual(0.9 * perVwl);
    expect([...tabled.values()].reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(0.75 * grid.length * 2 * COLS);
  }, 600_000);

  it('hands what one thread characterized to another: the receiving table answers the same queries alike, without a solve', () => {
    const c: Case = { rows: 64, vwl: 1.0, edge: 20e-12, width: 300e-12, density: 0.5 }; // a key no other case here characterizes
    shareCharacterization(true);
    takeCharacterized();
    const first = run(c, 'table', 77);
    const entries = takeCharacterized();
    shareCharacterization(false);
    expect(entries.length).toBeGreaterThan(0);
    // the table the array used, and the queries a second run of the same chip puts to it
    const table = (first.a as unknown as { table: ColumnTable }).table;
    const queries: ColumnQuery[] = [];
    const respond = table.respond.bind(table);
    table.respond = (q, out) => {
      queries.push({ ...q });
      return respond(q, out);
    };
    run(c, 'table', 77);
    table.respond = respond;
    expect(queries.length).toBeGreaterThan(0);
    // a table made elsewhere from the same key, holding only the entries handed over
    const received = new ColumnTable(table.key, entries[0].table);
    for (const e of entries) if (e.table === entries[0].table) received.adopt(e);
    for (const q of queries) {
      const here = { v: 0, vmid: 0 };
      const there = { v: 0, vmid: 0 };
      expect(received.respond(q, there)).toBe(table.respond(q, here));
      expect(there).toEqual(here);
    }
    expect(received.solves).toBe(0);
  });
});
