import { describe, expect, it } from 'vitest';
import { COLUMN_TOL_LSB } from '../../src/devices/column.js';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { arrayOf, circuit, only } from './circuit.js';

// The detailed solver's step tolerance is a fraction of the converter's LSB (COLUMN_TOL_LSB). Held
// against the same solver 50x tighter on the discharge grid's corners (deep discharges, below-ground
// endings, weak and strong inversion): the end voltage moves by less than LSB/100.
const LSB = 0.02; // V, the test chip's 5-bit LSB (640 mV full scale)

function endVoltage(ones: number, vwl: number, width: number, tolerance: number): number {
  const a = arrayOf(circuit(`A0 cimarray rows=64 cols=1 weights=zeros vwl=${vwl} trise=20ps tfall=20ps`, only('leakage')), 'A0');
  const bits = new Uint8Array(64);
  for (let r = 0; r < ones; r++) bits[r] = 1;
  a.setBits(bits);
  a.columnPath = 'detailed';
  a.columnTolerance = tolerance;
  a.pulse(0, new Float64Array(64).fill(width), new EnergyLedger());
  return a.vbl[0];
}

describe('the detailed column solver at its LSB-tied tolerance', () => {
  it.each([
    [1, 0.6, 1e-9],
    [4, 1.1, 1e-9],
    [16, 0.8, 200e-12],
    [64, 1.1, 50e-12],
    [64, 0.6, 1e-9],
  ])('K = %i, VWL = %f V, width %f s: within LSB/100 of a 50x tighter tolerance', (ones, vwl, width) => {
    const tol = COLUMN_TOL_LSB * LSB;
    const v = endVoltage(ones, vwl, width, tol);
    const reference = endVoltage(ones, vwl, width, tol / 50);
    expect(Math.abs(v - reference), `${v} V vs ${reference} V`).toBeLessThan(LSB / 100);
  });
});
