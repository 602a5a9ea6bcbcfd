import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrate, type CalibrationResult } from '../../src/spice/calibrate.js';
import { calibrateSwitch, switchTechLines } from '../../src/spice/switch-calibrate.js';
import { formatTechFile } from '../../src/spice/techfile.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { portCurrent } from '../../src/tech/transistor.js';
import { HAVE_NGSPICE, PTM65 } from './ngspice-available.js';

const TECH_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../netlists/tech/cmos65.tech');

/** `.tech key=value` pairs of a tech file. */
function techValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\.tech\s+(\w+)=(\S+)/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

describe.skipIf(!HAVE_NGSPICE)('read-port calibration on PTM 65 nm', () => {
  let r: CalibrationResult;
  beforeAll(async () => {
    r = await calibrate({ modelCard: PTM65, nmos: 'nmos', w: 0.15e-6, l: 65e-9, vdd: 1.1, temp: 27 });
  }, 60_000);

  it('fits the ngspice Id surface with rms error under 3 % and max error under 12 % for VWL 0.3..1.1 V (through moderate inversion)', () => {
    expect(r.vwlMin).toBe(0.3);
    expect(r.fitPoints).toBeGreaterThan(300);
    expect(r.rmsErrorPct).toBeLessThan(3);
    expect(r.maxErrorPct).toBeLessThan(12);
  });

  // the wordline edges pass through moderate inversion: the law must follow ngspice there, not only above 0.5 V
  it('follows the ngspice current at VBL = vdd within 6 % for VWL 0.3..1.1 V (moderate to strong inversion)', () => {
    for (const q of r.surface.filter((p) => Math.abs(p.vbl - 1.1) < 1e-9)) {
      expect(Math.abs(portCurrent(r.model, q.vwl, q.vbl) / q.i - 1), `VWL ${q.vwl} V`).toBeLessThan(0.06);
    }
  });

  it('reproduces the ngspice on-currents at VWL = 1.1 V and 0.5 V (VBL = 1.1 V) within 3 %', () => {
    expect(Math.abs(portCurrent(r.model, 1.1, 1.1) / r.ionVdd - 1)).toBeLessThan(0.03);
    expect(Math.abs(portCurrent(r.model, 0.5, 1.1) / r.ionHalf - 1)).toBeLessThan(0.03);
  });

  // the weak term carries the part of the off current that the soft knee's tail leaves
  // (withOffShare), so the whole law gives ngspice's leakage; the hold model uses ioff itself
  it('gives an off current within 5 % of the ngspice leakage at VBL = vdd and a smaller one at vdd/2 (DIBL)', () => {
    expect(Math.abs(portCurrent(r.model, 0, 1.1) / r.model.ioff - 1)).toBeLessThan(0.05);
    expect(portCurrent(r.model, 0, 0.55)).toBeLessThan(0.5 * r.model.ioff);
  });

  it('measures per-cell capacitances in the expected 65 nm ranges (drain 0.1-0.3 fF, gate 0.05-0.3 fF; CACTI-style estimates)', () => {
    expect(r.cdrain).toBeGreaterThan(0.1e-15);
    expect(r.cdrain).toBeLessThan(0.3e-15);
    expect(r.cwl).toBeGreaterThan(0.05e-15);
    expect(r.cwl).toBeLessThan(0.3e-15);
    // the gate sees more charge when the storage device is on (channel to ground)
    expect(r.cwl1).toBeGreaterThan(r.cwl0);
  });

  // the wordline's charge on the access device's ends (overlap + channel) drives the edge kicks
  it("fits the access device's terminal charge (S/D at -0.3..1.1 V, gate 0..1.1 V) within 0.5 aC rms and 2 aC max", () => {
    expect(r.chargeRmsErr_C).toBeLessThan(0.5e-18);
    expect(r.chargeMaxErr_C).toBeLessThan(2e-18);
    expect(r.model.cch).toBeGreaterThan(r.model.cgd); // the channel outweighs one overlap
    // the bias-dependent overlap is of the card's order: CGSL W = 2.65e-10 F/m x 0.15 um = 40 aF
    expect(r.model.cov).toBeGreaterThan(30e-18);
    expect(r.model.cov).toBeLessThan(50e-18);
  });

  it('splits the channel between source and drain held apart as ngspice does, within 0.6 aC rms (near the Ward-Dutton 0.4, with drain-induced threshold lowering)', () => {
    expect(r.partitionRmsErr_C).toBeLessThan(0.6e-18);
    expect(r.model.cv.fSat).toBeGreaterThan(0.3);
    expect(r.model.cv.fSat).toBeLessThanOrEqual(0.4);
    expect(r.model.cv.dibl).toBeGreaterThan(0.05);
    expect(r.model.cv.dibl).toBeLessThan(0.2);
  });

  it('fits the small-signal drain junction (-0.3..1.1 V) within 1 % rms, graded between the card\'s area and sidewall laws', () => {
    expect(r.junction.rmsPct).toBeLessThan(1);
    // PTM 65 nm: mj 0.5 (area), mjswd 0.33 (sidewall); the drain junction is both
    expect(r.junction.mj).toBeGreaterThan(0.33);
    expect(r.junction.mj).toBeLessThan(0.5);
  });

  it('writes a tech file in which every parameter line carries a unit and a source', () => {
    const text = formatTechFile(r, 'test');
    const lines = text.split('\n').filter((l) => l.startsWith('.tech'));
    expect(lines.map((l) => /^\.tech (\w+)=/.exec(l)?.[1])).toEqual(TECH_PARAMS.map((p) => p.name));
    for (const line of lines) expect(line).toMatch(/^\.tech \w+=\S+ ; [^,]+, \S.*/);
  });

  it('refuses to write a fitted value outside its parameter range, naming it', () => {
    expect(() => formatTechFile({ ...r, model: { ...r.model, n: -8.2 } }, 'test')).toThrow(/the fit gave rp_n = -8\.2 .*outside its accepted range 1 \.\. 3/);
  });

  it('matches the bundled cmos65.tech and the TECH_PARAMS defaults to 4 significant digits', () => {
    const bundled = techValues(readFileSync(TECH_FILE, 'utf8'));
    const fresh = techValues(formatTechFile(r, 'test'));
    for (const name of ['rp_vt', 'rp_alpha', 'rp_k', 'rp_kv', 'rp_lambda', 'rp_ioff', 'rp_n', 'cbl_cell', 'cwl_cell', 'rp_cgd', 'rp_cch', 'rp_cv_vt', 'rp_cv_body', 'rp_cv_knee', 'rp_cv_fsat']) {
      const a = Number(bundled.get(name));
      expect(Math.abs(Number(fresh.get(name)) / a - 1), name).toBeLessThan(1e-3);
      const spec = TECH_PARAMS.find((p) => p.name === name)!;
      expect(Math.abs((spec.default as number) / a - 1), name).toBeLessThan(1e-3);
    }
  });
});

describe.skipIf(!HAVE_NGSPICE)('sharing-switch calibration on PTM 65 nm', () => {
  it('re-derives the bundled sw_n_* and sw_p_* values of cmos65.tech from ngspice, with the charge fit within 10 aC per um of width and the conduction fit within 12 % (floor 2 % of the largest current)', async () => {
    const sw = await calibrateSwitch({ modelCard: PTM65, nmos: 'nmos', pmos: 'pmos', l: 65e-9, vdd: 1.1, temp: 27 });
    expect(sw.maxError_C).toBeLessThan(10e-18);
    expect(sw.maxCurrentError).toBeLessThan(0.12);
    const bundled = techValues(readFileSync(TECH_FILE, 'utf8'));
    const fresh = techValues(switchTechLines(sw, 'ptm65_bulk.pm').join('\n'));
    expect(fresh.size).toBe(37); // the gate length, then 12 charge + 6 conduction parameters per device type
    for (const [name, value] of fresh) expect(Math.abs(Number(value) - Number(bundled.get(name))), name).toBeLessThanOrEqual(1e-3 * Math.abs(Number(value)) + 1e-30);
  }, 120_000);
});
