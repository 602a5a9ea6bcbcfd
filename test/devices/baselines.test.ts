import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCircuit } from '../../src/circuit/build.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { bestInClass, NODES, SURVEY_40N_6BIT, SURVEY_REGRESSION, surveyRegression } from '../../src/devices/baselines.js';
import { tableInstance } from '../../src/devices/device.js';
import { idealCode } from '../../src/analysis/oracle.js';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { SINGLE_SLOPE_BASELINE } from '../../src/devices/single-slope-baseline.js';
import { elaborateText } from '../../src/netlist/index.js';
import { baselinesAnalysis } from '../../src/scenario/analyses/baselines.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { RandomStream } from '../../src/tech/random.js';
import { errorOf } from '../netlist/helpers.js';
import { cdacEnergyFactor } from '../../src/devices/sar-baseline.js';

describe('baseline converters', () => {
  it("scales a best-in-class design's energy by 2^(N-6) and leaves its area as published", () => {
    const sar = bestInClass('sar', 5);
    expect(sar.energy_J).toBeCloseTo(SURVEY_40N_6BIT.sar.energy_J / 2, 20);
    expect(sar.area_m2).toBe(SURVEY_40N_6BIT.sar.area_m2);
    expect(bestInClass('flash', 8).area_m2).toBe(SURVEY_40N_6BIT.flash.area_m2);
  });

  it('evaluates the survey regression as exp of its linear form, with a +-1 sigma band', () => {
    const r = surveyRegression(5, 40, 4.76e8);
    const e = SURVEY_REGRESSION.energy;
    const lnE = e.intercept + e.enob * 5 + e.lnFs * Math.log(4.76e8) + e.lnNode * Math.log(40);
    expect(r.energy_J).toBeCloseTo(Math.exp(lnE) * 1e-12, 20);
    expect(r.energyBand_J[1] / r.energy_J).toBeCloseTo(Math.exp(e.sigma), 12);
    expect(r.energy_J / r.energyBand_J[0]).toBeCloseTo(Math.exp(e.sigma), 12);
    // more energy and area at a higher rate and an older node (positive coefficients)
    expect(surveyRegression(5, 65, 4.76e8).area_m2).toBeGreaterThan(r.area_m2);
    expect(surveyRegression(5, 40, 1e9).energy_J).toBeGreaterThan(r.energy_J);
  });

  it('gives the 5-bit CDAC switching energies of Liu 2010: conventional 40.7, monotonic 7.5 C Vref^2', () => {
    expect(cdacEnergyFactor(5, 'conventional')).toBeCloseTo(40.6875, 12);
    expect(cdacEnergyFactor(5, 'monotonic')).toBeCloseTo(7.5, 12);
  });
});

describe('single-slope baseline (a device added as one file and one registry line)', () => {
  const env = (variation: boolean) => ({ node: '65n' as const, vtop: 1.1, vbottom: 0.46, variation, capMismatch: 0, stepTime: 100e-12, mismatch: new RandomStream(3, 'm'), noise: new RandomStream(3, 'n') });
  const build = (overrides: Record<string, number | string> = {}) => SINGLE_SLOPE_BASELINE.build(tableInstance(SINGLE_SLOPE_BASELINE.spec, 'SS', overrides), { tech: undefined as never, device: () => { throw new Error('no references'); } });

  it('counts ramp steps to the ideal code when nothing varies, for every input of the range', () => {
    // at least 77 uV from every threshold (an input on one is metastable, resolved at random)
    const inputs = Float64Array.from({ length: 1000 }, (_, k) => 1.1 - ((k + 0.37) / 1000) * 0.64);
    const r = build({ bits: 5 }).convert(inputs, env(false));
    expect(Array.from(r.codes)).toEqual(Array.from(inputs, (v) => idealCode(v, 1.1, 0.46, 5)));
  });

  it('books the ramp charge, 2^N - 1 clocked decisions and 2^N counter clocks (closed form)', () => {
    const fig = NODES['65n'];
    const r = build({ bits: 6, cramp: 200e-15 }).convert(new Float64Array([0.8]), env(false));
    const expected = 200e-15 * 0.64 * fig.vdd + 63 * fig.comparatorEnergy + 64 * fig.logicEnergyPerBit; // J
    expect(r.energyPerConversion_J).toBeCloseTo(expected, 24);
    expect(r.area_m2).toBeCloseTo(200e-15 / fig.capDensity + 2 * fig.switchArea + fig.comparatorArea + 6 * fig.logicAreaPerBit, 24);
  });

  it('is compared beside the SAR and the Flash when the netlist declares it, and must match the resolution', () => {
    const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../netlists/with-single-slope.cir');
    const text = readFileSync(resolve(dirname(file), 'testchip65.cir'), 'utf8');
    const lines = text.split('\n');
    const end = lines.findIndex((l) => l.trim() === '.end'); // the line goes before it
    const build = (line: string) => buildCircuit(elaborateText([...lines.slice(0, end), line, ...lines.slice(end)].join('\n'), file, { devices: DEVICE_SPECS, tech: TECH_PARAMS }), { seed: 1, nonideal: allNonidealities(true) });
    const s = baselinesAnalysis(build('SS0 singleslopebaseline bits=5 node=65n cramp=100fF'), { points: 256 });
    const rows = s.tables.find((t) => t.name === 'side-by-side')!.rows.map((r) => r.converter);
    expect(rows).toEqual(['memory-immersed 5-bit (65 nm)', 'SAR 5-bit (40 nm)', 'Flash 5-bit (40 nm)', 'single-slope 5-bit (65 nm)']);
    expect(s.metrics.singleSlopeEnergyPerConversion_J).toBeGreaterThan(31 * NODES['65n'].comparatorEnergy);
    expect(s.metrics.singleSlopeAreaRatio_x).toBeCloseTo(s.metrics.singleSlopeArea_m2 / s.metrics.memoryImmersedArea_m2, 12);
    const err = errorOf(() => baselinesAnalysis(build('SS0 singleslopebaseline bits=6'), { points: 16 }));
    expect(err.message).toContain('baseline SS0 resolves 6 bits, but the digitizer it is compared with resolves 5');
    expect(err.loc?.line).toBe(end + 1);
  });
});
