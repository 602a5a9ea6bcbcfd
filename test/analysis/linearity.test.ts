import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { codeDensityLinearity, findTransitions, transitionLinearity } from '../../src/analysis/index.js';
import { CimsimError } from '../../src/errors.js';
import { fromTransitionLevels, idealQuantizer, mismatchedSar, rampCodes } from './converters.js';

/** Largest |a_k - b_k| over all codes. */
function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// A 4-bit converter with LSB 10 mV: code 5 is twice as wide, code 9 is missing, all else ideal.
// Widths (LSB) W_1..W_14 sum to 14, so the end-point LSB stays 10 mV and, by hand:
// DNL_5 = +1, DNL_9 = -1, all other DNL 0; INL_k = sum_{j<k} DNL_j = 1 for k = 6..9, else 0.
const Q_V = 0.01;
const widths_LSB = [1, 1, 1, 1, 2, 1, 1, 1, 0, 1, 1, 1, 1, 1];
const knownT_V = new Float64Array(15);
knownT_V[0] = 0.105;
for (let k = 1; k < 15; k++) knownT_V[k] = knownT_V[k - 1] + widths_LSB[k - 1] * Q_V;
const knownDnl = [0, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0];
const knownInl = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0];

describe('code-density linearity with a ramp', () => {
  it('finds DNL and INL of an ideal 8-bit quantizer to be zero within the ramp step', () => {
    // 25 000 evenly spread samples over 257 LSB: h = 97.3 samples per code. Counts are floor or
    // ceil of h, so |DNL| < 1/h; each transition estimate is off by < 1 step, so |INL| < 2/h.
    const bits = 8;
    const lo = -0.7;
    const hi = 256.3;
    const samples = 25_000;
    const h = samples / (hi - lo);
    const lin = codeDensityLinearity(rampCodes(idealQuantizer(bits), lo, hi, samples), bits, { input: 'ramp' });
    expect(lin.maxAbsDnl_LSB).toBeLessThan(1.05 / h);
    expect(lin.maxAbsDnl_LSB).toBeGreaterThan(0); // the counting granularity is visible
    expect(lin.maxAbsInl_LSB).toBeLessThan(2 / h);
    expect(lin.missingCodes).toEqual([]);
    expect(lin.dnl_LSB.length).toBe(256);
    expect(lin.lsb_V).toBeUndefined(); // no input scale given
  });

  it('recovers a double-width code and a missing code within counting tolerance', () => {
    const lo = knownT_V[0] - 3 * Q_V;
    const hi = knownT_V[14] + 3 * Q_V;
    const samples = 40_000;
    const h = (samples * Q_V) / (hi - lo); // samples per LSB, ~1905
    const lin = codeDensityLinearity(rampCodes(fromTransitionLevels(knownT_V), lo, hi, samples), 4, { range_V: [lo, hi] });
    for (let k = 0; k < 16; k++) {
      expect(Math.abs(lin.dnl_LSB[k] - knownDnl[k])).toBeLessThan(1.05 / h);
      expect(Math.abs(lin.inl_LSB[k] - knownInl[k])).toBeLessThan(2 / h);
    }
    expect(lin.missingCodes).toEqual([9]);
    expect(lin.lsb_V!).toBeCloseTo(Q_V, 5);
    expect(maxDiff(lin.transitions_V!, knownT_V)).toBeLessThan((hi - lo) / samples);
  });

  it('shows the 1/sqrt(h) counting noise of randomly sampled (seeded) inputs', () => {
    // Uniform random inputs: each inner count is ~Poisson(h), so DNL_k has sd 1/sqrt(h). The rms
    // over 62 inner codes estimates it to ~9% (1/sqrt(2 * 62)); accept +-30%.
    const bits = 6;
    const rng = seedrandom('code-density-random');
    const lo = -0.5;
    const hi = 64.5;
    const samples = 65_000;
    const h = samples / (hi - lo); // 1000 per code
    const q = idealQuantizer(bits);
    const codes = Int32Array.from({ length: samples }, () => q(lo + (hi - lo) * rng()));
    const lin = codeDensityLinearity(codes, bits);
    let ss = 0;
    for (let k = 1; k < 63; k++) ss += lin.dnl_LSB[k] ** 2;
    const rmsDnl = Math.sqrt(ss / 62);
    expect(rmsDnl * Math.sqrt(h)).toBeGreaterThan(0.7);
    expect(rmsDnl * Math.sqrt(h)).toBeLessThan(1.3);
  });

  it('reports end codes that never occur as missing', () => {
    // Ramp from mid-scale upward: code 0 never appears.
    const codes = rampCodes(idealQuantizer(4), 3.2, 17, 5000);
    const lin = codeDensityLinearity(codes, 4);
    expect(lin.missingCodes).toEqual([0, 1, 2]);
  });

  it('rejects codes outside the converter range with a CimsimError', () => {
    expect(() => codeDensityLinearity([0, 1, 16], 4)).toThrow(CimsimError);
    expect(() => codeDensityLinearity([0, 1.5], 4)).toThrow(/not an integer/);
  });
});

