import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CimsimError } from '../../errors.js';
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

/** Run samples on worker threads; resolves when all are done, rejects on the first failure. */
export async function runPool(scenarioFile: string, samples: readonly Sample[], options: PoolOptions): Promise<void> {
  const count = Math.min(options.workers ?? defaultWorkerCount(), samples.length);
  if (count <= 0) {
    for (const s of samples) options.onResult(runSample(scenarioFile, s));
    return;
  }
  const url = workerUrl();
  const file = path.resolve(scenarioFile);
  let next = 0;
  const workers: Worker[] = [];
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
        w.postMessage({ scenarioFile: file, sample: samples[next++] });
      };
      for (let i = 0; i < count; i++) {
        const w = new Worker(url);
        workers.push(w);
        w.on('message', (m: { ok: true; result: SampleResult } | { ok: false; index: number; message: string; hint?: string }) => {
          running--;
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
