import { describe, expect, it } from 'vitest';
import { endCharge, type EndCharge } from '../../src/tech/channel-charge.js';

const C = 170e-18; // F
const fresh = (): EndCharge => ({ q: 0, dOwn: 0, dOther: 0 });
/** Long-channel total inversion charge (2/3) C (x^2 + xy + y^2) / (x + y), C: the independent reference. */
const total = (x: number, y: number): number => ((2 / 3) * C * (x * x + x * y + y * y)) / (x + y);

describe('Ward-Dutton channel-charge partition (src/tech/channel-charge.ts)', () => {
  it('splits the long-channel inversion charge exactly between the two ends, for any pair of overdrives', () => {
    for (const [x, y] of [[0.7, 0.7], [0.5, 0.1], [0.05, 0.9], [1e-3, 0.4], [0.3, 0]]) {
      const sum = endCharge(C, x, y, fresh()).q + endCharge(C, y, x, fresh()).q;
      expect(Math.abs(sum / total(x, y) - 1), `x=${x} y=${y}`).toBeLessThan(1e-12);
    }
  });

  it('gives 50/50 with equal overdrives and 40/60 (drain/source) in saturation, as BSIM4 with xpart = 0', () => {
    expect(endCharge(C, 0.6, 0.6, fresh()).q / total(0.6, 0.6)).toBeCloseTo(0.5, 12);
    expect(endCharge(C, 0, 0.6, fresh()).q / total(0, 0.6)).toBeCloseTo(0.4, 12);
    expect(endCharge(C, 0.6, 0, fresh()).q / total(0.6, 0)).toBeCloseTo(0.6, 12);
  });

  it('returns partial derivatives equal to central finite differences within 1e-6 relative', () => {
    const h = 1e-6; // V
    for (const [x, y] of [[0.7, 0.2], [0.1, 0.8], [0.4, 0.4]]) {
      const d = endCharge(C, x, y, fresh());
      const dx = (endCharge(C, x + h, y, fresh()).q - endCharge(C, x - h, y, fresh()).q) / (2 * h);
      const dy = (endCharge(C, x, y + h, fresh()).q - endCharge(C, x, y - h, fresh()).q) / (2 * h);
      expect(Math.abs(d.dOwn / dx - 1)).toBeLessThan(1e-6);
      expect(Math.abs(d.dOther / dy - 1)).toBeLessThan(1e-6);
    }
  });

  it('with a saturated drain share fSat keeps the total, gives fSat of it to a pinched-off drain and 50/50 at Vds = 0', () => {
    const fSat = 0.25;
    for (const [x, y] of [[0.5, 0.1], [0.05, 0.9], [0.3, 0.3]]) {
      const sum = endCharge(C, x, y, fresh(), fSat).q + endCharge(C, y, x, fresh(), fSat).q;
      expect(Math.abs(sum / total(x, y) - 1), `x=${x} y=${y}`).toBeLessThan(1e-12);
    }
    expect(endCharge(C, 0, 0.6, fresh(), fSat).q / total(0, 0.6)).toBeCloseTo(fSat, 12);
    expect(endCharge(C, 0.6, 0.6, fresh(), fSat).q / total(0.6, 0.6)).toBeCloseTo(0.5, 12);
    const h = 1e-6; // V
    const d = endCharge(C, 0.2, 0.7, fresh(), fSat);
    const dx = (endCharge(C, 0.2 + h, 0.7, fresh(), fSat).q - endCharge(C, 0.2 - h, 0.7, fresh(), fSat).q) / (2 * h);
    const dy = (endCharge(C, 0.2, 0.7 + h, fresh(), fSat).q - endCharge(C, 0.2, 0.7 - h, fresh(), fSat).q) / (2 * h);
    expect(Math.abs(d.dOwn / dx - 1)).toBeLessThan(1e-6);
    expect(Math.abs(d.dOther / dy - 1)).toBeLessThan(1e-6);
  });

  it('holds no charge once both ends are cut off', () => {
    expect(endCharge(C, 0, 0, fresh())).toEqual({ q: 0, dOwn: 0, dOther: 0 });
  });
});
