import { CimsimError } from '../errors.js';

/**
 * Soft-threshold nonlinearity of a BWHT layer, exactly
 *   y = tanh(w * x) * ReLU(|w * x| - T)
 * with a trainable threshold T and scale w per transform channel. tanh(w x) acts as a smooth sign,
 * so the result is odd in x and exactly zero inside the dead zone |w x| <= T.
 */
export function softThreshold(x: number, threshold: number, scale: number): number {
  const u = scale * x;
  const r = Math.abs(u) - threshold;
  return r > 0 ? Math.tanh(u) * r : 0;
}

/**
 * Apply the soft threshold to every element of `x`, laid out as [..., channels] (channel index is
 * the fastest-varying one, i % channels). `thresholds` and `scales` hold one value per channel.
 */
export function softThresholdChannels(
  x: ArrayLike<number>,
  thresholds: ArrayLike<number>,
  scales: ArrayLike<number>,
): Float64Array {
  const c = thresholds.length;
  if (c === 0 || scales.length !== c) {
    throw new CimsimError(`soft threshold needs one threshold and one scale per channel (got ${thresholds.length} thresholds, ${scales.length} scales)`,
      undefined, 'give arrays of equal, non-zero length');
  }
  if (x.length % c !== 0) {
    throw new CimsimError(`soft-threshold input length ${x.length} is not a multiple of the channel count ${c}`, undefined,
      'the channel index must be the fastest-varying index of the input');
  }
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const k = i % c;
    y[i] = softThreshold(x[i], thresholds[k], scales[k]);
  }
  return y;
}
