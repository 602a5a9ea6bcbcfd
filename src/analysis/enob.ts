/**
 * Dynamic performance after IEEE Std 1241: the four-parameter least-squares sine fit and the
 * effective number of bits (ENOB) / SINAD derived from its residual.
 */
import { CimsimError } from '../errors.js';
import { solveLinear } from '../numeric/linear.js';

/** Result of a sine fit: samples ~ amplitude * cos(2 pi f n / fs + phase_rad) + offset. */
export interface SineFit {
  /** Amplitude, in the units of the samples (e.g. V or LSB). */
  amplitude: number;
  /** Phase at sample n = 0 (rad), in (-pi, pi]; cosine convention. */
  phase_rad: number;
  offset: number;
  frequency_Hz: number;
  /** RMS of samples minus fit: noise and distortion (units of the samples). */
  residualRms: number;
  /** Gauss-Newton iterations used after the three-parameter start. */
  iterations: number;
}

/** Solves the n x n system a x = b in place (partial pivoting); a is row-major. */
function solveSmall(a: Float64Array, b: Float64Array, n: number): void {
  if (!solveLinear(a, b, n)) throw new CimsimError('sine fit is singular', undefined, 'the record needs several samples per period and a non-constant signal');
}

/**
 * Least-squares fit of y ~ A cos(w t) + B sin(w t) + C (+ dw * g(t) when `withFreq`), with t in
 * samples centred on the record (better conditioning). Returns [A, B, C, dw] in `out`.
 */
function fitStep(y: ArrayLike<number>, w: number, withFreq: boolean, out: Float64Array): void {
  const n = withFreq ? 4 : 3;
  const ata = new Float64Array(n * n);
  const aty = new Float64Array(n);
  const centre = (y.length - 1) / 2;
  const a0 = out[0];
  const b0 = out[1];
  const col = new Float64Array(4);
  for (let i = 0; i < y.length; i++) {
    const t = i - centre;
    const c = Math.cos(w * t);
    const s = Math.sin(w * t);
    col[0] = c;
    col[1] = s;
    col[2] = 1;
    col[3] = t * (b0 * c - a0 * s); // d/dw of the model at the current A, B
    for (let r = 0; r < n; r++) {
      aty[r] += col[r] * y[i];
      for (let q = r; q < n; q++) ata[r * n + q] += col[r] * col[q];
    }
  }
  for (let r = 0; r < n; r++) for (let q = 0; q < r; q++) ata[r * n + q] = ata[q * n + r];
  solveSmall(ata, aty, n);
  for (let r = 0; r < n; r++) out[r] = aty[r];
  if (!withFreq) out[3] = 0;
}

/**
 * IEEE Std 1241 four-parameter sine fit. Starts from a three-parameter (linear) fit at
 * `freqGuess_Hz`, then iterates Gauss-Newton on amplitude terms, offset and frequency until the
 * frequency update moves the phase across the record by < 1e-9 rad. The guess should lie within
 * about one DFT bin (sampleRate / length) of the true frequency.
 */
