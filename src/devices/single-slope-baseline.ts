import { baselineComparator, baselineDesign, baselineParams, NODES, sumOf, type BaselineConverter, type BaselineEnvironment, type BaselineResult } from './baselines.js';
import type { DeviceDefinition } from './device.js';

/**
 * A single-slope (ramp) ADC, the converter of many column-parallel readouts: a current source
 * charges `cramp` so the reference falls linearly from the top of the range to the bottom over
 * 2^N clock periods; one clocked comparator watches it and a counter stops where the ramp passes
 * the input. One comparator and no DAC array (small), but 2^N - 1 decisions and 2^N clocks per
 * conversion (slow, and the decisions cost energy).
 */
export const SINGLE_SLOPE_BASELINE: DeviceDefinition<BaselineConverter> = {
  spec: {
    type: 'singleslopebaseline',
    summary: 'single-slope (ramp) ADC: ramp capacitor and current source, one clocked comparator, N-bit counter',
    role: 'baseline',
    params: [
      ...baselineParams(12),
      { name: 'cramp', kind: 'number', unit: 'F', default: 100e-15, min: 1e-15, max: 100e-12, description: 'ramp capacitor (its mismatch is the gain error)' },
      { name: 'tclk', kind: 'number', unit: 's', default: 1e-9, min: 10e-12, max: 1e-6, description: 'counter clock period: one ramp step' },
    ],
  },
  build: (p) => {
    const design = { ...baselineDesign(p), cramp: p.num('cramp'), tclk: p.num('tclk') };
    return { ...design, kind: 'single-slope', key: 'singleSlope', convert: (input_V, env) => convertSingleSlope(input_V, design, env) };
  },
};

function convertSingleSlope(input_V: Float64Array, o: { name: string; bits: number; cramp: number; tclk: number }, env: BaselineEnvironment): BaselineResult {
  const fig = NODES[env.node];
  const levels = 1 << o.bits;
  const fs = env.vtop - env.vbottom; // V
  // The ramp's slope is I / cramp: a capacitor off by delta makes every step off by -delta (gain error).
  const gain = env.variation ? 1 / (1 + (env.capMismatch / Math.sqrt(o.cramp)) * env.mismatch.normal()) : 1;
  const step = (gain * fs) / levels; // V per clock
  const comparator = baselineComparator(`${o.name}.cmp`, fig, env);
  const codes = new Int32Array(input_V.length);
  for (let k = 0; k < input_V.length; k++) {
    // Clock j compares the ramp at vtop - j*step with the input; the counter stops at the first 'no'.
    let count = 0;
    while (count < levels - 1 && comparator.decideOut(env.vtop - (count + 1) * step, input_V[k]) === 1) count++;
    codes[k] = count;
  }
  // The ramp runs its whole range every conversion (the comparator is clocked throughout); the
  // current source draws cramp * fs of charge from the supply; the counter toggles about two
  // flip-flops per clock, counted as one SA bit-cycle of logic (estimate).
  const breakdown = { ramp_J: o.cramp * fs * fig.vdd, comparator_J: (levels - 1) * fig.comparatorEnergy, counter_J: levels * fig.logicEnergyPerBit };
  const areaBreakdown = { ramp_m2: o.cramp / fig.capDensity + 2 * fig.switchArea, comparator_m2: fig.comparatorArea, counter_m2: o.bits * fig.logicAreaPerBit };
  const source = `ramp cramp x fs x VDD + ${levels - 1} clocked decisions + ${o.bits}-bit counter; ${levels} clocks of ${(o.tclk * 1e9).toPrecision(3)} ns per conversion (estimates)`;
  return { codes, energyPerConversion_J: sumOf(breakdown), area_m2: sumOf(areaBreakdown), breakdown, areaBreakdown, source };
}
