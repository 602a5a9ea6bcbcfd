import { mergeShards, runSweep, type SweepSummary } from './run.js';
import { parseShard, shardFromEnv } from './shard.js';

export interface SweepCommandOptions {
  scenario: string;
  workers?: number | string;
  out?: string;
  /** `i/N`; when absent, Slurm array or indexed-Job environment variables are used. */
  shard?: string;
  /** Shard count for a Kubernetes indexed Job (JOB_COMPLETION_INDEX gives the index). */
  shardCount?: number | string;
  resume?: boolean;
  analysis?: number | string;
  /** No progress on stderr. */
  quiet?: boolean;
}

/**
 * `cimsim sweep <scenario> [--workers N] [--out DIR] [--shard i/N] [--resume]`. An unsharded sweep
 * is complete when it returns, so it is summarized too (`report`: the console text of `cimsim
 * report` on its folder against the scenario's checks); a shard is summarized after the merge.
 */
export async function sweepCommand(opts: SweepCommandOptions): Promise<SweepSummary & { report?: string }> {
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : shardFromEnv(process.env, opts.shardCount !== undefined ? Number(opts.shardCount) : undefined);
  const summary = await runSweep({
    scenarioFile: opts.scenario,
    analysisIndex: opts.analysis !== undefined ? Number(opts.analysis) : undefined,
    workers: opts.workers !== undefined ? Number(opts.workers) : undefined,
    outDir: opts.out ?? 'out/sweep',
    shard,
    resume: opts.resume ?? false,
    progress: !(opts.quiet ?? false),
  });
  process.stderr.write(`${summary.ran} samples run, ${summary.resumed} resumed${shard ? ` (shard ${shard.index}/${shard.count})` : ''}: ${summary.jsonl}\n`);
  if (shard) return summary;
  return { ...summary, report: await reportCommand({ dir: opts.out ?? 'out/sweep', scenario: opts.scenario }) };
}

/**
 * `cimsim report <dir> [--scenario S]`: statistics, yield against the scenario's checks and
 * histograms of a sweep's (or merged shards') samples; returns the console text.
 */
export async function reportCommand(opts: { dir: string; scenario?: string }): Promise<string> {
  const { reportSweep } = await import('../../report/sweep-summary.js');
  const checks = opts.scenario !== undefined ? (await import('../load.js')).loadScenario(opts.scenario).checks ?? [] : [];
  return reportSweep(opts.dir, checks).text;
}

/**
 * `cimsim merge <dirs...> --out DIR [--scenario S]`. A complete merge is summarized like an
 * unsharded sweep (`report`); a partial one is not, since its statistics would leave samples out.
 */
export async function mergeCommand(opts: { dirs: string[]; out: string; allowPartial?: boolean; scenario?: string }): Promise<{ records: number; missing: number[]; report?: string }> {
  const r = mergeShards(opts.dirs, opts.out, { allowPartial: opts.allowPartial });
  process.stderr.write(`merged ${r.records} samples from ${opts.dirs.length} directories into ${opts.out}\n`);
  if (r.missing.length > 0) {
    const shown = r.missing.slice(0, 10).join(', ');
    process.stderr.write(`partial: ${r.missing.length} samples missing (${shown}${r.missing.length > 10 ? ', ...' : ''}); the list is in ${opts.out}/sweep.json; no summary written\n`);
    return r;
  }
  return { ...r, report: await reportCommand({ dir: opts.out, scenario: opts.scenario }) };
}
