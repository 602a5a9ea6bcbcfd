import { CimsimError } from '../errors.js';
import type { RandomStream } from '../tech/random.js';

/**
 * Stored-bit patterns for an array, row-major (index r * cols + c):
 *   ones | zeros | checker | random:P (each bit '1' with probability P, from the seeded stream)
 *   hex:W0,W1,...  one hex word per row, column 0 = least significant bit
 */
export type WeightPattern =
  | { kind: 'ones' | 'zeros' | 'checker' }
  | { kind: 'random'; p: number }
  | { kind: 'hex'; bits: Uint8Array };

/** Read and check a pattern for a rows x cols array (done when the netlist is checked). */
export function parseWeightPattern(spec: string, rows: number, cols: number, device: string): WeightPattern {
  const [kind, arg] = splitOnce(spec.trim().toLowerCase(), ':');
  if (kind === 'ones' || kind === 'zeros' || kind === 'checker') return { kind };
  if (kind === 'random') {
    const p = arg === undefined ? 0.5 : Number(arg);
    if (!(p >= 0 && p <= 1)) throw bad(device, spec, 'random:P needs a probability P between 0 and 1, e.g. random:0.5');
    return { kind, p };
  }
  if (kind === 'hex') {
    const words = (arg ?? '').split(',').filter((w) => w.length > 0);
    if (words.length !== rows) throw bad(device, spec, `hex: needs one word per row (${rows} rows), got ${words.length}`);
    const bits = new Uint8Array(rows * cols);
    words.forEach((word, r) => {
      if (!/^[0-9a-f]+$/.test(word)) throw bad(device, spec, `row ${r}: "${word}" is not a hexadecimal word`);
      const value = BigInt(`0x${word}`);
      if (value >> BigInt(cols) !== 0n) throw bad(device, spec, `row ${r}: "${word}" has bits beyond ${cols} columns`);
      for (let c = 0; c < cols; c++) bits[r * cols + c] = Number((value >> BigInt(c)) & 1n);
    });
    return { kind, bits };
  }
  throw bad(device, spec, 'use ones, zeros, checker, random:P or hex:W0,W1,...');
}

/** The stored bits of a pattern; random bits come from `rng` (drawn once per array). */
export function weightBits(pattern: WeightPattern, rows: number, cols: number, rng: RandomStream): Uint8Array {
  if (pattern.kind === 'hex') return Uint8Array.from(pattern.bits);
  const bits = new Uint8Array(rows * cols);
  if (pattern.kind === 'ones') bits.fill(1);
  else if (pattern.kind === 'checker') {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) bits[r * cols + c] = (r + c) & 1 ? 0 : 1;
  } else if (pattern.kind === 'random') {
    for (let i = 0; i < bits.length; i++) bits[i] = rng.next() < pattern.p ? 1 : 0;
  }
  return bits;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function bad(device: string, spec: string, hint: string): CimsimError {
  return new CimsimError(`${device}: cannot read weights "${spec}"`, undefined, hint);
}
