import { CimsimError } from '../errors.js';
import { hadamardMatrix } from './hadamard.js';

/**
 * A feed-forward network as cimsim runs it on the chip. Every layer is an integer matrix-vector
 * product on unsigned activation codes (what the arrays compute), then a digital per-output affine
 * map and activation: z = scale * y + bias, codes of the next layer = clamp(round(z), 0, 2^bits - 1)
 * after a ReLU, logits after the last layer. `scale` and `bias` fold the trained batch
 * normalization and the activation quantizer's step, so z is in next-layer LSB.
 *
 * - dense: y = W q with W signed odd integers |W| <= 2^weightBits - 1, stored as weightBits +-1
 *   slices (W = sum_s 2^s d_s), each slice a +-1 matrix on the arrays, shift-added digitally;
 * - bwht: y = H q blockwise (Walsh-Hadamard, sequency order), fixed +-1 weights; the layer trains
 *   only its per-coefficient scale and threshold (bias).
 */
export type Activation = 'relu' | 'none';

interface LayerBase {
  name: string;
  inputs: number;
  outputs: number;
  /** Per output: digital affine map after the array, z = scale * y + bias (next-layer LSB). */
  scale: Float64Array;
  bias: Float64Array;
  activation: Activation;
  /** The float network's parameters of this layer (before quantization), when the network carries them. */
  float?: { weights?: Float64Array; scale: Float64Array; bias: Float64Array };
}

export interface DenseLayer extends LayerBase {
  type: 'dense';
  weightBits: number;
  /** Row-major outputs x inputs, odd integers in [-(2^weightBits - 1), 2^weightBits - 1]. */
  weights: Int32Array;
}

export interface BwhtNetworkLayer extends LayerBase {
  type: 'bwht';
  /** Block size N (a power of two); inputs = outputs = a multiple of N. */
  blockSize: number;
}

export type NetworkLayer = DenseLayer | BwhtNetworkLayer;

export interface Network {
  name: string;
  /** Input images: side x side pixels in [0, 1], average-pooled by `pool`, then quantized to `inputBits`. */
  input: { side: number; pool: number; bits: number };
  /** Bits of every hidden activation code. */
  activationBits: number;
  layers: NetworkLayer[];
}

/** The +-1 slices of a dense layer's weights: row (o * weightBits + s) is slice s of output o. */
export function weightSlices(layer: DenseLayer): Int8Array {
  const b = layer.weightBits;
  const top = 2 ** b - 1;
  const m = new Int8Array(layer.outputs * b * layer.inputs);
  for (let o = 0; o < layer.outputs; o++) {
    for (let i = 0; i < layer.inputs; i++) {
      const w = layer.weights[o * layer.inputs + i];
      const u = (w + top) / 2; // 0 .. top: its bits are the slices
      for (let s = 0; s < b; s++) m[(o * b + s) * layer.inputs + i] = (u >>> s) & 1 ? 1 : -1;
    }
  }
  return m;
}

/** Shift-add of slice results: y[o] = sum_s 2^s ySlices[o * weightBits + s]. */
export function combineSlices(ySlices: ArrayLike<number>, outputs: number, weightBits: number): Float64Array {
  const y = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) for (let s = 0; s < weightBits; s++) y[o] += 2 ** s * ySlices[o * weightBits + s];
  return y;
}

/** Exact y = W q of a layer (integers), the software reference of what the arrays compute. */
export function exactProduct(layer: NetworkLayer, q: ArrayLike<number>): Float64Array {
  if (layer.type === 'dense') return matVec(layer.weights, layer.outputs, layer.inputs, q);
  return blockHadamard(q, layer.blockSize);
}

/** The network's input codes of one image (row-major side x side pixels in [0, 1]). */
export function inputCodes(net: Network, image: ArrayLike<number>): Int32Array {
  const x = inputValues(net, image);
  const top = 2 ** net.input.bits - 1;
  return Int32Array.from(x, (v) => Math.min(top, Math.max(0, Math.round(v))));
}

/** Pooled pixels in units of one input LSB (the float network's input). */
export function inputValues(net: Network, image: ArrayLike<number>): Float64Array {
  const { side, pool, bits } = net.input;
  const out = side / pool;
  const top = 2 ** bits - 1;
  const y = new Float64Array(out * out);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) y[Math.floor(r / pool) * out + Math.floor(c / pool)] += (image[r * side + c] * top) / (pool * pool);
  }
  return y;
}

/** One layer's digital step: z = scale * y + bias; next codes (ReLU, round, clamp) or logits. */
export function digitalStep(layer: NetworkLayer, y: ArrayLike<number>, activationBits: number): { z: Float64Array; codes?: Int32Array } {
  const z = Float64Array.from(y, (v, o) => layer.scale[o] * v + layer.bias[o]);
  if (layer.activation === 'none') return { z };
  const top = 2 ** activationBits - 1;
  return { z, codes: Int32Array.from(z, (v) => Math.min(top, Math.max(0, Math.round(v)))) };
}

/**
 * The quantized network in software or on a chip: `product(layer index, codes)` gives y of each
 * layer (exactProduct for the software network). Returns the logits and every layer's y.
 */
export function runNetwork(net: Network, image: ArrayLike<number>, product: (index: number, q: Int32Array) => Float64Array = (k, q) => exactProduct(net.layers[k], q)): { logits: Float64Array; products: Float64Array[]; codes: Int32Array[] } {
  let q = inputCodes(net, image);
  const products: Float64Array[] = [];
  const codes: Int32Array[] = [q];
  let logits: Float64Array = new Float64Array(0);
  net.layers.forEach((layer, k) => {
    const y = product(k, q);
    products.push(y);
    const step = digitalStep(layer, y, net.activationBits);
    if (step.codes === undefined) logits = step.z;
    else codes.push((q = step.codes));
  });
  return { logits, products, codes };
}

/** The float network (each layer's `float` parameters, activations ReLU clipped to the code range, unrounded). */
export function runFloatNetwork(net: Network, image: ArrayLike<number>): Float64Array {
  let x: ArrayLike<number> = inputValues(net, image);
  const top = 2 ** net.activationBits - 1;
  for (const layer of net.layers) {
    const f = layer.float;
    if (f === undefined) throw new CimsimError(`layer ${layer.name} carries no float parameters`, undefined, 'add its "float" entry to the network file');
    const y = layer.type === 'dense' ? matVec(f.weights!, layer.outputs, layer.inputs, x) : blockHadamard(x, layer.blockSize);
    const z = Float64Array.from(y, (v, o) => f.scale[o] * v + f.bias[o]);
    x = layer.activation === 'none' ? z : z.map((v) => Math.min(top, Math.max(0, v)));
  }
  return Float64Array.from(x);
}

/** Index of the largest logit (the first on a tie). */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
  return best;
}

/** y = W x for row-major W (rows x cols). */
export function matVec(w: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(rows);
  for (let o = 0; o < rows; o++) {
    let acc = 0;
    for (let i = 0; i < cols; i++) acc += w[o * cols + i] * x[i];
    y[o] = acc;
  }
  return y;
}

const hadamards = new Map<number, Int8Array>();

/** y = H x in consecutive blocks of n (sequency order). */
export function blockHadamard(x: ArrayLike<number>, n: number): Float64Array {
  let h = hadamards.get(n);
  if (h === undefined) hadamards.set(n, (h = hadamardMatrix(n, 'sequency')));
  const y = new Float64Array(x.length);
  for (let b = 0; b < x.length; b += n) {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += h[i * n + j] * x[b + j];
      y[b + i] = acc;
    }
  }
  return y;
}
