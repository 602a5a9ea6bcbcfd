import { CimsimError } from '../errors.js';
import { BOLTZMANN } from '../numeric/physics.js';
import type { RandomStream } from '../tech/random.js';
import { ClosedPhase, starBranches, type BranchLaw } from './sharing-phase.js';
import { tgateCapOff, tgateCapOn, tgateChargeOn, tgatePinSkew, tgatePinSkewCap, tgateTerminalOff, type TgateSize, type TgateTech } from '../tech/tgate-charge.js';
import { tgateCurrent, type TgateConductionTech } from '../tech/tgate-conduction.js';
import type { CapNodeDesign } from './capnode.js';
import type { Declared, DeviceDefinition } from './device.js';
import type { SwitchDesign } from './switch.js';
import { switchedCapVoltages } from './switched-cap.js';
import { integrate } from './bitline.js';
import { hermite } from '../numeric/interpolate.js';


/** Non-idealities of the bitline reference DAC that a scenario can switch off. */
export interface DacNonidealities {
  settling: boolean; // finite precharge and sharing time constants
  injection: boolean; // charge injection and clock feedthrough of the precharge switches
  ktc: boolean; // kT/C noise per sharing event
}

/** Transmission-gate sharing switches: one per bitline, widths per bitline, um. */
export interface SharingTgates {
  size: TgateSize; // um per bitline
  tech: TgateTech;
}

/** Switch timing and the simple switch model's charge figures, shared by a declared network and its lanes. */
export interface SharingTiming {
  ron: number; // Ohm, one sharing switch (one per bitline)
  tdacpre: number; // s
  tshare: number; // s
  swCgate: number; // F
  swCov: number; // F
  swVt: number; // V
}

export interface RefDacLaneOptions extends SharingTiming {
  name: string; // e.g. "A1.lane0"
  /** Capacitance of each group, F, MSB first (sum of its bitlines, mismatch included). */
  groupCaps: Float64Array;
  /** Unit bitlines per group, MSB first. */
  groupUnits: readonly number[];
  /** Dummy capacitance (precharged to vtop, the centre of the sharing star), F. */
  dummyCap: number;
  dummyUnits: number;
  /** Precharge time constant of a mean column of the lending array, s (rpre * Ccol). */
  tauPrecharge: number;
  vdd: number; // V
  tempC: number; // degC
  vtop: number; // V
  vbottom: number; // V
  bits: number;
  nonideal: DacNonidealities;
  noise: RandomStream;
  /** Transmission-gate sharing switches (channel charge, overlaps, junctions); absent = ideal switches. */
  tgates?: SharingTgates;
}

const MIN_CENTRE_CAP = 1e-18; // F, the sharing bus when there is no dummy bitline
// The opening table (RefDacLane.openingSteps): levels, count (cubic between them: within 0.2 mV of
// the network on the bundled chip's lane, where 9 linear levels were 1 mV off); margin beyond the
// reference range, V (injection and kT/C put a level a little outside it)
const OPENING_LEVELS = 13;
const OPENING_MARGIN = 0.1;
// The precharge maps of a lane with transmission gates (RefDacLane.prechargeMaps): starting levels,
// count, and their margin beyond the reference range, V (an opening leaves the dummy above vtop)
const PRECHARGE_LEVELS = 41;
const PRECHARGE_MARGIN = 0.2;

/** The sharing switches as declared: kind and device widths per bitline. */
export interface SharingSwitchSize {
  kind: 'tgate' | 'ideal';
  wn: number; // m, NMOS width per bitline
  wp: number; // m, PMOS width per bitline
}

/** A reference-DAC switch network as the netlist declares it (SI units). */
export interface RefDacDesign extends Declared, SharingTiming {
  /** Unit bitlines per group, MSB first. */
  groups: number[];
  /** Unit bitlines always precharged to vtop (the centre of the sharing star). */
  dummy: number;
  /** Bitlines one lane takes: the groups and the dummy. */
  units: number;
  switches: SharingSwitchSize;
}

