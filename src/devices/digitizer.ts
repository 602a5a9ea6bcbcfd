import type { DecisionRecord, EnergyLedger, PhaseTrace } from '../engine/ledger.js';
import { toFs } from '../engine/time.js';
import type { ConversionLog } from '../engine/conversion-log.js';
import { CimsimError } from '../errors.js';
import { COMPARATOR, type Comparator, type ComparatorDesign } from './comparator.js';
import type { Declared, DeviceDefinition } from './device.js';
import { REFDAC, type RefDacDesign, type RefDacLane } from './refdac.js';

/** A conversion recipe as the netlist declares it, its switch network and comparator resolved. */
export interface DigitizerRecipe extends Declared {
  mode: 'sa' | 'flash' | 'hybrid';
  bits: number;
  /** Bits resolved by the Flash step: 0 for SA, N for Flash, `split` for hybrid. */
  flashBits: number;
  vtop: number; // V
  vbottom: number; // V
  dac: RefDacDesign;
  comparator: ComparatorDesign;
  tlogic: number; // s
  edigital: number; // J per column per bit-plane
  elogic: number; // J per comparator decision
}

export const DIGITIZER: DeviceDefinition<DigitizerRecipe> = {
  spec: {
    type: 'digitizer',
    summary: 'memory-immersed converter recipe: SA, Flash or hybrid using neighbour-array references',
    role: 'digitizer',
    params: [
      { name: 'mode', kind: 'enum', unit: '', default: 'sa', choices: ['sa', 'flash', 'hybrid'], description: 'successive approximation, Flash, or Flash MSBs then SA LSBs' },
      { name: 'bits', kind: 'integer', unit: '', default: 5, min: 1, max: 10, description: 'resolution N' },
      { name: 'split', kind: 'integer', unit: '', default: 2, min: 0, max: 10, description: 'hybrid only: bits resolved by the Flash step (0 = SA, N = Flash)' },
      { name: 'vtop', kind: 'number', unit: 'V', default: '{vdd}', min: 0, max: 3.3, description: 'reference top (code 2^N would sit here)' },
      { name: 'vbottom', kind: 'number', unit: 'V', default: '{vdd - 0.64}', min: 0, max: 3.3, description: 'reference bottom (code 0 threshold region)' },
      { name: 'dac', kind: 'ref', unit: '', default: '', refTypes: ['refdac'], description: 'switch network used on the reference arrays' },
      { name: 'comparator', kind: 'ref', unit: '', default: '', refTypes: ['comparator'], description: 'comparator model instantiated per lane' },
      { name: 'tlogic', kind: 'number', unit: 's', default: 20e-12, min: 0, max: 1e-6, description: 'SA/Flash logic delay per step' },
      { name: 'edigital', kind: 'number', unit: 'J', default: 2e-15, min: 0, max: 1e-9, description: 'digital shift-add energy per column per bit-plane' },
      { name: 'elogic', kind: 'number', unit: 'J', default: 5e-15, min: 0, max: 1e-9, description: 'SA/Flash logic energy per comparator decision' },
    ],
  },
  build: (p, ctx) => {
    const bits = p.num('bits');
    const mode = p.str('mode') as DigitizerRecipe['mode'];
    const split = p.num('split');
    if (mode === 'hybrid' && split > bits) {
      throw new CimsimError(`${p.name}: hybrid split ${split} exceeds the resolution of ${bits} bits`, p.loc, `use split between 0 (SA) and ${bits} (Flash)`);
    }
    return {
      name: p.name,
      loc: p.loc,
      mode,
      bits,
      flashBits: mode === 'sa' ? 0 : mode === 'flash' ? bits : split,
      vtop: p.num('vtop'),
      vbottom: p.num('vbottom'),
      dac: ctx.device(p.str('dac'), REFDAC),
      comparator: ctx.device(p.str('comparator'), COMPARATOR),
      tlogic: p.num('tlogic'),
      edigital: p.num('edigital'),
      elogic: p.num('elogic'),
    };
  },
};

