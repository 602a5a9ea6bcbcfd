import * as path from 'node:path';
import { CimsimError } from '../errors.js';
import type { SourceLoc } from '../netlist/params.js';
import { isPowerOfTwo } from '../workload/hadamard.js';
import type { Activation, Network, NetworkLayer } from '../workload/network.js';
import { loadTensor } from '../workload/tensor-file.js';
import { readJsonFile, type JsonFile } from './json.js';

/** Largest layer read: 2^24 weights (64 MiB as float32), far beyond what a chip of these arrays holds. */
const MAX_WEIGHTS = 2 ** 24;

/**
 * Read a network description (docs/networks.md): its JSON, then every tensor file it names
 * (relative to it). Each problem is located at the entry that causes it, with what was expected.
 */
export function loadNetwork(file: string): Network {
  const json = readJsonFile(file, {
    what: 'network file',
    unreadableHint: 'the path is relative to the scenario file; the bundled network is scenarios/mnist/network.json',
    syntaxHint: 'network files are JSON: check commas, quotes and brackets',
  });
  const v = new Reader(json, path.dirname(file));
  v.object([], ['name', 'trained', 'input', 'activationBits', 'layers']);
  v.object(['input'], ['side', 'pool', 'bits']);
  const side = v.integer(['input', 'side'], 1, 4096);
  const pool = v.integer(['input', 'pool'], 1, side);
  if (side % pool !== 0) throw v.error(['input', 'pool'], `pool ${pool} does not divide the image side ${side}`, 'pick a pool that divides the side (28 -> 1, 2, 4, 7, 14, 28)');
  const net: Network = {
    name: v.string(['name']),
    input: { side, pool, bits: v.integer(['input', 'bits'], 1, 8) },
    activationBits: v.integer(['activationBits'], 1, 8),
    layers: [],
  };
  const layers = v.array(['layers']);
  if (layers.length === 0) throw v.error(['layers'], 'a network needs at least one layer');
  let inputs = (side / pool) ** 2;
  layers.forEach((_, k) => {
    const layer = readLayer(v, k, inputs, k === layers.length - 1);
    net.layers.push(layer);
    inputs = layer.outputs;
  });
  return net;
}

function readLayer(v: Reader, k: number, inputs: number, last: boolean): NetworkLayer {
  const at = (...rest: (string | number)[]) => ['layers', k, ...rest];
  const type = v.choice(at('type'), ['dense', 'bwht'] as const);
  v.object(at(), ['name', 'type', 'inputs', 'outputs', 'activation', 'scale', 'bias', 'float', ...(type === 'dense' ? ['weightBits', 'weights'] : ['blockSize'])]);
  if (v.has(at('float'))) v.object(at('float'), type === 'dense' ? ['weights', 'scale', 'bias'] : ['scale', 'bias']);
  const name = v.string(at('name'));
  const declared = v.integer(at('inputs'), 1, 65536);
  if (declared !== inputs) throw v.error(at('inputs'), `layer ${name} takes ${declared} inputs, but ${k === 0 ? 'the pooled image has' : 'the layer before gives'} ${inputs}`, 'a layer takes what the one before gives');
  const outputs = v.integer(at('outputs'), 1, 65536);
  if (inputs * outputs > MAX_WEIGHTS) throw v.error(at('outputs'), `layer ${name} would hold ${inputs * outputs} weights, more than ${MAX_WEIGHTS}`);
  const activation = v.choice(at('activation'), ['relu', 'none'] as const) as Activation;
  if (last !== (activation === 'none')) {
    throw v.error(at('activation'), last ? `the last layer ${name} gives the logits: its activation is "none"` : `layer ${name} feeds another layer: its activation is "relu" (codes for the next layer)`);
  }
  const vector = (key: string, where = at(key)) => v.tensor(where, [outputs], `${name} ${key}`);
  const common = { name, inputs, outputs, activation, scale: vector('scale'), bias: vector('bias') };
  const hasFloat = v.has(at('float'));
  if (type === 'bwht') {
    const blockSize = v.integer(at('blockSize'), 2, 65536);
    if (!isPowerOfTwo(blockSize)) throw v.error(at('blockSize'), `block size ${blockSize} is not a power of two`, 'Walsh-Hadamard blocks are 2, 4, 8, ... inputs');
    if (outputs !== inputs || inputs % blockSize !== 0) throw v.error(at('outputs'), `a BWHT layer gives one output per input in blocks of ${blockSize}: inputs = outputs = a multiple of ${blockSize}`);
    const float = hasFloat ? { scale: vector('scale', at('float', 'scale')), bias: vector('bias', at('float', 'bias')) } : undefined;
    return { type, blockSize, ...common, float };
  }
  const weightBits = v.integer(at('weightBits'), 1, 8);
  const top = 2 ** weightBits - 1;
  const w = v.tensor(at('weights'), [outputs, inputs], `${name} weights`);
  for (let i = 0; i < w.length; i++) {
    if (!Number.isInteger(w[i]) || Math.abs(w[i]) > top || Math.abs(w[i]) % 2 !== 1) {
      throw v.error(at('weights'), `weight [${Math.floor(i / inputs)}][${i % inputs}] of ${name} is ${w[i]}; ${weightBits}-bit weights are odd integers from -${top} to ${top}`,
        `each weight is stored as ${weightBits} +-1 slices (W = sum 2^s d_s), which gives the odd levels only`);
    }
  }
  const float = hasFloat ? { weights: v.tensor(at('float', 'weights'), [outputs, inputs], `${name} float weights`), scale: vector('scale', at('float', 'scale')), bias: vector('bias', at('float', 'bias')) } : undefined;
  return { type, weightBits, weights: Int32Array.from(w), ...common, float };
}

