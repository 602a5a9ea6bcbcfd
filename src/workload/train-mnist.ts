/**
 * Trains the bundled MNIST classifier: 14 x 14 pooled pixels (4-bit) -> dense 196 x 64 with 2-bit
 * weights -> 64-point BWHT -> dense 64 x 10 with 1-bit weights, ReLU with 4-bit activation codes
 * between layers. First as a float network, then quantization-aware (straight-through estimator
 * for the weight and activation rounding) from there; seeded, so the same command writes the same
 * files. Run it with `npm run train:mnist` (writes scenarios/mnist/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RandomStream } from '../tech/random.js';
import { hadamardMatrix } from './hadamard.js';
import { mnistSplit, MNIST_SIDE, type DigitSet } from './mnist.js';
import { argmax, inputValues, matVec, runFloatNetwork, runNetwork, type Network } from './network.js';
import { writeNpy } from './npy.js';

const HIDDEN = 64;
const CLASSES = 10;
const POOL = 2;
const INPUTS = (MNIST_SIDE / POOL) ** 2; // 196
const BITS = 4; // input and activation codes
const TOP = 2 ** BITS - 1;
const W1_BITS = 2;
const W3_BITS = 1;

/** Trainable parameters (latent float weights in units of one odd weight level). */
interface Params {
  w1: Float64Array; s1: Float64Array; b1: Float64Array;
  s2: Float64Array; b2: Float64Array;
  w3: Float64Array; s3: Float64Array; b3: Float64Array;
}

type Key = keyof Params;
const KEYS: Key[] = ['w1', 's1', 'b1', 's2', 'b2', 'w3', 's3', 'b3'];

/** Nearest odd level of a weight, within +-(2^bits - 1). */
export function oddLevel(w: number, bits: number): number {
  const top = 2 ** bits - 1;
  return Math.min(top, Math.max(-top, 2 * Math.floor(w / 2) + 1));
}

const H = Float64Array.from(hadamardMatrix(HIDDEN, 'sequency'));

function initParams(seed: string): Params {
  const r = new RandomStream(seed, 'train:init');
  const normal = (n: number, sigma: number) => Float64Array.from({ length: n }, () => sigma * r.normal());
  const fill = (n: number, v: number) => new Float64Array(n).fill(v);
  return {
    w1: normal(HIDDEN * INPUTS, 1.5), s1: fill(HIDDEN, 0.02), b1: fill(HIDDEN, 2),
    s2: fill(HIDDEN, 0.1), b2: fill(HIDDEN, 1),
    w3: normal(CLASSES * HIDDEN, 1), s3: fill(CLASSES, 0.1), b3: fill(CLASSES, 0),
  };
}

interface Pass {
  a0: Float64Array; w1: Float64Array; y1: Float64Array; z1: Float64Array; a1: Float64Array;
  y2: Float64Array; z2: Float64Array; a2: Float64Array; w3: Float64Array; y3: Float64Array; z3: Float64Array;
}

/** Forward pass; `quant` rounds inputs, weights and activations as the chip's network does. */
function forward(p: Params, image: ArrayLike<number>, quant: boolean, w1: Float64Array, w3: Float64Array): Pass {
  const x = inputValues(NET_SHAPE, image);
  const a0 = quant ? x.map((v) => Math.min(TOP, Math.max(0, Math.round(v)))) : x;
  const act = (z: Float64Array) => z.map((v) => {
    const c = Math.min(TOP, Math.max(0, v));
    return quant ? Math.round(c) : c;
  });
  const y1 = matVec(w1, HIDDEN, INPUTS, a0);
  const z1 = y1.map((v, o) => p.s1[o] * v + p.b1[o]);
  const a1 = act(z1);
  const y2 = matVec(H, HIDDEN, HIDDEN, a1);
  const z2 = y2.map((v, o) => p.s2[o] * v + p.b2[o]);
  const a2 = act(z2);
  const y3 = matVec(w3, CLASSES, HIDDEN, a2);
  const z3 = y3.map((v, o) => p.s3[o] * v + p.b3[o]);
  return { a0, w1, y1, z1, a1, y2, z2, a2, w3, y3, z3 };
}

