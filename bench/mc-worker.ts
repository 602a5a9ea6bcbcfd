/**
 * Worker for the Monte Carlo figure: elaborates the test chip once, then for every seed it is
 * sent builds the circuit (new variation sample) and runs one inference.
 */
import { parentPort } from 'node:worker_threads';
import { buildCircuit } from '../src/circuit/build.js';
import { runInference } from '../src/scenario/inference.js';
import { loadDesign, TESTCHIP } from './lib/chip.js';

const design = loadDesign(TESTCHIP);

/** One Monte Carlo sample: new variation draw + one binary inference; returns its conversion count. */
export function sample(seed: string): number {
  const circuit = buildCircuit(design, { seed });
  return runInference(circuit, { encoding: 'binary', inferences: 1, density: 0.5 }).conversions;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (seeds: string[]) => {
    let conversions = 0;
    for (const s of seeds) conversions += sample(s);
    port.postMessage({ conversions });
  });
  port.postMessage('ready');
}