/**
 * Edge of a lane's sharing gates when it is drawn with edges (as a switched-capacitor network, in
 * the ngspice lane deck), s: 10 ps, or a tenth of a shorter sharing phase `tshare` (s).
 */
export function sharingGateEdge(tshare: number): number {
  return Math.min(10e-12, tshare / 10);
}

/** Width per bitline of each switch device for an on-resistance ron, m: sw_w1k x 1 kOhm / ron. */
export function switchWidthFor(ron: number, w1k: number): number {
  return (w1k * 1e3) / ron;
}

export const REFDAC: DeviceDefinition<RefDacDesign> = {
  spec: {
    type: 'refdac',
    summary: "switch network that groups a neighbour array's bitlines into a charge-sharing reference DAC",
    role: 'periphery',
    params: [
      { name: 'groups', kind: 'list', unit: '', default: '16,8,4,2,1', description: 'bitlines per group, MSB first (binary-weighted by default)' },
      { name: 'dummy', kind: 'integer', unit: '', default: 1, min: 0, max: 64, description: 'unit bitlines always precharged to vtop (so the groups and dummy hold 2^N units)' },
      { name: 'ron', kind: 'number', unit: 'Ohm', default: 500, min: 1, max: 1e9, description: 'on-resistance of one sharing switch (one per bitline)' },
      { name: 'tdacpre', kind: 'number', unit: 's', default: 150e-12, min: 1e-12, max: 1e-6, description: 'DAC precharge phase (groups set to vtop or vbottom)' },
      { name: 'tshare', kind: 'number', unit: 's', default: 100e-12, min: 1e-12, max: 1e-6, description: 'charge-sharing phase before the switches open' },
      { name: 'sw_cgate', kind: 'number', unit: 'F', default: 0.36e-15, min: 0, max: 1e-12, description: 'switch gate capacitance W L Cox (source of channel charge)' },
      { name: 'sw_cov', kind: 'number', unit: 'F', default: 0.05e-15, min: 0, max: 1e-12, description: 'switch gate-drain overlap capacitance (clock feedthrough)' },
      { name: 'sw_vt', kind: 'number', unit: 'V', default: 0.35, min: 0, max: 1.5, description: 'switch threshold voltage' },
      { name: 'switch', kind: 'enum', unit: '', default: 'ideal', choices: ['tgate', 'ideal'], description: 'sharing switches: ideal (resistance ron, no charge) or tgate (NMOS + PMOS: channel charge, overlaps and junctions from the technology sw_* parameters; cimsim validate --switches sets both sides)' },
      { name: 'sw_wn', kind: 'number', unit: 'm', default: 0, min: 0, max: 1e-3, description: 'NMOS width of one sharing switch (per bitline); 0 = sized from ron: tech sw_w1k x 1 kOhm / ron' },
      { name: 'sw_wp', kind: 'number', unit: 'm', default: 0, min: 0, max: 1e-3, description: 'PMOS width of one sharing switch (per bitline); 0 = sized from ron: tech sw_w1k x 1 kOhm / ron' },
    ],
  },
  build: (p, { tech }) => {
    const groups = p.list('groups').map(Number);
    const dummy = p.num('dummy');
    const ron = p.num('ron');
    // cimsim's lane and the ngspice lane deck both read these widths, so they model the same switches.
    const auto = switchWidthFor(ron, tech.switchWidth1k);
    const wn = p.num('sw_wn');
    const wp = p.num('sw_wp');
    return {
      name: p.name,
      loc: p.loc,
      groups,
      dummy,
      units: groups.reduce((a, b) => a + b, 0) + dummy,
      ron,
      tdacpre: p.num('tdacpre'),
      tshare: p.num('tshare'),
      swCgate: p.num('sw_cgate'),
      swCov: p.num('sw_cov'),
      swVt: p.num('sw_vt'),
      switches: { kind: p.str('switch') === 'ideal' ? 'ideal' : 'tgate', wn: wn > 0 ? wn : auto, wp: wp > 0 ? wp : auto },
    };
  },
};

