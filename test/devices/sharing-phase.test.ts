import { describe, expect, it } from 'vitest';
import { ClosedPhase, components, graphPropagator, settleGraph, type Branch } from '../../src/devices/sharing-phase.js';
import { tgateCurrent } from '../../src/tech/tgate-conduction.js';
import { technologyFrom } from '../../src/tech/technology.js';
import { design, rk4Graph as rk4 } from './circuit.js';

// The closed phase of any switched-capacitor graph (the reference lane's star is one), against a
// fixed-step RK4 of the same equations written here from the branch list.
const TECH = technologyFrom(design('A0 cimarray rows=1 cols=1').tech).sharingSwitch;
const LAW = { ...TECH.conduction!, vdd: TECH.vdd, tempC: TECH.tempC };
const SIZE = { wn: 2, wp: 2 }; // um

// a chain 0-1-2 with a loop back 2-0 and a tail 2-3: neither a star nor a tree
const BRANCHES: Branch[] = [{ a: 0, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 0 }, { a: 2, b: 3 }];
const C = [30e-15, 10e-15, 20e-15, 5e-15]; // F
const V0 = [1.1, 0.2, 0.6, 0]; // V

describe('closed phase of a switched-capacitor graph', () => {
  it('propagates a linear graph exactly: RK4 within 1 uV at 2, 10 and 50 ps, and the charge-weighted mean at the end', () => {
    const g = [1 / 2000, 1 / 500, 1 / 1000, 1 / 300]; // S
    for (const t of [2e-12, 10e-12, 50e-12]) {
      const out = new Float64Array(4);
      new ClosedPhase(Float64Array.from(C), BRANCHES, { conductance: g }, t).settle(Float64Array.from(V0), out);
      const ref = rk4(BRANCHES, (k, va, vb) => g[k] * (va - vb), C, V0, t);
      ref.forEach((x, i) => expect(Math.abs(out[i] - x), `t = ${t} s, node ${i}`).toBeLessThan(1e-6));
    }
    const mean = V0.reduce((s, v, i) => s + C[i] * v, 0) / C.reduce((s, x) => s + x, 0);
    const p = graphPropagator(BRANCHES, g, C, 10e-9);
    for (let i = 0; i < 4; i++) expect(Math.abs(V0.reduce((s, v, j) => s + p[i * 4 + j] * v, 0) - mean)).toBeLessThan(1e-12);
  });

  it('integrates transmission gates on the graph within 0.2 mV of RK4 at 3, 20 and 80 ps', () => {
    const current = (_k: number, va: number, vb: number) => tgateCurrent(SIZE, va, vb, LAW);
    for (const t of [3e-12, 20e-12, 80e-12]) {
      const out = new Float64Array(4);
      new ClosedPhase(Float64Array.from(C), BRANCHES, { current }, t).settle(Float64Array.from(V0), out);
      const ref = rk4(BRANCHES, current, C, V0, t);
      ref.forEach((x, i) => expect(Math.abs(out[i] - x), `t = ${t} s, node ${i}: ${out[i]} vs RK4 ${x} V`).toBeLessThan(2e-4));
    }
  });

  it('settles separate parts of a graph to their own charge-weighted means and conserves each part\'s charge', () => {
    const parts: Branch[] = [{ a: 0, b: 2 }, { a: 1, b: 3 }];
    expect(Array.from(components(parts, 5))).toEqual([0, 1, 0, 1, 4]);
    const c = [10e-15, 20e-15, 30e-15, 40e-15, 7e-15]; // F
    const v = Float64Array.from([1.1, 0.9, 0.1, 0.3, 0.5]); // V; node 4 joins nothing
    settleGraph((_k, va, vb) => tgateCurrent(SIZE, va, vb, LAW), parts, c, v, 5e-9);
    expect(v[0]).toBeCloseTo((10 * 1.1 + 30 * 0.1) / 40, 8);
    expect(v[2]).toBeCloseTo(v[0], 8);
    expect(v[1]).toBeCloseTo((20 * 0.9 + 40 * 0.3) / 60, 8);
    expect(v[3]).toBeCloseTo(v[1], 8);
    expect(v[4]).toBeCloseTo(0.5, 14);
  });

  it('refuses a branch that joins a node to itself or leaves the graph', () => {
    expect(() => new ClosedPhase(Float64Array.from(C), [{ a: 1, b: 1 }], { conductance: [1e-3] }, 1e-12)).toThrow(/branch 1-1 must join two different nodes/);
    expect(() => new ClosedPhase(Float64Array.from(C), [{ a: 0, b: 4 }], { conductance: [1e-3] }, 1e-12)).toThrow(/branch 0-4 must join two different nodes of the 4/);
  });
});
