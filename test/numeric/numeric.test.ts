import { describe, expect, it } from 'vitest';
import { solveLinear } from '../../src/numeric/linear.js';
import { thermalVoltage } from '../../src/numeric/physics.js';
import { illinois } from '../../src/numeric/roots.js';
import { softPlus, softStep } from '../../src/numeric/smooth.js';

describe('shared numerics (src/numeric)', () => {
  it('solves a pivoting 3 x 3 system exactly and reports a singular one', () => {
    // x = (1, -2, 3): the first pivot is 0, so a row swap is needed
    const a = Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, -1]);
    const b = Float64Array.from([0 * 1 + 2 * -2 + 1 * 3, 1 - 2 + 3, 2 - 2 - 3]);
    const work = new Float64Array(9);
    expect(solveLinear(a, b, 3, work)).toBe(true);
    expect(Array.from(b).map((x) => Number(x.toFixed(12)))).toEqual([1, -2, 3]);
    expect(Array.from(a)).toEqual([0, 2, 1, 1, 1, 1, 2, 1, -1]); // left untouched with a work array
    expect(solveLinear(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 2]), 2)).toBe(false);
  });

  it('finds sqrt(2) by Illinois regula falsi within the bracket tolerance', () => {
    const x = illinois((v) => 2 - v * v, 0, 2, 2, -2, { xTol: 1e-12 });
    expect(Math.abs(x - Math.SQRT2)).toBeLessThan(1e-10);
    const y = illinois((v) => 2 - v * v, 0, 2, 2, -2, { fTol: 1e-9 });
    expect(Math.abs(2 - y * y)).toBeLessThan(1e-9);
  });

  it('softPlus -> max(x, 0) far from its knee, w ln 2 at 0; softStep is its slope', () => {
    expect(softPlus(1, 0.01)).toBe(1);
    expect(softPlus(-1, 0.01)).toBeLessThan(1e-40);
    expect(softPlus(0, 0.05)).toBeCloseTo(0.05 * Math.LN2, 15);
    const h = 1e-7;
    for (const x of [-0.1, 0, 0.03]) expect(softStep(x, 0.05)).toBeCloseTo((softPlus(x + h, 0.05) - softPlus(x - h, 0.05)) / (2 * h), 6);
  });

  it('gives kT/q = 25.85 mV at 300 K (26.85 C)', () => {
    expect(thermalVoltage(26.85)).toBeCloseTo(0.025852, 6);
  });
});
