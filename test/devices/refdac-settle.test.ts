import { describe, expect, it } from 'vitest';
import { RefDacLane, type RefDacLaneOptions } from '../../src/devices/refdac.js';
import { graphPropagator, settleGraph, starBranches } from '../../src/devices/sharing-phase.js';
import type { TgateTech } from '../../src/tech/tgate-charge.js';
import { deviceCurrent, tgateCurrent, type MosConduction, type TgateConductionTech } from '../../src/tech/tgate-conduction.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { RandomStream } from '../../src/tech/random.js';
import { rk4Graph } from './circuit.js';

/** The bundled technology's switch laws, from the parameter table defaults. */
const techValue = (name: string): number => TECH_PARAMS.find((p) => p.name === name)!.default as number;
const charge = (k: 'n' | 'p') => ({
  cch: techValue(`sw_${k}_cch`), vt0: techValue(`sw_${k}_vt0`), gamma: techValue(`sw_${k}_gamma`), phi: techValue(`sw_${k}_phi`), knee: techValue(`sw_${k}_knee`),
  covOn: techValue(`sw_${k}_cov_on`), covOff: techValue(`sw_${k}_cov_off`), cft: techValue(`sw_${k}_cft`), cj: techValue(`sw_${k}_cj`), cjSkew: techValue(`sw_${k}_cj_skew`), pb: techValue(`sw_${k}_pb`), mj: techValue(`sw_${k}_mj`),
});
const conduction = (k: 'n' | 'p'): MosConduction => ({
  k: techValue(`sw_${k}_gk`), vt0: techValue(`sw_${k}_gvt0`), gamma: techValue(`sw_${k}_gamma`), phi: techValue(`sw_${k}_phi`), theta: techValue(`sw_${k}_gtheta`),
  knee: techValue(`sw_${k}_gknee`), eta: techValue(`sw_${k}_geta`), vsat: techValue(`sw_${k}_gvsat`),
});
const LAW: TgateConductionTech = { n: conduction('n'), p: conduction('p'), vdd: 1.1, tempC: 27 };
const SIZE = { wn: 3.5, wp: 3.5 }; // um, the bundled chip's gates (500 Ohm)

/** Fixed-step RK4 of the nonlinear star (leaves then centre), independent of settleGraph. */
function rk4Star(current: (i: number, vLeaf: number, vCentre: number) => number, c: number[], v0: number[], tEnd: number, steps: number): number[] {
  return rk4Graph(starBranches(c.length - 1), (k, vCentre, vLeaf) => current(k, vLeaf, vCentre), c, v0, tEnd, steps);
}

describe('transmission-gate conduction law', () => {
  it('reduces to the closed-form gradual-channel current k [(vdd - vt0)(ua - ub) - (ua^2 - ub^2)/2] in strong inversion without body effect, DIBL or saturation', () => {
    const m: MosConduction = { k: 5e-3, vt0: 0.4, gamma: 0, phi: 0.9, theta: 0, knee: 0.3, eta: 0, vsat: 1e12 }; // knee 0.3 kT/q: the soft-plus adds < 1e-12 V at 0.2 V overdrive
    for (const [va, vb] of [[0.3, 0.0], [0.0, 0.3], [0.5, 0.1], [0.2, 0.19]]) {
      const exact = m.k * ((1.1 - 0.4) * (va - vb) - (va * va - vb * vb) / 2); // A per um
      expect(Math.abs(deviceCurrent(m, 'n', va, vb, 1.1, 27) / exact - 1), `${va} -> ${vb} V`).toBeLessThan(1e-6);
    }
  });

  it('conducts from the higher to the lower terminal, antisymmetrically, and not at all between equal terminals', () => {
    for (const [a, b] of [[1.1, 0.46], [0.8, 0.7], [0.5, 0.46]]) {
      const i = tgateCurrent(SIZE, a, b, LAW);
      expect(i).toBeGreaterThan(0);
      expect(tgateCurrent(SIZE, b, a, LAW)).toBeCloseTo(-i, 15);
    }
    expect(tgateCurrent(SIZE, 0.7, 0.7, LAW)).toBe(0);
  });
});

