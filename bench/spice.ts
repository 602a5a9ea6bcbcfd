/**
 * Figure: cimsim against ngspice (PTM 65 nm card) on the same circuits (bench/lib/spice-circuits.ts):
 *  (a) one column discharge + one 5-bit SA conversion: ngspice simulates the discharge together
 *      with the first trial reference (T = 16) in one deck, then the 4 further trial references
 *      (chosen by the decisions so far) in one sharing deck each; the comparator and SA register
 *      are ideal on the ngspice side (5 decisions in this process), noise and mismatch off in cimsim;
 *  (b) a 64x32 array, one wordline pulse set (random weights and inputs), then one sharing step
 *      (T = 16) on the neighbour's 32 bitlines: one ngspice run (slow; run once);
 *  (c) the same with every pulsed wordline at 1.1 V for 200 ps: deep discharges, bitlines ending
 *      below ground (about 3 minutes of ngspice; BENCH_SKIP_SPICE_C=1 leaves it out).
 * ngspice time is the wall time of its processes; the start-up of an empty ngspice run is measured
 * too and reported, so the ratio without start-up can be read off.
 */
import { join } from 'node:path';
import { buildCircuit, type Assignment, type Circuit } from '../src/circuit/build.js';
import { ConversionLog } from '../src/engine/conversion-log.js';
import { allNonidealities } from '../src/circuit/nonidealities.js';
import { idealCode } from '../src/analysis/oracle.js';
import type { DigitizerOptions } from '../src/devices/digitizer.js';
import type { RefDacLane } from '../src/devices/refdac.js';
import { EnergyLedger } from '../src/engine/ledger.js';
import { findNgspice, runNgspice, valueAt, type WrTable } from '../src/spice/ngspice.js';
import { RandomStream } from '../src/tech/random.js';
import { elaborateNetlist, ROOT } from './lib/chip.js';
import { atLeast, calibrateCount, emit, figure, seconds, type Figure } from './lib/figure.js';
import { arrayDeck, pairNetlist, sharingDeck } from './lib/spice-circuits.js';

const TECH_FILE = join(ROOT, 'netlists/tech/cmos65.tech');
const VTOL = (v: number): number => Math.max(0.01, 0.03 * Math.abs(v)); // V: within 10 mV or 3 %
const RUNS_A = 1; // each case once: ngspice alone takes ~1 min for the three; (b) needs the rest of the budget
const SKIP_B = process.env.BENCH_SKIP_SPICE_B === '1';

/** ngspice-comparable circuit: no mismatch or noise; leakage stays on (ngspice has it). */
function circuitOf(rows: number, cols: number, weights: string, vwl = PULSE.vwl): Circuit {
  const nonideal = { ...allNonidealities(false), leakage: true };
  return buildCircuit(elaborateNetlist(pairNetlist(TECH_FILE, rows, cols, weights, vwl)), { seed: 1, nonideal });
}

function laneOf(a: Assignment): RefDacLane {
  // The digitizer keeps its lanes private; the bench needs the very lane cimsim converts with.
  return (a.digitizer as unknown as { o: DigitizerOptions }).o.lanes[0].dac;
}

const PULSE = { vwl: 0.45, width: 25e-12, rise: 5e-12, fall: 5e-12 };
/** Circuit (c): the same 64x32 pair, every pulsed wordline at 1.1 V for 200 ps (deep discharge, below-ground endings). */
const DEEP = { vwl: 1.1, width: 200e-12, rise: 5e-12, fall: 5e-12 };
const SKIP_C = process.env.BENCH_SKIP_SPICE_C === '1';
const VTOP = 1.1;
const VBOTTOM = 1.1 - 0.64;
const TSHARE = 100e-12;

async function startup(): Promise<number> {
  const r = await runNgspice(['* empty', 'V1 a 0 1', 'R1 a 0 1k', '.op', '.end', ''].join('\n'));
  return r.elapsed_s;
}

