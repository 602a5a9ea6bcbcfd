import { CimsimError } from '../errors.js';
import type { RandomStream } from '../tech/random.js';

const BOLTZMANN = 1.380649e-23; // J/K

/** Non-idealities of the bitline reference DAC that a scenario can switch off. */
export interface DacNonidealities {
  settling: boolean; // finite precharge and sharing time constants
  injection: boolean; // charge injection and clock feedthrough of the precharge switches
  ktc: boolean; // kT/C noise per sharing event
}

export interface RefDacLaneOptions {
  name: string; // e.g. "A1.lane0"
  /** Capacitance of each group, F, MSB first (sum of its bitlines, mismatch included). */
  groupCaps: Float64Array;
  /** Unit bitlines per group, MSB first. */
  groupUnits: readonly number[];
  /** Dummy capacitance (always at vtop), F. */
  dummyCap: number;
  dummyUnits: number;
  /** Per-column precharge time constant of the lending array, s (rpre * Ccol). */
  tauPrecharge: number;
  ron: number; // Ohm, one sharing switch (one per bitline)
  tdacpre: number; // s
  tshare: number; // s
  swCgate: number; // F
  swCov: number; // F
  swVt: number; // V
  vdd: number; // V
  tempC: number; // degC
  vtop: number; // V
  vbottom: number; // V
  bits: number;
  nonideal: DacNonidealities;
  noise: RandomStream;
}

/**
 * One reference lane: a block of a neighbour array's bitlines grouped by switches into a
 * charge-sharing DAC. Sequence per trial threshold T (code >= T?):
 *  1. precharge (tdacpre): groups selected by S = 2^N - T units go to vtop (with the dummy), the
 *     rest to vbottom, through each column's precharge device (incomplete if tdacpre is short);
 *  2. precharge switches open: channel charge and feedthrough land on each group;
 *  3. sharing switches (one per bitline) close for tshare: the two lumps settle with tau = ron * Ccol,
 *     charge conserved; kT/C noise sqrt(kT/Ctot) is sampled;
 *  4. the comparator (on the selected lump) samples V_ref = vtop - T*LSB + errors.
 */
export class RefDacLane {
  readonly name: string;
  /** Selection mask (bit g = group g at vtop) for each threshold T = 1..2^N-1; index T. */
  readonly masks: Int32Array;
  private readonly groupV: Float64Array; // V, group voltages after the last step
  private readonly cTotal: number; // F
  private readonly columnCap: number; // F, mean bitline capacitance
  private readonly ktcSigma: number; // V
  private readonly precisionLeft: number; // fraction of a precharge error left after tdacpre
  private readonly shareLeft: number; // fraction of the lumps' difference left after tshare (tau = ron * Ccolumn)
  sharingEvents = 0;
  /** DAC supply energy drawn since it was last taken, J. */
  private energy_J = 0;

  constructor(private readonly o: RefDacLaneOptions) {
    this.name = o.name;
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
    this.groupV = new Float64Array(o.groupCaps.length).fill(o.vtop);
    this.cTotal = o.groupCaps.reduce((a, b) => a + b, 0) + o.dummyCap;
    this.columnCap = this.cTotal / units;
    this.ktcSigma = o.nonideal.ktc ? Math.sqrt((BOLTZMANN * (o.tempC + 273.15)) / this.cTotal) : 0;
    this.precisionLeft = o.nonideal.settling ? Math.exp(-o.tdacpre / o.tauPrecharge) : 0;
    // Every bitline has its own switch to the sharing bus, so each lump sees ron / (its bitline
    // count); in series through the bus the two-lump time constant reduces to ron * Ccolumn.
    this.shareLeft = Math.exp(-o.tshare / (o.ron * this.columnCap));
  }

  /** Duration of one reference generation (precharge + share), s. */
  get period(): number {
    return this.o.tdacpre + this.o.tshare;
  }

  /** Produce the reference for threshold T; returns the voltage the comparator samples, V. */
  reference(t: number): number {
    const o = this.o;
    const mask = this.masks[t];
    let qSel = o.dummyCap * o.vtop;
    let qUnsel = 0;
    let cSel = o.dummyCap;
    let joules = 0;
    for (let g = 0; g < o.groupCaps.length; g++) {
      const c = o.groupCaps[g];
      const high = ((mask >> g) & 1) === 1;
      const target = high ? o.vtop : o.vbottom;
      const v = target + (this.groupV[g] - target) * this.precisionLeft;
      // Supply energy: vtop groups draw from VDD, vbottom groups from the vbottom reference.
      if (v > this.groupV[g]) joules += (high ? o.vdd : o.vbottom) * c * (v - this.groupV[g]);
      const q = c * v + (o.nonideal.injection ? this.injectedCharge(high, v) : 0);
      if (high) {
        qSel += q;
        cSel += c;
      } else qUnsel += q;
    }
    const cUnsel = this.cTotal - cSel;
    const vFinal = (qSel + qUnsel) / this.cTotal;
    let vSel = qSel / cSel;
    let vUnsel = cUnsel > 0 ? qUnsel / cUnsel : vFinal;
    if (o.nonideal.settling && cUnsel > 0) {
      const left = this.shareLeft;
      vSel = vFinal + (vSel - vFinal) * left;
      vUnsel = vFinal + (vUnsel - vFinal) * left;
    } else {
      vSel = vFinal;
      vUnsel = vFinal;
    }
    const noise = this.ktcSigma > 0 ? this.ktcSigma * o.noise.normal() : 0;
    for (let g = 0; g < o.groupCaps.length; g++) this.groupV[g] = ((mask >> g) & 1) === 1 ? vSel + noise : vUnsel + noise;
    this.sharingEvents++;
    this.energy_J += joules;
    return vSel + noise;
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
    const o = this.o;
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
