/**
 * A transistor-level StrongARM latch for the exported decks, as the alternative to the ideal
 * behavioural comparator. Topology (Razavi, "The StrongARM latch", SSC Magazine 2015): a clocked
 * tail NMOS, the input pair, a cross-coupled NMOS pair stacked on it, a cross-coupled PMOS pair to
 * vdd, and four reset PMOS that precharge both outputs and both internal nodes to vdd while the
 * clock is low. With the clock high the input pair discharges its internal node faster on the side
 * of the higher input, that side's output falls first and the latch regenerates: v(outp) - v(outn)
 * > 0 means v(inp) > v(inn).
 */
import type { Assignment, Circuit } from '../circuit/build.js';
import { header, sp, WR, type SpiceTech } from './deck.js';

/** Device sizes of the latch (SI units). */
export interface StrongArmSizing {
  /** Input-pair width and length, m (the netlist comparator's in_w, in_l). */
  inW: number;
  inL: number;
  /** Minimum length of the other devices, m (the tech's read-port length). */
  l: number;
  nmos: string;
  pmos: string;
  /** Output load per side (the next stage's input), F. */
  cload: number;
}

/** Default output load per side, F: an SR latch input in 65 nm (assumption, a few gate areas). */
export const STRONGARM_CLOAD = 1e-15;

/** Subcircuit name in the decks. */
export const STRONGARM_SUBCKT = 'cimsim_strongarm';

/**
 * Latch sizing from the digitizer's comparator instance: input pair from in_w/in_l; the tail
 * carries both branches (2 in_w); the cross-coupled pairs and reset devices are half the input
 * width (a usual ratio: the latch only needs enough gain to regenerate, the pair sets offset).
 */
export function strongarmSizingOf(circuit: Circuit, a: Assignment, tech: SpiceTech, pmos: string): StrongArmSizing {
  const cmp = a.digitizer.recipe.comparator;
  return { inW: cmp.inW, inL: cmp.inL, l: tech.l, nmos: tech.nmos, pmos, cload: STRONGARM_CLOAD };
}

/** `.subckt` text. Ports: inp inn outp outn clk vdd (bulk of the NMOS at ground, of the PMOS at vdd). */
export function strongarmSubckt(s: StrongArmSizing): string[] {
  const w = (x: number): string => `W=${sp(x)}`;
  const half = Math.max(s.inW / 2, 2 * s.l); // m, latch and reset widths, never below 2 L
  const n = (d: string, g: string, src: string, width: number, l: number): string => `${d} ${g} ${src} 0 ${s.nmos} ${w(width)} L=${sp(l)}`;
  const p = (d: string, g: string, src: string, width: number): string => `${d} ${g} ${src} vdd ${s.pmos} ${w(width)} L=${sp(s.l)}`;
  return [
    `.subckt ${STRONGARM_SUBCKT} inp inn outp outn clk vdd`,
    `Mtail ${n('tail', 'clk', '0', 2 * s.inW, s.l)}`,
    // input pair: inp pulls x (under outn), inn pulls y (under outp)
    `Min1 ${n('x', 'inp', 'tail', s.inW, s.inL)}`,
    `Min2 ${n('y', 'inn', 'tail', s.inW, s.inL)}`,
    `Mn1 ${n('outn', 'outp', 'x', half, s.l)}`,
    `Mn2 ${n('outp', 'outn', 'y', half, s.l)}`,
    `Mp1 ${p('outn', 'outp', 'vdd', half)}`,
    `Mp2 ${p('outp', 'outn', 'vdd', half)}`,
    // reset: clock low precharges the outputs and the internal nodes to vdd
    `Mr1 ${p('outn', 'clk', 'vdd', half)}`,
    `Mr2 ${p('outp', 'clk', 'vdd', half)}`,
    `Mr3 ${p('x', 'clk', 'vdd', half)}`,
    `Mr4 ${p('y', 'clk', 'vdd', half)}`,
    `Cl1 outp 0 ${sp(s.cload)}`,
    `Cl2 outn 0 ${sp(s.cload)}`,
    '.ends',
  ];
}

/** Clock rise time of the latch, s (the edge is centred on the sampling instant). */
export const STRONGARM_CLOCK_EDGE = 2e-12;

