/**
 * Figure: the detailed column solver against ngspice on the discharge grid of docs/validation.md,
 * side by side in one process: one 64-row column, K = 1, 4, 16, 64 ports storing '1', one pulse on
 * every wordline (VWL 0.6, 0.8, 1.1 V; 50 ps, 200 ps, 1 ns; 20 ps edges), leakage on, no mismatch.
 * ngspice time is the wall time of its process (start-up included); cimsim time is one
 * CimArray.pulse() with the detailed solver forced (columnPath 'detailed'), median over fresh
 * arrays built before the clock starts. The table path, cimsim's default, is timed the same way
 * once characterized. Every case runs once through the detailed solver before any clock starts
 * (JIT warm-up; ngspice is compiled code). The worst case over the grid is held against the target.
 */
import { buildCircuit } from '../src/circuit/build.js';
import { allNonidealities } from '../src/circuit/nonidealities.js';
import type { CimArray, ColumnPath } from '../src/devices/cimarray.js';
import { EnergyLedger } from '../src/engine/ledger.js';
import { findNgspice } from '../src/spice/ngspice.js';
import { simulateColumnSpice } from '../src/spice/simulate.js';
import { elaborateNetlist } from './lib/chip.js';
import { atLeast, emit, figure, QUICK, seconds, type Figure } from './lib/figure.js';
import { CDRAIN, TECH } from './lib/spice-circuits.js';
import { summarize } from './lib/stats.js';

const ROWS = 64;
const EDGE = 20e-12; // s
const ARRAYS = QUICK ? 5 : 15; // fresh arrays timed per case and path
const VTOL = (v: number): number => Math.max(0.01, 0.03 * Math.abs(v)); // V: within 10 mV or 3 %

/** Fresh 64x1 arrays holding K ones (built before any clock starts). */
function arrays(ones: number, vwl: number, count: number, path: ColumnPath): CimArray[] {
  const design = elaborateNetlist(`A0 cimarray rows=${ROWS} cols=1 weights=zeros vwl=${vwl} trise=20ps tfall=20ps\n`);
  const nonideal = { ...allNonidealities(false), leakage: true };
  const bits = new Uint8Array(ROWS);
  for (let r = 0; r < ones; r++) bits[r] = 1;
  return Array.from({ length: count }, () => {
    const a = buildCircuit(design, { seed: 1, nonideal }).arrays.get('a0')!;
    a.setBits(bits);
    a.columnPath = path;
    return a;
  });
}

/** Median time of one pulse over fresh arrays, s, and the bitline voltage it leaves, V. */
function timePulse(list: CimArray[], width: number): { s: number; v: number } {
  const widths = new Float64Array(ROWS).fill(width);
  const ledger = new EnergyLedger();
  const times = list.map((a) => seconds(() => a.pulse(0, widths, ledger)));
  return { s: summarize(times).median, v: list[0].vbl[0] };
}

async function main(): Promise<void> {
  if (findNgspice() === null) {
    await emit([]);
    return;
  }
  const grid = [1, 4, 16, 64].flatMap((ones) => [0.6, 0.8, 1.1].flatMap((vwl) => [50e-12, 200e-12, 1e-9].map((width) => ({ ones, vwl, width }))));
  // JIT warm-up: every case once through the detailed solver before any clock starts (ngspice is compiled code)
  for (const { ones, vwl, width } of grid) timePulse(arrays(ones, vwl, 1, 'detailed'), width);
  const rows: { ones: number; vwl: number; width: number; spice_s: number; detailed_s: number; table_s: number; vSpice: number; vDetailed: number; vTable: number }[] = [];
  for (const { ones, vwl, width } of grid) {
    const detailed = arrays(ones, vwl, ARRAYS, 'detailed');
    const table = arrays(ones, vwl, ARRAYS + 1, 'table');
    timePulse(table.splice(0, 1), width); // characterizes this shape (one-time, untimed)
    const d = timePulse(detailed, width);
    const t = timePulse(table, width);
    const a = detailed[0];
    const s = await simulateColumnSpice({ ...TECH, rows: ROWS, ones, vpre: a.vpre, cbl: a.cbl[0], cdrain: CDRAIN, vwl, width, rise: EDGE, fall: EDGE, delay: 20e-12 });
    rows.push({ ones, vwl, width, spice_s: s.elapsed_s, detailed_s: d.s, table_s: t.s, vSpice: s.vblEnd, vDetailed: d.v, vTable: t.v });
  }
  const label = (r: (typeof rows)[number]): string => `K=${r.ones} ${r.vwl} V ${Math.round(r.width * 1e12)} ps`;
  const worst = rows.reduce((w, r) => (r.spice_s / r.detailed_s < w.spice_s / w.detailed_s ? r : w));
  const slowest = rows.reduce((w, r) => (r.detailed_s > w.detailed_s ? r : w));
  const within = rows.filter((r) => Math.abs(r.vDetailed - r.vSpice) <= VTOL(r.vSpice)).length;
  const details = rows.map((r) => ({
    case: label(r),
    ngspice_s: r.spice_s,
    detailed_s: r.detailed_s,
    table_s: r.table_s,
    vblNgspice_V: r.vSpice,
    vblDetailed_V: r.vDetailed,
    vblTable_V: r.vTable,
  }));
  const figures: Figure[] = [
    figure('(d) discharge grid, 36 single columns: detailed solver speed-up vs ngspice, worst case', 'x', [worst.spice_s / worst.detailed_s], atLeast(100), {
      note: `worst ${label(worst)}: ngspice ${worst.spice_s.toFixed(3)} s, detailed ${(worst.detailed_s * 1e6).toFixed(1)} us; slowest detailed column ${label(slowest)} ${(slowest.detailed_s * 1e6).toFixed(1)} us`,
      details,
    }),
    figure('(d) detailed solver time per column pulse over the grid', 's', rows.map((r) => r.detailed_s)),
    figure('(d) characterized table time per column pulse over the grid', 's', rows.map((r) => r.table_s)),
    figure('(d) ngspice wall time per column over the grid', 's', rows.map((r) => r.spice_s)),
    figure('(d) detailed solver within 10 mV/3 % of ngspice', 'cases of 36', [within], { text: '= 36', min: 36 }),
  ];
  await emit(figures);
}

await main();
