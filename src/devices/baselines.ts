import type { RandomStream } from '../tech/random.js';
import { Comparator } from './comparator.js';
import type { Declared, DeviceDefinition } from './device.js';

/** A conventional SAR ADC declared in the netlist for comparison. */
export interface SarBaselineDesign extends Declared {
  bits: number;
  node: '65n' | '40n';
  cunit: number; // F
  switching: 'conventional' | 'monotonic';
}

/** A conventional Flash ADC declared in the netlist for comparison. */
export interface FlashBaselineDesign extends Declared {
  bits: number;
  node: '65n' | '40n';
  rladder: number; // Ohm
}

export const SAR_BASELINE: DeviceDefinition<SarBaselineDesign> = {
  spec: {
    type: 'sarbaseline',
    summary: 'conventional N-bit SAR ADC: own binary capacitive DAC, comparator and logic',
    role: 'baseline',
    params: [
      { name: 'bits', kind: 'integer', unit: '', default: 5, min: 1, max: 16, description: 'resolution' },
      { name: 'node', kind: 'enum', unit: '', default: '40n', choices: ['65n', '40n'], description: 'technology node of the baseline' },
      { name: 'cunit', kind: 'number', unit: 'F', default: 1e-15, min: 1e-18, max: 1e-12, description: 'unit capacitor of the CDAC' },
      { name: 'switching', kind: 'enum', unit: '', default: 'conventional', choices: ['conventional', 'monotonic'], description: 'CDAC switching scheme (energy per Liu 2010 / Ginsburg 2005)' },
    ],
  },
  build: (p) => ({ name: p.name, loc: p.loc, bits: p.num('bits'), node: p.str('node') as '65n' | '40n', cunit: p.num('cunit'), switching: p.str('switching') as SarBaselineDesign['switching'] }),
};

export const FLASH_BASELINE: DeviceDefinition<FlashBaselineDesign> = {
  spec: {
    type: 'flashbaseline',
    summary: 'conventional N-bit Flash ADC: resistor reference ladder and 2^N-1 comparators',
    role: 'baseline',
    params: [
      { name: 'bits', kind: 'integer', unit: '', default: 5, min: 1, max: 10, description: 'resolution' },
      { name: 'node', kind: 'enum', unit: '', default: '40n', choices: ['65n', '40n'], description: 'technology node of the baseline' },
      { name: 'rladder', kind: 'number', unit: 'Ohm', default: 20e3, min: 1, max: 1e9, description: 'total reference-ladder resistance' },
    ],
  },
  build: (p) => ({ name: p.name, loc: p.loc, bits: p.num('bits'), node: p.str('node') as '65n' | '40n', rladder: p.num('rladder') }),
};

/**
 * Conventional converters used as baselines, parameterised by node. Energies and areas are
 * per-component so the comparison states its assumptions. Sources:
 * comparator and logic figures scaled from published examples (StrongARM ~20 fJ at 65 nm),
 * logic area per SA bit about three standard-cell flip-flop equivalents, a trim DAC bit about one
 * small capacitor and switch (estimates). docs/baselines.md holds the accounting.
 */

/**
 * Best-in-class published 40 nm designs (Murmann ADC survey rows), 6 bits. Their energy is scaled
 * to N bits by Walden's 2^(N-6) (an energy rule); their area is NOT scaled (area does not follow
 * 2^N at low resolution: comparators, logic and layout overhead dominate).
 */
export const SURVEY_40N_6BIT = {
  sar: { energy_J: 1.26e-12, area_m2: 0.00058e-6, fs_Hz: 1e9, source: 'ISSCC 2016 27.3, 6 b 1 GS/s SAR, 40 nm (Murmann survey)' },
  flash: { energy_J: 3.67e-12, area_m2: 0.021e-6, fs_Hz: 3e9, source: 'VLSI 2012 4.1, 6 b 3 GS/s flash, 40 nm (Murmann survey)' },
};

/** A best-in-class design at N bits: energy Walden-scaled, area as published. */
export function bestInClass(kind: 'sar' | 'flash', bits: number): { energy_J: number; area_m2: number; source: string } {
  const d = SURVEY_40N_6BIT[kind];
  return { energy_J: d.energy_J * Math.pow(2, bits - 6), area_m2: d.area_m2, source: d.source };
}

/**
 * A representative converter from the survey: ordinary least squares of ln(energy / pJ) and
 * ln(area / um^2) on ENOB, ln(fs / Hz) and ln(node / nm) over the 70 designs with ENOB <= 7.5 of
 * the Murmann ADC survey (ISSCC and VLSI 1997-2023) as distributed with the CiMLoop ADC plug-in
 * (accelergy-adc-plug-in, adc_data/adc_list.csv, commit 2eef1f2; docs/baselines.md). Every
 * architecture is in the fit (the data carry none); sigma is the residual standard deviation in ln,
 * r^2 0.55 (energy) and 0.33 (area): the band is wide and is reported with the median.
 */
export const SURVEY_REGRESSION = {
  source: 'OLS over the 70 low-resolution (ENOB <= 7.5) designs of the Murmann ADC survey 1997-2023',
  energy: { intercept: -14.477, enob: 0.34663, lnFs: 0.38011, lnNode: 1.7106, sigma: 1.187 }, // ln(pJ)
  area: { intercept: 5.905, enob: -0.49883, lnFs: 0.1863, lnNode: 1.1023, sigma: 1.884 }, // ln(um^2)
} as const;

/** Median and +-1 sigma band of the survey regression at `bits` ENOB, `node_nm`, `fs_Hz`. */
export function surveyRegression(bits: number, node_nm: number, fs_Hz: number): {
  energy_J: number; energyBand_J: [number, number]; area_m2: number; areaBand_m2: [number, number];
} {
  const at = (m: { intercept: number; enob: number; lnFs: number; lnNode: number }): number => m.intercept + m.enob * bits + m.lnFs * Math.log(fs_Hz) + m.lnNode * Math.log(node_nm);
  const e = at(SURVEY_REGRESSION.energy);
  const a = at(SURVEY_REGRESSION.area);
  const es = SURVEY_REGRESSION.energy.sigma;
  const as = SURVEY_REGRESSION.area.sigma;
  return {
    energy_J: Math.exp(e) * 1e-12, // pJ -> J
    energyBand_J: [Math.exp(e - es) * 1e-12, Math.exp(e + es) * 1e-12],
    area_m2: Math.exp(a) * 1e-12, // um^2 -> m^2
    areaBand_m2: [Math.exp(a - as) * 1e-12, Math.exp(a + as) * 1e-12],
  };
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
  trimAreaPerBit: number; // m^2 per bit of a comparator's offset-trim DAC (estimate)
}

export const NODES: Record<'65n' | '40n', NodeFigures> = {
  '65n': { vdd: 1.1, comparatorEnergy: 20e-15, comparatorArea: 60e-12, logicEnergyPerBit: 15e-15, logicAreaPerBit: 15e-12, capDensity: 1.5e-3, switchArea: 2e-12, ladderAreaPerTap: 4e-12, encoderAreaPerComparator: 12e-12, comparatorOffsetSigma: 12e-3, trimAreaPerBit: 2e-12 },
  '40n': { vdd: 0.9, comparatorEnergy: 12e-15, comparatorArea: 30e-12, logicEnergyPerBit: 8e-15, logicAreaPerBit: 7e-12, capDensity: 2e-3, switchArea: 1e-12, ladderAreaPerTap: 2e-12, encoderAreaPerComparator: 6e-12, comparatorOffsetSigma: 10e-3, trimAreaPerBit: 1e-12 },
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