/**
 * One reference lane: a block of a neighbour array's bitlines grouped by switches into a
 * charge-sharing DAC. Sequence per trial threshold T (code >= T?):
 *  1. precharge (tdacpre): groups selected by S = 2^N - T units and the dummy go to vtop, the
 *     rest to vbottom, each node through its bitlines' precharge devices (tau_i = rpre / units_i *
 *     C_i: incomplete if tdacpre is short; with transmission gates C_i follows the voltage of its
 *     switches' off-state terminals, prechargeMaps);
 *  2. precharge switches open: channel charge and feedthrough land on each group (`injection`);
 *  3. sharing switches (one per bitline, from each group to the dummy bitline) close for tshare:
 *     the star settles towards the charge-conserving value as the closed phase of a switched-
 *     capacitor network (src/devices/sharing-phase.ts, any graph; the lane's is a star): exactly
 *     through units/ron with ideal switches; through the gates' voltage-dependent conduction
 *     (src/tech/tgate-conduction.ts), integrated, with transmission gates;
 *     transmission gates take their channel charge and couple their gate edges at turn-on, which
 *     conservation includes at the final voltage (src/tech/tgate-charge.ts); kT/C noise
 *     sqrt(kT/Ctot) is sampled;
 *  4. the comparator samples the dummy bitline: V_ref = vtop - T*LSB + errors;
 *  5. the switches open: with transmission gates, each node steps as the lane's own network does
 *     with the falling edge resolved (openingSteps, tabulated once), so the small dummy gets less
 *     than half of each channel while the gates still conduct towards the larger groups.
 */
export class RefDacLane {
  readonly name: string;
  /** Selection mask (bit g = group g at vtop) for each threshold T = 1..2^N-1; index T. */
  readonly masks: Int32Array;
  /** Node voltages after the last trial: groups MSB first, then the dummy, V. */
  readonly nodeV: Float64Array;
  /** Fraction of each node's precharge error left after tdacpre (groups, then dummy). */
  readonly prechargeLeft: Float64Array;
  private readonly cTotal: number; // F
  private readonly caps: Float64Array; // F, bitline capacitance of each node (groups, dummy)
  private readonly terminals: Float64Array; // switch terminals (bitlines' switches) on each node
  private readonly switches: number; // sharing switches (one per grouped bitline)
  private readonly sharing: ClosedPhase | null; // the sharing phase: groups joined to the dummy for tshare
  private readonly sharingLawIsGates: boolean; // the gates conduct by the technology's fitted law
  private opening?: { levels: Float64Array; steps: Float64Array[] }; // V, see openingSteps()
  private prechargeTable?: { levels: Float64Array; toTop: Float64Array[]; toBottom: Float64Array[] }; // V, see prechargeMaps()
  private readonly rpre: number; // Ohm, precharge resistance of one bitline
  private readonly cEff: Float64Array; // F, node capacitance in the sharing phase (switches on)
  private readonly ktcSigma: number; // V
  sharingEvents = 0;
  /** Per-call buffers of reference(), one per node (allocated once: reference() runs per SA trial). */
  private readonly scratch: { v0: Float64Array; q: Float64Array; vNow: Float64Array; start: Float64Array };
  /** DAC supply energy drawn since it was last taken, J. */
  private energy_J = 0;
  /**
   * The options every trial reads, copied into one small fixed-shape record: the options object is
   * assembled by spreads (build.ts) and its reads cost more than a trial's arithmetic.
   */
  private readonly hot: { vtop: number; vbottom: number; vdd: number; injection: boolean; swVt: number; swCgate: number; swCov: number; nonlinearPrecharge: boolean };

  /** The lane's whole configuration (layout, capacitances, timing, switches), as built. */
  get options(): Readonly<RefDacLaneOptions> {
    return this.o;
  }

