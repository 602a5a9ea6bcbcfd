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

/** Points in ascending size until the series' time budget would be overrun (cost grows ~linearly). */
function series(sizes: number[], make: (n: number) => ScalingPoint, budget_s: number): { points: ScalingPoint[]; skipped: number[] } {
  const points: ScalingPoint[] = [];
  const t0 = performance.now();
  for (const [i, n] of sizes.entries()) {
    const used = (performance.now() - t0) / 1e3;
    const last = points[points.length - 1];
    // next point ~ (its size / last size) x last point's cost (6 inference runs + build)
    // Twice the linear prediction: a superlinear point must not overrun the figure's budget.
    const predicted = last ? 2 * (n / sizes[i - 1]) * (last.build_s + 6 * last.run_s) : 0;
    if (used + predicted > budget_s) return { points, skipped: sizes.slice(i) };
    points.push(make(n));
  }
  return { points, skipped: [] };
}

const arraysSeries = series(ARRAYS, (n) => point(n, 64), QUICK ? 30 : 60);
const rowsSeries = series(ROWS, (r) => point(4, r), QUICK ? 20 : 40);
const byArrays = arraysSeries.points;
const byRows = rowsSeries.points;
const skippedNote = (s: { skipped: number[] }, what: string): string => (s.skipped.length ? `; NOT RUN (time budget): ${what} ${s.skipped.join(', ')}` : '');
const figures: Figure[] = [];
for (const [label, series, skipped] of [
  ['arrays (64x32 each)', byArrays, skippedNote(arraysSeries, 'arrays')],
  ['rows (4 arrays x 32 columns)', byRows, skippedNote(rowsSeries, 'rows')],
] as const) {
  if (series.length < 2) {
    console.error(`bench scaling: fewer than two points vs ${label}${skipped}`);
    continue;
  }
  const x = series.map((p) => p.bitcells);
  const run = fitExponent(x, series.map((p) => p.run_s));
  const build = fitExponent(x, series.map((p) => p.build_s));
  const mem = fitExponent(x, series.map((p) => Math.max(1, p.heapDelta_B)));
  const details = series.map((p) => ({ arrays: p.arrays, rows: p.rows, bitcells: p.bitcells, run_s: p.run_s, build_s: p.build_s, inferences: p.inferences, peakRssDelta_MB: p.peakRssDelta_B / 2 ** 20, heapDelta_MB: p.heapDelta_B / 2 ** 20 }));
  figures.push(
    figure(`scaling exponent vs ${label}: inference time`, 'exponent', [run.exponent], between(0.9, 1.1), {
      note: `time per binary inference, median of 5 runs per point; r^2 = ${run.r2.toFixed(4)}; points: ${series.map((p) => `${p.bitcells} cells ${(p.run_s * 1e3).toFixed(3)} ms`).join(', ')}${skipped}`,
      details,
    }),
    figure(`scaling exponent vs ${label}: build time`, 'exponent', [build.exponent], undefined, { note: `elaborate + buildCircuit (variation sampling); r^2 = ${build.r2.toFixed(4)}` }),
    figure(`scaling exponent vs ${label}: heap + array buffers`, 'exponent', [mem.exponent], undefined, {
      note: `largest point: heap+buffers ${(series[series.length - 1].heapDelta_B / 2 ** 20).toFixed(1)} MB, peak RSS delta ${(series[series.length - 1].peakRssDelta_B / 2 ** 20).toFixed(1)} MB`,
    }),
  );
}
await emit(figures);
