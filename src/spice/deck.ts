/**
 * ngspice deck generators for the golden checks: read-port DC sweeps, a column discharge, bitline
 * capacitance measurements and charge sharing through NMOS switches. All values SI (V, A, F, s, m);
 * the model card is `.include`d by absolute path. Results are written with `wrdata` to relative
 * file names that runNgspice() collects.
 */
import { resolve } from 'node:path';
import { CimsimError } from '../errors.js';
import { CMID_RAMP } from '../tech/transistor.js';
import type { MosInstance, PortNode, ReadPortCell } from './bitcell.js';

/** Device and bias context shared by all decks. */
export interface SpiceTech {
  /** SPICE model card path (resolved to absolute in the deck). */
  modelCard: string;
  /** NMOS model name in the card. */
  nmos: string;
  /** Read-port and switch transistor width, m. */
  w: number;
  /** Transistor length, m. */
  l: number;
  /** Supply, V (storage gate of a cell storing '1'). */
  vdd: number;
  /** Temperature, degC. */
  temp: number;
  /**
   * Length of a contacted drain/source diffusion per device, m (default 0.1 um, an assumption
   * standing in for a layout: half of a contacted diffusion shared with the mirrored neighbour;
   * 0 = W and L only, the card's defaults for the rest).
   * Contacted side: A = W ld, P = W + 2 ld (with the card's perMod = 1 BSIM4 takes the gate edge
   * W out of P again, leaving the two side edges). The uncontacted internal stack node is one
   * diffusion of length ld split between its two devices: A = W ld / 2, P = W + ld each.
   */
  diffLength?: number;
  /** Gate length of the sharing switches, m (the technology's sw_l; default: `l`). */
  switchL?: number;
  /** The user's bitcell read port (src/spice/bitcell.ts); replaces nmos, w, l and diffLength for the read port when given. */
  cell?: ReadPortCell;
}

export const DEFAULT_DIFF_LENGTH = 0.1e-6; // m

/** Formats a number for SPICE without unit suffixes (SPICE reads 'm' as milli, so stay plain). */
export function sp(x: number): string {
  if (!Number.isFinite(x)) throw new CimsimError(`non-finite value ${x} in a SPICE deck`);
  return Number(x.toPrecision(9)).toString();
}

/** Title, model-card include, temperature and options lines of every deck. */
export function header(title: string, t: SpiceTech): string[] {
  return [`* cimsim: ${title}`, `.include "${resolve(t.modelCard)}"`, `.temp ${sp(t.temp)}`, '.options noacct'];
}

/** Instance geometry; `drain`/`source` say which side is the internal (uncontacted) node. */
export function geometry(t: SpiceTech, internalDrain = false, internalSource = false): string {
  const ld = t.diffLength ?? DEFAULT_DIFF_LENGTH;
  // No diffusion: the device as a netlist that gives W and L only describes it (the card's defaults).
  if (ld === 0) return `W=${sp(t.w)} L=${sp(t.l)}`;
  const side = (internal: boolean): [string, string] =>
    internal ? [sp((t.w * ld) / 2), sp(t.w + ld)] : [sp(t.w * ld), sp(t.w + 2 * ld)];
  const [ad, pd] = side(internalDrain);
  const [as, ps] = side(internalSource);
  return `W=${sp(t.w)} L=${sp(t.l)} AD=${ad} AS=${as} PD=${pd} PS=${ps}`;
}

/** The read port the decks draw: the user's bitcell, or two devices of `nmos` drawn with W, L and diffLength. */
export function readPortCell(t: SpiceTech): ReadPortCell {
  if (t.cell) return t.cell;
  const ld = t.diffLength ?? DEFAULT_DIFF_LENGTH;
  const device = (internalDrain: boolean, internalSource: boolean): MosInstance => ({ model: t.nmos, w: t.w, l: t.l, params: geometry(t, internalDrain, internalSource), drainDiffusion: internalDrain ? ld / 2 : ld });
  return { access: device(false, true), storage: device(true, false), caps: [] };
}

/** The access device as a deck line, `M<name> d g s b model params`. */
export function accessLine(name: string, d: string, g: string, s: string, b: string, t: SpiceTech): string {
  const a = readPortCell(t).access;
  return `M${name} ${d} ${g} ${s} ${b} ${a.model} ${a.params}`;
}