  constructor(private readonly o: RefDacLaneOptions) {
    this.name = o.name;
    const tg = o.tgates;
    const gates = tg !== undefined && (tg.size.wn > 0 || tg.size.wp > 0); // transmission gates with devices
    this.hot = { vtop: o.vtop, vbottom: o.vbottom, vdd: o.vdd, injection: o.nonideal.injection, swVt: o.swVt, swCgate: o.swCgate, swCov: o.swCov, nonlinearPrecharge: o.nonideal.settling && gates };
    const units = o.groupUnits.reduce((a, b) => a + b, 0) + o.dummyUnits;
    const levels = 1 << o.bits;
    if (units !== levels) {
      throw new CimsimError(
        `${o.name}: groups hold ${units} unit bitlines (with dummy) but a ${o.bits}-bit reference needs ${levels}`,
        undefined,
        `use groups that sum to ${levels - o.dummyUnits} with dummy=${o.dummyUnits}, e.g. binary groups ${binaryGroups(o.bits).join(',')}`,
      );
    }
    this.masks = new Int32Array(levels);
    for (let t = 1; t < levels; t++) this.masks[t] = selectGroups(o.groupUnits, levels - t - o.dummyUnits, o.name, t);
    const n = o.groupCaps.length + 1;
    this.caps = Float64Array.from([...o.groupCaps, Math.max(o.dummyCap, MIN_CENTRE_CAP)]);
    this.scratch = { v0: new Float64Array(n), q: new Float64Array(n), vNow: new Float64Array(n), start: new Float64Array(n) };
    this.switches = o.groupUnits.reduce((a, b) => a + b, 0);
    this.terminals = Float64Array.from([...o.groupUnits, this.switches]);
    this.nodeV = new Float64Array(n).fill(o.vtop);
    this.cTotal = this.caps.reduce((a, b) => a + b, 0);
    const columnCap = (o.groupCaps.reduce((a, b) => a + b, 0) + o.dummyCap) / units; // F, mean bitline
    const rpre = o.tauPrecharge / columnCap; // Ohm per bitline
    this.rpre = rpre;
    const vMid = 0.5 * (o.vtop + o.vbottom);
    const cOff = tg ? tgateCapOff(tg.size, vMid, tg.tech) : 0; // F per switch terminal, off
    const cOn = tg ? 0.5 * tgateCapOn(tg.size, vMid, tg.tech) : 0; // F per switch terminal, on
    const nodeUnits = [...o.groupUnits, o.dummyUnits];
    this.prechargeLeft = Float64Array.from(nodeUnits, (u, i) =>
      o.nonideal.settling && u > 0 ? Math.exp(-o.tdacpre / ((rpre / u) * (this.caps[i] + this.terminals[i] * cOff))) : 0);
    this.cEff = Float64Array.from(this.caps, (c, i) => c + this.terminals[i] * cOn);
    this.sharingLawIsGates = gates && tg.tech.conduction !== undefined;
    this.sharing = o.nonideal.settling ? new ClosedPhase(this.cEff, starBranches(o.groupUnits.length), this.sharingLaw(), o.tshare) : null;
    this.ktcSigma = o.nonideal.ktc ? Math.sqrt((BOLTZMANN * (o.tempC + 273.15)) / this.cTotal) : 0;
  }

  /** Duration of one reference generation (precharge + share), s. */
  get period(): number {
    return this.o.tdacpre + this.o.tshare;
  }

