/**
 * Memory the arrays' per-bitcell state will take, checked against what the machine can give before
 * anything is allocated: a netlist of hundreds of 4096 x 4096 arrays would otherwise run for
 * minutes and then die out of memory, losing everything.
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { CimsimError } from '../errors.js';
import type { ArrayDesign } from '../devices/cimarray.js';

/**
 * Upper bound of an array's state per bitcell, B: the stored bit (1) and, as Float32, the
 * threshold and current-factor shifts, the internal-node voltage, the leakage and the combined
 * strength (4 each) - src/devices/cimarray.ts.
 */
export const STATE_BYTES_PER_BITCELL = 21;
/** The ideal twin of a compute array shares its bits and keeps an internal node and leakage per bitcell, B. */
export const TWIN_BYTES_PER_BITCELL = 8;
/** Share of the machine's memory the cell state may take (the rest: Node, the engine, reports). */
const SHARE = 0.8;

let machineBudget: number | undefined; // B, this machine's, read once

/** Bytes this process may use: the machine's memory, or its cgroup's limit when lower. */
export function memoryBudget(root = '/'): number {
  if (root === '/' && machineBudget !== undefined) return machineBudget; // every Monte Carlo sample builds a circuit
  let budget = totalmem();
  for (const file of ['sys/fs/cgroup/memory.max', 'sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const limit = Number(readFileSync(`${root}${file}`, 'utf8').trim()); // 'max' gives NaN: no limit
      if (Number.isFinite(limit) && limit > 0) budget = Math.min(budget, limit);
    } catch {
      // no such cgroup file: no limit there
    }
  }
  if (root === '/') machineBudget = budget;
  return budget;
}

/** Estimated bytes of cell state for `arrays`, of which those in `compute` also have an ideal twin. */
export function cellStateBytes(arrays: readonly ArrayDesign[], compute: readonly ArrayDesign[]): number {
  const cells = (a: ArrayDesign): number => a.rows * a.cols;
  return arrays.reduce((s, a) => s + cells(a) * STATE_BYTES_PER_BITCELL, 0) + compute.reduce((s, a) => s + cells(a) * TWIN_BYTES_PER_BITCELL, 0);
}

/** Refuse, before allocating, a netlist whose cell state would not fit in `budget` bytes. */
export function checkCellMemory(arrays: readonly ArrayDesign[], compute: readonly ArrayDesign[], budget = memoryBudget()): void {
  const need = cellStateBytes(arrays, compute);
  if (need <= SHARE * budget) return;
  const cells = arrays.reduce((s, a) => s + a.rows * a.cols, 0);
  const largest = arrays.reduce((x, a) => (a.rows * a.cols > x.rows * x.cols ? a : x));
  throw new CimsimError(
    `the netlist's ${arrays.length} arrays hold ${cells.toExponential(3)} bitcells, whose state needs up to ${gigabytes(need)} (${STATE_BYTES_PER_BITCELL} B per bitcell, ${TWIN_BYTES_PER_BITCELL} B more per compute bitcell for its ideal twin), more than ${Math.round(SHARE * 100)} % of the ${gigabytes(budget)} this machine gives`,
    largest.loc,
    'use fewer or smaller arrays (the largest is named here), or run on a machine with more memory',
  );
}

/** Bytes as a person reads them: '105 GB', '7.76 GB'. */
function gigabytes(bytes: number): string {
  return `${Number((bytes / 1e9).toPrecision(3))} GB`;
}
