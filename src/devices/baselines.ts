import type { RandomStream } from '../tech/random.js';
import { Comparator } from './comparator.js';

/**
 * Conventional converters used as baselines, parameterised by node. Energies and areas are
 * per-component so the comparison states its assumptions. Sources:
 * comparator and logic figures scaled from published examples (StrongARM ~20 fJ at 65 nm,
 * Murmann survey 40 nm SAR 1.26 pJ / 0.00058 mm^2 at 6 b, flash 3.67 pJ / 0.021 mm^2 at 6 b).
 * Logic area per SA bit: about three standard-cell flip-flop equivalents (estimate, E).
 */

/** Published 40 nm 6-bit designs (Murmann ADC survey), scaled to N bits by 2^(N-6) (Walden scaling). */
export const SURVEY_40N_6BIT = {
  sar: { energy_J: 1.26e-12, area_m2: 0.00058e-6, source: 'ISSCC 2016 27.3, 6 b 1 GS/s SAR, 40 nm' },
  flash: { energy_J: 3.67e-12, area_m2: 0.021e-6, source: 'VLSI 2012 4.1, 6 b 3 GS/s flash, 40 nm' },
};

export function surveyScaled(kind: 'sar' | 'flash', bits: number): { energy_J: number; area_m2: number } {
  const f = Math.pow(2, bits - 6);
  const d = SURVEY_40N_6BIT[kind];
  return { energy_J: d.energy_J * f, area_m2: d.area_m2 * f };
}
export interface NodeFigures {
  vdd: number; // V
  comparatorEnergy: number; // J per decision
  comparatorArea: number; // m^2
  logicEnergyPerBit: number; // J per SAR cycle
  logicAreaPerBit: number; // m^2
  capDensity: number; // F/m^2 (MOM)
  switchArea: number; // m^2 per CDAC switch
  ladderAreaPerTap: number; // m^2 per reference-ladder tap
  encoderAreaPerComparator: number; // m^2
  comparatorOffsetSigma: number; // V
}

export const NODES: Record<'65n' | '40n', NodeFigures> = {
  '65n': { vdd: 1.1, comparatorEnergy: 20e-15, comparatorArea: 60e-12, logicEnergyPerBit: 15e-15, logicAreaPerBit: 15e-12, capDensity: 1.5e-3, switchArea: 2e-12, ladderAreaPerTap: 4e-12, encoderAreaPerComparator: 12e-12, comparatorOffsetSigma: 12e-3 },
  '40n': { vdd: 0.9, comparatorEnergy: 12e-15, comparatorArea: 30e-12, logicEnergyPerBit: 8e-15, logicAreaPerBit: 7e-12, capDensity: 2e-3, switchArea: 1e-12, ladderAreaPerTap: 2e-12, encoderAreaPerComparator: 6e-12, comparatorOffsetSigma: 10e-3 },
};

/** Average CDAC switching energy per conversion in units of C*Vref^2 (Ginsburg 2005; Liu 2010). */
export function cdacEnergyFactor(bits: number, scheme: 'conventional' | 'monotonic'): number {
  let sum = 0;
  if (scheme === 'conventional') for (let i = 1; i <= bits; i++) sum += Math.pow(2, bits + 1 - 2 * i) * (Math.pow(2, i) - 1);
  else for (let i = 1; i <= bits - 1; i++) sum += Math.pow(2, bits - 2 - i);
  return sum;
}

export interface BaselineResult {
  codes: Int32Array;
  energyPerConversion_J: number;
  area_m2: number;
  breakdown: Record<string, number>; // J per conversion by component
  areaBreakdown: Record<string, number>; // m^2 by component
}