/**
 * The access device with source and drain tied (the terminal-charge decks): drawn with both ends
 * contacted when the decks draw it from the geometry, as drawn in the user's cell otherwise.
 */
function tiedAccessLine(name: string, d: string, g: string, s: string, t: SpiceTech): string {
  return t.cell ? accessLine(name, d, g, s, '0', t) : `M${name} ${d} ${g} ${s} 0 ${t.nmos} ${geometry(t)}`;
}

/**
 * One 8T read port: access device (gate `wl`) from the bitline to the internal node `mid`, over the
 * storage device (gate `q`) to ground, and the cell's own capacitors on that path. Bulk at ground.
 */
export function readPortLines(name: string, bl: string, wl: string, q: string, t: SpiceTech, mid = `${name}_m`): string[] {
  const cell = readPortCell(t);
  const node: Record<PortNode, string> = { bl, mid, wl, q, '0': '0' };
  return [
    `M${name}a ${bl} ${wl} ${mid} 0 ${cell.access.model} ${cell.access.params}`,
    `M${name}s ${mid} ${q} 0 0 ${cell.storage.model} ${cell.storage.params}`,
    ...cell.caps.map((c, k) => `C${name}${k} ${node[c.a]} ${node[c.b]} ${sp(c.c)}`),
  ];
}

/** The model names a deck of the read port needs from the card. */
export function readPortModels(t: SpiceTech): string[] {
  const cell = readPortCell(t);
  return [...new Set([cell.access.model, cell.storage.model])];
}

/** Control lines for `wrdata` output that runNgspice() parses. */
export const WR = ['set wr_singlescale', 'set wr_vecnames', 'option numdgt=9'];

export interface ReadPortDcOptions extends SpiceTech {
  /** Wordline sweep start/stop/step for the Id surface, V. */
  vwlStart: number;
  vwlStop: number;
  vwlStep: number;
  /** Bitline step of the Id surface (0..vdd), V. */
  vblStep: number;
  /** Subthreshold sweep of VWL from 0 to this, at VBL = vdd, V. */
  subStop: number;
  subStep: number;
}

/**
 * Read port DC characterisation. Writes `surf.txt` (bitline current -i(vbl) vs VBL, nested over
 * VWL: rows ordered VWL-major), `off.txt` (RWL = 0, storage '1', VBL sweep), `off0.txt` (RWL = 0,
 * storage '0'; with the internal node voltage v(p_m)), `sub.txt` (VBL = vdd, VWL 0..subStop).
 */
export function readPortDcDeck(o: ReadPortDcOptions): string {
  return [
    ...header('read-port DC sweep', o),
    `Vbl bl 0 ${sp(o.vdd)}`,
    `Vwl wl 0 ${sp(o.vwlStart)}`,
    `Vq q 0 ${sp(o.vdd)}`,
    ...readPortLines('p', 'bl', 'wl', 'q', o),
    '.control',
    ...WR,
    `dc Vbl 0 ${sp(o.vdd)} ${sp(o.vblStep)} Vwl ${sp(o.vwlStart)} ${sp(o.vwlStop)} ${sp(o.vwlStep)}`,
    'wrdata surf.txt -i(vbl)',
    'alter vwl dc=0',
    `dc Vbl 0 ${sp(o.vdd)} ${sp(o.vblStep)}`,
    'wrdata off.txt -i(vbl)',
    'alter vq dc=0',
    `dc Vbl 0 ${sp(o.vdd)} ${sp(o.vblStep)}`,
    'wrdata off0.txt -i(vbl) v(p_m)',
    `alter vq dc=${sp(o.vdd)}`,
    `alter vbl dc=${sp(o.vdd)}`,
    `dc Vwl 0 ${sp(o.subStop)} ${sp(o.subStep)}`,
    'wrdata sub.txt -i(vbl)',
    '.endc',
    '.end',
    '',
  ].join('\n');
}

export interface CapMeasureOptions extends SpiceTech {
  /** Number of ports in parallel (more ports, better resolution). */
  ports: number;
  /** Ramp duration, s. */
  tRamp: number;
  /** Internal-node ramp for the stack-node capacitance, V (default 0.1 -> 0.6). */
  vmidLo?: number;
  vmidHi?: number;
}

