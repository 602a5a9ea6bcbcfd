import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { mergeShards, runSweep } from '../../src/scenario/sweep/run.js';
import { findSweepAnalysis, planSamples, runSample } from '../../src/scenario/sweep/samples.js';
import { parseShard, shardFromEnv } from '../../src/scenario/sweep/shard.js';
import { sampleSeed } from '../../src/tech/random.js';

const MC = path.resolve('test/sweep/fixtures/mc.json');
const SAMPLES = 40;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-sweep-'));
const read = (dir: string, file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
const dir = (name: string): string => path.join(tmp, name);

describe('Monte Carlo sweep files', () => {
  beforeAll(async () => {
    await runSweep({ scenarioFile: MC, workers: 2, outDir: dir('w2'), progress: false });
  });

  it('writes one record per sample, in index order, with the sample seeds', () => {
    const lines = read(dir('w2'), 'samples.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((r) => r.index)).toEqual(Array.from({ length: SAMPLES }, (_, i) => i));
    expect(lines.map((r) => r.seed)).toEqual(Array.from({ length: SAMPLES }, (_, i) => sampleSeed(7, i)));
    // Different seeds must give different mismatch draws, hence different discharges and energies
    // (the rms error of 128 conversions takes only a few values: sqrt(flips / 128)).
    const energy = new Set(lines.map((r) => r.metrics['inference.energy_J']));
    expect(energy.size).toBeGreaterThan(SAMPLES / 2);
    const csv = read(dir('w2'), 'samples.csv').trimEnd().split('\n');
    expect(csv).toHaveLength(SAMPLES + 1);
    expect(csv[0].startsWith('index,seed,inference.')).toBe(true);
  });

  it('gives byte-identical files with one worker and with two', async () => {
    await runSweep({ scenarioFile: MC, workers: 1, outDir: dir('w1'), progress: false });
    expect(read(dir('w1'), 'samples.jsonl')).toBe(read(dir('w2'), 'samples.jsonl'));
    expect(read(dir('w1'), 'samples.csv')).toBe(read(dir('w2'), 'samples.csv'));
  });

  it('gives byte-identical files when run as four shards and merged', async () => {
    const shards = [0, 1, 2, 3].map((i) => dir(`shard${i}`));
    await Promise.all(shards.map((d, i) => runSweep({ scenarioFile: MC, workers: 1, outDir: d, shard: { index: i, count: 4 }, progress: false })));
    const shard1 = read(shards[1], 'samples.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l).index);
    expect(shard1).toEqual([1, 5, 9, 13, 17, 21, 25, 29, 33, 37]);
    mergeShards(shards, dir('merged'));
    expect(read(dir('merged'), 'samples.jsonl')).toBe(read(dir('w2'), 'samples.jsonl'));
    expect(read(dir('merged'), 'samples.csv')).toBe(read(dir('w2'), 'samples.csv'));
  });

  it('resumes a run cut off mid-line to the same files as an uninterrupted run', async () => {
    const full = read(dir('w2'), 'samples.jsonl');
    const lines = full.split('\n');
    // 13 whole records plus half of the 14th: what a killed process leaves behind.
    const torn = `${lines.slice(0, 13).join('\n')}\n${lines[13].slice(0, lines[13].length / 2)}`;
    fs.mkdirSync(dir('resumed'));
    fs.writeFileSync(path.join(dir('resumed'), 'samples.jsonl'), torn);
    fs.copyFileSync(path.join(dir('w2'), 'sweep.json'), path.join(dir('resumed'), 'sweep.json'));
    const summary = await runSweep({ scenarioFile: MC, workers: 2, outDir: dir('resumed'), resume: true, progress: false });
    expect(summary.resumed).toBe(13);
    expect(summary.ran).toBe(SAMPLES - 13);
    expect(read(dir('resumed'), 'samples.jsonl')).toBe(full);
    expect(read(dir('resumed'), 'samples.csv')).toBe(read(dir('w2'), 'samples.csv'));
  });

  it('refuses to merge an incomplete set of shards, naming what is missing', async () => {
    const shards = [dir('half0'), dir('half1')];
    await runSweep({ scenarioFile: MC, workers: 1, outDir: shards[0], shard: { index: 0, count: 2 }, progress: false });
    expect(() => mergeShards([shards[0]], dir('half-merged'))).toThrow(/hold 20 of the sweep's 40 samples; missing 20, first 1, 3, 5/);
    // Told to, it merges what is there and records what is missing.
    const partial = mergeShards([shards[0]], dir('half-allowed'), { allowPartial: true });
    expect(partial.records).toBe(20);
    expect(partial.missing).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i + 1));
    const indices = read(dir('half-allowed'), 'samples.jsonl').trimEnd().split('\n').map((l) => (JSON.parse(l) as { index: number }).index);
    expect(indices).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i));
    expect(JSON.parse(read(dir('half-allowed'), 'sweep.json')).missing).toEqual(partial.missing);
    await runSweep({ scenarioFile: MC, workers: 1, outDir: shards[1], shard: { index: 1, count: 2 }, progress: false });
    mergeShards(shards, dir('both-merged'));
    expect(read(dir('both-merged'), 'samples.jsonl')).toBe(read(dir('w2'), 'samples.jsonl'));
  });

  it('refuses to merge shards of different sweeps, and to resume a sweep whose scenario changed', async () => {
    // the same scenario with another seed, in a temporary file (its netlist path made absolute)
    const other = JSON.parse(fs.readFileSync(MC, 'utf8')) as { seed: number; netlist: string };
    other.seed = 8;
    other.netlist = path.resolve(path.dirname(MC), other.netlist);
    const otherFile = path.join(tmp, 'mc-seed8.json');
    fs.writeFileSync(otherFile, JSON.stringify(other));
    await runSweep({ scenarioFile: otherFile, workers: 1, outDir: dir('seed8-s1'), shard: { index: 1, count: 2 }, progress: false });
    expect(() => mergeShards([dir('half0'), dir('seed8-s1')], dir('mixed'))).toThrow(/hold different sweeps/);
    await expect(runSweep({ scenarioFile: otherFile, workers: 1, outDir: dir('half0'), shard: { index: 0, count: 2 }, resume: true, progress: false })).rejects.toThrow(/holds samples of another sweep/);
  });

  it('refuses a torn or malformed record when merging, with its file and line', () => {
    const torn = dir('torn');
    fs.mkdirSync(torn);
    fs.copyFileSync(path.join(dir('w2'), 'sweep.json'), path.join(torn, 'sweep.json'));
    const lines = read(dir('w2'), 'samples.jsonl').split('\n');
    fs.writeFileSync(path.join(torn, 'samples.jsonl'), `${lines.slice(0, 39).join('\n')}\n${lines[39].slice(0, 20)}`);
    expect(() => mergeShards([torn], dir('torn-merged'))).toThrow(/samples\.jsonl:40: not a JSON sample record \(a torn last line/);
    fs.writeFileSync(path.join(torn, 'samples.jsonl'), `${lines.slice(0, 39).join('\n')}\nnull\n`);
    expect(() => mergeShards([torn], dir('torn-merged'))).toThrow(/samples\.jsonl:40: not a sample record/);
  });

  it('refuses to overwrite existing samples without --resume', async () => {
    await expect(runSweep({ scenarioFile: MC, workers: 1, outDir: dir('w2'), progress: false })).rejects.toThrow(/already holds samples/);
  });

  it('re-runs one sample alone with the same metrics as in the full run', () => {
    const scenario = loadScenario(MC);
    const sample = planSamples(scenario, findSweepAnalysis(scenario))[17];
    const alone = runSample(MC, sample);
    const inRun = JSON.parse(read(dir('w2'), 'samples.jsonl').split('\n')[17]);
    expect(inRun.index).toBe(17);
    expect(alone.metrics).toEqual(inRun.metrics);
  });
});

describe('shard selection', () => {
  it('parses i/N and rejects an index outside the count', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow(/bad shard/);
    expect(() => parseShard('x')).toThrow(/bad shard/);
  });

  it('reads Slurm array and Kubernetes indexed Job variables', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 2, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual({ index: 0, count: 8 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '1', CIMSIM_SHARD_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '1' }, 2)).toEqual({ index: 1, count: 2 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow(/count/);
    expect(shardFromEnv({})).toBeUndefined();
  });
});
