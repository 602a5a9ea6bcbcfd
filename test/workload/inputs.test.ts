import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { generateActivations, loadActivations, parseJsonActivations, readNpy } from '../../src/workload/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cimsim-workload-'));

/** Build a .npy file byte by byte: magic, version, header length, padded dict, raw data. */
function npyBytes(opts: { major?: number; descr?: string; fortran?: boolean; shape: string; values: number[]; bytesPer?: number; truncate?: number }): Uint8Array {
  const major = opts.major ?? 1;
  const dict = `{'descr': '${opts.descr ?? '<f4'}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${opts.shape}, }`;
  const prefix = major === 1 ? 10 : 12;
  let header = dict;
  while ((prefix + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const per = opts.bytesPer ?? 4;
  const total = prefix + header.length + opts.values.length * per - (opts.truncate ?? 0);
  const buf = new Uint8Array(total);
  buf.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const hl = header.length;
  if (major === 1) buf.set([hl & 0xff, hl >> 8], 8);
  else buf.set([hl & 0xff, (hl >> 8) & 0xff, (hl >> 16) & 0xff, hl >>> 24], 8);
  for (let i = 0; i < hl; i++) buf[prefix + i] = header.charCodeAt(i);
  const dv = new DataView(new ArrayBuffer(opts.values.length * per));
  opts.values.forEach((v, i) => (per === 4 ? dv.setFloat32(i * 4, v, true) : dv.setFloat64(i * 8, v, true)));
  buf.set(new Uint8Array(dv.buffer).subarray(0, total - prefix - hl), prefix + hl);
  return buf;
}

function errorOf(f: () => unknown): CimsimError {
  try {
    f();
  } catch (e) {
    if (e instanceof CimsimError) return e;
    throw e;
  }
  throw new Error('expected a CimsimError');
}

describe('.npy reader', () => {
  it('reads a version 1.0 float32 file written with a hand-built header', () => {
    const path = join(dir, 'a.npy');
    writeFileSync(path, npyBytes({ shape: '(2, 3)', values: [0.5, -1.25, 2, 3, 4, 1e-3] }));
    const t = loadActivations(path, [2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([0.5, -1.25, 2, 3, 4, Math.fround(1e-3)]);
  });

  it('reads a version 2.0 file (uint32 header length) and a 1-d shape with trailing comma', () => {
    const t = readNpy(npyBytes({ major: 2, shape: '(4,)', values: [1, 2, 3, 4] }));
    expect(t.shape).toEqual([4]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
  });

  it('reads data that start at an unaligned offset of the caller buffer', () => {
    const bytes = npyBytes({ shape: '(3,)', values: [7, 8, 9] });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(readNpy(shifted.subarray(1)).data)).toEqual([7, 8, 9]);
  });

  it('rejects float64 with a hint to convert to float32', () => {
    const e = errorOf(() => readNpy(npyBytes({ descr: '<f8', shape: '(2,)', values: [1, 2], bytesPer: 8 }), 'x.npy'));
    expect(e.message).toMatch(/<f8/);
    expect(e.hint).toMatch(/astype\(numpy.float32\)/);
    expect(e.loc?.file).toBe('x.npy');
  });

  it('rejects big-endian float32 and integer dtypes', () => {
    expect(errorOf(() => readNpy(npyBytes({ descr: '>f4', shape: '(1,)', values: [1] }))).hint).toMatch(/big-endian/);
    expect(errorOf(() => readNpy(npyBytes({ descr: '<i4', shape: '(1,)', values: [1] }))).message).toMatch(/<i4/);
  });

  it('rejects Fortran order with a hint to make the array contiguous', () => {
    const e = errorOf(() => readNpy(npyBytes({ fortran: true, shape: '(2, 2)', values: [1, 2, 3, 4] })));
    expect(e.message).toMatch(/Fortran/);
    expect(e.hint).toMatch(/ascontiguousarray/);
  });

  it('rejects a truncated data section, a missing magic and an unknown version', () => {
    expect(errorOf(() => readNpy(npyBytes({ shape: '(3,)', values: [1, 2, 3], truncate: 2 }))).message).toMatch(/does not match shape/);
    expect(errorOf(() => readNpy(new TextEncoder().encode('hello world, not numpy'))).message).toMatch(/magic/);
    expect(errorOf(() => readNpy(npyBytes({ major: 9, shape: '(1,)', values: [1] }))).message).toMatch(/version 9/);
  });

  it('rejects a shape that differs from the expected one', () => {
    const path = join(dir, 'b.npy');
    writeFileSync(path, npyBytes({ shape: '(2, 3)', values: [1, 2, 3, 4, 5, 6] }));
    expect(errorOf(() => loadActivations(path, [3, 2])).message).toMatch(/does not match the expected/);
    expect(loadActivations(path, [-1, 3]).shape).toEqual([2, 3]);
  });
});

describe('JSON activations', () => {
  it('reads a nested rectangular array in row-major order', () => {
    const path = join(dir, 'a.json');
    writeFileSync(path, '[[0.5, 1], [2, 3.25]]');
    const t = loadActivations(path);
    expect(t.shape).toEqual([2, 2]);
    expect(Array.from(t.data)).toEqual([0.5, 1, 2, 3.25]);
  });

  it('reports ragged arrays, non-numbers and syntax errors as CimsimError', () => {
    expect(errorOf(() => parseJsonActivations('[[1, 2], [3]]')).message).toMatch(/ragged/);
    expect(errorOf(() => parseJsonActivations('[1, "a"]')).message).toMatch(/\[1\]/);
    const e = errorOf(() => parseJsonActivations('[1,\n 2,,]', 'bad.json'));
    expect(e.message).toMatch(/invalid JSON/);
    expect(e.loc?.file).toBe('bad.json');
  });

  it('rejects files with another extension and missing files', () => {
    expect(errorOf(() => loadActivations(join(dir, 'a.csv'))).message).toMatch(/\.npy or \.json/);
    expect(errorOf(() => loadActivations(join(dir, 'missing.npy'))).message).toMatch(/cannot read/);
  });
});

describe('seeded activations', () => {
  it('are identical for the same seed and differ for another seed', () => {
    const a = generateActivations({ seed: 7, shape: [4, 8] });
    const b = generateActivations({ seed: 7, shape: [4, 8] });
    const c = generateActivations({ seed: 8, shape: [4, 8] });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('have the requested moments within 5 standard errors (n = 20000)', () => {
    const n = 20000;
    const u = generateActivations({ seed: 'u', shape: [n], low: 2, high: 4 }).data;
    const meanU = u.reduce((a, v) => a + v, 0) / n;
    // uniform on [2, 4): mean 3, std 2/sqrt(12)
    expect(Math.abs(meanU - 3)).toBeLessThan((5 * 2) / Math.sqrt(12 * n));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(2);
    const g = generateActivations({ seed: 'g', shape: [n], distribution: 'normal', mean: 1, std: 0.5 }).data;
    const meanG = g.reduce((a, v) => a + v, 0) / n;
    const varG = g.reduce((a, v) => a + (v - meanG) ** 2, 0) / (n - 1);
    expect(Math.abs(meanG - 1)).toBeLessThan((5 * 0.5) / Math.sqrt(n));
    // std error of the sample variance of a normal: sigma^2 sqrt(2 / (n - 1))
    expect(Math.abs(varG - 0.25)).toBeLessThan(5 * 0.25 * Math.sqrt(2 / (n - 1)));
  });
});
