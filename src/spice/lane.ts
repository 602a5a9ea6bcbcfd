/**
 * A reference lane of a lender array in SPICE: its bitlines as capacitors lumped per refdac group,
 * precharged to vtop or vbottom through the lender's precharge resistance, then joined by
 * transmission gates (NMOS + PMOS, one per bitline: a multiplier m per group) to the dummy bitline, which
 * is always at the top level and so always in the selected lump: the reference is read there.
 * cimsim models the same sequence behaviourally (src/devices/refdac.ts).
 */
import type { Assignment } from '../circuit/build.js';
import { CimsimError } from '../errors.js';
import { sharingGateEdge } from '../devices/refdac.js';
import type { Design } from '../netlist/params.js';
import { header, sp, WR, type SpiceTech } from './deck.js';
import { checkModelCard, runNgspice, valueAt, type NgspiceOptions, type WrTable } from './ngspice.js';

/** Everything SPICE needs to know about one lane (SI units). */
export interface LaneSpec {
  name: string;
  /** Group capacitances, F, MSB first (the lender's bitlines, mismatch included). */
  groupCaps: number[];
  groupUnits: number[];
  dummyCap: number; // F
  dummyUnits: number;
  /** Per-bitline precharge resistance of the lender, Ohm. */
  rpre: number;
  /** On-resistance of one sharing switch in the netlist, Ohm (the ideal switches' resistance). */
  ron: number;
  /** Transmission-gate device widths per bitline from the netlist (refdac sw_wn, sw_wp or sized from ron), m. */
  wn: number;
  wp: number;
  tdacpre: number; // s
  tshare: number; // s
  vtop: number; // V
  vbottom: number; // V
  bits: number;
  /** Selection mask per threshold T (bit g = group g at vtop), as the cimsim lane uses. */
  masks: Int32Array;
}

/** Sizing and models of the sharing transmission gates. */
export interface LaneSwitches {
  /**
   * 'tgate': NMOS + PMOS from the card (channel charge and feedthrough included); 'ideal': a
   * voltage-controlled switch of resistance ron per bitline (isolates cimsim's sharing law).
   */
  kind: 'tgate' | 'ideal';
  pmos: string;
  /** NMOS and PMOS width per bitline switch, m (default: the netlist's, LaneSpec wn / wp). */
  wn?: number;
  wp?: number;
}

/**
 * The design with every refdac's sharing switches of the given kind, so that cimsim models the
 * switches the deck uses (like for like).
 */
export function withSwitchKind(design: Design, kind: 'tgate' | 'ideal'): Design {
  const instances = design.instances.map((i) =>
    i.type === 'refdac' && i.params.switch?.value !== kind ? { ...i, params: { ...i.params, switch: { ...i.params.switch, value: kind } } } : i);
  return { ...design, instances };
}

/** Gate edge of the sharing switches in the deck, s: the edge the lane's own network drawing uses. */
export function laneGateEdge(spec: LaneSpec): number {
  return sharingGateEdge(spec.tshare);
}

/** The lane spec of lane `index` of an assignment's digitizer: the lane as cimsim built it. */
export function laneSpecOf(a: Assignment, index = 0): LaneSpec {
  const lane = a.digitizer.lanes[index];
  if (lane === undefined) throw new CimsimError(`digitizer ${a.digitizer.name} has no reference lane ${index}`, undefined, `it has ${a.digitizer.lanes.length}`);
  const o = lane.dac.options;
  const lender = a.lenders.find((l) => l.name === lane.array)!;
  const sw = a.digitizer.recipe.dac.switches;
  return {
    name: lane.dac.name,
    groupCaps: [...o.groupCaps],
    groupUnits: [...o.groupUnits],
    dummyCap: o.dummyCap,
    dummyUnits: o.dummyUnits,
    rpre: lender.rpre,
    ron: o.ron,
    wn: sw.wn,
    wp: sw.wp,
    tdacpre: o.tdacpre,
    tshare: o.tshare,
    vtop: o.vtop,
    vbottom: o.vbottom,
    bits: o.bits,
    masks: lane.dac.masks,
  };
}

