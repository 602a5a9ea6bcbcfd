/**
 * Figure: memory per bitcell. Declared: CimArray.bytesPerBitcell (its per-cell typed arrays).
 * Measured: heapUsed + arrayBuffers retained by a built circuit (after gc) divided by the chip's
 * bitcells, for (a) a ring where every array computes and so carries an ideal twin (the
 * test-chip arrangement), and (b) a cluster where one array computes and the others only lend.
 * Run with --expose-gc (bench/run.ts does).
 */
import { buildCircuit } from '../src/circuit/build.js';
import { elaborateNetlist, ringNetlist } from './lib/chip.js';
import { atMost, emit, figure, QUICK } from './lib/figure.js';

const ARRAYS = 8;
const SIZE = QUICK ? 256 : 512; // rows = cols
const RUNS = QUICK ? 2 : 3;
const TARGET = atMost(32);
const gc = (): void => {
  if (!globalThis.gc) throw new Error('run with node --expose-gc');
  globalThis.gc();
  globalThis.gc();
};

function retained(text: string, seed: number): { perCell: number; declared: number } {
  const design = elaborateNetlist(text);
  gc();
  const before = process.memoryUsage();
  const circuit = buildCircuit(design, { seed });
  gc();
  const after = process.memoryUsage();
  const bytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const declared = [...circuit.arrays.values()][0].bytesPerBitcell;
  const cells = [...circuit.arrays.values()].reduce((n, a) => n + a.rows * a.cols, 0);
  return { perCell: bytes / cells, declared };
}

const ring = ringNetlist(ARRAYS, SIZE, SIZE);
const cluster = ring.replace('topology=ring', 'topology=cluster');
const ringRuns = Array.from({ length: RUNS }, (_, i) => retained(ring, i + 1));
const clusterRuns = Array.from({ length: RUNS }, (_, i) => retained(cluster, i + 1));
await emit([
  figure('memory per bitcell, declared (CimArray)', 'B', [ringRuns[0].declared], TARGET, { note: 'bits (Uint8) + isat, vdsat, vov, ioff (Float32) per cell' }),
  figure('memory per bitcell, measured, every array computing (ring)', 'B', ringRuns.map((r) => r.perCell), TARGET, {
    note: `${ARRAYS} arrays of ${SIZE}x${SIZE}; each computing array also holds an ideal twin (same per-cell arrays, no variation)`,
  }),
  figure('memory per bitcell, measured, one computing array (cluster)', 'B', clusterRuns.map((r) => r.perCell), TARGET, {
    note: `${ARRAYS} arrays of ${SIZE}x${SIZE}; only the first computes (one twin), the rest lend bitlines`,
  }),
]);
