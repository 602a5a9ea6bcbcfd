/** Workload math of cimsim: binarized Walsh-Hadamard (BWHT) layers, their array mapping, activations, MobileNetV2 accounting. */
export {
  type HadamardOrder, isPowerOfTwo, log2Exact, nextPowerOfTwo, bitReverse, gray, sequencyPermutation,
  hadamardEntry, hadamardMatrix, fwhtInPlace, fwht, signChanges,
} from './hadamard.js';
export { softThreshold, softThresholdChannels } from './softThreshold.js';
export { type BlockingMode, type ChannelBlock, type ChannelBlocking, channelBlocks, gatherBlocks } from './blocking.js';
export { type BwhtLayerOptions, bwhtLayerForward } from './bwhtLayer.js';
export { quantizeActivations, dequantizeActivations, bitPlanes } from './quantize.js';
export {
  type BwhtTile, type BwhtTilePlan, type TilePlan, type PlanTilesOptions, planTiles, planMatrixTiles, tileWordlineBits, idealColumnSums,
  idealTileSums, combineTileSums, bwhtExactInt,
} from './bwhtMapping.js';
export { type NpyArray, readNpy } from './npy.js';
export { type ActivationTensor, type GenerateActivationsOptions, loadActivations, parseJsonActivations, generateActivations } from './activations.js';
export { type MobileNetV2Variant, type LayerType, type LayerRole, type LayerRow, mobilenetV2Table, totalParams } from './mobilenetV2.js';
export {
  type CoefficientParams, type ReplacementPolicy, type ReplacementRow, type ReplacementReport, type SweepEntry, REPLACEMENT_POLICIES,
  bwhtLayerParams, replacementReport, policySweep,
} from './replacement.js';
