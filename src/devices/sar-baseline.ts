import { baselineComparator, baselineDesign, baselineParams, NODES, sumOf, type BaselineConverter, type BaselineEnvironment, type BaselineResult } from './baselines.js';
import type { DeviceDefinition } from './device.js';

type Switching = 'conventional' | 'monotonic';

/** A conventional N-bit SAR ADC: its own binary capacitive DAC, one comparator, SA logic. */
export const SAR_BASELINE: DeviceDefinition<BaselineConverter> = {
  spec: {
    type: 'sarbaseline',
    summary: 'conventional N-bit SAR ADC: own binary capacitive DAC, comparator and logic',
    role: 'baseline',
    params: [
      ...baselineParams(16),
      { name: 'cunit', kind: 'number', unit: 'F', default: 1e-15, min: 1e-18, max: 1e-12, description: 'unit capacitor of the CDAC' },
      { name: 'switching', kind: 'enum', unit: '', default: 'conventional', choices: ['conventional', 'monotonic'], description: 'CDAC switching scheme (energy per Liu 2010 / Ginsburg 2005)' },
    ],
  },
  build: (p) => {
    const design = { ...baselineDesign(p), cunit: p.num('cunit'), switching: p.str('switching') as Switching };
    return { ...design, kind: 'SAR', key: 'sar', convert: (input_V, env) => convertSar(input_V, design, env) };
  },
};

/** Average CDAC switching energy per conversion in units of C*Vref^2 (Ginsburg 2005; Liu 2010). */
export function cdacEnergyFactor(bits: number, scheme: Switching): number {
  let sum = 0;
  if (scheme === 'conventional') for (let i = 1; i <= bits; i++) sum += Math.pow(2, bits + 1 - 2 * i) * (Math.pow(2, i) - 1);
  else for (let i = 1; i <= bits - 1; i++) sum += Math.pow(2, bits - 2 - i);
  return sum;
}

/** Binary CDAC of unit `cunit` (mismatch from the environment's `capMismatch`), comparator, logic. */
function convertSar(
  input_V: Float64Array,
  o: { name: string; bits: number; cunit: number; switching: Switching },
  env: BaselineEnvironment,
): BaselineResult {
  const fig = NODES[env.node];
  const n = o.bits;
  // Capacitor i (MSB first) holds 2^(n-1-i) units; its relative error shrinks with sqrt(units).
  const caps = Array.from({ length: n }, (_, i) => {
    const c = o.cunit * (1 << (n - 1 - i));
    return c * (1 + (env.variation ? (env.capMismatch / Math.sqrt(c)) * env.mismatch.normal() : 0));
  });
  const dummy = o.cunit;
  const total = caps.reduce((a, b) => a + b, 0) + dummy;
  const fs = env.vtop - env.vbottom;
  const comparator = baselineComparator(`${o.name}.cmp`, fig, env);
  const codes = new Int32Array(input_V.length);
  for (let k = 0; k < input_V.length; k++) {
    let code = 0;
    for (let i = 0; i < n; i++) {
      const trial = code | (1 << (n - 1 - i));
      // Threshold vtop - fs * (sum of caps of the trial's bits) / total
      let cOn = 0;
      for (let j = 0; j < n; j++) if ((trial >> (n - 1 - j)) & 1) cOn += caps[j];
      if (comparator.decideOut(env.vtop - (fs * cOn) / total, input_V[k]) === 1) code = trial;
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
  const source = 'CDAC switching (Ginsburg 2005 / Liu 2010) + comparator + logic; MOM capacitor density (estimates)';
  return { codes, energyPerConversion_J: sumOf(breakdown), area_m2: sumOf(areaBreakdown), breakdown, areaBreakdown, source };
}