/** Typed, located reads of a JSON document. */
class Reader {
  constructor(private readonly json: JsonFile, private readonly dir: string) {}

  error(pointer: (string | number)[], message: string, hint?: string): CimsimError {
    return new CimsimError(message, this.loc(pointer), hint);
  }

  has(pointer: (string | number)[]): boolean {
    return this.value(pointer, true) !== undefined;
  }

  /** An object whose keys are all in `keys` (a misspelt key is refused, not ignored). */
  object(pointer: (string | number)[], keys: readonly string[]): Record<string, unknown> {
    const x = this.value(pointer);
    if (typeof x !== 'object' || x === null || Array.isArray(x)) throw this.error(pointer, `${this.name(pointer)} must be an object`);
    for (const key of Object.keys(x)) {
      if (!keys.includes(key)) throw new CimsimError(`unknown key "${key}" in ${this.name(pointer)}`, this.json.locate([...pointer, key], true), `expected one of ${keys.map((k) => `"${k}"`).join(', ')}`);
    }
    return x as Record<string, unknown>;
  }

  array(pointer: (string | number)[]): unknown[] {
    const x = this.value(pointer);
    if (!Array.isArray(x)) throw this.error(pointer, `${this.name(pointer)} must be an array`);
    return x;
  }

  string(pointer: (string | number)[]): string {
    const x = this.value(pointer);
    if (typeof x !== 'string' || x === '') throw this.error(pointer, `${this.name(pointer)} must be a non-empty string`);
    return x;
  }

  integer(pointer: (string | number)[], min: number, max: number): number {
    const x = this.value(pointer);
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) throw this.error(pointer, `${this.name(pointer)} must be an integer from ${min} to ${max}, got ${JSON.stringify(x)}`);
    return x;
  }

  choice<T extends string>(pointer: (string | number)[], choices: readonly T[]): T {
    const x = this.value(pointer);
    if (typeof x !== 'string' || !choices.includes(x as T)) throw this.error(pointer, `${this.name(pointer)} must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${JSON.stringify(x)}`);
    return x as T;
  }

  /** A tensor file named at `pointer`, relative to the network file. */
  tensor(pointer: (string | number)[], shape: number[], what: string): Float64Array {
    const file = path.resolve(this.dir, this.string(pointer));
    try {
      return loadTensor(file, shape, what);
    } catch (e) {
      // A file problem without a place of its own is located at the entry that names the file.
      if (e instanceof CimsimError && e.loc === undefined) throw new CimsimError(e.message, this.loc(pointer), e.hint);
      throw e;
    }
  }

  private name(pointer: (string | number)[]): string {
    return pointer.length === 0 ? 'the network file' : `"${pointer.join('.')}"`;
  }

  private value(pointer: (string | number)[], optional = false): unknown {
    let x: unknown = this.json.data;
    for (const key of pointer) {
      if (typeof x !== 'object' || x === null || !Object.prototype.hasOwnProperty.call(x, key)) {
        if (optional) return undefined;
        throw this.error(pointer.slice(0, -1), `${this.name(pointer.slice(0, -1))} has no "${String(pointer[pointer.length - 1])}"`);
      }
      x = (x as Record<string | number, unknown>)[key];
    }
    return x;
  }

  private loc(pointer: (string | number)[]): SourceLoc {
    return this.json.locate(pointer);
  }
}