describe('nonlinear star settling (transmission-gate sharing)', () => {
  // the lane's star: branch k from the dummy (centre, node 5) to group k
  const settleStar = (leafCurrent: (i: number, vLeaf: number, vCentre: number) => number, c: number[], v: Float64Array, t: number) =>
    settleGraph((k, vCentre, vLeaf) => leafCurrent(k, vLeaf, vCentre), starBranches(c.length - 1), c, v, t);
  const starPropagator = (g: number[], c: number[], t: number) => graphPropagator(starBranches(g.length), g, c, t);
  const units = [16, 8, 4, 2, 1];
  const c = [490e-15, 245e-15, 122e-15, 61e-15, 30e-15, 330e-15]; // F, groups with their switch terminals, then the dummy
  const v0 = [0.66, 1.1, 0.46, 1.1, 0.46, 1.1]; // V
  const current = (i: number, vLeaf: number, vCentre: number): number => units[i] * tgateCurrent(SIZE, vCentre, vLeaf, LAW);

  it('matches a fixed-step RK4 of the same nonlinear star within 0.2 mV at 2, 5, 20 and 60 ps', () => {
    for (const tEnd of [2e-12, 5e-12, 20e-12, 60e-12]) {
      const v = Float64Array.from(v0);
      settleStar(current, c, v, tEnd);
      const ref = rk4Star(current, c, v0, tEnd, 20000);
      ref.forEach((x, i) => expect(Math.abs(v[i] - x), `t = ${tEnd} s, node ${i}: ${v[i]} vs RK4 ${x} V`).toBeLessThan(2e-4));
    }
  });

  it('conserves the charge sum c_i V_i and ends where all nodes share it', () => {
    const q0 = v0.reduce((s, x, i) => s + c[i] * x, 0); // C
    const cSum = c.reduce((s, x) => s + x, 0); // F
    for (const tEnd of [20e-12, 1e-9]) {
      const v = Float64Array.from(v0);
      settleStar(current, c, v, tEnd);
      expect(Math.abs(v.reduce((s, x, i) => s + c[i] * x, 0) - q0) / cSum).toBeLessThan(1e-9);
      if (tEnd === 1e-9) v.forEach((x) => expect(Math.abs(x - q0 / cSum)).toBeLessThan(1e-8));
    }
  });

  it('reproduces the exact linear propagator within 1 uV when every branch is a fixed conductance', () => {
    const g = units.map((u) => u / 500); // S
    for (const tEnd of [3e-12, 20e-12]) {
      const v = Float64Array.from(v0);
      settleStar((i, vLeaf, vCentre) => g[i] * (vCentre - vLeaf), c, v, tEnd);
      const p = starPropagator(g, c, tEnd);
      v0.forEach((_, i) => expect(Math.abs(v[i] - v0.reduce((s, x, j) => s + p[i * v0.length + j] * x, 0))).toBeLessThan(1e-6));
    }
  });
});

describe('reference lane with transmission gates and finite sharing time', () => {
  const tech: TgateTech = { n: charge('n'), p: charge('p'), conduction: { n: conduction('n'), p: conduction('p') }, vdd: 1.1, tempC: 27 };
  function options(o: Partial<RefDacLaneOptions>): RefDacLaneOptions {
    const rng = new RandomStream(5, 'caps');
    const groupUnits = [16, 8, 4, 2, 1];
    return {
      name: 'L', groupCaps: Float64Array.from(groupUnits, (u) => u * 20e-15 * (1 + 0.03 * rng.normal())), groupUnits, dummyCap: 20.4e-15, dummyUnits: 1,
      tauPrecharge: 20e-12, ron: 500, tdacpre: 30e-12, tshare: 20e-12, swCgate: 0, swCov: 0, swVt: 0.35, vdd: 1.1, tempC: 27, vtop: 1.1, vbottom: 0.46, bits: 5,
      nonideal: { settling: true, injection: false, ktc: false }, noise: new RandomStream(5, 'noise'), tgates: { size: SIZE, tech }, ...o,
    };
  }
  const TRIALS = [16, 24, 28, 26, 27, 1, 31, 8, 12, 2];

  it('settles, given a long sharing phase, to the charge-conserving references of complete settling within 0.1 mV', () => {
    // complete precharge and sharing (settling off) vs a 5 ns sharing phase after a 2 ns precharge
    const complete = new RefDacLane(options({ nonideal: { settling: false, injection: false, ktc: false } }));
    const slow = new RefDacLane(options({ tdacpre: 2e-9, tshare: 5e-9 }));
    for (const t of TRIALS) expect(Math.abs(slow.reference(t) - complete.reference(t)), `T = ${t}`).toBeLessThan(1e-4);
  });

  it("differs from fixed-ron settling at 20 ps by more than it does at 200 ps (the gates' conduction sets the progress)", () => {
    // both lanes start each trial from the state a sequence leaves, so only the sharing phase
    // differs (with the law the lane also takes its opening from the resolved network, which would
    // otherwise change the state later trials start from)
    const gap = (tshare: number): number => {
      const withLaw = new RefDacLane(options({ tshare }));
      const fixed = new RefDacLane(options({ tshare, tgates: { size: SIZE, tech: { ...tech, conduction: undefined } } }));
      const sequence = new RefDacLane(options({ tshare, tgates: { size: SIZE, tech: { ...tech, conduction: undefined } } }));
      return Math.max(...TRIALS.map((t) => {
        withLaw.nodeV.set(sequence.nodeV);
        fixed.nodeV.set(sequence.nodeV);
        sequence.reference(t);
        return Math.abs(withLaw.reference(t) - fixed.reference(t));
      }));
    };
    const short = gap(20e-12);
    expect(short).toBeGreaterThan(1e-3);
    expect(gap(200e-12)).toBeLessThan(0.1 * short);
  });
});