/** Accumulate the cross-entropy gradient of one image into `g`; returns its loss. */
function backward(p: Params, f: Pass, label: number, g: Params, quant: boolean): number {
  const max = Math.max(...f.z3);
  const e = f.z3.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  const g3 = e.map((v, k) => v / sum - (k === label ? 1 : 0));
  const gy3 = affineBack(g3, f.y3, p.s3, g.s3, g.b3);
  const ga2 = denseBack(gy3, f.a2, f.w3, p.w3, g.w3, CLASSES, HIDDEN, quant ? W3_BITS : 0);
  const gz2 = ga2.map((v, o) => (f.z2[o] > 0 && f.z2[o] < TOP ? v : 0));
  const gy2 = affineBack(gz2, f.y2, p.s2, g.s2, g.b2);
  const ga1 = new Float64Array(HIDDEN); // H^T gy2
  for (let i = 0; i < HIDDEN; i++) for (let j = 0; j < HIDDEN; j++) ga1[j] += H[i * HIDDEN + j] * gy2[i];
  const gz1 = ga1.map((v, o) => (f.z1[o] > 0 && f.z1[o] < TOP ? v : 0));
  const gy1 = affineBack(gz1, f.y1, p.s1, g.s1, g.b1);
  denseBack(gy1, f.a0, f.w1, p.w1, g.w1, HIDDEN, INPUTS, quant ? W1_BITS : 0);
  return -Math.log(e[label] / sum);
}

/** Gradient through z = scale * y + bias: accumulates into gScale and gBias, returns dL/dy. */
function affineBack(gz: ArrayLike<number>, y: ArrayLike<number>, scale: Float64Array, gScale: Float64Array, gBias: Float64Array): Float64Array {
  const gy = new Float64Array(gz.length);
  for (let o = 0; o < gz.length; o++) {
    gScale[o] += gz[o] * y[o];
    gBias[o] += gz[o];
    gy[o] = gz[o] * scale[o];
  }
  return gy;
}

/** Gradient of a dense layer: weights (straight through the rounding, zero beyond the top level) and inputs. */
function denseBack(gy: Float64Array, x: Float64Array, wUsed: Float64Array, latent: Float64Array, gw: Float64Array, rows: number, cols: number, bits: number): Float64Array {
  const gx = new Float64Array(cols);
  const limit = bits > 0 ? 2 ** bits : Infinity;
  for (let o = 0; o < rows; o++) {
    const go = gy[o];
    if (go === 0) continue;
    for (let i = 0; i < cols; i++) {
      if (Math.abs(latent[o * cols + i]) < limit) gw[o * cols + i] += go * x[i];
      gx[i] += go * wUsed[o * cols + i];
    }
  }
  return gx;
}

/** Adam over every parameter; the scales learn at a step in proportion to their size. */
class Adam {
  private readonly m: Params;
  private readonly v: Params;
  private t = 0;
  constructor(p: Params) {
    const zeros = (): Params => Object.fromEntries(KEYS.map((k) => [k, new Float64Array(p[k].length)])) as unknown as Params;
    this.m = zeros();
    this.v = zeros();
  }
  step(p: Params, g: Params, lr: number, batch: number): void {
    this.t++;
    const rate: Record<Key, number> = { w1: lr, w3: lr, s1: lr * 0.02, s2: lr * 0.1, s3: lr * 0.1, b1: lr, b2: lr, b3: lr };
    for (const k of KEYS) {
      const [pk, gk, mk, vk] = [p[k], g[k], this.m[k], this.v[k]];
      for (let i = 0; i < pk.length; i++) {
        const gi = gk[i] / batch;
        mk[i] = 0.9 * mk[i] + 0.1 * gi;
        vk[i] = 0.999 * vk[i] + 0.001 * gi * gi;
        const mh = mk[i] / (1 - 0.9 ** this.t);
        const vh = vk[i] / (1 - 0.999 ** this.t);
        pk[i] -= (rate[k] * mh) / (Math.sqrt(vh) + 1e-8);
        gk[i] = 0;
      }
    }
  }
}

const NET_SHAPE: Network = { name: 'shape', input: { side: MNIST_SIDE, pool: POOL, bits: BITS }, activationBits: BITS, layers: [] };

function train(p: Params, data: DigitSet, o: { epochs: number; quant: boolean; lr: number; seed: string }): void {
  const adam = new Adam(p);
  const g = Object.fromEntries(KEYS.map((k) => [k, new Float64Array(p[k].length)])) as unknown as Params;
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const r = new RandomStream(o.seed, `train:shuffle:${o.quant ? 'quant' : 'float'}`);
  const batch = 32;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const lr = o.lr * (epoch < o.epochs / 2 ? 1 : 0.3);
    let loss = 0;
    for (let b = 0; b < order.length; b += batch) {
      const w1 = o.quant ? p.w1.map((w) => oddLevel(w, W1_BITS)) : p.w1;
      const w3 = o.quant ? p.w3.map((w) => oddLevel(w, W3_BITS)) : p.w3;
      const end = Math.min(order.length, b + batch);
      for (let k = b; k < end; k++) {
        const n = order[k];
        const image = data.pixels.subarray(n * 784, (n + 1) * 784);
        loss += backward(p, forward(p, image, o.quant, w1, w3), data.labels[n], g, o.quant);
      }
      adam.step(p, g, lr, end - b);
    }
    process.stderr.write(`${o.quant ? 'quantized' : 'float'} epoch ${epoch + 1}/${o.epochs}: mean loss ${(loss / order.length).toFixed(4)}\n`);
  }
}

