import { CimsimError } from '../errors.js';
import { log2Exact } from './hadamard.js';

/**
 * Channel blocking: how C channels are cut into Walsh-Hadamard blocks of N (a power of two).
 *
 * - 'zero-pad': ceil(C/N) disjoint blocks starting at 0, N, 2N, ...; positions past channel C-1
 *   hold zeros (input index -1). Every channel is transformed exactly once.
 * - 'overlap': B >= ceil(C/N) full blocks (default B = ceil(C/N)) whose starts are
 *   floor(linspace(0, C - N, B)), the way public BWHT layers choose blocks when the channel count
 *   is not a multiple of N. No zeros are transformed; channels in the overlaps are transformed
 *   twice. Needs C >= N.
 */
export type BlockingMode = 'zero-pad' | 'overlap';

export interface ChannelBlock {
  /** First input channel of the block. */
  readonly start: number;
  /** inputs[j] = input channel at block position j, or -1 for a zero-padded position. */
  readonly inputs: Int32Array;
}

export interface ChannelBlocking {
  readonly mode: BlockingMode;
  readonly channels: number;
  readonly blockSize: number;
  readonly blocks: readonly ChannelBlock[];
  /** blocks.length * blockSize: number of transform coefficients (output channels before any slicing). */
  readonly coefficients: number;
}

/** Cut `channels` input channels into blocks of `blockSize` (see BlockingMode). */
export function channelBlocks(channels: number, blockSize: number, mode: BlockingMode = 'zero-pad', blockCount?: number): ChannelBlocking {
  log2Exact(blockSize);
  if (!Number.isInteger(channels) || channels < 1) {
    throw new CimsimError(`channel count ${channels} must be a positive integer`);
  }
  const minBlocks = Math.ceil(channels / blockSize);
  const count = blockCount ?? minBlocks;
  if (!Number.isInteger(count) || count < minBlocks) {
    throw new CimsimError(`${count} blocks of ${blockSize} cannot cover ${channels} channels`, undefined,
      `use at least ${minBlocks} blocks`);
  }
  const blocks: ChannelBlock[] = [];
  if (mode === 'zero-pad') {
    for (let b = 0; b < count; b++) {
      const inputs = new Int32Array(blockSize);
      for (let j = 0; j < blockSize; j++) {
        const c = b * blockSize + j;
        inputs[j] = c < channels ? c : -1;
      }
      blocks.push({ start: b * blockSize, inputs });
    }
  } else if (mode === 'overlap') {
    if (channels < blockSize) {
      throw new CimsimError(`overlapping blocks of ${blockSize} need at least ${blockSize} channels (got ${channels})`,
        undefined, 'use blocking "zero-pad" or a smaller block size');
    }
    for (let b = 0; b < count; b++) {
      // numpy linspace(0, C-N, B) then truncation toward zero, as public BWHT layers do.
      const start = count === 1 ? 0 : Math.floor(((channels - blockSize) * b) / (count - 1));
      const inputs = new Int32Array(blockSize);
      for (let j = 0; j < blockSize; j++) inputs[j] = start + j;
      blocks.push({ start, inputs });
    }
  } else {
    throw new CimsimError(`unknown blocking mode '${String(mode)}'`, undefined, "use 'zero-pad' or 'overlap'");
  }
  return { mode, channels, blockSize, blocks, coefficients: count * blockSize };
}

/** Gather the blocked input vector (length blocks*N, zeros at padded positions) from x[channels]. */
export function gatherBlocks(x: ArrayLike<number>, blocking: ChannelBlocking): Float64Array {
  if (x.length !== blocking.channels) {
    throw new CimsimError(`input has ${x.length} channels, blocking expects ${blocking.channels}`);
  }
  const n = blocking.blockSize;
  const out = new Float64Array(blocking.coefficients);
  blocking.blocks.forEach((blk, b) => {
    for (let j = 0; j < n; j++) {
      const c = blk.inputs[j];
      out[b * n + j] = c >= 0 ? x[c] : 0;
    }
  });
  return out;
}
