import { describe, expect, it } from 'vitest';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { Comparator } from '../../src/devices/comparator.js';
import { RandomStream } from '../../src/tech/random.js';
import { VBOTTOM, VTOP, assignment, clusterNetlist, convert } from './setup.js';

describe('hybrid split limits on a mismatched instance', () => {
  // Every non-ideality on, same seed: offsets, noise, kT/C, injection, settling, cap mismatch.
  const NET = clusterNetlist(5, 'hybrid', 2, 31, 'metastable=random');
  const lsb = (VTOP - VBOTTOM) / 32; // V
  const inputs: number[] = [];
  for (let i = 0; i < 1200; i++) inputs.push(VTOP + 2 * lsb - ((i + 0.5) * (36 * lsb)) / 1200);
  for (let k = 1; k < 32; k++) for (const d of [-3e-3, -1e-5, 1e-5, 3e-3]) inputs.push(VTOP - k * lsb + d);

  function codes(mode: string, split: number): { code: number[]; metastable: number[] } {
    const log = convert(assignment(NET, allNonidealities(true), 2024, { 'D0.mode': mode, 'D0.split': split }), inputs);
    return { code: log.code.slice(), metastable: log.metastable.slice() };
  }

  it('gives SA codes, code for code, with split 0', () => {
    const sa = codes('sa', 0);
    const hybrid0 = codes('hybrid', 0);
    expect(hybrid0.code).toEqual(sa.code);
    expect(hybrid0.metastable).toEqual(sa.metastable);
    // The instance really is non-ideal: some codes differ from the ideal quantization.
    const ideal = inputs.map((v) => Math.min(31, Math.max(0, Math.floor((VTOP - v) / lsb))));
    expect(sa.code.some((c, i) => c !== ideal[i])).toBe(true);
  });

  it('gives Flash codes, code for code, with split N', () => {
    const flash = codes('flash', 0);
    const hybridN = codes('hybrid', 5);
    expect(hybridN.code).toEqual(flash.code);
    expect(hybridN.metastable).toEqual(flash.metastable);
    const ideal = inputs.map((v) => Math.min(31, Math.max(0, Math.floor((VTOP - v) / lsb))));
    expect(flash.code.some((c, i) => c !== ideal[i])).toBe(true);
  });
});

describe('comparator metastability', () => {
  const T0 = 30e-12; // s
  const TAU = 11e-12; // s
  const VSWING = 1.1; // V
  const TCMP = 150e-12; // s: |dV| below 1.1 exp(-120/11) ~ 20.0 uV misses the deadline
  const decisionTime = (dv: number): number => (Math.abs(dv) >= VSWING ? T0 : T0 + TAU * Math.log(VSWING / Math.abs(dv)));

  /** Independent SA / Flash / hybrid model with ideal references vtop - T LSB. */
  function predict(v: number, bits: number, flashBits: number, resolve: 0 | 1): { code: number; metastable: number } {
    const lsb = (VTOP - VBOTTOM) / (1 << bits);
    let metastable = 0;
    const decide = (t: number): number => {
      const dv = VTOP - t * lsb - v;
      if (decisionTime(dv) > TCMP) {
        metastable++;
        return resolve;
      }
      return dv >= 0 ? 1 : 0;
    };
    let code = 0;
    if (flashBits > 0) {
      const seg = 1 << (bits - flashBits);
      let ones = 0;
      for (let j = 1; j < 1 << flashBits; j++) ones += decide(j * seg);
      code = ones * seg;
    }
    for (let b = bits - flashBits - 1; b >= 0; b--) if (decide(code + (1 << b)) === 1) code += 1 << b;
    return { code, metastable };
  }

  const OFFSETS_UV = [-200, -50, -30, -15, -10, -5, -2, -0.5, 0.5, 2, 5, 10, 15, 30, 50, 200]; // away from the 20 uV boundary
  const MODES: { mode: string; split: number; lenders: number; flashBits: number }[] = [
    { mode: 'sa', split: 0, lenders: 1, flashBits: 0 },
    { mode: 'flash', split: 0, lenders: 15, flashBits: 4 },
    { mode: 'hybrid', split: 2, lenders: 3, flashBits: 2 },
  ];

  for (const resolve of [0, 1] as const) {
    const option = resolve === 1 ? 'one' : 'zero';
    it.each(MODES)(`counts metastable decisions exactly as t0 + tau ln(vswing/|dV|) > tcmp predicts and resolves them to ${option}: 4-bit $mode`, ({ mode, split, lenders, flashBits }) => {
      const bits = 4;
      const lsb = (VTOP - VBOTTOM) / 16;
      const a = assignment(clusterNetlist(bits, mode, split, lenders, `t0=30ps tau=11ps vswing=1.1 tcmp=150ps metastable=${option}`), allNonidealities(false));
      const v: number[] = [];
      const threshold: number[] = [];
      const offset: number[] = [];
      for (let t = 1; t < 16; t++) {
        for (const uv of OFFSETS_UV) {
          v.push(VTOP - t * lsb + uv * 1e-6); // uv > 0: above the threshold voltage, code t - 1 if resolved
          threshold.push(t);
          offset.push(uv);
        }
      }
      const log = convert(a, v);
      let total = 0;
      for (let i = 0; i < v.length; i++) {
        const p = predict(v[i], bits, flashBits, resolve);
        const where = `threshold ${threshold[i]}, ${offset[i]} uV`;
        expect(log.metastable[i], where).toBe(p.metastable);
        expect(log.code[i], where).toBe(p.code);
        // Closed statement of the same thing: within 20 uV the code is decided by the option.
        const t = threshold[i];
        const expected = Math.abs(offset[i]) < 20 ? (resolve === 1 ? t : t - 1) : offset[i] > 0 ? t - 1 : t;
        expect(log.code[i], where).toBe(expected);
        total += log.metastable[i];
        if (log.metastable[i] > 0) {
          const margins = log.margins.slice(i * log.stride, (i + 1) * log.stride).filter((m) => !Number.isNaN(m));
          expect(Math.min(...margins), where).toBeLessThan(0);
        }
      }
      // Exactly one comparison sits within 20 uV for each of the 10 small offsets of each threshold.
      expect(total).toBe(15 * 10);
    });
  }
});