/** Bitlines holding analog values to convert: a CiM array after its pulse, or a test source. */
export interface HeldBitlines {
  readonly name: string;
  /** Voltage of column c at time tFs (fs), V. */
  voltageAt(c: number, tFs: number): number;
  /** Optional: out[s] = voltageAt(c, firstFs + s * stepFs) for s < count, computed together. */
  voltageSeries?(c: number, firstFs: number, stepFs: number, count: number, out: Float64Array): void;
}

/** A reference lane (a block of a neighbour array's bitlines) with its own comparator. */
export interface Lane {
  array: string; // name of the lending array, for energy booking
  dac: RefDacLane;
  comparator: Comparator;
}

export interface DigitizerOptions {
  name: string;
  /** The declared recipe this converter is assembled from (mode, resolution, range, timing, energy). */
  recipe: DigitizerRecipe;
  lanes: Lane[];
}

/** What a conversion reads per step, taken from the recipe once. */
interface ConversionSettings {
  bits: number;
  flashBits: number;
  vtop: number; // V
  vbottom: number; // V
  tcmp: number; // s, comparator window per step
  tlogic: number; // s
  elogic: number; // J per comparator decision (SA register / encoder update)
  lanes: Lane[];
}

/**
 * Memory-immersed converter: SA binary search, a Flash step, or Flash MSBs followed by SA LSBs,
 * each trial reference produced by a neighbour array's bitlines (RefDacLane). SA converts one
 * column per lane in lockstep; a Flash step needs 2^k - 1 lanes at once for one column.
 */
export class Digitizer {
  readonly name: string;
  readonly steps: number;
  readonly bits: number;
  readonly vtop: number; // V
  readonly vbottom: number; // V
  readonly edigital: number; // J per column per bit-plane shift-add
  readonly recipe: DigitizerRecipe;
  private readonly o: ConversionSettings;
  /** V, the sampled bitline of each step of the conversion in progress. */
  private readonly samples: Float64Array;

  constructor({ name, recipe: r, lanes }: DigitizerOptions) {
    this.o = { bits: r.bits, flashBits: r.flashBits, vtop: r.vtop, vbottom: r.vbottom, tcmp: r.comparator.tcmp, tlogic: r.tlogic, elogic: r.elogic, lanes };
    this.name = name;
    this.recipe = r;
    this.edigital = r.edigital;
    this.bits = r.bits;
    this.vtop = r.vtop;
    this.vbottom = r.vbottom;
    this.steps = (r.flashBits > 0 ? 1 : 0) + (r.bits - r.flashBits);
    this.samples = new Float64Array(this.steps);
  }

  /** Reference lanes this digitizer uses (each with its comparator). */
  get lanes(): readonly Lane[] {
    return this.o.lanes;
  }

  /** Lanes needed for one conversion at a time. */
  static lanesNeeded(flashBits: number): number {
    return flashBits > 0 ? (1 << flashBits) - 1 : 1;
  }

  /** Duration of one step (reference + decision + logic), s. */
  get stepTime(): number {
    return this.o.lanes[0].dac.period + this.o.tcmp + this.o.tlogic;
  }

  /** Columns converted side by side. */
  get parallelColumns(): number {
    return this.o.flashBits > 0 ? 1 : this.o.lanes.length;
  }

  /**
   * Convert `columns` of `compute` (bitlines held since their pulse) starting at `startFs`.
   * `idealV[c]` is column c's voltage with every non-ideality off. Returns the end time, fs.
   */
  convert(compute: HeldBitlines, columns: ArrayLike<number>, idealV: Float64Array, plane: number, startFs: number, ledger: EnergyLedger, log: ConversionLog, trace?: PhaseTrace): number {
    const o = this.o;
    const stepFs = toFs(this.stepTime);
    const sampleOffsetFs = toFs(o.lanes[0].dac.period);
    const batch = this.parallelColumns;
    log.stride = Math.max(log.stride, this.steps);
    let t = startFs;
    for (let first = 0; first < columns.length; first += batch) {
      const count = Math.min(batch, columns.length - first);
      for (let k = 0; k < count; k++) {
        const c = columns[first + k];
        this.convertOne(compute, c, idealV[c], plane, t, stepFs, sampleOffsetFs, k, log, trace?.enabled ? trace : undefined);
      }
      t += this.steps * stepFs;
      trace?.record(this.name, `convert ${compute.name}`, t - this.steps * stepFs, t);
    }
    this.bookEnergy(ledger);
    return t;
  }

