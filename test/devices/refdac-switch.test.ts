import { describe, expect, it } from 'vitest';
import { RefDacLane, type RefDacLaneOptions } from '../../src/devices/refdac.js';
import { graphPropagator, starBranches } from '../../src/devices/sharing-phase.js';
import { tgateChargeOn, tgatePinSkew, tgateTerminalOff, type TgateTech } from '../../src/tech/tgate-charge.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { RandomStream } from '../../src/tech/random.js';
import { rk4Graph } from './circuit.js';

/** The bundled technology's switch law, from the parameter table defaults. */
const techValue = (name: string): number => TECH_PARAMS.find((p) => p.name === name)!.default as number;
const law = (k: 'n' | 'p') => ({
  cch: techValue(`sw_${k}_cch`), vt0: techValue(`sw_${k}_vt0`), gamma: techValue(`sw_${k}_gamma`), phi: techValue(`sw_${k}_phi`), knee: techValue(`sw_${k}_knee`),
  covOn: techValue(`sw_${k}_cov_on`), covOff: techValue(`sw_${k}_cov_off`), cft: techValue(`sw_${k}_cft`), cj: techValue(`sw_${k}_cj`), cjSkew: techValue(`sw_${k}_cj_skew`), pb: techValue(`sw_${k}_pb`), mj: techValue(`sw_${k}_mj`),
});
const TECH: TgateTech = { n: law('n'), p: law('p'), vdd: 1.1, tempC: 27 };

function options(o: Partial<RefDacLaneOptions> = {}): RefDacLaneOptions {
  const rng = new RandomStream(5, 'caps');
  const groupUnits = [16, 8, 4, 2, 1];
  return {
    name: 'L', groupCaps: Float64Array.from(groupUnits, (u) => u * 20e-15 * (1 + 0.03 * rng.normal())), groupUnits, dummyCap: 20.4e-15, dummyUnits: 1,
    tauPrecharge: 20e-12, ron: 500, tdacpre: 30e-12, tshare: 20e-12, swCgate: 0, swCov: 0, swVt: 0.35, vdd: 1.1, tempC: 27, vtop: 1.1, vbottom: 0.46, bits: 5,
    nonideal: { settling: false, injection: false, ktc: false }, noise: new RandomStream(5, 'noise'), ...o,
  };
}
const TRIALS = [16, 24, 28, 26, 27, 1, 31, 8, 12, 2];

describe('transmission-gate sharing switches', () => {
  it('give exactly the ideal-switch references when both widths are zero', () => {
    for (const settling of [false, true]) {
      const ideal = new RefDacLane(options({ nonideal: { settling, injection: false, ktc: false } }));
      const zero = new RefDacLane(options({ nonideal: { settling, injection: false, ktc: false }, tgates: { size: { wn: 0, wp: 0 }, tech: TECH } }));
      for (const t of TRIALS) expect(zero.reference(t)).toBe(ideal.reference(t));
    }
  });

  it('settle where the charge on the nodes and the switch terminals is conserved (independent bisection)', () => {
    const size = { wn: 3.5, wp: 3.5 }; // um
    const o = options({ tgates: { size, tech: TECH } });
    const lane = new RefDacLane(o);
    for (const t of TRIALS) {
      // complete precharge (settling off): groups at their level, dummy at vtop
      const v0 = [...o.groupUnits.map((_, g) => ((lane.masks[t] >> g) & 1 ? o.vtop : o.vbottom)), o.vtop];
      const caps = [...o.groupCaps, o.dummyCap];
      const terms = [...o.groupUnits, 31];
      // each switch's drain pin (a) on its group, source pin (b) on the dummy: their junction skews
      // cancel once every node is at one voltage, not before
      const pin = (i: number): 'a' | 'b' => (i === v0.length - 1 ? 'b' : 'a');
      const before = v0.reduce((s, v, i) => s + caps[i] * v + terms[i] * (tgateTerminalOff(size, v, TECH) + tgatePinSkew(size, pin(i), v, TECH)), 0); // C
      const f = (v: number): number => caps.reduce((s, c) => s + c, 0) * v + 31 * tgateChargeOn(size, v, TECH) - before;
      let lo = 0;
      let hi = 1.5;
      for (let k = 0; k < 100; k++) (f((lo + hi) / 2) > 0 ? (hi = (lo + hi) / 2) : (lo = (lo + hi) / 2));
      const vRef = lane.reference(t);
      expect(Math.abs(vRef - lo)).toBeLessThan(1e-9);
      // the switches move the reference: PMOS holes pull it down near vtop
      if (t === 1) expect(vRef).toBeLessThan(new RefDacLane(options()).reference(1) - 0.05);
    }
  });
});

describe('star settling of the sharing phase', () => {
  const starPropagator = (g: number[], c: number[], t: number) => graphPropagator(starBranches(g.length), g, c, t);
  const g = [16 / 500, 8 / 500, 4 / 500, 2 / 500, 1 / 500]; // S, each group's switches in parallel
  const c = [330e-15, 160e-15, 82e-15, 41e-15, 20e-15, 21e-15]; // F, groups then the centre
  const v0 = [1.1, 0.46, 1.1, 0.46, 1.1, 1.1]; // V
  const apply = (p: Float64Array, v: number[]): number[] => v.map((_, i) => v.reduce((s, x, j) => s + p[i * v.length + j] * x, 0));

  it('starts at the initial voltages and ends at the charge-conserving value', () => {
    apply(starPropagator(g, c, 0), v0).forEach((v, i) => expect(v).toBeCloseTo(v0[i], 12));
    const vInf = v0.reduce((s, v, i) => s + c[i] * v, 0) / c.reduce((s, x) => s + x, 0);
    apply(starPropagator(g, c, 1e-9), v0).forEach((v) => expect(Math.abs(v - vInf)).toBeLessThan(1e-12));
  });

  it('matches an RK4 integration of the RC star within 1 uV at 5, 20 and 60 ps', () => {
    for (const tEnd of [5e-12, 20e-12, 60e-12]) {
      const v = rk4Graph(starBranches(g.length), (k, vCentre, vLeaf) => g[k] * (vCentre - vLeaf), c, v0, tEnd); // centre -> leaf k
      apply(starPropagator(g, c, tEnd), v0).forEach((x, i) => expect(Math.abs(x - v[i]), `t = ${tEnd} s, node ${i}`).toBeLessThan(1e-6));
    }
  });
});