describe('comparator decision', () => {
  const make = (over: Partial<ConstructorParameters<typeof Comparator>[0]> = {}): Comparator =>
    new Comparator({ name: 'CMP', offset: 0, noise: 0, t0: 30e-12, tau: 11e-12, vswing: 1.1, tcmp: 150e-12, energy: 20e-15, metastable: 'zero', ...over }, new RandomStream(1, 'cmp'));

  it('takes t0 + tau ln(vswing/|dV|) to decide and outputs 1 when the positive input is higher', () => {
    const c = make();
    for (const dv of [1e-3, 1e-2, 0.1, 0.5, -1e-3, -0.3]) {
      const d = c.decide(0.6 + dv, 0.6);
      expect(Math.abs(d.decisionTime - (30e-12 + 11e-12 * Math.log(1.1 / Math.abs(dv))))).toBeLessThan(1e-24);
      expect(d.out).toBe(dv > 0 ? 1 : 0);
      expect(d.metastable).toBe(false);
    }
  });

  it('takes t0 for inputs of at least the swing and never decides an exact tie in time', () => {
    const c = make({ metastable: 'one' });
    expect(c.decide(1.5, 0.2).decisionTime).toBe(30e-12);
    const tie = c.decide(0.5, 0.5);
    expect(tie.decisionTime).toBe(Infinity);
    expect(tie.metastable).toBe(true);
    expect(tie.out).toBe(1);
    expect(c.metastableCount).toBe(1);
    expect(c.decisions).toBe(2);
  });

  it('adds its offset to the input difference before deciding', () => {
    const c = make({ offset: 5e-3 });
    const d = c.decide(0.5, 0.503); // -3 mV input + 5 mV offset = +2 mV
    expect(d.out).toBe(1);
    expect(Math.abs(d.decisionTime - (30e-12 + 11e-12 * Math.log(1.1 / 2e-3)))).toBeLessThan(1e-21);
  });

  it('resolves random metastable decisions with a seeded coin: same seed, same outcomes; both outcomes occur', () => {
    const outs = (seed: number): number[] => {
      const c = new Comparator({ name: 'CMP', offset: 0, noise: 0, t0: 30e-12, tau: 11e-12, vswing: 1.1, tcmp: 150e-12, energy: 0, metastable: 'random' }, new RandomStream(seed, 'cmp'));
      return Array.from({ length: 200 }, () => c.decide(0.5, 0.5).out);
    };
    expect(outs(5)).toEqual(outs(5));
    const ones = outs(5).reduce((s: number, x) => s + x, 0);
    // Fair coin, 200 flips: 100 +- 5 sigma (sigma ~ 7.1).
    expect(Math.abs(ones - 100)).toBeLessThan(36);
  });
});
