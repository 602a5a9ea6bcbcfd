/**
 * Figure: column conversions per second on one core, 64x32 arrays, every non-ideality on
 * (mismatch, leakage, comparator offset and noise, DAC settling, injection, kT/C).
 *  - full cycle: runInference() through the event kernel - precharge, one binary wordline pulse
 *    set, and the conversion of every column, with the ideal twin alongside (as users run it);
 *  - conversions only: Digitizer.convert() on bitlines that were discharged once beforehand.
 * 5-bit SA on the bundled test chip (ring of four arrays); 5-bit Flash and hybrid (2 Flash MSBs)
 * on bench/netlists/flash5.cir and hybrid5.cir (cluster networks with enough lender arrays).
 */
import { join } from 'node:path';
import { buildCircuit, type Circuit } from '../src/circuit/build.js';
import { characterization } from '../src/devices/column-table.js';
import { runInference } from '../src/scenario/inference.js';
import { BENCH_NETLISTS, loadDesign, TESTCHIP } from './lib/chip.js';
import { atLeast, calibrateCount, emit, figure, QUICK, runsFor, seconds, type Figure } from './lib/figure.js';
import { conversionsOnly, heldCircuit } from './lib/held.js';

const RUNS = QUICK ? 3 : 5;
const TARGET = atLeast(2e6); // column conversions/s per core (issue 8; 5-bit SA)
const RUN_S = QUICK ? 0.1 : 0.3; // s, aimed duration of one timed run
const WARM_INFERENCES = QUICK ? 30 : 150; // inferences of the warm-up and of each characterized full-cycle run

const cases = [
  { label: '5-bit SA', file: TESTCHIP, perInference: 4 * 32, target: TARGET },
  { label: '5-bit Flash', file: join(BENCH_NETLISTS, 'flash5.cir'), perInference: 32, target: undefined },
  { label: '5-bit hybrid (2+3)', file: join(BENCH_NETLISTS, 'hybrid5.cir'), perInference: 32, target: undefined },
];

/** Column conversions per second of `inferences` inferences on `circuit`. */
function fullCycle(circuit: Circuit, inferences: number): number {
  let conversions = 0;
  const s = seconds(() => {
    conversions = runInference(circuit, { encoding: 'binary', inferences, density: 0.5 }).conversions;
  });
  return conversions / s;
}

for (const c of cases) {
  const figures: Figure[] = [];
  // The column table is characterized on first use (once per technology, wordline shape and pulse
  // width, like a cell library): the first inference of the process pays for most of it, and the
  // (K, Z) pairs first met later pay as they come. Timed runs follow a warm-up; each run is a new
  // chip (new seed: new mismatch, weights and inputs), so the solves they still need are counted.
  const before = characterization();
  const cold = seconds(() => fullCycle(buildCircuit(loadDesign(c.file), { seed: 97 }), 1));
  const coldSolves = characterization().solves - before.solves;
  // One chip, characterized: a warm-up of WARM_INFERENCES on it, then the same run again on fresh
  // builds of the same chip (same mismatch, weights, inputs and history): every node it needs is
  // in the table, so the timed runs measure the cost per conversion of a characterized chip.
  const chip = (): Circuit => buildCircuit(loadDesign(c.file), { seed: 98 });
  const warm = seconds(() => fullCycle(chip(), WARM_INFERENCES));
  const atChip = characterization().solves;
  const steady = Array.from({ length: RUNS }, () => fullCycle(chip(), WARM_INFERENCES));
  const steadySolves = characterization().solves - atChip;
  // A new chip per run (as a Monte Carlo sample is): new mismatch, weights and inputs, so the
  // (K, Z) pairs first met there are still characterized inside the timed runs.
  const cal = calibrateCount((n) => fullCycle(buildCircuit(loadDesign(c.file), { seed: 99 }), n), RUN_S, 2000);
  const runs = runsFor(cal.single_s * cal.count, RUNS);
  const atNew = characterization().solves;
  const fresh = Array.from({ length: runs }, (_, r) => fullCycle(buildCircuit(loadDesign(c.file), { seed: r + 1 }), cal.count));
  const freshSolves = characterization().solves - atNew;
  const common = 'binary inputs density 0.5, all non-idealities on; includes precharge, pulse, ideal twin, kernel';
  figures.push(
    figure(`column table characterization, ${c.label}, first inference`, 's', [cold], undefined, {
      note: `first runInference of the process (${c.perInference} columns): ${coldSolves} detailed solves; the warm-up of ${WARM_INFERENCES} inferences on a second chip then took ${warm.toFixed(2)} s`,
    }),
    figure(`conversions/s, ${c.label}, full cycle`, 'conv/s', steady, c.target, {
      note: `one chip, characterized table (${steadySolves} further solves in the timed runs): runInference, ${WARM_INFERENCES} inferences x ${c.perInference} columns per run, ${common}`,
    }),
    figure(`conversions/s, ${c.label}, full cycle, new chip per run`, 'conv/s', fresh, undefined, {
      note: `runInference on a new chip per run, ${cal.count} inference(s) x ${c.perInference} columns per run, ${freshSolves} detailed solves in the timed runs, ${common}`,
    }),
  );
  // Conversions only: one circuit with held bitlines, converted again and again.
  const held = heldCircuit(c.file, 1);
  const only: number[] = [];
  const calOnly = calibrateCount((n) => conversionsOnly(held, n), RUN_S, 1e5);
  for (let r = 0; r < RUNS; r++) only.push(conversionsOnly(held, calOnly.count));
  figures.push(
    figure(`conversions/s, ${c.label}, conversions only`, 'conv/s', only, c.target, {
      note: `Digitizer.convert on held bitlines, ${calOnly.count * c.perInference} conversions per run`,
    }),
  );
  await emit(figures); // per case, so a stopped run keeps what it measured
}