/**
 * Large-signal capacitances by charge, `ports` devices per measurement, each ramp from tRamp/10
 * to 1.1 tRamp:
 * - `qbl`: bitline, RWL = 0 (half the ports storing '1'), VBL ramped vdd -> vdd/2;
 * - `qwl1`, `qwl0`: wordline, VBL = vdd, RWL ramped 0 -> vdd, storage '1' and '0';
 * - `qmid`: internal stack nodes (RWL = 0, VBL = vdd, storage '0') ramped vmidLo -> vmidHi.
 * Writes `cap.txt` (time, qbl, qwl1, qwl0, qmid), charges in C. (The access device's wordline
 * charge on its ends is measured by channelChargeDeck.)
 */
export function capMeasureDeck(o: CapMeasureOptions): string {
  const lines = [...header('read-port capacitance', o)];
  const half = Math.floor(o.ports / 2);
  const ramp = (from: number, to: number): string =>
    `PWL(0 ${sp(from)} ${sp(o.tRamp / 10)} ${sp(from)} ${sp(o.tRamp * 1.1)} ${sp(to)})`;
  const lo = o.vmidLo ?? CMID_RAMP.lo;
  const hi = o.vmidHi ?? CMID_RAMP.hi;
  lines.push(`Vbl bl 0 ${ramp(o.vdd, o.vdd / 2)}`, `Vq1 q1 0 ${sp(o.vdd)}`, 'Vwl0 wl0 0 0');
  lines.push(`Vbh blh 0 ${sp(o.vdd)}`, `Vbm blm 0 ${sp(o.vdd)}`);
  lines.push(`Vwa wla 0 ${ramp(0, o.vdd)}`, `Vwb wlb 0 ${ramp(0, o.vdd)}`);
  lines.push(`Vmid midn 0 ${ramp(lo, hi)}`);
  for (let i = 0; i < o.ports; i++) {
    lines.push(...readPortLines(`b${i}`, 'bl', 'wl0', i < half ? 'q1' : '0', o));
    lines.push(...readPortLines(`w${i}`, 'blh', 'wla', 'q1', o));
    lines.push(...readPortLines(`z${i}`, 'blh', 'wlb', '0', o));
    lines.push(...readPortLines(`m${i}`, 'blm', 'wl0', '0', o, 'midn'));
  }
  lines.push(
    '.control',
    ...WR,
    `tran ${sp(o.tRamp / 200)} ${sp(o.tRamp * 1.2)}`,
    'let qbl = integ(-i(vbl))',
    'let qwl1 = integ(-i(vwa))',
    'let qwl0 = integ(-i(vwb))',
    'let qmid = integ(-i(vmid))',
    'wrdata cap.txt qbl qwl1 qwl0 qmid',
    '.endc',
    '.end',
    '',
  );
  return lines.join('\n');
}

export interface JunctionDeckOptions extends SpiceTech {
  /** Drain voltages, one access device each (gate, source and bulk at 0), V. */
  vd: readonly number[];
}

/**
 * Small-signal drain junction of the access device: one device per drain voltage, gate, source
 * and bulk held at 0, a 1 MHz AC source on the drain. The bulk's response is the junction:
 * C = -Im(I_bulk) / (2 pi f). Writes `junction.txt` (frequency, c0, c1, ...), F.
 */
export function drainJunctionDeck(o: JunctionDeckOptions): string {
  const lines = [...header('access-device drain junction', o)];
  o.vd.forEach((v, i) => lines.push(`Vd${i} d${i} 0 ${sp(v)} ac 1`, `Vb${i} b${i} 0 0`, accessLine(`j${i}`, `d${i}`, '0', '0', `b${i}`, o)));
  lines.push(
    '.control',
    ...WR,
    'ac lin 1 1e6 1e6',
    ...o.vd.map((_, i) => `let c${i} = imag(i(vb${i})) / (2 * pi * 1e6)`),
    `wrdata junction.txt ${o.vd.map((_, i) => `c${i}`).join(' ')}`,
    '.endc',
    '.end',
    '',
  );
  return lines.join('\n');
}

export interface CapacitanceDeckOptions extends SpiceTech {
  /** Bias points of the access device: gate, drain, source, V (bulk at 0). */
  points: readonly (readonly [number, number, number])[];
}

