import { describe, expect, it } from 'vitest';
import { enob, sineFit4 } from '../../src/analysis/index.js';
import { CimsimError } from '../../src/errors.js';
import { gaussian, idealQuantizer } from './converters.js';

const fs_Hz = 1e6;

/** amplitude * cos(2 pi f n / fs + phase) + offset + sigma * gaussian noise. */
function tone(m: number, f_Hz: number, amplitude: number, phase: number, offset: number, sigma = 0, seed = 'tone'): Float64Array {
  const g = gaussian(seed);
  const y = new Float64Array(m);
  for (let n = 0; n < m; n++) y[n] = amplitude * Math.cos((2 * Math.PI * f_Hz * n) / fs_Hz + phase) + offset + sigma * g();
  return y;
}

describe('four-parameter sine fit', () => {
  const m = 4096;
  const f = 12_345.678; // not coherent with the record: 50.57 cycles
  const bin = fs_Hz / m; // 244 Hz

  it('recovers all four parameters of a noiseless sine from a guess 0.4 bin off', () => {
    const fit = sineFit4(tone(m, f, 0.7, 1.1, 0.05), fs_Hz, f + 0.4 * bin);
    expect(fit.amplitude).toBeCloseTo(0.7, 10);
    expect(fit.phase_rad).toBeCloseTo(1.1, 9);
    expect(fit.offset).toBeCloseTo(0.05, 10);
    expect(fit.frequency_Hz).toBeCloseTo(f, 6);
    expect(fit.residualRms).toBeLessThan(1e-10);
  });

  it('wraps the phase into (-pi, pi] in the cosine convention', () => {
    const fit = sineFit4(tone(m, f, 1, -3, 0), fs_Hz, f);
    expect(fit.phase_rad).toBeCloseTo(-3, 9);
    const fit2 = sineFit4(tone(m, f, 1, 3.5, 0), fs_Hz, f);
    expect(fit2.phase_rad).toBeCloseTo(3.5 - 2 * Math.PI, 9);
  });

  it('recovers a noisy sine within a few Cramer-Rao standard deviations', () => {
    // sigma = 1e-3 on A = 0.7: sd(A) = sigma sqrt(2/M) = 2.2e-5, sd(offset) = sigma/sqrt(M) =
    // 1.6e-5, sd(phase at n = 0) ~ 2 (sigma/A) sqrt(2/M) = 6e-5 rad, sd(f) ~ sqrt(24) sigma /
    // (A M^1.5) fs / 2 pi = 4e-3 Hz. Tolerances are ~5 sd.
    const sigma = 1e-3;
    const fit = sineFit4(tone(m, f, 0.7, 1.1, 0.05, sigma, 'fit-noise'), fs_Hz, f - 0.3 * bin);
    expect(Math.abs(fit.amplitude - 0.7)).toBeLessThan(1.1e-4);
    expect(Math.abs(fit.offset - 0.05)).toBeLessThan(8e-5);
    expect(Math.abs(fit.phase_rad - 1.1)).toBeLessThan(3e-4);
    expect(Math.abs(fit.frequency_Hz - f)).toBeLessThan(0.02);
    // The residual is the noise: its rms estimates sigma to about sigma/sqrt(2M) = 1.1%.
    expect(fit.residualRms / sigma).toBeGreaterThan(0.95);
    expect(fit.residualRms / sigma).toBeLessThan(1.05);
  });

  it('rejects a frequency above Nyquist', () => {
    expect(() => sineFit4(tone(64, 1000, 1, 0, 0), fs_Hz, 0.6 * fs_Hz)).toThrow(CimsimError);
  });
});

describe('ENOB of a quantized full-scale sine', () => {
  // Coherent record: 8192 samples, 127 cycles (prime): the phases cover an even grid.
  const m = 8192;
  const cycles = 127;
  const f = (cycles * fs_Hz) / m;

  function quantizedSine(bits: number, sigma_LSB: number, seed: string): Int32Array {
    const q = idealQuantizer(bits);
    const half = 2 ** (bits - 1);
    const amp = half - 0.5 - 3 * sigma_LSB; // stay clear of clipping (the noise rarely exceeds 3 sd)
    const y = tone(m, f, amp, 0.2, half, sigma_LSB, seed);
    const codes = new Int32Array(m);
    for (let n = 0; n < m; n++) codes[n] = q(y[n]);
    return codes;
  }

  for (const bits of [5, 8, 10]) {
    it(`gives ENOB = N within 0.1 bit and SINAD near 6.02N + 1.76 dB for an ideal ${bits}-bit quantizer`, () => {
      const r = enob(quantizedSine(bits, 0, 'unused'), bits, fs_Hz, f);
      expect(Math.abs(r.enob_bits - bits)).toBeLessThan(0.1);
      // The tone is 0.5 LSB below full scale: SINAD drops by 20 log10(A / 2^(N-1)).
      const expectedSinad = 6.0206 * bits + 1.7609 + 20 * Math.log10((2 ** (bits - 1) - 0.5) / 2 ** (bits - 1));
      expect(Math.abs(r.sinad_dB - expectedSinad)).toBeLessThan(0.6); // 0.1 bit
      expect(Math.abs(r.noiseRms_LSB - 1 / Math.sqrt(12))).toBeLessThan(0.02);
    });
  }

  for (const sigma of [0.5, 1, 2]) {
    it(`predicts ENOB = N - log2(sqrt(1 + 12 sigma^2)) for gaussian noise of ${sigma} LSB`, () => {
      // Noise of sigma >= 0.5 LSB dithers the quantizer: the powers add, sigma^2 + 1/12 LSB^2.
      // The variance estimate from 8192 samples has 1.6% sd: 0.011 bit, tolerance 0.05 bit.
      const bits = 8;
      const r = enob(quantizedSine(bits, sigma, `enob-noise-${sigma}`), bits, fs_Hz, f);
      const predicted = bits - Math.log2(Math.sqrt(1 + 12 * sigma * sigma));
      expect(Math.abs(r.enob_bits - predicted)).toBeLessThan(0.05);
    });
  }

  it('scales ENOB with the stated full-scale range', () => {
    const codes = quantizedSine(8, 0, 'unused');
    const a = enob(codes, 8, fs_Hz, f);
    const b = enob(codes, 8, fs_Hz, f, 128); // half the range: one bit less
    expect(a.enob_bits - b.enob_bits).toBeCloseTo(1, 10);
  });
});
