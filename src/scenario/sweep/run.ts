import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CimsimError } from '../../errors.js';
import { loadScenario } from '../load.js';
import { ensureOutputDir } from '../../report/write.js';
import { CSV, JSONL, readRecords, RecordStream, recordLine, writeSorted, type SampleRecord } from './files.js';
import { runPool } from './pool.js';
import { progress } from './progress.js';
import { MANIFEST, readManifest, sweepIdentity, writeManifest, type SweepManifest } from './manifest.js';
import { findSweepAnalysis, planSamples, type Sample } from './samples.js';
import type { Shard } from './shard.js';

export interface SweepOptions {
  scenarioFile: string;
  /** Which montecarlo/sweep analysis of the scenario (default 0, the first). */
  analysisIndex?: number;
  /** Worker threads (default: cores allowed, capped by the cgroup CPU quota; 0 = in this thread). */
  workers?: number;
  outDir: string;
  shard?: Shard;
  /** Keep the samples already in outDir/samples.jsonl and run only the missing ones. */
  resume?: boolean;
  /** Progress output on stderr (default true). */
  progress?: boolean;
}

export interface SweepSummary {
  /** Samples of this run (after sharding). */
  planned: number;
  /** Of those, already done before this run (resume). */
  resumed: number;
  ran: number;
  jsonl: string;
  csv: string;
}

/**
 * Run a scenario's Monte Carlo or sweep samples, streaming `samples.jsonl` (one record per line,
 * written in index order as results arrive) and `samples.csv`; the final files are sorted by
 * index, so they do not depend on the worker count or on interruptions followed by --resume.
 */
export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const scenario = loadScenario(options.scenarioFile);
  const analysis = findSweepAnalysis(scenario, options.analysisIndex);
  const shard = options.shard;
  const all = planSamples(scenario, analysis).filter((s) => shard === undefined || s.index % shard.count === shard.index);
  const jsonl = path.join(options.outDir, JSONL);
  const csv = path.join(options.outDir, CSV);
  ensureOutputDir(options.outDir);

  const planned = new Map(all.map((s) => [s.index, s]));
  const done = new Map<number, SampleRecord>();
  const manifest: SweepManifest = {
    format: 'cimsim-sweep/1',
    scenario: scenario.name,
    identity: sweepIdentity(options.scenarioFile, scenario, options.analysisIndex ?? 0),
    samples: planSamples(scenario, analysis).length,
    shard: shard ?? null,
  };
  const held = fs.existsSync(jsonl) && readRecords(jsonl).length > 0;
  if (options.resume) {
    const before = readManifest(options.outDir);
    if (held && before === undefined) throw new CimsimError(`${options.outDir} holds samples but no ${MANIFEST}`, undefined, 'it was not written by this version of cimsim sweep: choose another --out directory');
    if (before !== undefined && (before.identity !== manifest.identity || JSON.stringify(before.shard) !== JSON.stringify(manifest.shard))) {
      throw new CimsimError(
        `${options.outDir} holds samples of another sweep (${before.scenario}${before.shard ? `, shard ${before.shard.index}/${before.shard.count}` : ''}): the scenario, its seed, its netlist or the shard changed since`,
        undefined,
        'resume only an unchanged sweep; write the changed one to another --out directory',
      );
    }
    for (const r of readRecords(jsonl)) if (planned.has(r.index)) done.set(r.index, r);
  } else if (held) {
    throw new CimsimError(`${jsonl} already holds samples`, undefined, 'pass --resume to continue it, or choose another --out directory');
  }
  writeManifest(options.outDir, manifest);
  // Rewrite what is kept (drops a torn last line), then append the rest in index order.
  writeSorted(options.outDir, [...done.values()]);
  const todo: Sample[] = all.filter((s) => !done.has(s.index));

  const pending = new Map<number, SampleRecord>();
  let cursor = 0;
  const bar = progress(all.length, done.size, scenario.name, options.progress ?? true);
  const stream = new RecordStream(options.outDir, done.size);
  const stopOnSignal = onSignals((signal) => {
    // Samples are written whole between events, so both files are consistent here.
    bar.stop();
    process.stderr.write(`\ncimsim sweep: stopped by ${signal}; ${stream.saved} of ${all.length} samples are saved in ${options.outDir}\nhint: continue with the same command and --resume\n`);
  });
  try {
    await runPool(options.scenarioFile, todo, {
      workers: options.workers,
      onResult: (result) => {
        const sample = planned.get(result.index)!;
        pending.set(result.index, { index: sample.index, seed: sample.seed, overrides: sample.overrides, metrics: result.metrics });
        bar.tick();
        // Flush the longest run of consecutive finished samples, so the stream stays in index order.
        while (cursor < todo.length && pending.has(todo[cursor].index)) {
          const r = pending.get(todo[cursor].index)!;
          pending.delete(r.index);
          stream.append(r);
          done.set(r.index, r);
          cursor++;
        }
      },
    });
  } finally {
    stopOnSignal();
    stream.close();
    bar.stop();
  }
  writeSorted(options.outDir, [...done.values()]);
  return { planned: all.length, resumed: all.length - todo.length, ran: todo.length, jsonl, csv };
}