/**
 * Small-signal capacitances of the access device at each bias point: three copies per point, a
 * 1 MHz AC source on the drain, the gate or the source. Writes `cap.txt` with, per point k and
 * driven terminal j, c<i><j><k> = dQ_i/dV_j = -Im(I_i) / (2 pi f) for i in d, s (F; I_i the AC
 * current into terminal i).
 */
export function accessCapacitanceDeck(o: CapacitanceDeckOptions): string {
  const lines = [...header('access-device capacitances', o)];
  const names: string[] = [];
  o.points.forEach(([vg, vd, vs], k) => {
    for (const j of ['d', 'g', 's'] as const) {
      const n = `${j}${k}`;
      const ac = (t: string): string => (t === j ? ' ac 1' : '');
      lines.push(`Vd${n} d${n} 0 ${sp(vd)}${ac('d')}`, `Vg${n} g${n} 0 ${sp(vg)}${ac('g')}`, `Vs${n} s${n} 0 ${sp(vs)}${ac('s')}`);
      lines.push(accessLine(`c${n}`, `d${n}`, `g${n}`, `s${n}`, '0', o));
      for (const i of ['d', 's']) names.push(`c${i}${j}${k}`);
    }
  });
  lines.push(
    '.control',
    ...WR,
    'ac lin 1 1e6 1e6',
    ...names.map((c) => `let ${c} = -imag(i(v${c[1]}${c[2]}${c.slice(3)})) / (2 * pi * 1e6)`),
    `wrdata cap.txt ${names.join(' ')}`,
    '.endc',
    '.end',
    '',
  );
  return lines.join('\n');
}

export interface ChannelChargeDeckOptions extends SpiceTech {
  /** Source/drain voltages, one access device each (S and D tied), V. */
  vsd: readonly number[];
  /** Gate ramp 0 -> vdd duration, s. */
  tRamp: number;
}

/**
 * Terminal charge of the access device versus gate voltage: one device per entry of `vsd`, source
 * and drain tied to a fixed source at that voltage, bulk grounded, gate ramped 0 -> vdd from tRamp/10
 * to 1.1 tRamp. The charge the S/D source delivers is what a bitline or internal node sees (overlap
 * and fringe of both ends plus the inversion channel); the gate-to-bulk part is excluded. Writes
 * `qsd.txt` (time, v(g), q0, q1, ...), charges in C (positive: drawn from the S/D node).
 */
export function channelChargeDeck(o: ChannelChargeDeckOptions): string {
  const lines = [...header('access-device terminal charge', o)];
  lines.push(`Vg g 0 PWL(0 0 ${sp(o.tRamp / 10)} 0 ${sp(o.tRamp * 1.1)} ${sp(o.vdd)})`);
  o.vsd.forEach((v, i) => lines.push(`Vsd${i} sd${i} 0 ${sp(v)}`, tiedAccessLine(`q${i}`, `sd${i}`, 'g', `sd${i}`, o)));
  lines.push(
    '.control',
    ...WR,
    `tran ${sp(o.tRamp / 200)} ${sp(o.tRamp * 1.1)}`,
    ...o.vsd.map((_, i) => `let q${i} = integ(i(vsd${i}))`),
    `wrdata qsd.txt v(g) ${o.vsd.map((_, i) => `q${i}`).join(' ')}`,
    '.endc',
    '.end',
    '',
  );
  return lines.join('\n');
}

export interface ChannelPartitionDeckOptions extends SpiceTech {
  /** Source and drain voltages of each device, V (drain above source). */
  pairs: readonly (readonly [number, number])[];
  /** Gate ramp 0 -> vdd duration, s. */
  tRamp: number;
}

/**
 * How the channel charge splits between source and drain held apart: one device per pair, gate
 * ramped 0 -> vdd as in channelChargeDeck. The devices conduct, so the same gate is also swept in DC
 * (`partdc.txt`: v-sweep, i(vd<k>), i(vs<k>)) for the caller to take the conduction charge out of
 * the transient's source integrals (`part.txt`: time, v(g), qd0, qs0, qd1, ...; C).
 */