export interface LaneTrialOptions {
  /** Node-name prefix (several lanes in one deck). */
  prefix: string;
  /** Start of the DAC precharge, s. */
  t0: number;
  /** Threshold T of this trial (1..2^N-1). */
  trial: number;
  switches: LaneSwitches;
}

/** Node names of a lane: groups MSB first, then the dummy (the reference node). */
export function laneNodes(spec: LaneSpec, prefix: string): { groups: string[]; ref: string } {
  return { groups: spec.groupCaps.map((_, g) => `${prefix}g${g}`), ref: `${prefix}dum` };
}

/**
 * Time the reference is sampled, s after t0: tshare after the middle of the gates' turn-on edge
 * (which starts when the precharge ends), with the switches still fully on.
 */
export function laneSampleOffset(spec: LaneSpec): number {
  return spec.tdacpre + laneGateEdge(spec) / 2 + spec.tshare;
}

/**
 * Element lines of one trial: precharge (a behavioural resistor to the group's target for tdacpre
 * from t0, window edges centred on its ends) and sharing (the gates' turn-on edge starts when the
 * precharge ends; they conduct tshare from its middle to the sample, then open).
 * Needs node `vddn` at vdd (PMOS bulk and gate high level).
 */
export function laneTrialLines(spec: LaneSpec, t: SpiceTech, o: LaneTrialOptions): string[] {
  const p = o.prefix;
  const { groups, ref } = laneNodes(spec, p);
  const mask = spec.masks[o.trial];
  if (!(o.trial >= 1 && o.trial < 1 << spec.bits)) throw new CimsimError(`trial threshold ${o.trial} is outside 1..${(1 << spec.bits) - 1}`);
  const tPreEnd = o.t0 + spec.tdacpre;
  const tOff = o.t0 + laneSampleOffset(spec); // s, sample; the gates open from here
  const edge = laneGateEdge(spec); // s, gate edge
  const cut = 1e-12; // s, precharge window edge, centred on the window's ends
  const lines = [
    `* lane ${spec.name}: trial T = ${o.trial}, precharge ${sp(o.t0)}..${sp(tPreEnd)} s, share until ${sp(tOff)} s`,
    `V${p}pc ${p}pc 0 PWL(0 0 ${sp(Math.max(0, o.t0 - cut / 2))} 0 ${sp(o.t0 + cut / 2)} 1 ${sp(tPreEnd - cut / 2)} 1 ${sp(tPreEnd + cut / 2)} 0)`,
    `V${p}sn ${p}sn 0 PWL(0 0 ${sp(tPreEnd)} 0 ${sp(tPreEnd + edge)} ${sp(t.vdd)} ${sp(tOff)} ${sp(t.vdd)} ${sp(tOff + edge)} 0)`,
    `V${p}sp ${p}sp 0 PWL(0 ${sp(t.vdd)} ${sp(tPreEnd)} ${sp(t.vdd)} ${sp(tPreEnd + edge)} 0 ${sp(tOff)} 0 ${sp(tOff + edge)} ${sp(t.vdd)})`,
  ];
  const wn = o.switches.wn ?? spec.wn;
  const wp = o.switches.wp ?? spec.wp;
  const node = (name: string, c: number, units: number, target: number, gateTo: string | null): void => {
    lines.push(`C${name} ${name} 0 ${sp(c)}`);
    lines.push(`B${name} ${name} 0 I = v(${p}pc) * (v(${name}) - ${sp(target)}) / ${sp(spec.rpre / units)}`);
    if (gateTo !== null && o.switches.kind === 'ideal') {
      lines.push(`.model ${name}sw sw vt=${sp(t.vdd / 2)} vh=0 ron=${sp(spec.ron / units)} roff=1e12`);
      lines.push(`S${name} ${name} ${gateTo} ${p}sn 0 ${name}sw`);
    } else if (gateTo !== null) {
      // no drain/source areas: the switch adds its overlaps and gate-edge junctions (cimsim's tgate law has both).
      // One device per bitline (m = units), not one of units x the width: with the card's gate
      // resistance (rgatemod = 1, Rg ~ W / L) a lumped wide device would turn on with an RC ~ W^2
      // (about 10 ps for the 16-bitline group's 56 um), which the chip's per-bitline switches do not have.
      lines.push(`M${name}n ${name} ${p}sn ${gateTo} 0 ${t.nmos} W=${sp(wn)} L=${sp(t.switchL ?? t.l)} m=${units}`);
      lines.push(`M${name}p ${name} ${p}sp ${gateTo} vddn ${o.switches.pmos} W=${sp(wp)} L=${sp(t.switchL ?? t.l)} m=${units}`);
    }
  };
  spec.groupCaps.forEach((c, g) => node(groups[g], c, spec.groupUnits[g], ((mask >> g) & 1) === 1 ? spec.vtop : spec.vbottom, ref));
  if (spec.dummyUnits > 0) node(ref, spec.dummyCap, spec.dummyUnits, spec.vtop, null);
  else throw new CimsimError(`${spec.name}: the SPICE lane reads the reference on the dummy bitline, but the refdac has dummy=0`, undefined, 'use dummy=1 (the default)');
  return lines;
}

