import { describe, expect, it } from 'vitest';
import type { CimArray } from '../../src/devices/cimarray.js';
import { DEFAULT_COLUMN_TOL } from '../../src/devices/column.js';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { only, circuit } from './circuit.js';

// Convergence of the detailed column solver's integrator (ROS3, src/devices/bitline.ts) on the
// discharge grid of docs/validation.md (one 64-row column, K of its ports storing '1', one pulse
// on every wordline, 20 ps edges, leakage on): at the column tolerance every case ends within
// 0.25 mV of the same column integrated at 1e-8 V per step, a hundredth of the chip's 20 mV LSB
// and of the 10 mV the grid is held to against ngspice. The figure docs/physics.md quotes is the
// worst case this prints.
const ROWS = 64;
const GLOBAL_TOL = 0.25e-3; // V

function column(ones: number, vwl: number, tolerance: number): CimArray {
  const c = circuit(`A0 cimarray rows=${ROWS} cols=1 weights=zeros vwl=${vwl} trise=20ps tfall=20ps`, only('leakage'));
  const a = c.arrays.get('a0')!;
  const bits = new Uint8Array(ROWS);
  for (let r = 0; r < ones; r++) bits[r] = 1;
  a.setBits(bits);
  a.columnPath = 'detailed';
  a.columnTolerance = tolerance;
  return a;
}

describe('the column integrator', () => {
  it('converges: at the column tolerance within 0.25 mV of a 1e-8 V-per-step solution over the discharge grid', () => {
    let worst = 0;
    let where = '';
    for (const ones of [1, 4, 16, 64]) {
      for (const vwl of [0.6, 0.8, 1.1]) {
        for (const width of [50e-12, 200e-12, 1e-9]) {
          const widths = new Float64Array(ROWS).fill(width);
          const [coarse, fine] = [DEFAULT_COLUMN_TOL, 1e-8].map((tol) => {
            const a = column(ones, vwl, tol);
            a.pulse(0, widths, new EnergyLedger());
            return a.vbl[0];
          });
          if (Math.abs(coarse - fine) > worst) [worst, where] = [Math.abs(coarse - fine), `K ${ones}, ${vwl} V, ${width * 1e12} ps`];
        }
      }
    }
    console.log(`worst |V(${DEFAULT_COLUMN_TOL} V) - V(1e-8 V)| = ${(worst * 1e3).toFixed(3)} mV (${where})`);
    expect(worst).toBeLessThan(GLOBAL_TOL);
  });
});