export function channelPartitionDeck(o: ChannelPartitionDeckOptions): string {
  const lines = [...header('access-device charge partition', o)];
  lines.push(`Vg g 0 PWL(0 0 ${sp(o.tRamp / 10)} 0 ${sp(o.tRamp * 1.1)} ${sp(o.vdd)})`);
  o.pairs.forEach(([vs, vd], i) => lines.push(`Vs${i} s${i} 0 ${sp(vs)}`, `Vd${i} d${i} 0 ${sp(vd)}`, tiedAccessLine(`p${i}`, `d${i}`, 'g', `s${i}`, o)));
  const ids = o.pairs.map((_, i) => [`d${i}`, `s${i}`]).flat();
  lines.push(
    '.control',
    ...WR,
    `tran ${sp(o.tRamp / 200)} ${sp(o.tRamp * 1.1)}`,
    ...ids.map((n) => `let q${n} = integ(i(v${n}))`),
    `wrdata part.txt v(g) ${ids.map((n) => `q${n}`).join(' ')}`,
    `dc Vg 0 ${sp(o.vdd)} ${sp(o.vdd / 500)}`,
    `wrdata partdc.txt ${ids.map((n) => `i(v${n})`).join(' ')}`,
    '.endc',
    '.end',
    '',
  );
  return lines.join('\n');
}

export interface AccessDcOptions extends SpiceTech {
  /** Gate sweep start, V (to vdd in 50 mV steps). */
  vgStart: number;
}

/**
 * The access device alone (drain/source geometry as in the read port). Writes `accsat.txt`
 * (drain at vdd; current i(vd) vs source 0..0.8 V, nested over the gate) and `acclin.txt`
 * (source at 0; current vs drain 0..vdd, nested over the gate), both with the gate from vgStart to
 * vdd in 50 mV steps. Drain current is -i(vd).
 */
export function accessDcDeck(o: AccessDcOptions): string {
  return [
    ...header('access device DC sweep', o),
    `Vd d 0 ${sp(o.vdd)}`,
    `Vg g 0 ${sp(o.vdd)}`,
    'Vs s 0 0',
    accessLine('1', 'd', 'g', 's', '0', o),
    '.control',
    ...WR,
    `dc Vs 0 0.8 0.05 Vg ${sp(o.vgStart)} ${sp(o.vdd)} 0.05`,
    'wrdata accsat.txt -i(vd)',
    'alter vs dc=0',
    `dc Vd 0 ${sp(o.vdd)} 0.05 Vg ${sp(o.vgStart)} ${sp(o.vdd)} 0.05`,
    'wrdata acclin.txt -i(vd)',
    '.endc',
    '.end',
    '',
  ].join('\n');
}

export interface RelaxDeckOptions extends SpiceTech {
  /** Initial internal-node voltage, V. */
  vmid0: number;
  /** Simulated time, s. */
  tStop: number;
}

/**
 * Relaxation of the internal node of a port storing '0' with RWL low and the bitline at vdd,
 * starting from `vmid0` (`.ic`). Writes `relax.txt` (time, v(p_m)).
 */
export function relaxDeck(o: RelaxDeckOptions): string {
  return [
    ...header('internal node relaxation', o),
    `Vbl bl 0 ${sp(o.vdd)}`,
    'Vwl wl 0 0',
    ...readPortLines('p', 'bl', 'wl', '0', o),
    `.ic v(p_m)=${sp(o.vmid0)}`,
    '.control',
    ...WR,
    `tran ${sp(o.tStop / 400)} ${sp(o.tStop)} uic`,
    'wrdata relax.txt v(p_m)',
    '.endc',
    '.end',
    '',
  ].join('\n');
}

/** A wordline pulse: 0 -> vwl with linear edges. `width` is measured at 50 % of the swing. */
export interface WordlinePulse {
  /** Pulse amplitude, V. */
  vwl: number;
  /** Width at 50 %, s (>= (rise + fall)/2). */
  width: number;
  /** 0-100 % edge times, s. */
  rise: number;
  fall: number;
  /** Start of the rising edge, s (default 20 ps). */
  delay?: number;
}

/** Breakpoints (t, v) of the pulse and the time its falling edge ends, s. */
export function pulseTimes(p: WordlinePulse): { t0: number; tTop: number; tFall: number; tEnd: number } {
  const t0 = p.delay ?? 20e-12;
  const flat = p.width - (p.rise + p.fall) / 2;
  if (flat < 0) throw new CimsimError(`wordline pulse width ${p.width} s is shorter than its edges`, undefined, 'width is measured at 50 %: it must be at least (rise + fall)/2');
  const tTop = t0 + p.rise;
  const tFall = tTop + flat;
  return { t0, tTop, tFall, tEnd: tFall + p.fall };
}

