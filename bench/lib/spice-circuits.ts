/**
 * The two circuits simulated by both cimsim and ngspice (issue 8):
 *  (a) one 64-row column: discharge by one wordline pulse, then a 5-bit SA conversion whose
 *      references come from a 32-bitline neighbour lane in binary groups (16, 8, 4, 2, 1 + dummy);
 *  (b) a full 64x32 8T array computing one wordline pulse set, then one charge-sharing step on a
 *      32-column neighbour array wired into the binary groups.
 * Same geometry and caps on both sides: cimsim's bitline capacitance C_bl (no mismatch) is split for
 * ngspice into the ports' own drain capacitance (64 x 0.1905 fF, measured by ngspice, see
 * netlists/tech/cmos65.tech) and an explicit wire capacitor. Sharing switches are ideal switches of
 * the netlist's ron (500 Ohm) per bitline to the dummy bitline (the bus), as cimsim's refdac with
 * its default switch=ideal: like for like (an NMOS pass gate here put its channel charge on the
 * references, 12-16 mV, which cimsim's ideal lane does not model; `cimsim validate --switches tgate`
 * compares transistor switches with cimsim's tgate model instead).
 */
import { resolve } from 'node:path';
import { readPortLines, sp, type SpiceTech } from '../../src/spice/deck.js';
import { ROOT } from './chip.js';

export const TECH: SpiceTech = { modelCard: resolve(ROOT, 'netlists/models/ptm65_bulk.pm'), nmos: 'nmos', w: 0.15e-6, l: 65e-9, vdd: 1.1, temp: 27 };
export const CDRAIN = 1.905e-16; // F per port, cmos65.tech calibration comment
export const GATE_V = 1.1; // V, sharing-switch control level
export const RON = 500; // Ohm, sharing switch per bitline (DAC0 ron of pairNetlist)
export const GROUPS = [16, 8, 4, 2, 1];

/** Netlist text for cimsim: compute array A0 (rows x cols, given weights) and one lender L1. */
export function pairNetlist(techFile: string, rows: number, cols: number, weights: string, vwl = 0.45): string {
  return [
    '.title bench: ngspice comparison circuit',
    `.include ${techFile}`,
    `A0 cimarray rows=${rows} cols=${cols} weights=${weights} tunit=25ps vwl=${vwl} trise=5ps tfall=5ps`,
    `L1 cimarray rows=64 cols=32 weights=zeros tunit=25ps vwl=0.45 trise=5ps tfall=5ps`,
    'DAC0 refdac groups=16,8,4,2,1 dummy=1 ron=500 tdacpre=150ps tshare=100ps',
    'CMP0 comparator in_w=1u in_l=0.1u noise=0.5mV t0=30ps tau=11ps tcmp=150ps energy=20fJ',
    'D0 digitizer mode=sa bits=5 dac=DAC0 comparator=CMP0 vbottom={vdd - 0.64}',
    'N0 network topology=cluster arrays=A0,L1 digitizer=D0',
    '.end',
    '',
  ].join('\n');
}

/** Wordline PWL (50 % width `width`, edges rise/fall, starting at `delay`), all s. */
export function pwl(vwl: number, width: number, rise: number, fall: number, delay: number): { text: string; tEnd: number } {
  const tTop = delay + rise;
  const tFall = tTop + width - (rise + fall) / 2;
  const tEnd = tFall + fall;
  return { text: `PWL(0 0 ${sp(delay)} 0 ${sp(tTop)} ${sp(vwl)} ${sp(tFall)} ${sp(vwl)} ${sp(tEnd)} 0)`, tEnd };
}

/**
 * Lines of one reference lane: 32 bitline nodes `<p>b<i>` with their caps; each group bitline has
 * its switch to the dummy bitline (always at vtop), which serves as the sharing bus `<p>bus`.
 */
function laneLines(prefix: string, caps: Float64Array, mask: number, vtop: number, vbottom: number, gate: string): { lines: string[]; ics: string[] } {
  const lines: string[] = [];
  const ics: string[] = [];
  let col = 0;
  GROUPS.forEach((u, g) => {
    const high = ((mask >> g) & 1) === 1;
    for (let k = 0; k < u; k++, col++) {
      const node = `${prefix}b${col}`;
      lines.push(`C${prefix}${col} ${node} 0 ${sp(caps[col])}`);
      lines.push(`S${prefix}s${col} ${node} ${prefix}bus ${gate} 0 ${prefix}sw`);
      ics.push(`v(${node})=${sp(high ? vtop : vbottom)}`);
    }
  });
  lines.push(`C${prefix}bus ${prefix}bus 0 ${sp(caps[col])}`); // the dummy bitline
  lines.push(`.model ${prefix}sw sw vt=${sp(GATE_V / 2)} vh=0 ron=${sp(RON)} roff=1e12`);
  ics.push(`v(${prefix}bus)=${sp(vtop)}`);
  return { lines, ics };
}