describe('transition-level linearity', () => {
  it('gives the hand-computed DNL and INL of the synthetic converter exactly', () => {
    const lin = transitionLinearity(knownT_V, 4);
    for (let k = 0; k < 16; k++) {
      expect(lin.dnl_LSB[k]).toBeCloseTo(knownDnl[k], 10);
      expect(lin.inl_LSB[k]).toBeCloseTo(knownInl[k], 10);
    }
    expect(lin.maxAbsDnl_LSB).toBeCloseTo(1, 10);
    expect(lin.maxAbsInl_LSB).toBeCloseTo(1, 10);
    expect(lin.missingCodes).toEqual([9]);
    expect(lin.lsb_V).toBeCloseTo(Q_V, 12);
  });

  it('measures the synthetic converter transitions by bisection to the requested tolerance', () => {
    const tol = 1e-9;
    const t = findTransitions(fromTransitionLevels(knownT_V), 4, 0, 0.3, tol);
    expect(maxDiff(t, knownT_V)).toBeLessThanOrEqual(tol);
    expect(t[8]).toBe(t[9]); // missing code 9: T_9 = T_10 exactly
  });

  it('takes the first crossing of a non-monotonic converter', () => {
    // Ideal 3-bit quantizer except that code 4 briefly appears in [2.3, 2.4) before code 3.
    const base = idealQuantizer(3);
    const codeOf = (v: number) => (v >= 2.3 && v < 2.4 ? 4 : base(v));
    const t = findTransitions(codeOf, 3, -1, 9, 1e-9, 200);
    expect(t[2]).toBeCloseTo(2.3, 8); // T_3: first input with code >= 3
    expect(t[3]).toBeCloseTo(2.3, 8); // T_4: also first reached at 2.3
    expect(t[4]).toBeCloseTo(5, 8);
  });

  it('refuses a search range that misses the top code', () => {
    expect(() => findTransitions(idealQuantizer(4), 4, -1, 10, 1e-6)).toThrow(/never reached/);
    expect(() => findTransitions(idealQuantizer(4), 4, 1.5, 20, 1e-6)).toThrow(/not 0/);
  });

  it('rejects a transition list of the wrong length', () => {
    expect(() => transitionLinearity(new Float64Array(14), 4)).toThrow(CimsimError);
  });
});

describe('code-density linearity with a sine', () => {
  // Ideal 8-bit quantizer (transitions at 1..255 LSB), sine centred at 128 LSB, amplitude
  // 130 LSB (slight overdrive). 2^20 samples, 4099 cycles (coprime with 2^20): the phases are a
  // permutation of an even grid, so each cumulative count is exact to about one sample.
  const bits = 8;
  const amp = 130;
  const samples = 2 ** 20;
  const cycles = 4099;
  const q = idealQuantizer(bits);
  const codes = new Int32Array(samples);
  for (let n = 0; n < samples; n++) codes[n] = q(128 + amp * Math.sin((2 * Math.PI * cycles * n) / samples + 0.3));

  it('finds zero DNL and INL for an ideal quantizer after the arcsine correction', () => {
    // One count of error moves a transition by at most pi * A / S = 4e-4 LSB.
    const lin = codeDensityLinearity(codes, bits, { input: 'sine', amplitude_V: amp, offset_V: 128 });
    expect(lin.maxAbsDnl_LSB).toBeLessThan(0.005);
    expect(lin.maxAbsInl_LSB).toBeLessThan(0.005);
    expect(lin.lsb_V!).toBeCloseTo(1, 3);
    for (let k = 1; k < 256; k++) expect(Math.abs(lin.transitions_V![k - 1] - k)).toBeLessThan(0.005);
  });

  it('shows the arcsine DNL bow when the same record is read as a ramp', () => {
    const lin = codeDensityLinearity(codes, bits, { input: 'ramp' });
    // Closed form: inner codes (v in [1, 255]) hold (2/pi) asin(127/A) of the samples; the centre
    // code gets S/(pi A). So DNL_128 = 254 / (2 A asin(127/A)) - 1 = -0.279.
    const centre = 254 / (2 * amp * Math.asin(127 / amp)) - 1;
    expect(lin.dnl_LSB[128]).toBeCloseTo(centre, 2);
    expect(lin.maxAbsDnl_LSB).toBeGreaterThan(0.25);
  });
});

describe('agreement of the two methods', () => {
  it('agrees within 0.05 LSB on a seeded mismatched 6-bit SA converter with a missing code', () => {
    const bits = 6;
    // 3% weight mismatch; this seed makes the MSB weight short, so code 31 cannot occur.
    const codeOf = mismatchedSar(bits, 0.03, 'analysis-mismatch-5');
    const t = findTransitions(codeOf, bits, -2, 66, 1e-9);
    const byTransitions = transitionLinearity(t, bits);
    // 400 ramp samples per LSB: each estimated transition is within 1/400 LSB.
    const lo = -2;
    const hi = 66;
    const samples = 400 * (hi - lo);
    const byDensity = codeDensityLinearity(rampCodes(codeOf, lo, hi, samples), bits, { range_V: [lo, hi] });
    expect(byTransitions.maxAbsInl_LSB).toBeGreaterThan(0.5); // the mismatch is really there
    expect(maxDiff(byDensity.dnl_LSB, byTransitions.dnl_LSB)).toBeLessThan(0.05);
    expect(maxDiff(byDensity.inl_LSB, byTransitions.inl_LSB)).toBeLessThan(0.05);
    expect(byTransitions.missingCodes).toEqual([31]);
    expect(byDensity.missingCodes).toEqual([31]);
  });
});