export interface StrongArmInstanceOptions {
  /** Node-name prefix (one latch per lane). */
  prefix: string;
  /** Positive and negative input nodes; the offset source sits in series with the positive one. */
  inp: string;
  inn: string;
  /** Input-referred offset, V: the latch sees v(inp) + offset against v(inn). */
  offset: number;
  /** Centre of the clock's rising edge, s. */
  tClock: number;
  /** Time after the clock edge at which the outputs are measured, s. */
  tRegen: number;
  vdd: number;
  /** Supply node. */
  vddNode: string;
  /** `.meas` name of v(outp) - v(outn) at tClock + tRegen. */
  measName: string;
  /**
   * When given, s: the latch reads its inputs through ideal track-and-hold buffers that hold from
   * this instant. The source nodes carry no load, and neither the latch's kickback nor anything
   * after the instant (switch charge on the reference) reaches the latch: it decides on the
   * sampled voltages, as cimsim's comparator does. Without it the gates sit on the nodes.
   */
  holdAt?: number;
}

export interface StrongArmInstance {
  /** Element lines (clock source, offset source, the subcircuit instance). */
  lines: string[];
  /** `meas` control lines. */
  meas: string[];
  outp: string;
  outn: string;
}

/** Instance lines of one latch: clock low (reset) until the edge at tClock, then high. */
export function strongarmInstance(o: StrongArmInstanceOptions): StrongArmInstance {
  const p = o.prefix;
  const [inPos, outp, outn, clk] = [`${p}inp`, `${p}outp`, `${p}outn`, `${p}clk`];
  const half = STRONGARM_CLOCK_EDGE / 2;
  const hold: string[] = [];
  let [srcP, srcN] = [o.inp, o.inn];
  if (o.holdAt !== undefined) {
    // buffer (no load) -> switch onto 1 fF (100 Ohm: 0.1 ps) -> buffer; the switch opens over 0.1 ps at holdAt
    const tHold = o.holdAt;
    hold.push(`V${p}trk ${p}trk 0 PWL(0 1 ${sp(tHold)} 1 ${sp(tHold + 0.1e-12)} 0)`, `.model ${p}hsw sw vt=0.5 vh=0 ron=100 roff=1e15`);
    const held = (src: string, side: string): string => {
      hold.push(`E${p}b${side} ${p}b${side} 0 ${src} 0 1`, `S${p}h${side} ${p}b${side} ${p}h${side} ${p}trk 0 ${p}hsw`, `C${p}h${side} ${p}h${side} 0 1e-15`, `E${p}g${side} ${p}g${side} 0 ${p}h${side} 0 1`);
      return `${p}g${side}`;
    };
    [srcP, srcN] = [held(o.inp, 'p'), held(o.inn, 'n')];
  }
  return {
    lines: [
      ...hold,
      `V${p}off ${inPos} ${srcP} ${sp(o.offset)}`,
      `V${p}clk ${clk} 0 PWL(0 0 ${sp(Math.max(0, o.tClock - half))} 0 ${sp(o.tClock + half)} ${sp(o.vdd)})`,
      `X${p} ${inPos} ${srcN} ${outp} ${outn} ${clk} ${o.vddNode} ${STRONGARM_SUBCKT}`,
      // the differential output as a node (control-mode meas reads single vectors); draws no current
      `B${p}dv ${p}dv 0 V = v(${outp}) - v(${outn})`,
    ],
    meas: [`meas tran ${o.measName} find v(${p}dv) at=${sp(o.tClock + o.tRegen)}`],
    outp,
    outn,
  };
}

export interface StrongArmStandaloneOptions {
  tech: SpiceTech;
  sizing: StrongArmSizing;
  /** Input voltages, V (constant). */
  vinp: number;
  vinn: number;
  offset?: number; // V
  tClock: number; // s
  tRegen: number; // s
}

/**
 * A deck with one latch between two DC inputs: measures `dv` (v(outp) - v(outn) at tClock +
 * tRegen) and writes `sa.txt` (outputs and clock over time).
 */
export function strongarmStandaloneDeck(o: StrongArmStandaloneOptions): string {
  const inst = strongarmInstance({ prefix: 's', inp: 'vp', inn: 'vn', offset: o.offset ?? 0, tClock: o.tClock, tRegen: o.tRegen, vdd: o.tech.vdd, vddNode: 'vddn', measName: 'dv' });
  return [
    ...header(`StrongARM latch, inputs ${sp(o.vinp)} V / ${sp(o.vinn)} V`, o.tech),
    ...strongarmSubckt(o.sizing),
    `Vvdd vddn 0 ${sp(o.tech.vdd)}`,
    `Vp vp 0 ${sp(o.vinp)}`,
    `Vn vn 0 ${sp(o.vinn)}`,
    ...inst.lines,
    '.control',
    ...WR,
    `tran 0.2p ${sp(o.tClock + o.tRegen + 10e-12)}`,
    ...inst.meas,
    `wrdata sa.txt v(${inst.outp}) v(${inst.outn}) v(sclk)`,
    '.endc',
    '.end',
    '',
  ].join('\n');
}