  /** Produce the reference for threshold T; returns the voltage the comparator samples, V. */
  reference(t: number): number {
    const o = this.o;
    const mask = this.masks[t];
    const n = this.caps.length;
    const { v0, q, vNow, start } = this.scratch; // V, after the precharge; C, charge each node brings; V, now; V, start of sharing
    const joules = this.precharge(mask, v0, q);
    const vInf = this.settledVoltage(q, v0);
    const tg = o.tgates;
    if (this.sharing !== null) {
      // Linearised about vInf: each node starts where the charge it brings (its share of the
      // switches' turn-on charge taken) puts it on its sharing-phase capacitance. The switch
      // charge thus enters at turn-on, and sum cEff_i start_i = sum cEff_i vInf: settling on the
      // fixed cEff conserves charge and ends exactly at the charge-conserving vInf, whichever law
      // (linear ron or the gates' conduction) sets how far it gets in tshare.
      for (let i = 0; i < n; i++) {
        const held = tg ? this.terminals[i] * (0.5 * tgateChargeOn(tg.size, vInf, tg.tech) - tgateTerminalOff(tg.size, v0[i], tg.tech)) + this.pinSkew(i, vInf) - this.pinSkew(i, v0[i]) : 0;
        start[i] = vInf + (q[i] - held - this.caps[i] * vInf) / this.cEff[i];
      }
      this.sharing.settle(start, vNow);
    } else vNow.fill(vInf);
    const noise = this.ktcSigma > 0 ? this.ktcSigma * o.noise.normal() : 0;
    const vRef = vNow[n - 1] + noise;
    for (let i = 0; i < n; i++) {
      let v = vNow[i] + noise;
      if (this.sharing !== null && this.sharingLawIsGates) v += this.openingStep(i, v);
      else if (tg) {
        // switches open at once: each terminal gets back half its gate's on-charge, then holds its off charge
        const back = this.terminals[i] * (0.5 * tgateChargeOn(tg.size, v, tg.tech) - tgateTerminalOff(tg.size, v, tg.tech));
        v += back / (this.caps[i] + this.terminals[i] * tgateCapOff(tg.size, v, tg.tech));
      }
      this.nodeV[i] = v;
    }
    this.sharingEvents++;
    this.energy_J += joules;
    return vRef;
  }

  /**
   * Precharge phase of a trial with selection `mask`, from the present node state: each node's
   * voltage after tdacpre into `v0` (V) and the charge it brings to the sharing phase, the opening
   * precharge switch's injection included, into `q` (C). Returns the supply energy drawn, J.
   */
  private precharge(mask: number, v0: Float64Array, q: Float64Array): number {
    const o = this.hot;
    const n = this.caps.length;
    let joules = 0;
    const maps = o.nonlinearPrecharge ? this.prechargeMaps() : null;
    for (let i = 0; i < n; i++) {
      const high = i === n - 1 || ((mask >> i) & 1) === 1;
      const target = high ? o.vtop : o.vbottom;
      const v = maps === null || this.prechargeLeft[i] === 0 ? target + (this.nodeV[i] - target) * this.prechargeLeft[i]
        : hermite(high ? maps.toTop[i] : maps.toBottom[i], maps.levels[0], maps.levels[1] - maps.levels[0], this.nodeV[i]);
      // Supply energy: vtop nodes draw from VDD, vbottom nodes from the vbottom reference, the
      // charge the node takes (with transmission gates, its switches' off-state terminals too)
      if (v > this.nodeV[i]) joules += (high ? o.vdd : o.vbottom) * this.caps[i] * (v - this.nodeV[i]) + (high ? o.vdd : o.vbottom) * this.terminalChargeTaken(i, this.nodeV[i], v);
      v0[i] = v;
      q[i] = this.caps[i] * v + (o.injection && i < n - 1 ? this.injectedCharge(high, v) : 0);
    }
    return joules;
  }

  /** Charge node i's switch terminals take as it goes from v0 to v1 with them off, C (0 with ideal switches). */
  private terminalChargeTaken(i: number, v0: number, v1: number): number {
    const tg = this.o.tgates;
    if (tg === undefined) return 0;
    return this.terminals[i] * (tgateTerminalOff(tg.size, v1, tg.tech) - tgateTerminalOff(tg.size, v0, tg.tech)) + this.pinSkew(i, v1) - this.pinSkew(i, v0);
  }