export interface ColumnDeckOptions extends SpiceTech, WordlinePulse {
  /** Read ports on the bitline. */
  rows: number;
  /** Ports storing '1' (storage gate at vdd), 0 <= ones <= rows. */
  ones: number;
  /** Bitline precharge voltage (initial condition), V. */
  vpre: number;
  /** Explicit wire + periphery capacitor on the bitline, F. */
  cwire: number;
  /** Simulated time after the end of the pulse, s (default 0). */
  hold?: number;
  /** Columns in parallel (identical, for run-time benchmarks; default 1). */
  columns?: number;
}

/**
 * Column discharge: `rows` ports on bitline `bl` (column c > 0: `bl<c>`), all wordlines driven by
 * one ideal PWL source, bitline precharged with `.ic`. Writes `wave.txt` (time, v(wl), v(bl)).
 */
export function columnDeck(o: ColumnDeckOptions): string {
  if (!Number.isInteger(o.rows) || o.rows < 1) throw new CimsimError(`rows must be a positive integer, got ${o.rows}`);
  if (!Number.isInteger(o.ones) || o.ones < 0 || o.ones > o.rows) throw new CimsimError(`ones must be an integer in 0..rows, got ${o.ones}`);
  if (o.cwire < 0) throw new CimsimError(`wire capacitance ${o.cwire} F is negative`, undefined, 'the requested bitline capacitance is smaller than the ports\' own drain capacitance');
  const { t0, tTop, tFall, tEnd } = pulseTimes(o);
  // a little beyond the end of the pulse so the end time is inside the waveform
  const tStop = tEnd + Math.max(o.hold ?? 0, 2e-12);
  const columns = o.columns ?? 1;
  const lines = [...header(`column discharge, ${o.rows} rows, ${o.ones} ones, ${columns} column(s)`, o)];
  lines.push(`Vwl wl 0 PWL(0 0 ${sp(t0)} 0 ${sp(tTop)} ${sp(o.vwl)} ${sp(tFall)} ${sp(o.vwl)} ${sp(tEnd)} 0)`);
  lines.push(`Vq1 q1 0 ${sp(o.vdd)}`);
  const ics: string[] = [];
  for (let c = 0; c < columns; c++) {
    const bl = c === 0 ? 'bl' : `bl${c}`;
    lines.push(`Cw${c} ${bl} 0 ${sp(o.cwire)}`);
    for (let r = 0; r < o.rows; r++) lines.push(...readPortLines(`c${c}r${r}`, bl, 'wl', r < o.ones ? 'q1' : '0', o));
    ics.push(`v(${bl})=${sp(o.vpre)}`);
  }
  lines.push(`.ic ${ics.join(' ')}`);
  const step = Math.min(1e-12, tStop / 500);
  lines.push(
    '.control',
    ...WR,
    `tran ${sp(step)} ${sp(tStop)}`,
    'wrdata wave.txt v(wl) v(bl)',
    '.endc',
    '.end',
    '',
  );
  return lines.join('\n');
}

/** A capacitor node for charge sharing. */
export interface ShareNode {
  /** Capacitance to ground, F. */
  c: number;
  /** Initial voltage, V. */
  v0: number;
}

/** An NMOS transmission switch between nodes a and b (indices into nodes). */
export interface ShareSwitch {
  a: number;
  b: number;
  /** Width and length, m (default the tech's w and l). */
  w?: number;
  l?: number;
}

export interface SharingDeckOptions extends SpiceTech {
  nodes: readonly ShareNode[];
  switches: readonly ShareSwitch[];
  /** Switch gate pulse high level, V (default vdd). */
  vgate?: number;
  /** Gate rise time, s (default 10 ps) and start, s (default 10 ps). */
  gateRise?: number;
  gateDelay?: number;
  /** Simulated time, s. */
  tStop: number;
}

