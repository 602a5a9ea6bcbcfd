/**
 * `npm run bench`: runs every figure script in its own child process (so figures do not disturb
 * each other's JIT state, heap or memory peak), prints a table and writes bench/results.json.
 *   node dist/bench/run.js [--only kernel,memory,...]   (BENCH_QUICK=1 for a short smoke run)
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './lib/chip.js';
import type { Figure } from './lib/figure.js';

/**
 * Figure scripts in run order, with the time each may take before it is stopped, s. The budgets
 * sum to 600 s so the whole suite ends within 10 minutes on a 2-core machine even when every
 * figure hits its limit (the ngspice run of circuit (b) alone takes about 200 s); figures sent
 * before a stop are kept.
 */
const SCRIPTS: { name: string; budget_s: number }[] = [
  { name: 'kernel', budget_s: 30 },
  { name: 'conversions', budget_s: 60 },
  { name: 'montecarlo', budget_s: 90 },
  { name: 'scaling', budget_s: 90 },
  { name: 'memory', budget_s: 30 },
  { name: 'network', budget_s: 60 },
  { name: 'sharing', budget_s: 20 },
  { name: 'spice', budget_s: 280 },
  { name: 'grid', budget_s: 180 },
];

function runScript(name: string, budget_s: number): Promise<{ figures: Figure[]; wall_s: number; error?: string }> {
  const file = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const t0 = performance.now();
  return new Promise((resolve) => {
    let figures: Figure[] = [];
    let stderr = '';
    const child = fork(file, [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), budget_s * 1e3);
    child.on('message', (m: { figures?: Figure[] }) => {
      if (m.figures) figures = figures.concat(m.figures);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wall_s = (performance.now() - t0) / 1e3;
      const error = signal ? `stopped by ${signal} after ${wall_s.toFixed(0)} s (budget ${budget_s} s)` : code !== 0 ? `exit code ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : undefined;
      resolve({ figures, wall_s, error });
    });
  });
}

/** Engineering-style number for the table. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

function table(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, f.unit, formatValue(f.median), formatValue(f.min), formatValue(f.max), String(f.runs), f.target ?? '', f.met === null ? '' : f.met ? 'yes' : 'NO']);
  const head = ['figure', 'unit', 'median', 'min', 'max', 'runs', 'target', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
  const started = performance.now();
  const loadBefore = loadavg()[0];
  if (loadBefore > cpus().length) console.warn(`bench: load average ${loadBefore.toFixed(1)} exceeds ${cpus().length} cores: timings will be slow and noisy`);
  const figures: Figure[] = [];
  const scripts: { name: string; wall_s: number; error?: string }[] = [];
  for (const s of SCRIPTS.filter((x) => only === null || only.has(x.name))) {
    process.stdout.write(`bench: ${s.name} ... `);
    const r = await runScript(s.name, s.budget_s);
    console.log(r.error ? `FAILED (${r.error})` : `${r.wall_s.toFixed(1)} s`);
    figures.push(...r.figures);
    scripts.push({ name: s.name, wall_s: r.wall_s, error: r.error });
  }
  const cpu = cpus();
  const results = {
    machine: { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, memory_GB: Number((totalmem() / 2 ** 30).toFixed(1)), platform: `${process.platform} ${process.arch}`, loadavg1_start: loadBefore, loadavg1_end: loadavg()[0] },
    node: process.version,
    date: new Date().toISOString(),
    quick: process.env.BENCH_QUICK === '1',
    total_s: (performance.now() - started) / 1e3,
    scripts,
    figures,
  };
  console.log(`\n${table(figures)}\n`);
  const out = join(ROOT, 'bench/results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`bench: ${figures.length} figures in ${results.total_s.toFixed(0)} s -> ${out}`);
  if (scripts.some((s) => s.error)) process.exitCode = 1;
}

await main();
