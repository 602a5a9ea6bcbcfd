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
import { ConversionLog } from '../src/circuit/conversion-log.js';
import { EnergyLedger } from '../src/engine/ledger.js';
import { runInference } from '../src/scenario/inference.js';
import { RandomStream } from '../src/tech/random.js';
import { BENCH_NETLISTS, loadDesign, TESTCHIP } from './lib/chip.js';
import { atLeast, calibrateCount, emit, figure, QUICK, runsFor, seconds, type Figure } from './lib/figure.js';

const RUNS = QUICK ? 3 : 5;
const TARGET = atLeast(2e6); // column conversions/s per core (issue 8; 5-bit SA)
const RUN_S = QUICK ? 0.1 : 0.3; // s, aimed duration of one timed run

const cases = [
  { label: '5-bit SA', file: TESTCHIP, perInference: 4 * 32, target: TARGET },
  { label: '5-bit Flash', file: join(BENCH_NETLISTS, 'flash5.cir'), perInference: 32, target: undefined },
  { label: '5-bit hybrid (2+3)', file: join(BENCH_NETLISTS, 'hybrid5.cir'), perInference: 32, target: undefined },
];

function fullCycle(file: string, inferences: number, seed: number): number {
  const circuit = buildCircuit(loadDesign(file), { seed });
  let conversions = 0;
  const s = seconds(() => {
    conversions = runInference(circuit, { encoding: 'binary', inferences, density: 0.5 }).conversions;
  });
  return conversions / s;
}

/** A built circuit whose compute arrays hold one discharged pulse result (and their start times). */
function heldCircuit(file: string, seed: number): { circuit: Circuit; starts: number[] } {
  const circuit = buildCircuit(loadDesign(file), { seed });
  const ledger = new EnergyLedger();
  const rng = new RandomStream(seed, 'bench:inputs');
  const starts: number[] = [];
  for (const a of circuit.assignments) {
    const widths = Float64Array.from({ length: a.compute.rows }, () => (rng.next() < 0.5 ? 25e-12 : 0));
    const end = a.compute.pulse(a.compute.precharge(0, ledger), widths, ledger);
    a.ideal.pulse(a.ideal.precharge(0, ledger), widths, ledger);
    starts.push(end);
  }
  return { circuit, starts };
}

function conversionsOnly(held: { circuit: Circuit; starts: number[] }, repeats: number): number {
  const ledger = new EnergyLedger();
  let conversions = 0;
  const s = seconds(() => {
    for (let r = 0; r < repeats; r++) {
      const log = new ConversionLog(); // fresh so the log does not grow without bound
      held.circuit.assignments.forEach((a, i) => {
        const columns = Array.from({ length: a.compute.cols }, (_, c) => c);
        a.digitizer.convert(a.compute, columns, a.ideal.vbl, 0, held.starts[i], ledger, log);
        conversions += columns.length;
      });
    }
  });
  return conversions / s;
}

for (const c of cases) {
  const figures: Figure[] = [];
  const cal = calibrateCount((n) => fullCycle(c.file, n, 99), RUN_S, 250);
  const runs = runsFor(cal.single_s * cal.count, RUNS);
  const full = Array.from({ length: runs }, (_, r) => fullCycle(c.file, cal.count, r + 1));
  figures.push(
    figure(`conversions/s, ${c.label}, full cycle`, 'conv/s', full, c.target, {
      note: `runInference, ${cal.count} inference(s) x ${c.perInference} columns per run, binary inputs density 0.5, all non-idealities on; includes precharge, pulse, ideal twin, kernel`,
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
