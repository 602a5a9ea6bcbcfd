import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/scenario/sweep/run.js';

// A sweep stopped by a signal or by a full disk keeps samples.jsonl and samples.csv holding the same
// records, says what is saved and how to continue, and --resume then ends in the files an
// uninterrupted run writes (byte for byte).

const root = path.resolve(__dirname, '../..');
const MC = path.join(__dirname, 'fixtures/mc.json');
const CLI = path.join(root, 'dist/src/cli/main.js'); // built by `npm test`'s pretest step
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-interrupt-'));
const FILES = ['samples.jsonl', 'samples.csv'];

const lines = (file: string): string[] => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0) : []);

/** Start `cimsim sweep` in bash (so a file-size limit can be set); resolves with exit code and stderr. */
function sweep(out: string, opts: { fileLimitKiB?: number; signalAfterLines?: number; quiet?: boolean } = {}): Promise<{ code: number | null; err: string }> {
  const limit = opts.fileLimitKiB === undefined ? '' : `trap '' XFSZ; ulimit -f ${opts.fileLimitKiB}; `;
  const child = spawn('bash', ['-c', `${limit}exec '${process.execPath}' '${CLI}' sweep '${MC}' --workers 1 --out '${out}'${opts.quiet ? ' --quiet' : ''}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // One signal only: a second one during the exit kills at once, as a second Ctrl-C should.
  const poll =
    opts.signalAfterLines === undefined
      ? undefined
      : setInterval(() => {
          if (lines(path.join(out, 'samples.jsonl')).length < opts.signalAfterLines!) return;
          clearInterval(poll);
          child.kill('SIGTERM');
        }, 20);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, err });
    });
  });
}

function expectConsistent(dir: string): number {
  const records = lines(path.join(dir, 'samples.jsonl'));
  const rows = lines(path.join(dir, 'samples.csv'));
  expect(rows.length).toBe(records.length + 1); // header + one row per record
  const csvIndices = rows.slice(1).map((r) => Number(r.split(',')[0]));
  expect(csvIndices).toEqual(records.map((l) => (JSON.parse(l) as { index: number }).index));
  return records.length;
}

async function expectResumesToClean(dir: string): Promise<void> {
  await runSweep({ scenarioFile: MC, workers: 2, outDir: dir, resume: true, progress: false });
  for (const f of FILES) expect(fs.readFileSync(path.join(dir, f), 'utf8')).toBe(fs.readFileSync(path.join(tmp, 'clean', f), 'utf8'));
}

describe('an interrupted sweep', () => {
  beforeAll(async () => {
    await runSweep({ scenarioFile: MC, workers: 1, outDir: path.join(tmp, 'clean'), progress: false });
  }, 120_000);

  it('SIGTERM: exit 143, says how many samples are saved and to --resume; the resumed files equal an uninterrupted run', async () => {
    const dir = path.join(tmp, 'term');
    const r = await sweep(dir, { signalAfterLines: 5 });
    expect(r.code).toBe(143);
    const saved = expectConsistent(dir);
    expect(saved).toBeGreaterThanOrEqual(5);
    expect(saved).toBeLessThan(40);
    expect(r.err).toContain(`stopped by SIGTERM; ${saved} of 40 samples are saved in ${dir}`);
    expect(r.err).toContain('--resume');
    await expectResumesToClean(dir);
  }, 120_000);

  it('a file-size limit reached mid-sweep (as a full disk): exit 2, both files hold the same records, resume completes', async () => {
    const dir = path.join(tmp, 'full');
    const r = await sweep(dir, { fileLimitKiB: 8 }); // 8 KiB: a few samples fit
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('internal error');
    const saved = expectConsistent(dir);
    expect(saved).toBeGreaterThan(0);
    expect(r.err).toMatch(new RegExp(`cannot write .*samples\\.(jsonl|csv): the file would exceed the size .*; ${saved} samples are saved`));
    expect(r.err).toContain('then continue with --resume');
    await expectResumesToClean(dir);
  }, 120_000);

  it('--quiet: no progress lines on stderr, only the result line', async () => {
    const loud = await sweep(path.join(tmp, 'loud'));
    const quiet = await sweep(path.join(tmp, 'quiet'), { quiet: true });
    expect([loud.code, quiet.code]).toEqual([0, 0]);
    const progressLine = /: \d+\/40 samples, [\d.]+ s$/m; // the non-terminal progress line (every 5 s and at the end)
    expect(loud.err).toMatch(progressLine);
    expect(quiet.err).not.toMatch(progressLine);
    expect(quiet.err).toContain('40 samples run, 0 resumed');
  }, 120_000);
});
