import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CharacterizedEntry } from '../../devices/column-table.js';
import { CimsimError } from '../../errors.js';
import { loadScenario } from '../load.js';
import { defaultWorkerCount } from './cpus.js';
import { runSample, type Sample, type SampleResult } from './samples.js';

export interface PoolOptions {
  /** Worker threads; default defaultWorkerCount() (cores allowed, capped by the cgroup CPU quota). 0 runs in this thread. */
  workers?: number;
  /** Called once per sample as it finishes (completion order, not index order). */
  onResult: (result: SampleResult) => void;
}

/** URL of the compiled worker; under the TypeScript sources (tests) it is the dist/ copy. */
export function workerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./worker.js', here);
  let dir = path.dirname(fileURLToPath(here));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new CimsimError('cannot find the package root for the sweep worker');
    dir = up;
  }
  const file = path.join(dir, 'dist', 'src', 'scenario', 'sweep', 'worker.js');
  if (!fs.existsSync(file)) throw new CimsimError(`sweep worker ${file} is missing`, undefined, 'run `npm run build` first');
  return pathToFileURL(file);
}

/**
 * Run samples on worker threads; resolves when all are done, rejects on the first failure. What a
 * worker characterizes of the column table comes back with its result and goes out to every other
 * worker with its next job: the workers share one characterization instead of each repeating it
 * (the results are the same either way: each entry is a pure function of its key).
 */
export async function runPool(scenarioFile: string, samples: readonly Sample[], options: PoolOptions): Promise<void> {
  const count = Math.min(options.workers ?? defaultWorkerCount(), samples.length);
  if (count <= 0) {
    const scenario = loadScenario(scenarioFile); // once: its samples then share one elaborated design
    for (const s of samples) options.onResult(runSample(scenarioFile, s, scenario));
    return;
  }
  const url = workerUrl();
  const file = path.resolve(scenarioFile);
  let next = 0;
  const workers: Worker[] = [];
  const outbox: CharacterizedEntry[][] = []; // per worker, what the others characterized since its last job
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const feed = (w: Worker): void => {
        if (failed) return;
        if (next >= samples.length) {
          if (running === 0) resolve();
          return;
        }
        running++;
        const k = workers.indexOf(w);
        w.postMessage({ scenarioFile: file, sample: samples[next++], characterized: outbox[k] });
        outbox[k] = [];
      };
      for (let i = 0; i < count; i++) {
        const w = new Worker(url);
        workers.push(w);
        outbox.push([]);
        w.on('message', (m: { ok: true; result: SampleResult; characterized: CharacterizedEntry[] } | { ok: false; index: number; message: string; hint?: string }) => {
          running--;
          if (m.ok && m.characterized.length > 0) {
            workers.forEach((other, j) => {
              if (other !== w) for (const e of m.characterized) outbox[j].push(e);
            });
          }
          if (!m.ok) {
            failed = true;
            reject(new CimsimError(`sample ${m.index}: ${m.message}`, undefined, m.hint ?? `re-run it alone to inspect it`));
            return;
          }
          try {
            options.onResult(m.result);
          } catch (e) {
            failed = true;
            reject(e);
            return;
          }
          feed(w);
        });
        w.on('error', (e) => {
          failed = true;
          reject(new CimsimError(`sweep worker failed: ${e.message}`));
        });
      }
      for (const w of workers) feed(w);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