/** Circuit (a) with `ones` conducting cells; returns figures' raw numbers. */
async function circuitA(ones: number): Promise<{ spice_s: number; runs: number; cim_s: number; vSpice: number; vCim: number; codeSpice: number; codeCim: number; refErr: number }> {
  const hex = Array.from({ length: 64 }, (_, r) => (r < ones ? '1' : '0')).join(',');
  const c = circuitOf(64, 1, `hex:${hex}`);
  const a = c.assignments[0];
  const lane = laneOf(c.assignments[0]);
  const lender = a.lenders[0];
  const widths = new Float64Array(64).fill(PULSE.width);
  // cimsim: precharge, pulse, one conversion - timed over many repetitions.
  const ledger = new EnergyLedger();
  // The ideal twin (cimsim's error bookkeeping, no part of the circuit) is computed once, untimed.
  a.ideal.pulse(a.ideal.precharge(0, ledger), widths, ledger);
  const once = (log: ConversionLog): number => {
    const end = a.compute.pulse(a.compute.precharge(0, ledger), widths, ledger);
    a.digitizer.convert(a.compute, [0], a.ideal.vbl, 0, end, ledger, log);
    return end;
  };
  const logs = Array.from({ length: 100 }, () => new ConversionLog());
  const repeat = (n: number): void => {
    for (let i = 0; i < n; i++) once(logs[i % 100]);
  };
  repeat(calibrateCount(repeat, 0.2, 2000).count); // warm-up (JIT)
  const reps = calibrateCount(repeat, 0.5, 20000).count;
  const cim_s = seconds(() => repeat(reps)) / reps;
  // Accuracy on a fresh circuit: the timing loop restarts time at 0 on every repetition, so its
  // arrays carry the internal-node state of the previous repetition into the next.
  const f = circuitOf(64, 1, `hex:${hex}`).assignments[0];
  f.ideal.pulse(f.ideal.precharge(0, ledger), widths, ledger);
  const log = new ConversionLog();
  const fEnd = f.compute.pulse(f.compute.precharge(0, ledger), widths, ledger);
  const vCim = f.compute.vbl[0];
  f.digitizer.convert(f.compute, [0], f.ideal.vbl, 0, fEnd, ledger, log);
  const codeCim = log.code[0];
  // ngspice: discharge + first reference in one deck, then the SA's further references.
  const first = arrayDeck({ rows: 64, cols: 1, bits: a.compute.bits, pulsed: Array(64).fill(true), cbl: a.compute.cbl, vpre: a.compute.vpre, ...PULSE, laneCaps: lender.cbl, mask: lane.masks[16], vtop: VTOP, vbottom: VBOTTOM, tshare: TSHARE });
  let spice_s = 0;
  let r = await runNgspice(first.deck, { expectFiles: ['wave.txt'], timeoutMs: 120_000 });
  spice_s += r.elapsed_s;
  if (process.env.BENCH_VERBOSE) console.error(`(a) K=${ones}: discharge deck ${r.elapsed_s.toFixed(3)} s`);
  const wave = r.tables.get('wave.txt') as WrTable;
  const vSpice = valueAt(wave, 'v(bl0)', first.tPulseEnd);
  let vref = valueAt(wave, 'v(rbus)', first.tRead);
  let refErr = Math.abs(vref - lane.idealReference(16) - (laneRef(c, 16) - lane.idealReference(16)));
  let code = 0;
  let runs = 1;
  for (let b = 4; b >= 0; b--) {
    const trial = code + (1 << b);
    if (b < 4) {
      const d = sharingDeck(lender.cbl, lane.masks[trial], VTOP, VBOTTOM, TSHARE);
      r = await runNgspice(d.deck, { expectFiles: ['share.txt'], timeoutMs: 60_000 });
      spice_s += r.elapsed_s;
      if (process.env.BENCH_VERBOSE) console.error(`(a) K=${ones}: sharing deck T=${trial} ${r.elapsed_s.toFixed(3)} s`);
      runs++;
      vref = valueAt(r.tables.get('share.txt') as WrTable, 'v(rbus)', d.tRead);
      refErr = Math.max(refErr, Math.abs(vref - laneRef(c, trial)));
    }
    // Ideal comparator at the sampling instant; cimsim samples later, after leakage droop, but the
    // droop over a 2 ns conversion is < 0.1 mV here.
    if (vref - vSpice >= 0) code = trial;
  }
  return { spice_s, runs, cim_s, vSpice, vCim, codeSpice: code, codeCim, refErr };
}

