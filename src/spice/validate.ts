/**
 * cimsim vs ngspice on the same SA conversions: the compute array's bitlines at the sampling
 * instants (one transistor-level transient), each trial's reference on the lender's lane (one
 * ngspice run per decision, since the next trial depends on it; the comparator is ideal, with the
 * lane comparator's sampled offset), and the resulting codes.
 */
import type { Design } from '../netlist/params.js';
import type { Nonidealities } from '../circuit/nonidealities.js';
import type { Stimulus } from '../scenario/types.js';
import { header, readPortModels, sp, WR, type SpiceTech } from './deck.js';
import { laneSpecOf, runLaneTrial, withSwitchKind, type LaneSwitches } from './lane.js';
import { checkModelCard, runNgspice, valueAt, type NgspiceOptions, type WrTable } from './ngspice.js';
import { blNode, cimsimConversions, computeLines, planStep, type ColumnConversion, type ComputeStep, type Decision } from './step.js';

export interface ValidateOptions {
  design: Design;
  seed: number;
  nonideal: Nonidealities;
  stimulus: Stimulus;
  tech: SpiceTech;
  switches: LaneSwitches;
  network?: string;
  /** Columns compared (default 4). */
  columns?: number;
  /** Tolerance: max(toleranceMv, tolerancePct % of |V|) (default 10 mV, 3 %). */
  toleranceMv?: number;
  tolerancePct?: number;
  ngspice?: NgspiceOptions;
}

export interface NodeSample {
  node: string;
  t: number; // s
  cimsim: number; // V
  spice: number; // V
  error_mV: number;
  tolerance_mV: number;
  within: boolean;
}

export interface CodeRow {
  column: number;
  cimsim: number;
  spice: number;
  /** agree | excused (within tolerance of a threshold at the first differing decision) | disagree */
  verdict: 'agree' | 'excused' | 'disagree';
  /** ngspice and cimsim margin |vbl - vref| at the first differing decision, mV. */
  margin_mV?: number;
}

export interface ValidationResult {
  samples: NodeSample[];
  codes: CodeRow[];
  cimsim: ColumnConversion[];
  spice: ColumnConversion[];
  passed: boolean;
  /** Worst |error| / tolerance over all samples. */
  worstRatio: number;
  spiceTime_s: number;
}

/** Bitlines of the step's columns in ngspice, sampled at `times` (per column, s). */
export async function simulateComputeSpice(step: ComputeStep, tech: SpiceTech, tStop: number, ngspice?: NgspiceOptions): Promise<{ table: WrTable; elapsed_s: number }> {
  const { lines, ic } = computeLines(step, tech);
  const deck = [
    ...header(`compute step of ${step.assignment.compute.name}`, tech),
    `Vvdd vddn 0 ${sp(tech.vdd)}`,
    ...lines,
    `.ic ${ic.join(' ')}`,
    '.control',
    ...WR,
    // 1 ps resolution; the step may grow to 10 ps while the bitlines only droop (held, wordlines low)
    `tran 1p ${sp(tStop)} 0 10p`,
    `wrdata bl.txt ${step.columns.map((c) => `v(${blNode(c)})`).join(' ')}`,
    '.endc',
    '.end',
    '',
  ].join('\n');
  const run = await runNgspice(deck, { timeoutMs: 600_000, ...ngspice, expectFiles: ['bl.txt'] });
  return { table: run.tables.get('bl.txt') as WrTable, elapsed_s: run.elapsed_s };
}

