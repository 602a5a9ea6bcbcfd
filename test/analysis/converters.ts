// Reference converters and stimuli for the analysis tests. Written independently of the code
// under test: each converter is defined by its transition levels or its DAC weights.
import seedrandom from 'seedrandom';

/** Ideal N-bit quantizer in LSB units: transitions at v = 1, 2, ..., 2^N - 1. */
export function idealQuantizer(bits: number): (v: number) => number {
  const top = 2 ** bits - 1;
  return (v) => Math.min(top, Math.max(0, Math.floor(v)));
}

/** Monotonic converter with given transitions: code = number of T_k <= v (t[k-1] = T_k, sorted). */
export function fromTransitionLevels(t: ArrayLike<number>): (v: number) => number {
  return (v) => {
    let lo = 0;
    let hi = t.length; // count of t <= v lies in [lo, hi]
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * Successive-approximation converter with a binary-weighted DAC whose bit weights (LSB) carry
 * a relative mismatch: weight_b = 2^b (1 + sigma g_b), g_b standard normal (seeded).
 */
export function mismatchedSar(bits: number, sigma: number, seed: string): (v: number) => number {
  const g = gaussian(seed);
  const w = Array.from({ length: bits }, (_, b) => 2 ** b * (1 + sigma * g()));
  return (v) => {
    let code = 0;
    let dac = 0;
    for (let b = bits - 1; b >= 0; b--) {
      if (v >= dac + w[b]) {
        code |= 1 << b;
        dac += w[b];
      }
    }
    return code;
  };
}

/** Seeded standard-normal generator (Box-Muller). */
export function gaussian(seed: string): () => number {
  const rng = seedrandom(seed);
  return () => {
    let u = 0;
    while (u === 0) u = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  };
}

/** Codes of a deterministic ramp of `samples` points evenly spread over [lo, hi]. */
export function rampCodes(codeOf: (v: number) => number, lo: number, hi: number, samples: number): Int32Array {
  const out = new Int32Array(samples);
  const step = (hi - lo) / samples;
  for (let i = 0; i < samples; i++) out[i] = codeOf(lo + (i + 0.5) * step);
  return out;
}