function header(title: string): string[] {
  return [`* cimsim bench: ${title}`, `.include "${TECH.modelCard}"`, `.temp ${sp(TECH.temp)}`, '.options noacct'];
}

const WR = ['set wr_singlescale', 'set wr_vecnames', 'option numdgt=9'];

/** One sharing step of a lane for selection `mask`; writes share.txt with v(bus) (the reference). */
export function sharingDeck(caps: Float64Array, mask: number, vtop: number, vbottom: number, tshare: number): { deck: string; tRead: number } {
  const gateDelay = 10e-12;
  const gateRise = 10e-12;
  const lane = laneLines('r', caps, mask, vtop, vbottom, 'g');
  const tStop = gateDelay + gateRise + tshare;
  const deck = [
    ...header(`charge sharing, selection mask ${mask}`),
    `Vg g 0 PWL(0 0 ${sp(gateDelay)} 0 ${sp(gateDelay + gateRise)} ${sp(GATE_V)})`,
    ...lane.lines,
    `.ic ${lane.ics.join(' ')}`,
    '.control',
    ...WR,
    `tran ${sp(1e-12)} ${sp(tStop)}`,
    'wrdata share.txt v(rbus)',
    '.endc',
    '.end',
    '',
  ].join('\n');
  return { deck, tRead: tStop };
}

export interface ArrayDeckInput {
  rows: number;
  cols: number;
  bits: Uint8Array; // row-major
  pulsed: boolean[]; // per row
  cbl: Float64Array; // F per column, compute array
  vpre: number;
  vwl: number;
  width: number;
  rise: number;
  fall: number;
  /** Neighbour lane (32 bitlines), selection mask, levels, sharing time (s). */
  laneCaps: Float64Array;
  mask: number;
  vtop: number;
  vbottom: number;
  tshare: number;
}

/**
 * Circuit (b) (and (a) with cols = 1): the array's pulse, then (after the pulse has ended) the
 * neighbour lane's sharing. Writes wave.txt: v(bl0..) at the end of the pulse window and v(rbus).
 */
export function arrayDeck(o: ArrayDeckInput): { deck: string; tPulseEnd: number; tRead: number } {
  const delay = 20e-12;
  const { text, tEnd } = pwl(o.vwl, o.width, o.rise, o.fall, delay);
  const gateDelay = tEnd + 5e-12;
  const gateRise = 10e-12;
  const tRead = gateDelay + gateRise + o.tshare;
  const lines = [...header(`${o.rows}x${o.cols} array pulse + sharing on a neighbour lane`), `Vwl wl 0 ${text}`, `Vq1 q1 0 ${sp(TECH.vdd)}`];
  lines.push(`Vg g 0 PWL(0 0 ${sp(gateDelay)} 0 ${sp(gateDelay + gateRise)} ${sp(GATE_V)})`);
  const ics: string[] = [];
  for (let c = 0; c < o.cols; c++) {
    lines.push(`Cw${c} bl${c} 0 ${sp(o.cbl[c] - o.rows * CDRAIN)}`);
    ics.push(`v(bl${c})=${sp(o.vpre)}`);
    for (let r = 0; r < o.rows; r++) {
      lines.push(...readPortLines(`c${c}r${r}`, `bl${c}`, o.pulsed[r] ? 'wl' : '0', o.bits[r * o.cols + c] ? 'q1' : '0', TECH));
    }
  }
  const lane = laneLines('r', o.laneCaps, o.mask, o.vtop, o.vbottom, 'g');
  lines.push(...lane.lines, `.ic ${[...ics, ...lane.ics].join(' ')}`);
  const vecs = [...Array.from({ length: o.cols }, (_, c) => `v(bl${c})`), 'v(rbus)'];
  lines.push('.control', ...WR, `tran ${sp(1e-12)} ${sp(tRead)}`, `wrdata wave.txt ${vecs.join(' ')}`, '.endc', '.end', '');
  return { deck: lines.join('\n'), tPulseEnd: tEnd, tRead };
}