  private convertOne(compute: HeldBitlines, c: number, idealVolts: number, plane: number, t0: number, stepFs: number, sampleOffsetFs: number, laneIndex: number, log: ConversionLog, trace?: PhaseTrace): void {
    const o = this.o;
    const n = o.bits;
    let code = 0;
    let metastable = 0;
    let step = 0;
    let analog = NaN;
    const marginBase = log.margins.length;
    // Step s samples the bitline at t0 + s * stepFs + sampleOffsetFs.
    const samples = this.samples;
    if (compute.voltageSeries !== undefined) compute.voltageSeries(c, t0 + sampleOffsetFs, stepFs, this.steps, samples);
    else for (let s = 0; s < this.steps; s++) samples[s] = compute.voltageAt(c, t0 + s * stepFs + sampleOffsetFs);
    for (let s = 0; s < this.steps; s++) log.margins.push(0);
    for (let s = this.steps; s < log.stride; s++) log.margins.push(NaN);
    if (o.flashBits > 0) {
      // Flash step: 2^k - 1 lanes each compare against threshold j * 2^(N-k); ones-count encoder
      // corrects bubbles (any thermometer with m ones maps to m).
      const v = samples[0];
      analog = v;
      const lsbPerSegment = 1 << (n - o.flashBits);
      let ones = 0;
      let worst = Infinity;
      for (let j = 1; j < 1 << o.flashBits; j++) {
        const lane = o.lanes[j - 1];
        const vref = lane.dac.reference(j * lsbPerSegment);
        const cmp = lane.comparator;
        const out = cmp.decideOut(vref, v);
        ones += out;
        metastable += cmp.lastMetastable ? 1 : 0;
        worst = Math.min(worst, o.tcmp - cmp.lastDecisionTime);
        trace?.decision(this.decisionRecord(compute.name, c, j - 1, t0 + sampleOffsetFs, cmp.lastDecisionTime, vref, v, out, ones * lsbPerSegment));
      }
      code = ones * lsbPerSegment;
      log.margins[marginBase] = worst;
      step = 1;
    }
    const lane = o.lanes[o.flashBits > 0 ? 0 : laneIndex];
    for (let b = n - o.flashBits - 1; b >= 0; b--, step++) {
      const v = samples[step];
      if (Number.isNaN(analog)) analog = v;
      const trial = code + (1 << b);
      const vref = lane.dac.reference(trial);
      const cmp = lane.comparator;
      const out = cmp.decideOut(vref, v);
      if (out === 1) code = trial;
      metastable += cmp.lastMetastable ? 1 : 0;
      log.margins[marginBase + step] = o.tcmp - cmp.lastDecisionTime;
      trace?.decision(this.decisionRecord(compute.name, c, o.flashBits > 0 ? 0 : laneIndex, t0 + step * stepFs + sampleOffsetFs, cmp.lastDecisionTime, vref, v, out, code));
    }
    log.array.push(compute.name);
    log.column.push(c);
    log.plane.push(plane);
    log.idealV.push(idealVolts);
    log.analogV.push(analog);
    log.code.push(code);
    log.startFs.push(t0);
    log.endFs.push(t0 + this.steps * stepFs);
    log.metastable.push(metastable);
  }

  /** A decision for the waveform trace: sampled at `sampleFs`, decided `decision_s` later. */
  private decisionRecord(array: string, column: number, lane: number, sampleFs: number, decision_s: number, vref: number, vin: number, out: 0 | 1, code: number): DecisionRecord {
    return { digitizer: this.name, lane, array, column, sampleFs, decideFs: sampleFs + toFs(Math.min(decision_s, this.o.tcmp)), vref, vin, out, code };
  }

  /** Book comparator and logic energy per decision, and each lane's DAC energy to its lender. */
  private bookEnergy(ledger: EnergyLedger): void {
    for (const lane of this.o.lanes) {
      const decisions = lane.comparator.decisions;
      lane.comparator.decisions = 0;
      ledger.book(this.name, 'comparator', decisions * lane.comparator.o.energy);
      ledger.book(this.name, 'logic', decisions * this.o.elogic);
      ledger.book(lane.array, 'dac', lane.dac.takeEnergy());
    }
  }
}
