import type { NetworkAnalysis } from './analyses/network.js';
import type { Nonidealities } from '../circuit/nonidealities.js';

/** A scenario file (scenarios/*.json), as validated by src/scenario/schema.ts. */
export interface Scenario {
  name: string;
  description?: string;
  /** Netlist path, relative to the scenario file. */
  netlist: string;
  seed?: number;
  /** Netlist overrides: `tech.vdd`, `A0.rows`, `param.tunit` -> SI number or netlist text. */
  overrides?: Record<string, number | string>;
  /** Non-idealities: `all` sets every one, named keys refine it. */
  nonidealities?: Partial<Nonidealities> & { all?: boolean };
  stimulus?: Stimulus;
  analyses: Analysis[];
  checks?: Check[];
  outputs?: { csv?: boolean; svg?: boolean; html?: boolean; vcd?: boolean; conversions?: boolean };
}

export interface Stimulus {
  /** binary: pulse or no pulse; pwm: width = value x tunit; bitserial: one pulse per bit-plane. */
  encoding: 'binary' | 'pwm' | 'bitserial';
  /** Bits per input for pwm and bitserial. */
  inputBits?: number;
  /** Inferences to run (each applies one input vector to every compute array). */
  inferences?: number;
  /** Probability of a '1' (binary) or mean fraction of full scale (multi-bit). */
  density?: number;
  /** Explicit input vectors, one value per row; reused cyclically. */
  vectors?: number[][];
}

export type Analysis =
  | { type: 'inference' }
  | { type: 'budget' }
  | { type: 'ramp'; network?: string; points?: number; margin_LSB?: number }
  | { type: 'sine'; network?: string; points?: number; cycles?: number; amplitude_LSB?: number }
  | { type: 'discharge'; array?: string; widths_s: number[]; activeCells: number[]; vwl_V?: number[] }
  | { type: 'baselines'; node?: '65n' | '40n'; points?: number }
  | { type: 'montecarlo'; samples: number; metrics?: string[] }
  | { type: 'sweep'; parameter: string; values: (number | string)[] }
  | ({ type: 'network' } & NetworkAnalysis)
  | { type: 'sharing'; lane?: { network?: string; threshold: number } }
  | { type: 'bwht'; blockSize: number; channels?: number; inputBits?: number; inputs?: string; blocking?: 'zero-pad' | 'overlap' };

export interface Check {
  /** Metric path as printed in the summary, e.g. `inference.maxAbsError_LSB`. */
  metric: string;
  min?: number;
  max?: number;
  equals?: number;
  description?: string;
}