  /** Edge of the sharing gates when the lane is drawn with edges, s. */
  get gateEdge(): number {
    return sharingGateEdge(this.o.tshare);
  }

  /**
   * Trial T's sharing phase, from the lane's present state, drawn as a switched-capacitor network
   * (src/devices/switched-cap.ts): a capnode per group and one for the dummy, each at the level
   * its precharge leaves it (injection included), and a switch per group to the dummy, of `units`
   * times the lane's widths, whose gates rise over gateEdge from t = 0 and conduct for tshare from
   * the middle of that edge, as the ngspice lane deck draws them. `sample` is when the comparator
   * reads the dummy, s. reference() solves the same circuit with instantaneous edges; the network
   * solver resolves them. Needs transmission gates: ideal switches carry no charge to draw.
   */
  sharingNetwork(t: number): { nodes: CapNodeDesign[]; switches: SwitchDesign[]; sample: number } {
    const o = this.o;
    if (!(Number.isInteger(t) && t >= 1 && t < this.masks.length)) throw new CimsimError(`${o.name}: threshold ${t} is outside 1..${this.masks.length - 1}`, undefined, `a ${o.bits}-bit lane compares against thresholds 1 to ${this.masks.length - 1}`);
    if (o.tgates === undefined) throw new CimsimError(`${o.name}: the lane's sharing switches are ideal (a resistance ron, no charge), so there are no transmission gates to draw`, undefined, 'declare the refdac with switch=tgate (a scenario can set it: overrides { "DAC0.switch": "tgate" })');
    const v0 = new Float64Array(this.caps.length);
    const q = new Float64Array(this.caps.length);
    this.precharge(this.masks[t], v0, q);
    const edge = this.gateEdge;
    return this.drawNetwork(Array.from(q, (qi, i) => qi / this.caps[i]), edge / 2, edge / 2 + o.tshare); // the rising edge starts at t = 0
  }

  /** The lane's star as a network from node levels `v0` (V), the gates closing at `ton` and opening at `toff` (s; see SwitchDesign). */
  private drawNetwork(v0: ArrayLike<number>, ton: number, toff: number): { nodes: CapNodeDesign[]; switches: SwitchDesign[]; sample: number } {
    const o = this.o;
    const size = o.tgates!.size;
    const n = this.caps.length;
    const loc = { file: `(lane ${o.name})`, line: 1, col: 1 };
    const names = [...o.groupUnits.map((_, g) => `g${g}`), 'dum'];
    const nodes = names.map((name, i) => ({ name, loc, c: this.caps[i], v0: v0[i] }));
    const switches = o.groupUnits.map((u, g) => ({
      name: `s${g}`, loc, a: nodes[g], b: nodes[n - 1], wn: (u * size.wn) / 1e6, wp: (u * size.wp) / 1e6, ton, toff, tedge: this.gateEdge, // m
    }));
    return { nodes, switches, sample: toff };
  }

  /**
   * The step each node takes as the sharing gates open, against its level just before, tabulated
   * once per lane from its own network with the falling edge resolved (src/devices/switched-cap.ts):
   * while a gate still conducts, its channel charge flows on towards the larger groups, so the
   * small dummy gets less than the half of each channel an instantaneous opening gives it. At
   * each of OPENING_LEVELS levels spanning the reference range (and a margin) the star starts
   * shared at that level with its gates on, and opens at t = 0; steps between levels are
   * interpolated by cubic Hermite segments (Catmull-Rom).
   */
  private openingSteps(): { levels: Float64Array; steps: Float64Array[] } {
    if (this.opening !== undefined) return this.opening;
    const o = this.o;
    const n = this.caps.length;
    const [lo, hi] = [Math.min(o.vbottom, o.vtop) - OPENING_MARGIN, Math.max(o.vbottom, o.vtop) + OPENING_MARGIN];
    const levels = Float64Array.from({ length: OPENING_LEVELS }, (_, k) => lo + ((hi - lo) * k) / (OPENING_LEVELS - 1));
    const steps = Array.from({ length: n }, () => new Float64Array(OPENING_LEVELS));
    levels.forEach((level, k) => {
      const { nodes, switches } = this.drawNetwork(new Float64Array(n).fill(level), -1e-9, 0); // s: on long before t = 0
      const [opened] = switchedCapVoltages(nodes, switches, o.tgates!.tech, [this.gateEdge]);
      for (let i = 0; i < n; i++) steps[i][k] = opened[i] - level;
    });
    this.opening = { levels, steps };
    return this.opening;
  }

