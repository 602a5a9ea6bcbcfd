import { describe, expect, it } from 'vitest';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { VBOTTOM, VTOP, assignment, clusterNetlist, convert } from './setup.js';

/** Inputs with the code each must give: several points inside every bin, +-1 uV around every threshold, and beyond both ends. */
function sweep(bits: number): { v: number[]; code: number[] } {
  const levels = 1 << bits;
  const lsb = (VTOP - VBOTTOM) / levels; // V
  const v: number[] = [];
  const code: number[] = [];
  const add = (x: number, k: number): void => {
    v.push(VTOP - x); // the code grows with the discharge x = vtop - V
    code.push(k);
  };
  for (let k = 0; k < levels; k++) for (const f of [0.02, 0.25, 0.5, 0.75, 0.98]) add((k + f) * lsb, k);
  for (let k = 1; k < levels; k++) {
    add(k * lsb - 1e-6, k - 1);
    add(k * lsb + 1e-6, k);
  }
  for (const x of [-0.2, -0.01, -1e-6]) add(x, 0);
  for (const x of [levels * lsb + 1e-6, levels * lsb + 0.05, 1.0]) add(x, levels - 1);
  return { v, code };
}

const CASES: { bits: number; mode: string; split: number; lenders: number }[] = [];
for (const bits of [3, 4, 5]) {
  CASES.push({ bits, mode: 'sa', split: 0, lenders: 1 });
  CASES.push({ bits, mode: 'flash', split: 0, lenders: (1 << bits) - 1 });
  for (let split = 1; split < bits; split++) CASES.push({ bits, mode: 'hybrid', split, lenders: (1 << split) - 1 });
}

describe('digitization with every non-ideality off', () => {
  it.each(CASES)('gives the ideal quantization for every input: $bits-bit $mode (split $split, $lenders lenders)', ({ bits, mode, split, lenders }) => {
    // A long decision window: 1 uV inputs regenerate in ~183 ps, well inside 1 ns.
    const a = assignment(clusterNetlist(bits, mode, split, lenders, 'tcmp=1ns metastable=random'), allNonidealities(false));
    const { v, code } = sweep(bits);
    const log = convert(a, v);
    const wrong = code.flatMap((k, i) => (log.code[i] === k ? [] : [`V=${v[i]}: got ${log.code[i]}, want ${k}`]));
    expect(wrong).toEqual([]);
    expect(log.metastable.every((m) => m === 0)).toBe(true);
    // Every code of the range appears (no missing codes).
    expect(new Set(log.code).size).toBe(1 << bits);
  });

  it('uses 2^k - 1 lenders for a k-bit Flash step and steps = (k > 0) + N - k', () => {
    for (const { bits, mode, split, lenders } of CASES) {
      const a = assignment(clusterNetlist(bits, mode, split, lenders, 'tcmp=1ns'), allNonidealities(false));
      const flashBits = mode === 'sa' ? 0 : mode === 'flash' ? bits : split;
      expect(a.lenders.length).toBe(lenders);
      expect(a.digitizer.steps).toBe((flashBits > 0 ? 1 : 0) + bits - flashBits);
    }
  });
});
