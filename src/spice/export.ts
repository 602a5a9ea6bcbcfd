/**
 * `cimsim spice`: one ngspice deck of a network's first compute step: the transistor-level compute
 * array (chosen columns), precharge, the wordline stimulus, each lane's first SA trial on the
 * lender's bitlines, an ideal behavioural comparator per lane and `.meas` of the compared nodes.
 * With `comparator: 'strongarm'` each lane also gets a transistor StrongARM latch on the same
 * sampled inputs, clocked at the sampling instant and measured tcmp later (the ideal comparator stays).
 */
import { header, sp, WR, type SpiceTech } from './deck.js';
import { laneNodes, laneSampleOffset, laneSpecOf, laneTrialLines, type LaneSwitches } from './lane.js';
import { blNode, computeLines, type ComputeStep } from './step.js';
import { strongarmInstance, strongarmSizingOf, strongarmSubckt } from './strongarm.js';

/** Lane comparator in the deck: the ideal behavioural source alone, or also a StrongARM latch. */
export type DeckComparator = 'ideal' | 'strongarm';

export interface ExportOptions {
  tech: SpiceTech;
  switches: LaneSwitches;
  /** Title comment (e.g. the command line). */
  title: string;
  /**
   * 'ideal' (default): behavioural comparator, `dec<i>_s0` = vdd or 0 at the sample. 'strongarm':
   * additionally a transistor latch per lane (PMOS model from `switches.pmos`), `sa<i>_s0` =
   * v(outp) - v(outn), V, tcmp after the sample; its decision is the sign (1 when > 0). The latch
   * reads the reference and bitline through ideal track-and-hold buffers that hold at the sample.
   */
  comparator?: DeckComparator;
}

/** The deck text. Lane i converts column i first (SA lanes run in lockstep). */
export function exportDeck(step: ComputeStep, o: ExportOptions): string {
  const a = step.assignment;
  const { lines, ic } = computeLines(step, o.tech);
  const lanes = a.digitizer.lanes.slice(0, Math.min(a.digitizer.lanes.length, step.columns.length));
  const strongarm = o.comparator === 'strongarm';
  const out = [...header(o.title, o.tech), `Vvdd vddn 0 ${sp(o.tech.vdd)}`, ...lines];
  if (strongarm) out.push(...strongarmSubckt(strongarmSizingOf(step.circuit, a, o.tech, o.switches.pmos)));
  let tEnd = 0; // s, last measurement
  const meas: string[] = [];
  const nodes = step.columns.map((c) => `v(${blNode(c)})`);
  const trial = 1 << (step.bits - 1);
  lanes.forEach((lane, i) => {
    const spec = laneSpecOf(a, i);
    const p = `l${i}`;
    const t0 = step.startOf(i);
    const tSample = t0 + laneSampleOffset(spec);
    out.push(...laneTrialLines(spec, o.tech, { prefix: p, t0, trial, switches: o.switches }));
    const { groups, ref } = laneNodes(spec, p);
    ic.push(...[...groups, ref].map((n) => `v(${n})=${sp(spec.vtop)}`));
    const c = step.columns[i];
    const offset = lane.comparator.o.offset;
    // Ideal comparator: 1 (vdd) when the reference is above the bitline (code >= T), offset included.
    out.push(`* comparator ${lane.comparator.o.name}: ideal, offset ${sp(offset)} V; column ${c} trial T = ${trial} sampled at ${sp(tSample)} s`);
    out.push(`Bcmp${i} cmp${i} 0 V = (v(${ref}) - v(${blNode(c)}) + ${sp(offset)}) >= 0 ? ${sp(o.tech.vdd)} : 0`);
    meas.push(`meas tran vbl${c}_s0 find v(${blNode(c)}) at=${sp(tSample)}`, `meas tran vref${i}_s0 find v(${ref}) at=${sp(tSample)}`, `meas tran dec${i}_s0 find v(cmp${i}) at=${sp(tSample)}`);
    nodes.push(`v(${ref})`, `v(cmp${i})`);
    if (strongarm) {
      // Same inputs and offset as the ideal rule: positive input = reference + offset, negative = bitline.
      const tcmp = lane.comparator.o.tcmp;
      const sa = strongarmInstance({ prefix: `${p}sa`, inp: ref, inn: blNode(c), offset, tClock: tSample, tRegen: tcmp, vdd: o.tech.vdd, vddNode: 'vddn', measName: `sa${i}_s0`, holdAt: tSample });
      out.push(`* comparator ${lane.comparator.o.name}: StrongARM latch, clock edge at ${sp(tSample)} s, read ${sp(tcmp)} s later (tcmp)`, ...sa.lines);
      meas.push(...sa.meas);
      nodes.push(`v(${sa.outp})`, `v(${sa.outn})`);
      tEnd = Math.max(tEnd, tSample + tcmp);
    }
  });
  const tStop = Math.max(tEnd, ...lanes.map((_, i) => step.startOf(i) + step.sampleOffset)) + 20e-12;
  out.push(`.ic ${ic.join(' ')}`, '.control', ...WR, `tran 1p ${sp(tStop)}`, ...meas, `wrdata step.txt ${nodes.join(' ')}`, '.endc', '.end', '');
  return out.join('\n');
}
