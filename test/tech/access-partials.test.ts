import { describe, expect, it } from 'vitest';
import { accessCurrent, accessPartials, type AccessModel, type AccessPartials } from '../../src/tech/transistor.js';

// The closed-form partials of the access device's law against central differences of the law
// itself, on both sides of va = vb (the drain is whichever end is higher), in weak and strong
// inversion and with the raised source of a '1' cell's internal node.
const MODEL: AccessModel = { vt: 0.3979, body: 1.207, k: 2.3e-4, alpha: 1.283, n: 1.008, vdx: 0.2502, lambda: 0.05, eta: 0.1202, vThermal: 0.02585 };
const STEP = 1e-6; // V

describe('accessPartials', () => {
  it('matches accessCurrent and its central differences within 1e-6 relative (plus 1 pA/V)', () => {
    const out: AccessPartials = { i: 0, dva: 0, dvb: 0 };
    let cases = 0;
    for (const vg of [0, 0.2, 0.45, 0.8, 1.1]) {
      for (const va of [-0.1, 0, 0.03, 0.17, 0.6, 1.1]) {
        for (const vb of [-0.08, 0, 0.02, 0.15, 1.0]) {
          if (Math.abs(va - vb) < 10 * STEP) continue; // the difference quotient straddles va = vb there
          accessPartials(MODEL, vg, va, vb, out);
          const dva = (accessCurrent(MODEL, vg, va + STEP, vb) - accessCurrent(MODEL, vg, va - STEP, vb)) / (2 * STEP);
          const dvb = (accessCurrent(MODEL, vg, va, vb + STEP) - accessCurrent(MODEL, vg, va, vb - STEP)) / (2 * STEP);
          const at = `vg ${vg} V, va ${va} V, vb ${vb} V`;
          expect(out.i, at).toBeCloseTo(accessCurrent(MODEL, vg, va, vb), 18);
          expect(Math.abs(out.dva - dva), at).toBeLessThanOrEqual(1e-6 * Math.abs(dva) + 1e-12);
          expect(Math.abs(out.dvb - dvb), at).toBeLessThanOrEqual(1e-6 * Math.abs(dvb) + 1e-12);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(100);
  });

  it('is a conductance of sign: current rises with the drain and falls with the source', () => {
    const out: AccessPartials = { i: 0, dva: 0, dvb: 0 };
    accessPartials(MODEL, 1.1, 0.9, 0.1, out);
    expect(out.i).toBeGreaterThan(0);
    expect(out.dva).toBeGreaterThan(0);
    expect(out.dvb).toBeLessThan(0);
  });
});