export interface LaneRunOptions {
  tech: SpiceTech;
  switches: LaneSwitches;
  ngspice?: NgspiceOptions;
}

export interface LaneTrialResult {
  /** Reference (dummy node) at the end of sharing, V. */
  vref: number;
  /** Group and dummy voltages at the end of the trial (switches open again), V. */
  state: number[];
}

/**
 * One trial in ngspice from a given state (group voltages then dummy, V; default all at vtop, as a
 * fresh cimsim lane starts). Returns the reference and the state after the switches open.
 */
export async function runLaneTrial(spec: LaneSpec, trial: number, state: readonly number[] | undefined, o: LaneRunOptions): Promise<LaneTrialResult> {
  const { groups, ref } = laneNodes(spec, 'l');
  const nodes = [...groups, ref];
  const v0 = state ?? nodes.map(() => spec.vtop);
  const tSample = laneSampleOffset(spec);
  const tStop = tSample + 2 * laneGateEdge(spec);
  const deck = [
    ...header(`reference lane ${spec.name}, one trial`, o.tech),
    `Vvdd vddn 0 ${sp(o.tech.vdd)}`,
    ...laneTrialLines(spec, o.tech, { prefix: 'l', t0: 0, trial, switches: o.switches }),
    `.ic ${nodes.map((n, i) => `v(${n})=${sp(v0[i])}`).join(' ')}`,
    '.control',
    ...WR,
    `tran 0.5p ${sp(tStop)}`,
    `wrdata lane.txt ${nodes.map((n) => `v(${n})`).join(' ')}`,
    '.endc',
    '.end',
    '',
  ].join('\n');
  const run = await runNgspice(deck, { ...o.ngspice, expectFiles: ['lane.txt'] });
  const table = run.tables.get('lane.txt') as WrTable;
  const end = table.rows[table.rows.length - 1][0];
  return { vref: valueAt(table, `v(${ref})`, tSample), state: nodes.map((n) => valueAt(table, `v(${n})`, end)) };
}

/** A sequence of trials in ngspice on one lane (each from the state the previous one left). */
export async function simulateLaneSpice(spec: LaneSpec, trials: readonly number[], o: LaneRunOptions): Promise<number[]> {
  checkModelCard(o.tech.modelCard, o.switches.kind === 'tgate' ? [o.tech.nmos, o.switches.pmos] : [o.tech.nmos]);
  const refs: number[] = [];
  let state: number[] | undefined;
  for (const t of trials) {
    const r = await runLaneTrial(spec, t, state, o);
    refs.push(r.vref);
    state = r.state;
  }
  return refs;
}
