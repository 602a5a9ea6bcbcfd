import type { ParamSpec } from '../netlist/params.js';
import type { RandomStream } from '../tech/random.js';
import { Comparator } from './comparator.js';
import type { Declared, InstanceParams } from './device.js';

export type BaselineNode = '65n' | '40n';

/**
 * A conventional converter the memory-immersed one is compared with. Each kind is one device file
 * (sar-baseline.ts, flash-baseline.ts, single-slope-baseline.ts) whose builder returns this, and
 * one registry line: the baselines analysis compares every one the netlist declares.
 */
export interface BaselineConverter extends Declared {
  /** Label in tables: 'SAR', 'Flash', ... */
  readonly kind: string;
  /** Prefix of its metrics and name of its random streams: 'sar' -> sarArea_m2, baselines:sar:noise. */
  readonly key: string;
  readonly bits: number;
  readonly node: BaselineNode;
  /** Convert each input voltage; energy and area per conversion with their breakdowns. */
  convert(input_V: Float64Array, env: BaselineEnvironment): BaselineResult;
}

/** What a baseline converts against: the compared converter's range, its variation switches, seeded streams. */
export interface BaselineEnvironment {
  /** The node the comparison is made at (the declared one unless the analysis sets another). */
  node: BaselineNode;
  vtop: number; // V, code 0
  vbottom: number; // V, full scale
  variation: boolean;
  capMismatch: number; // relative sigma of a capacitor, times sqrt(F)
  /** The memory-immersed converter's SA step: the time a Flash's ladder is on for one conversion. */
  stepTime: number; // s
  mismatch: RandomStream;
  noise: RandomStream;
}

/** The design fields every baseline shares (see baselineParams), read from its instance. */
export function baselineDesign(p: InstanceParams): Declared & { bits: number; node: BaselineNode } {
  return { name: p.name, loc: p.loc, bits: p.num('bits'), node: p.str('node') as BaselineNode };
}

/** Parameters every baseline shares: resolution and node. */
export function baselineParams(maxBits: number): ParamSpec[] {
  return [
    { name: 'bits', kind: 'integer', unit: '', default: 5, min: 1, max: maxBits, description: 'resolution; must equal the resolution of the digitizer it is compared with' },
    { name: 'node', kind: 'enum', unit: '', default: '40n', choices: ['65n', '40n'], description: 'technology node of the baseline' },
  ];
}

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

export const NODES: Record<BaselineNode, NodeFigures> = {
  '65n': { vdd: 1.1, comparatorEnergy: 20e-15, comparatorArea: 60e-12, logicEnergyPerBit: 15e-15, logicAreaPerBit: 15e-12, capDensity: 1.5e-3, switchArea: 2e-12, ladderAreaPerTap: 4e-12, encoderAreaPerComparator: 12e-12, comparatorOffsetSigma: 12e-3, trimAreaPerBit: 2e-12 },
  '40n': { vdd: 0.9, comparatorEnergy: 12e-15, comparatorArea: 30e-12, logicEnergyPerBit: 8e-15, logicAreaPerBit: 7e-12, capDensity: 2e-3, switchArea: 1e-12, ladderAreaPerTap: 2e-12, encoderAreaPerComparator: 6e-12, comparatorOffsetSigma: 10e-3, trimAreaPerBit: 1e-12 },
};

export interface BaselineResult {
  codes: Int32Array;
  energyPerConversion_J: number;
  area_m2: number;
  breakdown: Record<string, number>; // J per conversion by component
  areaBreakdown: Record<string, number>; // m^2 by component
  /** What the energy and area rest on, for the accounting table. */
  source: string;
}

/** A baseline's StrongARM comparator at its node: offset drawn from `mismatch` when variation is on. */
export function baselineComparator(name: string, fig: NodeFigures, o: { variation: boolean; mismatch: RandomStream; noise: RandomStream }): Comparator {
  return new Comparator(
    { name, offset: o.variation ? fig.comparatorOffsetSigma * o.mismatch.normal() : 0, noise: o.variation ? 0.5e-3 : 0, t0: 30e-12, tau: 11e-12, vswing: fig.vdd, tcmp: 150e-12, energy: fig.comparatorEnergy, metastable: 'random' },
    o.noise,
  );
}

export function sumOf(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}
