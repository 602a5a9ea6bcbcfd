/**
 * The discharge grid a user's own read port is checked on (test/spice/geometry.test.ts,
 * bitcell.test.ts): 16, 64 and 128 rows, K from 0 to all, 50 ps to 1 ns, VWL 0.6 to 1.1 V, and
 * cimsim's end-of-pulse bitline for a technology file.
 */
import * as path from 'node:path';
import { buildCircuit } from '../../src/circuit/build.js';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { elaborateText } from '../../src/netlist/index.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { only } from '../devices/circuit.js';

export const EDGE = 20e-12; // s, wordline rise and fall
/** max(10 mV, 3 %), V. */
export const tolerance = (v: number): number => Math.max(0.01, 0.03 * Math.abs(v));

export const GRID: [rows: number, ones: number, vwl: number, width: number][] = [
  [16, 1, 0.6, 1e-9],
  [16, 16, 1.1, 50e-12],
  [64, 0, 1.1, 1e-9],
  [64, 4, 0.8, 200e-12],
  [64, 16, 0.6, 1e-9],
  [64, 64, 1.1, 50e-12],
  [128, 1, 1.1, 200e-12],
  [128, 32, 0.8, 50e-12],
  [128, 128, 0.6, 1e-9],
];

/** End-of-pulse bitline of cimsim with technology file `tech` and wordline edges `edge` (s) (V), the bitline's capacitance (F), its precharge (V) and the technology's numbers. */
export function cimsimColumn(tech: string, rows: number, ones: number, vwl: number, width: number, edge = EDGE): { v: number; cbl: number; vpre: number; tech: (name: string) => number } {
  const ps = edge * 1e12; // ps
  const design = elaborateText(`.include ${tech}\nA0 cimarray rows=${rows} cols=1 weights=zeros vwl=${vwl} trise=${ps}ps tfall=${ps}ps\n`, path.join(path.dirname(tech), 'col.cir'), { devices: DEVICE_SPECS, tech: TECH_PARAMS });
  const a = buildCircuit(design, { seed: 1, nonideal: only('leakage') }).arrays.get('a0')!;
  a.setBits(Uint8Array.from({ length: rows }, (_, r) => (r < ones ? 1 : 0)));
  a.pulse(0, new Float64Array(rows).fill(width), new EnergyLedger());
  return { v: a.vbl[0], cbl: a.cbl[0], vpre: a.vpre, tech: (name) => design.tech[name].value as number };
}
