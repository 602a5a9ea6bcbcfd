// Worker thread entry: runs the samples the pool sends, one message each. Each reply carries the
// column-table results this worker characterized for it, and each job those the other workers
// characterized since this worker's last job (pool.ts), so the workers share one characterization.
import { parentPort } from 'node:worker_threads';
import { addCharacterized, shareCharacterization, takeCharacterized, type CharacterizedEntry } from '../../devices/column-table.js';
import { CimsimError } from '../../errors.js';
import { loadScenario } from '../load.js';
import type { Scenario } from '../types.js';
import { runSample, type Sample } from './samples.js';

interface Job {
  scenarioFile: string;
  sample: Sample;
  characterized: CharacterizedEntry[];
}

const scenarios = new Map<string, Scenario>();
shareCharacterization(parentPort !== null);

parentPort?.on('message', (job: Job) => {
  try {
    addCharacterized(job.characterized);
    let scenario = scenarios.get(job.scenarioFile);
    if (scenario === undefined) {
      scenario = loadScenario(job.scenarioFile);
      scenarios.set(job.scenarioFile, scenario);
    }
    const result = runSample(job.scenarioFile, job.sample, scenario);
    parentPort!.postMessage({ ok: true, result, characterized: takeCharacterized() });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ ok: false, index: job.sample.index, message: err.message, hint: e instanceof CimsimError ? e.hint : undefined });
  }
});