export function sineFit4(samples: ArrayLike<number>, sampleRate_Hz: number, freqGuess_Hz: number): SineFit {
  const m = samples.length;
  if (m < 8) throw new CimsimError(`sine fit needs at least 8 samples, got ${m}`, undefined, 'record several periods');
  if (!(sampleRate_Hz > 0) || !(freqGuess_Hz > 0) || !(freqGuess_Hz < sampleRate_Hz / 2)) {
    throw new CimsimError(
      `sine frequency ${freqGuess_Hz} Hz must lie in (0, ${sampleRate_Hz / 2}) Hz at sample rate ${sampleRate_Hz} Hz`,
      undefined,
      'the stimulus frequency must be below Nyquist',
    );
  }
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(samples[i])) throw new CimsimError(`sample ${i} is ${samples[i]}`, undefined, 'the record must be finite');
  }
  const bin = (2 * Math.PI) / m; // rad/sample: one DFT bin
  let w = (2 * Math.PI * freqGuess_Hz) / sampleRate_Hz;
  const p = new Float64Array(4);
  fitStep(samples, w, false, p);
  const maxIterations = 100;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations && !converged; iterations++) {
    fitStep(samples, w, true, p);
    // Limit a step to half a bin: a poor guess then walks instead of jumping to a far alias.
    const dw = Math.max(-bin / 2, Math.min(bin / 2, p[3]));
    w += dw;
    if (!(w > 0 && w < Math.PI)) {
      throw new CimsimError('sine fit frequency left (0, Nyquist)', undefined, 'give a frequency guess within one bin of the true tone');
    }
    converged = Math.abs(dw) * m < 1e-9;
  }
  if (!converged) {
    throw new CimsimError(
      `sine fit did not converge in ${maxIterations} iterations`,
      undefined,
      'give a frequency guess within one bin (sampleRate / length) of the tone, and a record of several periods',
    );
  }
  fitStep(samples, w, false, p); // consistent A, B, C at the final frequency
  const centre = (m - 1) / 2;
  let ss = 0;
  for (let i = 0; i < m; i++) {
    const t = i - centre;
    const r = samples[i] - (p[0] * Math.cos(w * t) + p[1] * Math.sin(w * t) + p[2]);
    ss += r * r;
  }
  // A cos + B sin = R cos(w t + phi), phi = atan2(-B, A); shift from centred time to n = 0.
  let phase = Math.atan2(-p[1], p[0]) - w * centre;
  phase -= 2 * Math.PI * Math.ceil((phase - Math.PI) / (2 * Math.PI));
  return {
    amplitude: Math.hypot(p[0], p[1]),
    phase_rad: phase,
    offset: p[2],
    frequency_Hz: (w * sampleRate_Hz) / (2 * Math.PI),
    residualRms: Math.sqrt(ss / m),
    iterations,
  };
}

/** ENOB / SINAD of a converter record. */
export interface EnobResult {
  /** IEEE 1241 ENOB = log2(FSR / (NAD sqrt(12))) = N - log2(NAD / (1/sqrt(12) LSB)) for FSR = 2^N. */
  enob_bits: number;
  /** SINAD = 20 log10(rms signal / NAD) (dB), signal = fitted amplitude / sqrt(2). */
  sinad_dB: number;
  /** ENOB from SINAD via (SINAD - 1.76) / 6.02: equals enob_bits for a full-scale tone. */
  enobFromSinad_bits: number;
  /** NAD: rms noise and distortion, the fit residual (LSB). */
  noiseRms_LSB: number;
  fit: SineFit;
}

/**
 * ENOB and SINAD from output codes of a sine test (IEEE Std 1241): fits a four-parameter sine
 * to the codes (LSB units) and takes its residual as noise and distortion. `fullScale_codes` is
 * the full-scale range in LSB (default 2^bits).
 */
export function enob(
  codes: ArrayLike<number>,
  bits: number,
  sampleRate_Hz: number,
  freq_Hz: number,
  fullScale_codes = 2 ** bits,
): EnobResult {
  if (!Number.isInteger(bits) || bits < 1 || bits > 32) {
    throw new CimsimError(`resolution of ${bits} bits is not supported`, undefined, 'use an integer from 1 to 32');
  }
  if (!(fullScale_codes > 0)) throw new CimsimError(`full scale ${fullScale_codes} LSB must be positive`, undefined, 'default is 2^bits');
  const fit = sineFit4(codes, sampleRate_Hz, freq_Hz);
  const nad = fit.residualRms;
  const idealQ = 1 / Math.sqrt(12); // LSB rms of uniform quantization error
  const sinad = 20 * Math.log10(fit.amplitude / Math.SQRT2 / nad);
  return {
    enob_bits: Math.log2(fullScale_codes / (nad / idealQ)),
    sinad_dB: sinad,
    enobFromSinad_bits: (sinad - 20 * Math.log10(Math.sqrt(1.5))) / (20 * Math.log10(2)),
    noiseRms_LSB: nad,
    fit,
  };
}