/** cimsim's reference for threshold T on the circuit's lane (no settling/injection/noise). */
function laneRef(c: Circuit, t: number): number {
  return laneOf(c.assignments[0]).reference(t);
}

async function circuitB(pulse = PULSE): Promise<{ spice_s: number; cim_s: number; worstV: number; worstTol: number; within: number; codesEqual: number; refSpice: number; refCim: number; tabled: number }> {
  const c = circuitOf(64, 32, 'random:0.5', pulse.vwl);
  const a = c.assignments[0];
  const lane = laneOf(c.assignments[0]);
  const rng = new RandomStream(1, 'bench:spice-b');
  const pulsed = Array.from({ length: 64 }, () => rng.next() < 0.5);
  const widths = Float64Array.from(pulsed, (p) => (p ? pulse.width : 0));
  const ledger = new EnergyLedger();
  const once = (): number => {
    a.compute.pulse(a.compute.precharge(0, ledger), widths, ledger);
    return lane.reference(16);
  };
  const repeat = (n: number): void => {
    for (let i = 0; i < n; i++) once();
  };
  repeat(calibrateCount(repeat, 0.2, 2000).count); // warm-up (JIT)
  const reps = calibrateCount(repeat, 0.5, 20000).count;
  const cim_s = seconds(() => repeat(reps)) / reps;
  // Accuracy on a fresh circuit (the timing loop restarts time at 0 on every repetition).
  const f = circuitOf(64, 32, 'random:0.5', pulse.vwl).assignments[0];
  f.compute.pulse(f.compute.precharge(0, ledger), widths, ledger);
  const vCim = Float64Array.from(f.compute.vbl);
  const refCim = laneOf(f).reference(16);
  const d = arrayDeck({ rows: 64, cols: 32, bits: a.compute.bits, pulsed, cbl: a.compute.cbl, vpre: a.compute.vpre, ...pulse, laneCaps: a.lenders[0].cbl, mask: lane.masks[16], vtop: VTOP, vbottom: VBOTTOM, tshare: TSHARE });
  const r = await runNgspice(d.deck, { expectFiles: ['wave.txt'], timeoutMs: 400_000 });
  const wave = r.tables.get('wave.txt') as WrTable;
  let worstV = 0;
  let worstTol = 0;
  let within = 0;
  let codesEqual = 0;
  for (let col = 0; col < 32; col++) {
    const vs = valueAt(wave, `v(bl${col})`, d.tPulseEnd);
    const err = Math.abs(vs - vCim[col]);
    if (err / VTOL(vs) > worstTol) worstTol = err / VTOL(vs);
    worstV = Math.max(worstV, err);
    if (err <= VTOL(vs)) within++;
    if (idealCode(vs, VTOP, VBOTTOM, 5) === idealCode(vCim[col], VTOP, VBOTTOM, 5)) codesEqual++;
  }
  return { spice_s: r.elapsed_s, cim_s, worstV, worstTol, within, codesEqual, refSpice: valueAt(wave, 'v(rbus)', d.tRead), refCim, tabled: f.compute.columnStats.table };
}