  /**
   * Step of node i at level v as the gates open, V: a cubic Hermite segment between the tabulated
   * levels (tangents from the neighbours, one-sided at the ends), linear beyond them.
   */
  private openingStep(i: number, v: number): number {
    const { levels, steps } = this.openingSteps();
    return hermite(steps[i], levels[0], levels[1] - levels[0], v);
  }

  /**
   * Where the precharge phase leaves each node of a lane with transmission gates, against where it
   * started, towards vtop and towards vbottom, tabulated once per lane. The node charges through
   * its bitlines' precharge devices (rpre / units) into its own capacitance plus the off-state
   * terminals of its switches, whose junctions (NMOS to ground, PMOS to the n-well at VDD) change
   * with the voltage: near vtop the PMOS junctions are barely reverse-biased and the dummy bitline,
   * with every switch's other terminal on it, charges the slowest. C(V) dV/dt = (target - V) / R,
   * integrated by RK2(3) for tdacpre; interpolated by cubic Hermite segments between the starting
   * levels, linear beyond them. (A fixed capacitance at mid-range, the ideal switches' law, left the
   * dummy 10 mV short of ngspice's level after a precharge from 0.89 V: ngspice's is slower.)
   */
  private prechargeMaps(): { levels: Float64Array; toTop: Float64Array[]; toBottom: Float64Array[] } {
    if (this.prechargeTable !== undefined) return this.prechargeTable;
    const o = this.o;
    const tg = o.tgates!;
    const n = this.caps.length;
    const [lo, hi] = [Math.min(o.vbottom, o.vtop) - PRECHARGE_MARGIN, Math.max(o.vbottom, o.vtop) + PRECHARGE_MARGIN];
    const levels = Float64Array.from({ length: PRECHARGE_LEVELS }, (_, k) => lo + ((hi - lo) * k) / (PRECHARGE_LEVELS - 1));
    const units = [...o.groupUnits, o.dummyUnits];
    const map = (i: number, target: number): Float64Array => {
      if (units[i] === 0) return new Float64Array(PRECHARGE_LEVELS).fill(target);
      const r = this.rpre / units[i]; // Ohm
      const pin = i === n - 1 ? 'b' : 'a';
      const cap = (v: number): number => this.caps[i] + this.terminals[i] * (tgateCapOff(tg.size, v, tg.tech) + tgatePinSkewCap(tg.size, pin, v, tg.tech)); // F
      return Float64Array.from(levels, (v0) => integrate((_t, v) => (target - v) / (r * cap(v)), v0, 0, o.tdacpre, o.tdacpre / 100, -Infinity));
    };
    this.prechargeTable = {
      levels,
      toTop: units.map((_, i) => map(i, o.vtop)),
      toBottom: units.map((_, i) => (i === n - 1 ? new Float64Array(0) : map(i, o.vbottom))), // the dummy always goes to vtop
    };
    return this.prechargeTable;
  }

