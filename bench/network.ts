/**
 * Figure: MNIST images classified on the simulated chip per second (scenarios/mnist.json's network
 * analysis, every non-ideality on, one core), and the wall time 10,000 images would take on 2
 * cores split as a sharded run (10,000 / (2 x rate)): the target is under 2 minutes.
 * The rate is marginal: two fresh scenario runs of FEW and MANY images, (MANY - FEW) / (t_MANY -
 * t_FEW), so the fixed cost of a run (netlist, circuit, column calibration, reading the digits)
 * cancels; that fixed cost is its own figure.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioFile } from '../src/scenario/runner.js';
import { ROOT } from './lib/chip.js';
import { atMost, emit, figure, QUICK, seconds } from './lib/figure.js';

const FEW = QUICK ? 2 : 10;
const MANY = QUICK ? 8 : 60;
const RUNS = QUICK ? 1 : 3;

const dir = mkdtempSync(join(tmpdir(), 'cimsim-bench-'));
function scenarioOf(images: number): string {
  const scenario = JSON.parse(readFileSync(join(ROOT, 'scenarios/mnist.json'), 'utf8'));
  scenario.netlist = join(ROOT, 'netlists/testchip65.cir');
  scenario.analyses[0].network = join(ROOT, 'scenarios/mnist/network.json');
  scenario.analyses[0].images = images;
  const file = join(dir, `mnist-${images}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}
const few = scenarioOf(FEW);
const many = scenarioOf(MANY);

let conversions = 0;
const time = (file: string): number => seconds(() => (conversions = runScenarioFile(file).sections[0].metrics.conversionsPerImage_count));
time(few); // JIT warm-up
const rates: number[] = [];
const fixed: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const tFew = time(few);
  const tMany = time(many);
  const rate = (MANY - FEW) / (tMany - tFew);
  rates.push(rate);
  fixed.push(tFew - FEW / rate);
}
const note = `marginal rate between runs of ${FEW} and ${MANY} images, ${conversions} conversions per image, every non-ideality on, one core`;
await emit([
  figure('MNIST images on the chip', 'images/s', rates, undefined, { note }),
  figure('MNIST run fixed cost (circuit, calibration, digits)', 's', fixed, undefined, { note }),
  figure('10,000 MNIST images on 2 cores (sharded)', 's', rates.map((r) => 10_000 / (2 * r)), atMost(120), { note: `10,000 / (2 x images/s); ${note}` }),
]);
