import { CimsimError } from '../errors.js';
import { type BlockingMode, channelBlocks, type ChannelBlocking } from './blocking.js';
import { fwhtInPlace, type HadamardOrder } from './hadamard.js';
import { softThreshold } from './softThreshold.js';

/** Options of the floating-point BWHT layer (the functional reference of a 1x1-conv replacement). */
export interface BwhtLayerOptions {
  /** Walsh-Hadamard block size N (power of two). */
  readonly blockSize: number;
  /** How channels are cut into blocks (default 'zero-pad'). */
  readonly blocking?: BlockingMode;
  /** Number of blocks (default ceil(channels / N)); more blocks than needed only with 'overlap'. */
  readonly blockCount?: number;
  /** Row order of the transform (default 'sequency'). */
  readonly order?: HadamardOrder;
  /**
   * Soft-threshold thresholds T, one per transform channel: either N values shared by all blocks
   * (as public BWHT layers do) or blocks*N values (one per coefficient).
   */
  readonly thresholds: ArrayLike<number>;
  /** Soft-threshold scales w, same length as thresholds. */
  readonly scales: ArrayLike<number>;
  /** Divide each transform by sqrt(N) so it is orthonormal and self-inverse (default true). */
  readonly normalize?: boolean;
  /** Apply the inverse transform after the threshold, returning to the channel domain (default true). */
  readonly inverse?: boolean;
  /** Keep only the first outChannels coefficients (default all blocks*N). */
  readonly outChannels?: number;
}

/**
 * Forward pass of a BWHT layer on x laid out [positions][channels] (channels fastest):
 * block the channels, transform each block, y = tanh(w t) * ReLU(|w t| - T) per transform
 * channel, optionally transform back, keep the first outChannels values of each position.
 */
export function bwhtLayerForward(x: ArrayLike<number>, channels: number, opts: BwhtLayerOptions): Float64Array {
  const blocking: ChannelBlocking = channelBlocks(channels, opts.blockSize, opts.blocking ?? 'zero-pad', opts.blockCount);
  const n = blocking.blockSize;
  const k = blocking.coefficients;
  const order = opts.order ?? 'sequency';
  const normalize = opts.normalize ?? true;
  const inverse = opts.inverse ?? true;
  const outC = opts.outChannels ?? k;
  const nt = opts.thresholds.length;
  if ((nt !== n && nt !== k) || opts.scales.length !== nt) {
    throw new CimsimError(`BWHT layer needs ${n} (shared) or ${k} (per coefficient) thresholds and as many scales; got ${nt} and ${opts.scales.length}`);
  }
  if (!Number.isInteger(outC) || outC < 1 || outC > k) {
    throw new CimsimError(`outChannels ${outC} must be between 1 and ${k} (blocks x block size)`);
  }
  if (x.length % channels !== 0) {
    throw new CimsimError(`input length ${x.length} is not a multiple of ${channels} channels`);
  }
  const positions = x.length / channels;
  const gain = normalize ? 1 / Math.sqrt(n) : 1;
  const y = new Float64Array(positions * outC);
  const buf = new Float64Array(k);
  for (let p = 0; p < positions; p++) {
    blocking.blocks.forEach((blk, b) => {
      for (let j = 0; j < n; j++) {
        const c = blk.inputs[j];
        buf[b * n + j] = c >= 0 ? x[p * channels + c] : 0;
      }
    });
    fwhtInPlace(buf, n, order);
    for (let i = 0; i < k; i++) {
      const t = nt === n ? i % n : i;
      buf[i] = softThreshold(buf[i] * gain, opts.thresholds[t], opts.scales[t]);
    }
    if (inverse) {
      fwhtInPlace(buf, n, order);
      for (let i = 0; i < k; i++) buf[i] *= gain;
    }
    for (let i = 0; i < outC; i++) y[p * outC + i] = buf[i];
  }
  return y;
}