/** The trained network as cimsim reads it (integer weights, folded scales) with its float parameters. */
function exportNetwork(quant: Params, float: Params): Network {
  const f = (x: Float64Array) => Float64Array.from(x);
  return {
    name: 'mnist-bwht',
    input: { side: MNIST_SIDE, pool: POOL, bits: BITS },
    activationBits: BITS,
    layers: [
      { type: 'dense', name: 'fc1', inputs: INPUTS, outputs: HIDDEN, weightBits: W1_BITS, weights: Int32Array.from(quant.w1, (w) => oddLevel(w, W1_BITS)), scale: f(quant.s1), bias: f(quant.b1), activation: 'relu', float: { weights: f(float.w1), scale: f(float.s1), bias: f(float.b1) } },
      { type: 'bwht', name: 'bwht', inputs: HIDDEN, outputs: HIDDEN, blockSize: HIDDEN, scale: f(quant.s2), bias: f(quant.b2), activation: 'relu', float: { scale: f(float.s2), bias: f(float.b2) } },
      { type: 'dense', name: 'fc2', inputs: HIDDEN, outputs: CLASSES, weightBits: W3_BITS, weights: Int32Array.from(quant.w3, (w) => oddLevel(w, W3_BITS)), scale: f(quant.s3), bias: f(quant.b3), activation: 'none', float: { weights: f(float.w3), scale: f(float.s3), bias: f(float.b3) } },
    ],
  };
}

/** Write the network description and one .npy per tensor into `dir`. */
export function writeNetwork(net: Network, dir: string, notes: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  const file = (layer: string, what: string, shape: number[], data: ArrayLike<number>): string => {
    const name = `${layer}-${what}.npy`;
    writeFileSync(path.join(dir, name), writeNpy(shape, data));
    return name;
  };
  const layers = net.layers.map((l) => ({
    name: l.name,
    type: l.type,
    inputs: l.inputs,
    outputs: l.outputs,
    ...(l.type === 'dense' ? { weightBits: l.weightBits, weights: file(l.name, 'weights', [l.outputs, l.inputs], l.weights) } : { blockSize: l.blockSize }),
    scale: file(l.name, 'scale', [l.outputs], l.scale),
    bias: file(l.name, 'bias', [l.outputs], l.bias),
    activation: l.activation,
    float: {
      ...(l.float?.weights !== undefined ? { weights: file(l.name, 'float-weights', [l.outputs, l.inputs], l.float.weights) } : {}),
      scale: file(l.name, 'float-scale', [l.outputs], l.float!.scale),
      bias: file(l.name, 'float-bias', [l.outputs], l.float!.bias),
    },
  }));
  const doc = { name: net.name, trained: notes, input: net.input, activationBits: net.activationBits, layers };
  writeFileSync(path.join(dir, 'network.json'), `${JSON.stringify(doc, null, 2)}\n`);
}

function accuracy(data: DigitSet, classify: (image: Float32Array) => number): number {
  let right = 0;
  for (let n = 0; n < data.count; n++) if (classify(data.pixels.subarray(n * 784, (n + 1) * 784)) === data.labels[n]) right++;
  return right / data.count;
}

function main(dir: string): void {
  const seed = 'mnist-bwht';
  const trainSet = mnistSplit('train');
  const testSet = mnistSplit('test');
  const p = initParams(seed);
  train(p, trainSet, { epochs: 8, quant: false, lr: 0.01, seed });
  const float = Object.fromEntries(KEYS.map((k) => [k, Float64Array.from(p[k])])) as unknown as Params;
  train(p, trainSet, { epochs: 8, quant: true, lr: 0.005, seed });
  const net = exportNetwork(p, float);
  // Float32 files: evaluate the network as it is read back, not as it was trained.
  const round32 = (x: Float64Array) => Float64Array.from(Float32Array.from(x));
  for (const l of net.layers) {
    l.scale = round32(l.scale);
    l.bias = round32(l.bias);
    l.float = { weights: l.float!.weights && round32(l.float!.weights), scale: round32(l.float!.scale), bias: round32(l.float!.bias) };
  }
  const floatAccuracy = accuracy(testSet, (im) => argmax(runFloatNetwork(net, im)));
  const quantAccuracy = accuracy(testSet, (im) => argmax(runNetwork(net, im).logits));
  const notes = { command: 'npm run train:mnist', seed, trainImages: trainSet.count, testImages: testSet.count, floatTestAccuracy: floatAccuracy, quantizedTestAccuracy: quantAccuracy };
  writeNetwork(net, dir, notes);
  process.stdout.write(`wrote ${dir}: float ${(floatAccuracy * 100).toFixed(2)} %, quantized ${(quantAccuracy * 100).toFixed(2)} % on ${testSet.count} held-out digits\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv[2] ?? 'scenarios/mnist');
