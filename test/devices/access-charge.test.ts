import { describe, expect, it } from 'vitest';
import { endCapacitance, endChargeOf, type AccessChargeLaw, type EndCapacitance } from '../../src/tech/access-charge.js';
import { overlapCap, overlapCharge, overlapMean } from '../../src/tech/overlap-charge.js';
import { softPlus } from '../../src/numeric/smooth.js';

const KAPPA = 0.047; // V
const LAW: AccessChargeLaw = { cgd: 36e-18, cov: 37e-18, ovKappa: KAPPA, cch: 80e-18, cv: { vt: 0.47, body: 1.22, knee: 0.054, fSat: 0.39, dibl: 0.11 } };
const fresh = (): EndCapacitance => ({ self: 0, other: 0, gate: 0 });

describe('bias-dependent overlap (src/tech/overlap-charge.ts, BSIM4 CGSL/CKAPPA form)', () => {
  it('rises monotonically from depletion (small) to the full overlap in accumulation', () => {
    let last = 0;
    for (let u = -1.1; u <= 1.1 + 1e-9; u += 0.01) {
      const c = overlapCap(u, KAPPA);
      expect(c, `u=${u}`).toBeGreaterThan(last);
      last = c;
    }
    expect(overlapCap(-0.6, KAPPA)).toBeLessThan(0.2);
    expect(overlapCap(1.1, KAPPA)).toBeGreaterThan(0.99);
  });

  it('overlapCap is the derivative of overlapCharge and overlapMean its average (central differences, midpoint rule)', () => {
    const h = 1e-6; // V
    for (const u of [-0.8, -0.1, -0.02, 0, 0.01, 0.3]) {
      const fd = (overlapCharge(u + h, KAPPA) - overlapCharge(u - h, KAPPA)) / (2 * h);
      expect(Math.abs(overlapCap(u, KAPPA) - fd), `u=${u}`).toBeLessThan(1e-6);
    }
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) sum += overlapCap(-(0.55 + (0.55 * (i + 0.5)) / n), KAPPA);
    expect(overlapMean(0.55, 1.1, KAPPA)).toBeCloseTo(sum / n, 6);
  });
});

describe('access-device wordline charge (src/tech/access-charge.ts)', () => {
  it('returns capacitances equal to central differences of its own terminal charge (all three voltages)', () => {
    const h = 1e-6; // V
    for (const [vg, va, vb] of [[1.1, 1.0, 0.6], [0.55, 1.15, 0.26], [0.3, 1.1, 0.1], [1.1, 0.05, -0.1], [0.8, 0.3, 0.3]]) {
      const c = endCapacitance(LAW, vg, va, vb, fresh());
      const d = (f: (e: number) => number): number => (f(h) - f(-h)) / (2 * h);
      expect(Math.abs(c.self - d((e) => endChargeOf(LAW, vg, va + e, vb))), `self at ${vg},${va},${vb}`).toBeLessThan(1e-21);
      expect(Math.abs(c.other - d((e) => endChargeOf(LAW, vg, va, vb + e))), `other at ${vg},${va},${vb}`).toBeLessThan(1e-21);
      expect(Math.abs(c.gate - d((e) => endChargeOf(LAW, vg + e, va, vb))), `gate at ${vg},${va},${vb}`).toBeLessThan(1e-21);
    }
  });

  it('with the ends tied puts overlap plus the whole channel cch softPlus(Vg - vt - body V) on the two ends', () => {
    for (const [vg, v] of [[1.1, 0.2], [0.6, 0.0], [0.9, 0.5]]) {
      const both = endChargeOf(LAW, vg, v, v) * 2;
      const channel = LAW.cch * softPlus(vg - LAW.cv.vt - LAW.cv.body * v, LAW.cv.knee);
      const expected = 2 * LAW.cgd * (v - vg) - 2 * LAW.cov * overlapCharge(vg - v, KAPPA) - channel;
      expect(Math.abs(both - expected), `vg=${vg} v=${v}`).toBeLessThan(1e-24);
    }
  });
});