/** Charge sharing: writes `share.txt` (time, v(n0), v(n1), ...). Node i is `n<i>`. */
export function sharingDeck(o: SharingDeckOptions): string {
  if (o.nodes.length < 2) throw new CimsimError('charge sharing needs at least two nodes');
  const rise = o.gateRise ?? 10e-12;
  const delay = o.gateDelay ?? 10e-12;
  const vg = o.vgate ?? o.vdd;
  const lines = [...header(`charge sharing, ${o.nodes.length} nodes`, o)];
  lines.push(`Vg g 0 PWL(0 0 ${sp(delay)} 0 ${sp(delay + rise)} ${sp(vg)})`);
  o.nodes.forEach((n, i) => lines.push(`C${i} n${i} 0 ${sp(n.c)}`));
  o.switches.forEach((s, i) => {
    if (!o.nodes[s.a] || !o.nodes[s.b]) throw new CimsimError(`switch ${i} joins a node that does not exist (${s.a}, ${s.b})`);
    const t = { ...o, w: s.w ?? o.w, l: s.l ?? o.l };
    lines.push(`Ms${i} n${s.a} g n${s.b} 0 ${o.nmos} ${geometry(t)}`);
  });
  lines.push(`.ic ${o.nodes.map((n, i) => `v(n${i})=${sp(n.v0)}`).join(' ')}`);
  lines.push(
    '.control',
    ...WR,
    `tran ${sp(Math.min(1e-12, o.tStop / 500))} ${sp(o.tStop)}`,
    `wrdata share.txt ${o.nodes.map((_, i) => `v(n${i})`).join(' ')}`,
    '.endc',
    '.end',
    '',
  );
  return lines.join('\n');
}

export interface SwitchedCapDeckOptions extends SpiceTech {
  pmos: string;
  /** Gate length of every switch, m (the length the sharing-switch laws were calibrated at). */
  switchL: number;
  nodes: readonly { c: number; v0: number }[];
  /** Transmission gates: node indices, widths (m), closing (middle of the rising edge) and opening (start of the falling edge) times and the edge, s. */
  switches: readonly { a: number; b: number; wn: number; wp: number; ton: number; toff: number; tedge: number }[];
  tStop: number; // s
}

/**
 * A switched-capacitor network: node i is `n<i>` with its capacitor and initial voltage; switch k
 * an NMOS (gate `gn<k>`) and a PMOS (gate `gp<k>`, bulk at vdd) drawn with W and L only, its gates
 * edged over `tedge`. Writes `swcap.txt` (time, v(n0), v(n1), ...).
 */
export function switchedCapDeck(o: SwitchedCapDeckOptions): string {
  const lines = [...header(`switched-capacitor network, ${o.nodes.length} nodes, ${o.switches.length} switches`, o), `Vvdd vddn 0 ${sp(o.vdd)}`];
  o.nodes.forEach((n, i) => lines.push(`C${i} n${i} 0 ${sp(n.c)}`));
  o.switches.forEach((s, k) => {
    const rise = [s.ton - s.tedge / 2, s.ton + s.tedge / 2];
    const fall = [s.toff, s.toff + s.tedge];
    const pwl = (low: number, high: number) => `PWL(0 ${sp(low)} ${sp(rise[0])} ${sp(low)} ${sp(rise[1])} ${sp(high)} ${sp(fall[0])} ${sp(high)} ${sp(fall[1])} ${sp(low)})`;
    lines.push(`Vgn${k} gn${k} 0 ${pwl(0, o.vdd)}`, `Vgp${k} gp${k} 0 ${pwl(o.vdd, 0)}`);
    if (s.wn > 0) lines.push(`Mn${k} n${s.a} gn${k} n${s.b} 0 ${o.nmos} W=${sp(s.wn)} L=${sp(o.switchL)}`);
    if (s.wp > 0) lines.push(`Mp${k} n${s.a} gp${k} n${s.b} vddn ${o.pmos} W=${sp(s.wp)} L=${sp(o.switchL)}`);
  });
  lines.push(`.ic ${o.nodes.map((n, i) => `v(n${i})=${sp(n.v0)}`).join(' ')}`);
  lines.push('.control', ...WR, `tran ${sp(Math.min(0.5e-12, o.tStop / 1000))} ${sp(o.tStop)}`, `wrdata swcap.txt ${o.nodes.map((_, i) => `v(n${i})`).join(' ')}`, '.endc', '.end', '');
  return lines.join('\n');
}