/**
 * While a sweep runs, SIGINT and SIGTERM say what is saved and how to continue, then exit with the
 * conventional 128 + signal number. Returns the function that removes the handlers.
 */
function onSignals(report: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    report(signal);
    process.exit(128 + os.constants.signals[signal]);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * Combine shard output directories into `outDir`: exactly the files one unsharded run would
 * have written. Duplicate indices must agree; returns the number of records.
 */
export function mergeShards(dirs: readonly string[], outDir: string, options: { allowPartial?: boolean } = {}): { records: number; missing: number[] } {
  const byIndex = new Map<number, SampleRecord>();
  let first: { dir: string; m: SweepManifest } | undefined;
  for (const dir of dirs) {
    const file = path.join(dir, JSONL);
    if (!fs.existsSync(file)) throw new CimsimError(`${file} does not exist`, undefined, 'pass the --out directories of the shard runs');
    const m = readManifest(dir);
    if (m === undefined) throw new CimsimError(`${dir} has no ${MANIFEST}`, undefined, 'pass the --out directories of cimsim sweep runs');
    if (first === undefined) first = { dir, m };
    else if (m.identity !== first.m.identity || m.samples !== first.m.samples) {
      throw new CimsimError(`${dir} and ${first.dir} hold different sweeps (scenario, seed or netlist differ)`, undefined, 'merge only the shards of one sweep');
    }
    for (const r of readRecords(file, true)) {
      if (r.index >= m.samples) throw new CimsimError(`${file}: sample ${r.index} is beyond the sweep's ${m.samples} samples`, undefined, 'the directory mixes sweeps; re-run that shard');
      const seen = byIndex.get(r.index);
      if (seen !== undefined && recordLine(seen) !== recordLine(r)) {
        throw new CimsimError(`sample ${r.index} differs between shards (${file})`, undefined, 'were the shards run from the same scenario and version?');
      }
      byIndex.set(r.index, r);
    }
  }
  const total = first?.m.samples ?? 0;
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !options.allowPartial) {
    throw new CimsimError(
      `the shards hold ${byIndex.size} of the sweep's ${total} samples; missing ${missing.length}, first ${missing.slice(0, 5).join(', ')}`,
      undefined,
      `${first?.m.shard ? `pass the --out directories of all ${first.m.shard.count} shards (or --resume the incomplete ones)` : 'resume the incomplete run before merging'}; --allow-partial merges what is there`,
    );
  }
  ensureOutputDir(outDir);
  writeSorted(outDir, [...byIndex.values()]);
  // A partial merge says so in its manifest: it is not the whole sweep.
  writeManifest(outDir, { ...first!.m, shard: null, ...(missing.length > 0 ? { missing } : {}) });
  return { records: byIndex.size, missing };
}
