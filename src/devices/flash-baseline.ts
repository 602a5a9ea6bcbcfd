import { baselineComparator, baselineDesign, baselineParams, NODES, sumOf, type BaselineConverter, type BaselineEnvironment, type BaselineResult } from './baselines.js';
import type { DeviceDefinition } from './device.js';

/** A conventional N-bit Flash ADC: resistor reference ladder, 2^N-1 comparators, ones-count encoder. */
export const FLASH_BASELINE: DeviceDefinition<BaselineConverter> = {
  spec: {
    type: 'flashbaseline',
    summary: 'conventional N-bit Flash ADC: resistor reference ladder and 2^N-1 comparators',
    role: 'baseline',
    params: [
      ...baselineParams(10),
      { name: 'rladder', kind: 'number', unit: 'Ohm', default: 20e3, min: 1, max: 1e9, description: 'total reference-ladder resistance' },
    ],
  },
  build: (p) => {
    const design = { ...baselineDesign(p), rladder: p.num('rladder') };
    return { ...design, kind: 'Flash', key: 'flash', convert: (input_V, env) => convertFlash(input_V, design, env) };
  },
};

/** Every comparator has its own offset; the code is the count of comparators that trip. */
function convertFlash(input_V: Float64Array, o: { name: string; bits: number; rladder: number }, env: BaselineEnvironment): BaselineResult {
  const fig = NODES[env.node];
  const levels = 1 << o.bits;
  const fs = env.vtop - env.vbottom;
  const comparators = Array.from({ length: levels - 1 }, (_, j) => baselineComparator(`${o.name}.cmp${j + 1}`, fig, env));
  const codes = new Int32Array(input_V.length);
  for (let k = 0; k < input_V.length; k++) {
    let ones = 0;
    for (let j = 1; j < levels; j++) ones += comparators[j - 1].decideOut(env.vtop - (j * fs) / levels, input_V[k]);
    codes[k] = ones;
  }
  // The ladder burns fs^2 / R for the whole conversion time (one SA step of the compared converter).
  const breakdown = { ladder_J: ((fs * fs) / o.rladder) * env.stepTime, comparator_J: (levels - 1) * fig.comparatorEnergy, encoder_J: (levels - 1) * fig.logicEnergyPerBit * 0.25 };
  const areaBreakdown = { ladder_m2: levels * fig.ladderAreaPerTap, comparators_m2: (levels - 1) * fig.comparatorArea, encoder_m2: (levels - 1) * fig.encoderAreaPerComparator };
  const source = `${levels - 1} comparators + ladder over one SA step + encoder (estimates)`;
  return { codes, energyPerConversion_J: sumOf(breakdown), area_m2: sumOf(areaBreakdown), breakdown, areaBreakdown, source };
}
