/**
 * The "conversions only" workload of bench/conversions.ts, shared with its profile script: a
 * circuit whose compute arrays hold one discharged pulse result, converted again and again.
 */
import { buildCircuit, type Circuit } from '../../src/circuit/build.js';
import { ConversionLog } from '../../src/engine/conversion-log.js';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { RandomStream } from '../../src/tech/random.js';
import { loadDesign } from './chip.js';
import { seconds } from './figure.js';

/** A built circuit whose compute arrays hold one discharged pulse result (and their start times). */
export function heldCircuit(file: string, seed: number): { circuit: Circuit; starts: number[] } {
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

/** Column conversions per second of `repeats` conversions of every column of every compute array. */
export function conversionsOnly(held: { circuit: Circuit; starts: number[] }, repeats: number): number {
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