/** Run both simulators on the same conversions and compare. */
export async function validate(o: ValidateOptions): Promise<ValidationResult> {
  checkModelCard(o.tech.modelCard, [...readPortModels(o.tech), o.tech.nmos, ...(o.switches.kind === 'tgate' ? [o.switches.pmos] : [])]);
  const tolMv = o.toleranceMv ?? 10;
  const tolPct = o.tolerancePct ?? 3;
  const tol = (v: number): number => Math.max(tolMv * 1e-3, (tolPct / 100) * Math.abs(v)); // V
  const plan = { seed: o.seed, nonideal: o.nonideal, stimulus: o.stimulus, network: o.network, columns: o.columns ?? 4 };
  const design = withSwitchKind(o.design, o.switches.kind); // cimsim models the deck's switches
  const step = planStep(design, plan);
  const cim = cimsimConversions(step, design, { seed: o.seed, nonideal: o.nonideal });
  const lastSample = Math.max(...cim.flatMap((c) => c.decisions.map((d) => d.t)));
  const compute = await simulateComputeSpice(step, o.tech, lastSample + 5e-12, o.ngspice);
  let spiceTime = compute.elapsed_s;
  // SA in ngspice, lane by lane in conversion order; each lane starts fresh (all groups at vtop).
  const a = step.assignment;
  const specs = a.digitizer.lanes.map((_, i) => laneSpecOf(a, i));
  const states = new Map<number, number[] | undefined>();
  const spice: ColumnConversion[] = [];
  for (const [k, c] of step.columns.entries()) {
    const laneIndex = step.laneOf(k);
    const offset = a.digitizer.lanes[laneIndex].comparator.o.offset; // V, same sampled offset as cimsim
    let code = 0;
    const decisions: Decision[] = [];
    for (let b = step.bits - 1, i = 0; b >= 0; b--, i++) {
      const t = cim[k].decisions[i].t;
      const vbl = valueAt(compute.table, `v(${blNode(c)})`, t);
      const trial = code + (1 << b);
      const started = Date.now();
      const r = await runLaneTrial(specs[laneIndex], trial, states.get(laneIndex), { tech: o.tech, switches: o.switches, ngspice: o.ngspice });
      spiceTime += (Date.now() - started) / 1000;
      states.set(laneIndex, r.state);
      const out: 0 | 1 = r.vref - vbl + offset >= 0 ? 1 : 0;
      if (out) code = trial;
      decisions.push({ t, vbl, trial, vref: r.vref, out });
    }
    spice.push({ column: c, code, decisions });
  }
  const samples: NodeSample[] = [];
  const codes: CodeRow[] = [];
  for (const [k, c] of step.columns.entries()) {
    const x = cim[k];
    const y = spice[k];
    let diverged = false;
    let row: CodeRow = { column: c, cimsim: x.code, spice: y.code, verdict: 'agree' };
    for (let i = 0; i < x.decisions.length; i++) {
      const dx = x.decisions[i];
      const dy = y.decisions[i];
      const add = (node: string, vc: number, vs: number): void => {
        const err = vc - vs;
        samples.push({ node, t: dx.t, cimsim: vc, spice: vs, error_mV: err * 1e3, tolerance_mV: tol(vs) * 1e3, within: Math.abs(err) <= tol(vs) });
      };
      add(blNode(c), dx.vbl, dy.vbl);
      // References are comparable while both simulators run the same trial sequence.
      if (!diverged && dx.trial === dy.trial) add(`ref(${a.digitizer.lanes[step.laneOf(k)].dac.name}) T=${dx.trial}`, dx.vref, dy.vref);
      if (!diverged && dx.out !== dy.out) {
        diverged = true;
        const off = a.digitizer.lanes[step.laneOf(k)].comparator.o.offset;
        const ms = Math.abs(dy.vref - dy.vbl + off);
        const mc = Math.abs(dx.vref - dx.vbl + off);
        const excused = ms <= tol(dy.vbl) || mc <= tol(dx.vbl);
        row = { ...row, verdict: excused ? 'excused' : 'disagree', margin_mV: Math.min(ms, mc) * 1e3 };
      }
    }
    codes.push(row);
  }
  const worstRatio = Math.max(0, ...samples.map((s) => Math.abs(s.error_mV) / s.tolerance_mV));
  const passed = samples.every((s) => s.within) && codes.every((r) => r.verdict !== 'disagree');
  return { samples, codes, cimsim: cim, spice, passed, worstRatio, spiceTime_s: spiceTime };
}

/** Console tables: codes per conversion, then the worst error per compared node. */
export function formatValidation(r: ValidationResult, o: { toleranceMv: number; tolerancePct: number }): string {
  const lines = ['codes (5-bit SA, ideal comparator in ngspice):', '| column | cimsim | ngspice | verdict | margin at first differing decision (mV) |', '|---|---|---|---|---|'];
  for (const c of r.codes) lines.push(`| ${c.column} | ${c.cimsim} | ${c.spice} | ${c.verdict} | ${c.margin_mV === undefined ? '' : c.margin_mV.toFixed(1)} |`);
  const byNode = new Map<string, NodeSample[]>();
  for (const s of r.samples) {
    const key = s.node.replace(/ T=\d+$/, '');
    byNode.set(key, [...(byNode.get(key) ?? []), s]);
  }
  lines.push('', `node voltages at the sampling instants (tolerance max(${o.toleranceMv} mV, ${o.tolerancePct} %)):`, '| node | samples | max abs error (mV) | at ngspice (V) | within |', '|---|---|---|---|---|');
  for (const [node, list] of byNode) {
    const worst = list.reduce((w, s) => (Math.abs(s.error_mV) / s.tolerance_mV > Math.abs(w.error_mV) / w.tolerance_mV ? s : w));
    lines.push(`| ${node} | ${list.length} | ${Math.max(...list.map((s) => Math.abs(s.error_mV))).toFixed(1)} | ${worst.spice.toFixed(3)} | ${list.every((s) => s.within) ? 'yes' : 'no'} |`);
  }
  const agree = r.codes.filter((c) => c.verdict === 'agree').length;
  const excused = r.codes.filter((c) => c.verdict === 'excused').length;
  lines.push('', `${agree} of ${r.codes.length} codes agree, ${excused} excused; worst error ${r.worstRatio.toFixed(2)}x tolerance; ngspice ${r.spiceTime_s.toFixed(1)} s`, r.passed ? 'PASS' : 'FAIL: tolerance exceeded or codes disagree');
  return lines.join('\n');
}
