import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { CimsimError } from '../errors.js';
import { readNpy } from './npy.js';

/** An activation tensor: row-major (C order) data with its shape. */
export interface ActivationTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * Load activations from a `.npy` file (little-endian float32, C order) or a `.json` file holding a
 * number or a rectangular nested array of numbers. `expectedShape` (optional) is checked exactly;
 * a -1 entry matches any size.
 */
export function loadActivations(path: string, expectedShape?: readonly number[]): ActivationTensor {
  const lower = path.toLowerCase();
  if (!lower.endsWith('.npy') && !lower.endsWith('.json')) {
    throw new CimsimError(`activation file '${path}' must end in .npy or .json`, undefined,
      'save float32 arrays with numpy.save (.npy) or write a JSON number array (.json)');
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CimsimError(`cannot read activation file '${path}': ${(e as Error).message}`, undefined,
      'check the path (relative paths are resolved from the working directory)');
  }
  const t = lower.endsWith('.npy') ? readNpy(bytes, path) : parseJsonActivations(new TextDecoder().decode(bytes), path);
  if (expectedShape) checkShape(t.shape, expectedShape, path);
  return t;
}

/** Parse JSON text holding a nested rectangular array of finite numbers. */
export function parseJsonActivations(text: string, file = '<json>'): ActivationTensor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const loc = m ? lineCol(text, parseInt(m[1], 10)) : { line: 1, col: 1 };
    throw new CimsimError(`invalid JSON: ${msg}`, { file, ...loc }, 'activations are a JSON number array, e.g. [[0.1, 0.2], [0.3, 0.4]]',
      text.split('\n')[loc.line - 1]);
  }
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data: number[] = [];
  const walk = (v: unknown, depth: number, where: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new CimsimError(`activation ${where} is ${JSON.stringify(v)}, not a finite number`, { file, line: 1, col: 1 });
      }
      data.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new CimsimError(`ragged activation array at ${where}: expected ${shape[depth]} entries`, { file, line: 1, col: 1 },
        'every row must have the same length (a rectangular tensor)');
    }
    v.forEach((x, i) => walk(x, depth + 1, `${where}[${i}]`));
  };
  walk(value, 0, '');
  return { shape, data: Float32Array.from(data) };
}

/** Options of seeded activation generation. */
export interface GenerateActivationsOptions {
  readonly seed: string | number;
  readonly shape: readonly number[];
  /** 'uniform' on [low, high) (default [0, 1)), or 'normal' with mean and std (default 0, 1). */
  readonly distribution?: 'uniform' | 'normal';
  readonly low?: number;
  readonly high?: number;
  readonly mean?: number;
  readonly std?: number;
}

/** Activations drawn from a seeded seedrandom stream: same seed, same tensor. */
export function generateActivations(opts: GenerateActivationsOptions): ActivationTensor {
  const count = opts.shape.reduce((a, b) => a * b, 1);
  if (!opts.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new CimsimError(`bad activation shape (${opts.shape.join(', ')})`, undefined, 'dimensions are non-negative integers');
  }
  const rng = seedrandom(String(opts.seed));
  const data = new Float32Array(count);
  if ((opts.distribution ?? 'uniform') === 'uniform') {
    const lo = opts.low ?? 0;
    const hi = opts.high ?? 1;
    for (let i = 0; i < count; i++) data[i] = lo + (hi - lo) * rng();
  } else {
    const mean = opts.mean ?? 0;
    const std = opts.std ?? 1;
    for (let i = 0; i < count; i++) {
      // Box-Muller; 1 - rng() lies in (0, 1] so the log is finite.
      const u = 1 - rng();
      data[i] = mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
    }
  }
  return { shape: [...opts.shape], data };
}

function checkShape(shape: readonly number[], expected: readonly number[], file: string): void {
  const ok = shape.length === expected.length && shape.every((d, i) => expected[i] === -1 || expected[i] === d);
  if (!ok) {
    throw new CimsimError(`activation shape (${shape.join(', ')}) does not match the expected (${expected.join(', ')})`,
      { file, line: 1, col: 1 }, 'reshape the array before saving, e.g. array.reshape(positions, channels)');
  }
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}