  /**
   * Voltage all nodes reach when the switches stay closed, V: conservation of the charge on the
   * nodes and the switch terminals, sum_i (q_i + k_i Qoff(v0_i) + S_i(v0_i)) = Ctot V + N Qon(V)
   * (k_i switch terminals on node i, N switches, S_i the pins' junction skew, which cancels over
   * the nodes once they are all at V); V = sum q_i / Ctot with ideal switches.
   */
  settledVoltage(q: Float64Array, v0: Float64Array): number {
    const tg = this.o.tgates;
    let qSum = 0;
    for (let i = 0; i < q.length; i++) qSum += q[i] + (tg ? this.terminals[i] * tgateTerminalOff(tg.size, v0[i], tg.tech) + this.pinSkew(i, v0[i]) : 0);
    let v = qSum / this.cTotal;
    if (!tg || this.switches === 0 || (tg.size.wn === 0 && tg.size.wp === 0)) return v;
    for (let k = 0; k < 50; k++) {
      const f = this.cTotal * v + this.switches * tgateChargeOn(tg.size, v, tg.tech) - qSum;
      const df = this.cTotal + this.switches * tgateCapOn(tg.size, v, tg.tech);
      const dv = f / df;
      v -= dv;
      if (Math.abs(dv) < 1e-12) break;
    }
    return v;
  }

  /**
   * Junction skew of the switch pins on node i at v, C: each switch's drain pin (a) is on its
   * group's bitline and its source pin (b) on the dummy bitline, as the lane deck draws them.
   */
  private pinSkew(i: number, v: number): number {
    const tg = this.o.tgates!;
    return this.terminals[i] * tgatePinSkew(tg.size, i === this.caps.length - 1 ? 'b' : 'a', v, tg.tech);
  }

  /**
   * How each group's branch to the dummy conducts: its `units` switches in parallel, by the gates'
   * conduction law (transmission gates with a fitted law), or as units / ron (ideal switches).
   */
  private sharingLaw(): BranchLaw {
    const { tgates: tg, groupUnits: units, ron } = this.o;
    if (this.sharingLawIsGates) {
      const law: TgateConductionTech = { ...tg!.tech.conduction!, vdd: tg!.tech.vdd, tempC: tg!.tech.tempC };
      return { current: (k, va, vb) => units[k] * tgateCurrent(tg!.size, va, vb, law) };
    }
    return { conductance: units.map((u) => u / ron) };
  }

  /** DAC supply energy drawn since the last call, J (resets the count). */
  takeEnergy(): number {
    const e = this.energy_J;
    this.energy_J = 0;
    return e;
  }

  /** Ideal reference for threshold T: vtop - T * LSB, V. */
  idealReference(t: number): number {
    return this.o.vtop - (t * (this.o.vtop - this.o.vbottom)) / (1 << this.o.bits);
  }

  /**
   * Charge the opening precharge switch leaves on a group, C: half the channel charge plus gate
   * feedthrough; a PMOS (to vtop) injects holes (+), an NMOS (to vbottom) electrons (-).
   */
  private injectedCharge(high: boolean, v: number): number {
    const o = this.hot;
    const overdrive = high ? v - o.swVt : o.vdd - v - o.swVt;
    const q = 0.5 * o.swCgate * Math.max(0, overdrive) + o.swCov * o.vdd;
    return high ? q : -q;
  }
}

/** Binary group sizes MSB first for N bits: 2^(N-1) ... 1. */
export function binaryGroups(bits: number): number[] {
  return Array.from({ length: bits }, (_, i) => 1 << (bits - 1 - i));
}

/** Pick groups (largest first) whose units sum exactly to `need`; throws if none can. */
function selectGroups(groupUnits: readonly number[], need: number, name: string, t: number): number {
  let mask = 0;
  let left = need;
  const order = groupUnits.map((u, g) => ({ u, g })).sort((a, b) => b.u - a.u || a.g - b.g);
  for (const { u, g } of order) {
    if (u <= left) {
      mask |= 1 << g;
      left -= u;
    }
  }
  if (left !== 0) {
    throw new CimsimError(
      `${name}: the groups ${groupUnits.join(',')} cannot produce the reference for threshold ${t} (${need} units at the top level)`,
      undefined,
      'declare groups that can sum to every level, e.g. binary-weighted groups',
    );
  }
  return mask;
}
