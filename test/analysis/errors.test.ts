import { describe, expect, it } from 'vitest';
import { errorsByBit, summarizeErrors, transferCurve, type ConversionOutcome } from '../../src/analysis/index.js';
import { CimsimError } from '../../src/errors.js';

// Eight 3-bit conversions. Errors (code - ideal): 0, 0, +1, 0, 0, -1, 0, -7.
const ideal = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
const code = Int32Array.from([0, 1, 3, 3, 4, 4, 6, 0]);

describe('error summary', () => {
  it('counts exact conversions and the error moments of a hand-built set', () => {
    const s = summarizeErrors({ ideal, code }, 3);
    expect(s.count).toBe(8);
    expect(s.fractionExact).toBe(5 / 8);
    expect(s.maxAbsError_LSB).toBe(7);
    expect(s.meanError_LSB).toBeCloseTo(-7 / 8, 14);
    expect(s.rmsError_LSB).toBeCloseTo(Math.sqrt(51 / 8), 14);
    expect(s.histogram).toEqual([
      { error_LSB: -7, count: 1 },
      { error_LSB: -1, count: 1 },
      { error_LSB: 0, count: 5 },
      { error_LSB: 1, count: 1 },
    ]);
    expect(s.outOfRange).toBe(0);
  });

  it('gives the same summary from outcome records as from code arrays', () => {
    const outcomes: ConversionOutcome[] = Array.from(ideal, (id, i) => ({ idealCode: id, code: code[i], error_LSB: code[i] - id }));
    expect(summarizeErrors(outcomes, 3)).toEqual(summarizeErrors({ ideal, code }, 3));
  });

  it('flags codes outside the converter range', () => {
    const s = summarizeErrors({ ideal: Int32Array.from([7, 3]), code: Int32Array.from([8, 3]) }, 3);
    expect(s.outOfRange).toBe(1);
  });

  it('refuses an empty or mismatched set with a CimsimError', () => {
    expect(() => summarizeErrors([], 3)).toThrow(CimsimError);
    expect(() => summarizeErrors({ ideal: new Int32Array(2), code: new Int32Array(3) }, 3)).toThrow(CimsimError);
  });
});

describe('errors by bit cycle', () => {
  it('attributes each differing bit to its SA cycle, MSB first', () => {
    // XORs: 2^3 = 001, 5^4 = 001, 7^0 = 111 -> MSB wrong once, middle once, LSB three times.
    const f = errorsByBit(ideal, code, 3);
    expect(Array.from(f)).toEqual([1 / 8, 1 / 8, 3 / 8]);
  });

  it('shows a wrong second decision of a 5-bit SA converter only in cycle 2', () => {
    // Input at code 16 = 10000. Keeping a wrong '1' in cycle 2 gives 11000; every later trial
    // lies above the input, so the remaining bits stay 0: code 24, XOR 01000.
    const f = errorsByBit(Int32Array.from([16, 16, 16, 16]), Int32Array.from([24, 16, 16, 16]), 5);
    expect(Array.from(f)).toEqual([0, 0.25, 0, 0, 0]);
  });
});

describe('transfer curve', () => {
  it('averages the codes in each input bin', () => {
    // Inputs 0, 0.1, ..., 1.0 V with code = round(10 v): bin [0, 0.5) holds codes 0..4 (mean 2),
    // bin [0.5, 1.0] holds codes 5..10 (mean 7.5).
    const analog = Float64Array.from({ length: 11 }, (_, i) => i / 10);
    const codes = Int32Array.from(analog, (v) => Math.round(10 * v));
    const c = transferCurve(analog, codes, 2);
    expect(Array.from(c.meanCode)).toEqual([2, 7.5]);
    expect(Array.from(c.count)).toEqual([5, 6]);
    expect(Array.from(c.binCenter_V)).toEqual([0.25, 0.75]);
  });

  it('marks empty bins with count 0 and a NaN mean (a gap in a plot)', () => {
    const c = transferCurve(Float64Array.from([0, 1]), Int32Array.from([0, 31]), 4);
    expect(Array.from(c.count)).toEqual([1, 0, 0, 1]);
    expect(Number.isNaN(c.meanCode[1])).toBe(true);
    expect(c.meanCode[3]).toBe(31);
  });
});
