/**
 * The reference DAC's sharing switches as the netlist declares them: kind and device widths per
 * bitline (refdac `switch`, `sw_wn`, `sw_wp`; 0 = sized from ron with the technology's sw_w1k).
 * cimsim's lane and the ngspice lane deck both read them here, so they model the same switches; the
 * switches' charge and conduction laws come with the Technology (corner and temperature applied).
 */
import { num, str, type InstanceDecl, type ResolvedParam } from '../netlist/params.js';

export interface SharingSwitchSpec {
  kind: 'tgate' | 'ideal';
  wn: number; // m, NMOS width per bitline
  wp: number; // m, PMOS width per bitline
}

type TechRecord = Readonly<Record<string, ResolvedParam>>;

function techNum(tech: TechRecord, name: string): number {
  const p = tech[name];
  if (p === undefined || typeof p.value !== 'number') throw new Error(`internal: technology parameter ${name} missing`);
  return p.value;
}

/** Width per bitline of each switch device for an on-resistance ron, m: sw_w1k x 1 kOhm / ron. */
export function switchWidthFor(ron: number, w1k: number): number {
  return (w1k * 1e3) / ron;
}

/** Kind and widths of a refdac instance's sharing switches. */
export function sharingSwitchOf(dac: InstanceDecl, tech: TechRecord): SharingSwitchSpec {
  const auto = switchWidthFor(num(dac, 'ron'), techNum(tech, 'sw_w1k'));
  const wn = num(dac, 'sw_wn');
  const wp = num(dac, 'sw_wp');
  return { kind: str(dac, 'switch') === 'ideal' ? 'ideal' : 'tgate', wn: wn > 0 ? wn : auto, wp: wp > 0 ? wp : auto };
}
