import { describe, expect, it } from 'vitest';
import { buildCircuit } from '../../src/circuit/build.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { gateDrive, switchedCapVoltages } from '../../src/devices/switched-cap.js';
import { tgateCapAt, tgateChargeOn, tgatePinSkew, tgatePinSkewCap, tgateTerminalAt, tgateTerminalOff } from '../../src/tech/tgate-charge.js';
import { tgateCurrent } from '../../src/tech/tgate-conduction.js';
import { design } from './circuit.js';
import { errorOf } from '../netlist/helpers.js';

const NET = `
GA capnode c=10fF v0=1.1
GB capnode c=30fF v0=0.55
GC capnode c=5fF v0=0
SAB switch a=GA b=GB wn=1u wp=2u ton=20ps toff=520ps
SBC switch a=GB b=GC wn=0.5u wp=0 ton=100ps toff=300ps
`;

describe('switched-capacitor network', () => {
  const circuit = buildCircuit(design(NET), { seed: 1, nonideal: allNonidealities(true) });
  const { nodes, switches } = circuit.switchedCap;
  const tech = circuit.tech.sharingSwitch;

  it('conserves charge: with every switch open again, the nodes hold what they started with (terminal charges counted)', () => {
    const [end] = switchedCapVoltages(nodes, switches, tech, [700e-12]);
    const held = (v: ArrayLike<number>) => nodes.reduce((q, n, i) => {
      let terminal = 0;
      for (const s of switches) {
        const size = { wn: s.wn * 1e6, wp: s.wp * 1e6 }; // um
        if (s.a === n) terminal += tgateTerminalOff(size, v[i], tech) + tgatePinSkew(size, 'a', v[i], tech);
        if (s.b === n) terminal += tgateTerminalOff(size, v[i], tech) + tgatePinSkew(size, 'b', v[i], tech);
      }
      return q + n.c * v[i] + terminal;
    }, 0);
    expect(held(end)).toBeCloseTo(held(nodes.map((n) => n.v0)), 22); // C, to 1e-22
  });

  it('settles the joined nodes to one level while the switches conduct, and leaves an unjoined node alone', () => {
    const [whileOn, beforeFirst] = switchedCapVoltages(nodes, switches, tech, [290e-12, 10e-12]);
    expect(Math.abs(whileOn[0] - whileOn[1])).toBeLessThan(1e-4);
    expect(Math.abs(whileOn[1] - whileOn[2])).toBeLessThan(5e-3); // an NMOS-only gate near 0.6 V conducts weakly: still settling
    [1.1, 0.55, 0].forEach((v0, i) => expect(beforeFirst[i]).toBeCloseTo(v0, 12));
  });

  it('ramps each gate linearly over its edges: the rise centred on ton, the fall from toff', () => {
    const edge = { ton: 40e-12, toff: 300e-12, tedge: 20e-12 };
    const expected = [0, 0, 0.25, 0.5, 1, 1, 1, 0.75, 0, 0];
    [0, 30e-12, 35e-12, 40e-12, 50e-12, 200e-12, 300e-12, 305e-12, 320e-12, 400e-12].forEach((t, k) => expect(gateDrive(edge, t)).toBeCloseTo(expected[k], 12));
  });

  it('passes the terminal charge and the conduction continuously from off to on over an edge', () => {
    const size = { wn: 1, wp: 2 }; // um
    for (const v of [0, 0.3, 0.8, 1.1]) {
      expect(tgateTerminalAt(size, 0, v, tech)).toBe(tgateTerminalOff(size, v, tech));
      expect(tgateTerminalAt(size, 1, v, tech)).toBe(0.5 * tgateChargeOn(size, v, tech));
      // just inside the edge: the subthreshold channel only, under 1e-20 C per um
      expect(Math.abs(tgateTerminalAt(size, 1e-9, v, tech) - tgateTerminalOff(size, v, tech))).toBeLessThan(3e-20);
      expect(Math.abs(tgateTerminalAt(size, 1 - 1e-9, v, tech) - 0.5 * tgateChargeOn(size, v, tech))).toBeLessThan(1e-23);
    }
    // the analytic capacitances are the slopes of the charges (central differences of 10 uV)
    const h = 1e-5; // V
    for (const on of [0, 0.3, 0.7, 1]) {
      for (const v of [-0.2, 0.1, 0.5, 0.9, 1.2]) {
        const slope = (tgateTerminalAt(size, on, v + h, tech) - tgateTerminalAt(size, on, v - h, tech)) / (2 * h);
        expect(Math.abs(tgateCapAt(size, on, v, tech) - slope), `on ${on}, ${v} V`).toBeLessThan(1e-6 * Math.abs(slope) + 1e-21);
        for (const pin of ['a', 'b'] as const) {
          const skew = (tgatePinSkew(size, pin, v + h, tech) - tgatePinSkew(size, pin, v - h, tech)) / (2 * h);
          expect(Math.abs(tgatePinSkewCap(size, pin, v, tech) - skew)).toBeLessThan(1e-6 * Math.abs(skew) + 1e-21);
        }
      }
    }
    const law = { ...tech.conduction!, vdd: tech.vdd, tempC: tech.tempC };
    expect(tgateCurrent(size, 0.6, 0.5, law, 1)).toBe(tgateCurrent(size, 0.6, 0.5, law));
    expect(Math.abs(tgateCurrent(size, 0.6, 0.5, law, 0))).toBeLessThan(1e-9 * tgateCurrent(size, 0.6, 0.5, law)); // off: subthreshold only
    const halfway = tgateCurrent(size, 0.6, 0.5, law, 0.75);
    expect(halfway).toBeGreaterThan(0);
    expect(halfway).toBeLessThan(tgateCurrent(size, 0.6, 0.5, law));
  });

  it('refuses a switch from a node to itself and one that opens before it has closed, at the instance', () => {
    const self = errorOf(() => buildCircuit(design('A capnode\nS switch a=A b=A'), { seed: 1 }));
    expect(self.message).toBe('switch S joins A to itself');
    expect(self.loc?.line).toBe(2);
    expect(errorOf(() => buildCircuit(design('A capnode\nB capnode\nS switch a=A b=B ton=100ps toff=50ps'), { seed: 1 })).message).toContain('opens at 5e-11 s, before it has closed');
    expect(errorOf(() => buildCircuit(design('A capnode\nB capnode\nS switch a=A b=B ton=5ps tedge=20ps'), { seed: 1 })).message).toContain('closes at 5e-12 s, before half its edge');
  });
});
