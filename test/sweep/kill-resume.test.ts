import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/scenario/sweep/run.js';

const root = path.resolve(__dirname, '../..');
const MC = path.join(__dirname, 'fixtures/mc.json');
const CLI = path.join(root, 'dist/src/cli/main.js'); // built by `npm test`'s pretest step

function lines(file: string): number {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).length : 0;
}

describe('a sweep killed part-way and resumed', () => {
  it('ends with files identical to an uninterrupted run: nothing lost, nothing done twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-kill-'));
    const killed = path.join(dir, 'killed');
    // A real process, killed with SIGKILL (no chance to clean up) once some samples are on disk.
    const child = spawn(process.execPath, [CLI, 'sweep', MC, '--workers', '1', '--out', killed], { stdio: 'ignore' });
    const jsonl = path.join(killed, 'samples.jsonl');
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (lines(jsonl) >= 6) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(poll);
        reject(new Error('the sweep finished before it could be killed; enlarge the fixture'));
      });
    });
    await new Promise((r) => child.on('close', r));
    const before = lines(jsonl);
    expect(before).toBeGreaterThanOrEqual(6);
    expect(before).toBeLessThan(40);

    const summary = await runSweep({ scenarioFile: MC, workers: 2, outDir: killed, resume: true, progress: false });
    expect(summary.resumed + summary.ran).toBe(40);
    expect(summary.resumed).toBeGreaterThanOrEqual(before - 1); // a torn last line is run again

    const clean = path.join(dir, 'clean');
    await runSweep({ scenarioFile: MC, workers: 1, outDir: clean, progress: false });
    for (const f of ['samples.jsonl', 'samples.csv']) {
      expect(fs.readFileSync(path.join(killed, f), 'utf8')).toBe(fs.readFileSync(path.join(clean, f), 'utf8'));
    }
    const indices = fs.readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { index: number }).index);
    expect(indices).toEqual(Array.from({ length: 40 }, (_, i) => i));
  }, 180_000);
});
