import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellStateBytes, checkCellMemory, memoryBudget, STATE_BYTES_PER_BITCELL, TWIN_BYTES_PER_BITCELL } from '../../src/circuit/memory.js';
import type { ArrayDesign } from '../../src/devices/cimarray.js';
import { errorOf } from '../netlist/helpers.js';

const array = (name: string, rows: number, cols: number, line = 1): ArrayDesign => ({ name, loc: { file: 'chip.cir', line, col: 1 }, rows, cols }) as ArrayDesign;

describe('memory of the cell state, checked before allocation', () => {
  const a = array('A0', 64, 32);
  const b = array('A1', 4096, 4096, 2);

  it('counts every bitcell and, for compute arrays, their ideal twins', () => {
    expect(cellStateBytes([a, b], [a])).toBe((64 * 32 + 4096 * 4096) * STATE_BYTES_PER_BITCELL + 64 * 32 * TWIN_BYTES_PER_BITCELL);
  });

  it('refuses, at the largest array, what exceeds 80 % of the budget, and passes what fits', () => {
    const need = cellStateBytes([a, b], [a]); // B
    expect(() => checkCellMemory([a, b], [a], need / 0.8 + 1)).not.toThrow();
    const e = errorOf(() => checkCellMemory([a, b], [a], need / 0.8 - 1));
    expect(e.loc?.line).toBe(2); // A1, the 4096 x 4096 array
    expect(e.message).toMatch(/2 arrays hold 1\.678e\+7 bitcells, whose state needs up to 0\.352 GB/);
    expect(e.hint).toContain('fewer or smaller arrays');
  });

  it("takes the cgroup's memory limit when it is below the machine's", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-cgroup-'));
    expect(memoryBudget(`${root}/`)).toBe(os.totalmem()); // no cgroup files
    fs.mkdirSync(path.join(root, 'sys/fs/cgroup'), { recursive: true });
    fs.writeFileSync(path.join(root, 'sys/fs/cgroup/memory.max'), 'max\n');
    expect(memoryBudget(`${root}/`)).toBe(os.totalmem()); // v2 without a limit
    fs.writeFileSync(path.join(root, 'sys/fs/cgroup/memory.max'), '2147483648\n');
    expect(memoryBudget(`${root}/`)).toBe(Math.min(os.totalmem(), 2147483648));
    fs.rmSync(root, { recursive: true, force: true });
  });
});
