/**
 * Figure: cost against size. Rings of 64x32 arrays (2 .. 256 arrays; a ring needs two), and a
 * ring of 4 arrays with 16 .. 256 rows. Each point runs in its own process (scaling-point.ts);
 * the exponent is the least-squares slope of log(time) against log(bitcells).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { between, emit, figure, QUICK, type Figure } from './lib/figure.js';
import { fitExponent } from './lib/stats.js';
import type { ScalingPoint } from './scaling-point.js';

const pointScript = fileURLToPath(new URL('./scaling-point.js', import.meta.url));
const ARRAYS = QUICK ? [2, 8, 32] : [2, 4, 8, 16, 32, 64, 128, 256];
const ROWS = QUICK ? [16, 64, 256] : [16, 32, 64, 128, 256];

function point(arrays: number, rows: number): ScalingPoint {
  const out = execFileSync(process.execPath, ['--expose-gc', pointScript, String(arrays), String(rows)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as ScalingPoint;
}

const byArrays = ARRAYS.map((n) => point(n, 64));
const byRows = ROWS.map((r) => point(4, r));
const figures: Figure[] = [];
for (const [label, series] of [['arrays (64x32 each)', byArrays], ['rows (4 arrays x 32 columns)', byRows]] as const) {
  const x = series.map((p) => p.bitcells);
  const run = fitExponent(x, series.map((p) => p.run_s));
  const build = fitExponent(x, series.map((p) => p.build_s));
  const mem = fitExponent(x, series.map((p) => Math.max(1, p.heapDelta_B)));
  const details = series.map((p) => ({ arrays: p.arrays, rows: p.rows, bitcells: p.bitcells, run_s: p.run_s, build_s: p.build_s, inferences: p.inferences, peakRssDelta_MB: p.peakRssDelta_B / 2 ** 20, heapDelta_MB: p.heapDelta_B / 2 ** 20 }));
  figures.push(
    figure(`scaling exponent vs ${label}: inference time`, 'exponent', [run.exponent], between(0.9, 1.1), {
      note: `time per binary inference, median of 5 runs per point; r^2 = ${run.r2.toFixed(4)}; points: ${series.map((p) => `${p.bitcells} cells ${(p.run_s * 1e3).toFixed(3)} ms`).join(', ')}`,
      details,
    }),
    figure(`scaling exponent vs ${label}: build time`, 'exponent', [build.exponent], undefined, { note: `elaborate + buildCircuit (variation sampling); r^2 = ${build.r2.toFixed(4)}` }),
    figure(`scaling exponent vs ${label}: heap + array buffers`, 'exponent', [mem.exponent], undefined, {
      note: `largest point: heap+buffers ${(series[series.length - 1].heapDelta_B / 2 ** 20).toFixed(1)} MB, peak RSS delta ${(series[series.length - 1].peakRssDelta_B / 2 ** 20).toFixed(1)} MB`,
    }),
  );
}
await emit(figures);
