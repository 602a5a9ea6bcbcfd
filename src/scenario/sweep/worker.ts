// Worker thread entry: runs the samples the pool sends, one message each.
import { parentPort } from 'node:worker_threads';
import { CimsimError } from '../../errors.js';
import { loadScenario } from '../load.js';
import type { Scenario } from '../types.js';
import { runSample, type Sample } from './samples.js';

interface Job {
  scenarioFile: string;
  sample: Sample;
}

const scenarios = new Map<string, Scenario>();

parentPort?.on('message', (job: Job) => {
  try {
    let scenario = scenarios.get(job.scenarioFile);
    if (scenario === undefined) {
      scenario = loadScenario(job.scenarioFile);
      scenarios.set(job.scenarioFile, scenario);
    }
    parentPort!.postMessage({ ok: true, result: runSample(job.scenarioFile, job.sample, scenario) });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ ok: false, index: job.sample.index, message: err.message, hint: e instanceof CimsimError ? e.hint : undefined });
  }
});