/** Conventional N-bit SAR: binary CDAC of unit `cunit` (mismatch from `capMismatch`), comparator, logic. */
export function runSarBaseline(
  input_V: Float64Array,
  o: { name: string; bits: number; node: '65n' | '40n'; cunit: number; switching: 'conventional' | 'monotonic'; vtop: number; vbottom: number; capMismatch: number; mismatch: RandomStream; noise: RandomStream; variation: boolean },
): BaselineResult {
  const fig = NODES[o.node];
  const n = o.bits;
  // Capacitor i (MSB first) holds 2^(n-1-i) units; its relative error shrinks with sqrt(units).
  const caps = Array.from({ length: n }, (_, i) => {
    const c = o.cunit * (1 << (n - 1 - i));
    return c * (1 + (o.variation ? (o.capMismatch / Math.sqrt(c)) * o.mismatch.normal() : 0));
  });
  const dummy = o.cunit;
  const total = caps.reduce((a, b) => a + b, 0) + dummy;
  const fs = o.vtop - o.vbottom;
  const comparator = baselineComparator(`${o.name}.cmp`, fig, o);
  const codes = new Int32Array(input_V.length);
  for (let k = 0; k < input_V.length; k++) {
    let code = 0;
    for (let i = 0; i < n; i++) {
      const trial = code | (1 << (n - 1 - i));
      // Threshold vtop - fs * (sum of caps of the trial's bits) / total
      let cOn = 0;
      for (let j = 0; j < n; j++) if ((trial >> (n - 1 - j)) & 1) cOn += caps[j];
      if (comparator.decideOut(o.vtop - (fs * cOn) / total, input_V[k]) === 1) code = trial;
    }
    codes[k] = code;
  }
  const cdac = cdacEnergyFactor(n, o.switching) * o.cunit * fs * fs;
  const breakdown = { cdac_J: cdac, comparator_J: n * fig.comparatorEnergy, logic_J: n * fig.logicEnergyPerBit };
  const areaBreakdown = {
    cdac_m2: ((1 << n) * o.cunit) / fig.capDensity,
    switches_m2: n * fig.switchArea,
    comparator_m2: fig.comparatorArea,
    logic_m2: n * fig.logicAreaPerBit,
  };
  return { codes, energyPerConversion_J: sum(breakdown), area_m2: sum(areaBreakdown), breakdown, areaBreakdown };
}

/** Conventional N-bit Flash: resistor ladder, 2^N-1 comparators (own offsets), ones-count encoder. */
export function runFlashBaseline(
  input_V: Float64Array,
  o: { name: string; bits: number; node: '65n' | '40n'; rladder: number; vtop: number; vbottom: number; mismatch: RandomStream; noise: RandomStream; variation: boolean; conversionTime: number },
): BaselineResult {
  const fig = NODES[o.node];
  const levels = 1 << o.bits;
  const fs = o.vtop - o.vbottom;
  const comparators = Array.from({ length: levels - 1 }, (_, j) =>
    baselineComparator(`${o.name}.cmp${j + 1}`, fig, o),
  );
  const codes = new Int32Array(input_V.length);
  for (let k = 0; k < input_V.length; k++) {
    let ones = 0;
    for (let j = 1; j < levels; j++) ones += comparators[j - 1].decideOut(o.vtop - (j * fs) / levels, input_V[k]);
    codes[k] = ones;
  }
  // The ladder burns fs^2 / R for the whole conversion time.
  const breakdown = { ladder_J: ((fs * fs) / o.rladder) * o.conversionTime, comparator_J: (levels - 1) * fig.comparatorEnergy, encoder_J: (levels - 1) * fig.logicEnergyPerBit * 0.25 };
  const areaBreakdown = { ladder_m2: levels * fig.ladderAreaPerTap, comparators_m2: (levels - 1) * fig.comparatorArea, encoder_m2: (levels - 1) * fig.encoderAreaPerComparator };
  return { codes, energyPerConversion_J: sum(breakdown), area_m2: sum(areaBreakdown), breakdown, areaBreakdown };
}

/** A baseline's StrongARM comparator at its node: offset drawn from `mismatch` when variation is on. */
function baselineComparator(name: string, fig: NodeFigures, o: { variation: boolean; mismatch: RandomStream; noise: RandomStream }): Comparator {
  return new Comparator(
    { name, offset: o.variation ? fig.comparatorOffsetSigma * o.mismatch.normal() : 0, noise: o.variation ? 0.5e-3 : 0, t0: 30e-12, tau: 11e-12, vswing: fig.vdd, tcmp: 150e-12, energy: fig.comparatorEnergy, metastable: 'random' },
    o.noise,
  );
}

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}