const figures: Figure[] = [];
if (findNgspice() === null) {
  console.error('bench spice: ngspice not found; comparison skipped');
} else {
  const start_s = await startup();
  figures.push(figure('ngspice process start-up (empty deck)', 's', [start_s], undefined, { note: 'included in the ngspice wall times below' }));
  // (a): three discharge depths.
  const cases = [4, 16, 28];
  const speed: number[] = [];
  const speedNet: number[] = [];
  const rows: string[] = [];
  let allOk = true;
  for (let i = 0; i < RUNS_A; i++) {
    for (const ones of cases) {
      const x = await circuitA(ones);
      speed.push(x.spice_s / x.cim_s);
      speedNet.push((x.spice_s - x.runs * start_s) / x.cim_s);
      const ok = Math.abs(x.vSpice - x.vCim) <= VTOL(x.vSpice) && x.codeSpice === x.codeCim && x.refErr <= VTOL(0.8);
      allOk &&= ok;
      if (i === 0) {
        rows.push(`K=${ones}: vbl ngspice ${x.vSpice.toFixed(4)} V, cimsim ${x.vCim.toFixed(4)} V (${((x.vCim - x.vSpice) * 1e3).toFixed(1)} mV); code ngspice ${x.codeSpice}, cimsim ${x.codeCim}; worst reference diff ${(x.refErr * 1e3).toFixed(2)} mV; ngspice ${x.spice_s.toFixed(3)} s over ${x.runs} runs, cimsim ${(x.cim_s * 1e6).toFixed(2)} us`);
      }
    }
  }
  figures.push(
    figure('(a) column discharge + 5-bit SA: speed-up vs ngspice', 'x', speed, atLeast(1e4), { note: `K = ${cases.join(', ')} conducting cells of 64; ${rows.join('; ')}` }),
    figure('(a) speed-up vs ngspice without process start-up', 'x', speedNet),
    figure('(a) bitline within 10 mV/3 %, codes and references match', 'all match', [allOk ? 1 : 0], { text: '= 1', min: 1 }, { note: rows.join('; ') }),
  );
  await emit(figures.splice(0)); // before the long run of (b)
  const circuits = [
    { tag: '(b)', what: '64x32 pulse + sharing', pulse: PULSE, skip: SKIP_B, flag: 'BENCH_SKIP_SPICE_B' },
    { tag: '(c)', what: '64x32 deep discharge (1.1 V, 200 ps) + sharing', pulse: DEEP, skip: SKIP_C, flag: 'BENCH_SKIP_SPICE_C' },
  ];
  for (const { tag, what, pulse, skip, flag } of circuits) {
    if (skip) {
      console.error(`bench spice: circuit ${tag} skipped (${flag}=1)`);
      continue;
    }
    const b = await circuitB(pulse);
    figures.push(
      figure(`${tag} ngspice wall time, ${what}`, 's', [b.spice_s], undefined, { note: 'one run (several would not fit the 10-minute budget)' }),
      figure(`${tag} cimsim time, ${what}`, 's', [b.cim_s], undefined, { note: `precharge + pulse (32 columns x 64 rows) + one lane reference, mean of up to 20000 (about 0.5 s); ${b.tabled} of 32 columns from the characterized table` }),
      figure(`${tag} ${what}: speed-up vs ngspice`, 'x', [b.spice_s / b.cim_s], atLeast(1e6), { note: 'one ngspice run' }),
      figure(`${tag} bitlines within 10 mV/3 % of ngspice`, 'columns of 32', [b.within], { text: '= 32', min: 32 }, {
        note: `worst |dV| ${(b.worstV * 1e3).toFixed(1)} mV; ideal 5-bit codes equal on ${b.codesEqual}/32 columns; reference ngspice ${b.refSpice.toFixed(4)} V, cimsim ${b.refCim.toFixed(4)} V`,
      }),
      figure(`${tag} 5-bit codes of the bitlines equal`, 'columns of 32', [b.codesEqual], { text: '= 32', min: 32 }),
    );
    await emit(figures.splice(0)); // before the next long ngspice run
  }
}
await emit(figures);
