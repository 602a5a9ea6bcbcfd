import { describe, expect, it } from 'vitest';
import { bestInClass, cdacEnergyFactor, SURVEY_40N_6BIT, SURVEY_REGRESSION, surveyRegression } from '../../src/devices/baselines.js';

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
