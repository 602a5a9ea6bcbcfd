/**
 * Figure: MNIST images classified on the simulated chip per second (scenarios/mnist.json's network
 * analysis, every non-ideality on, one core), and the wall time 10,000 images would take on 2
 * cores split as a sharded run (10,000 / (2 x rate)): the target is under 2 minutes.
 * Each run is a fresh scenario run (netlist, circuit, calibration, images) of IMAGES images.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioFile } from '../src/scenario/runner.js';
import { ROOT } from './lib/chip.js';
import { atMost, emit, figure, QUICK, seconds } from './lib/figure.js';

const IMAGES = QUICK ? 10 : 60;
const RUNS = QUICK ? 1 : 3;

const scenario = JSON.parse(readFileSync(join(ROOT, 'scenarios/mnist.json'), 'utf8'));
scenario.netlist = join(ROOT, 'netlists/testchip65.cir');
scenario.analyses[0].network = join(ROOT, 'scenarios/mnist/network.json');
scenario.analyses[0].images = IMAGES;
const file = join(mkdtempSync(join(tmpdir(), 'cimsim-bench-')), 'mnist.json');
writeFileSync(file, JSON.stringify(scenario));

const rates: number[] = [];
let conversions = 0;
for (let r = 0; r < RUNS; r++) {
  let images = 0;
  const s = seconds(() => {
    const m = runScenarioFile(file).sections[0].metrics;
    images = m.images_count;
    conversions = m.conversionsPerImage_count;
  });
  rates.push(images / s);
}
const note = `${IMAGES} images per run, fresh scenario run each (calibration included), ${conversions} conversions per image, one core`;
await emit([
  figure('MNIST images on the chip', 'images/s', rates, undefined, { note }),
  figure('10,000 MNIST images on 2 cores (sharded)', 's', rates.map((r) => 10_000 / (2 * r)), atMost(120), { note: `10,000 / (2 x images/s); ${note}` }),
]);
