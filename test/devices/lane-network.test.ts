import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCircuit } from '../../src/circuit/build.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { RefDacLane } from '../../src/devices/refdac.js';
import { switchedCapVoltages } from '../../src/devices/switched-cap.js';
import { elaborateFile } from '../../src/netlist/index.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { tgateCapOff, tgatePinSkewCap } from '../../src/tech/tgate-charge.js';

// The reference lane is one use of the switched-capacitor network: its sharing phase drawn as
// capnodes and switches (RefDacLane.sharingNetwork) and solved with the gates' edges resolved
// (src/devices/switched-cap.ts, itself held to ngspice in test/spice/switched-cap.test.ts) gives
// the reference the lane computes per trial with instantaneous closing edges. Tolerance 0.5 mV, a
// fortieth of the chip's 20 mV LSB. The lane's opening takes its steps from the same network
// (tabulated once per lane, RefDacLane.openingSteps), so the state a trial leaves agrees as well:
// within 0.3 mV where the star has settled. An even split of each channel, the instantaneous
// opening, left the small dummy 4 to 18 mV high.
const REF_TOL = 0.5e-3; // V
const OPENED_TOL = 0.3e-3; // V, after the opening (the table's interpolation is within 0.2 mV)
const NETLIST = path.resolve(__dirname, '../../netlists/testchip65.cir');

function tgateLane(tshare = '100ps'): RefDacLane {
  const design = elaborateFile(NETLIST, { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides: { 'DAC0.switch': 'tgate', 'DAC0.tshare': tshare } });
  const circuit = buildCircuit(design, { seed: 3, nonideal: { ...allNonidealities(true), ktc: false } });
  return circuit.assignments[0].digitizer.lanes[0].dac;
}

/** The lane's trial T solved as a network from the lane's present state: the dummy at the sample and every node then, V. */
function networkTrial(lane: RefDacLane, t: number): Float64Array {
  const { nodes, switches, sample } = lane.sharingNetwork(t);
  return switchedCapVoltages(nodes, switches, lane.options.tgates!.tech, [sample])[0];
}

describe('a reference lane drawn as a switched-capacitor network', () => {
  // 100 ps: the chip's sharing phase, settled; 30 ps: still settling when the comparator reads, so
  // the gates' conduction law sets the level (at 15 ps the lane's fixed on-state capacitances put
  // it 1.2 mV off, at 8 ps 3.7 mV)
  it.each(['100ps', '30ps'])('reads the same reference as the lane, within 0.5 mV, at thresholds across the range (tshare %s)', (tshare) => {
    const lane = tgateLane(tshare);
    for (const t of [1, 4, 7, 11, 16, 21, 26, 31]) {
      const fresh = new RefDacLane(lane.options);
      const net = networkTrial(fresh, t);
      const ref = fresh.reference(t);
      expect(Math.abs(ref - net[net.length - 1]), `T = ${t}: lane ${ref} V, network ${net[net.length - 1]} V`).toBeLessThan(REF_TOL);
    }
  });

  it('keeps agreeing through an SA sequence, each trial from the state the last left, and leaves the same state as the gates open', () => {
    const lane = new RefDacLane(tgateLane().options);
    const drawn = new RefDacLane(lane.options); // its node state is the network's, trial after trial
    for (const t of [16, 8, 12, 14, 13, 1, 31]) {
      const { nodes, switches, sample } = drawn.sharingNetwork(t);
      const [atSample, opened] = switchedCapVoltages(nodes, switches, lane.options.tgates!.tech, [sample, sample + 2 * drawn.gateEdge]);
      drawn.nodeV.set(opened);
      const ref = lane.reference(t);
      expect(Math.abs(ref - atSample[atSample.length - 1]), `T = ${t}`).toBeLessThan(REF_TOL);
      opened.forEach((v, i) => expect(Math.abs(lane.nodeV[i] - v), `T = ${t}, node ${i} after the opening: lane ${lane.nodeV[i]} V, network ${v} V`).toBeLessThan(OPENED_TOL));
    }
  });

  it('draws the lane as the ngspice lane deck does: node capacitances, start levels, widths per group and the gate timing', () => {
    const lane = tgateLane();
    const o = lane.options;
    const { nodes, switches, sample } = lane.sharingNetwork(16);
    expect(nodes.map((n) => n.c)).toEqual([...o.groupCaps, o.dummyCap]);
    // threshold 16: the 16-bitline group at vbottom, the rest and the dummy at vtop (to within the precharge injection, 15 mV)
    nodes.forEach((n, i) => expect(Math.abs(n.v0 - (i === 0 ? o.vbottom : o.vtop))).toBeLessThan(15e-3));
    switches.forEach((s, g) => {
      expect(s.a).toBe(nodes[g]);
      expect(s.b).toBe(nodes[nodes.length - 1]);
      expect(s.wn).toBeCloseTo((o.groupUnits[g] * o.tgates!.size.wn) / 1e6, 15); // m
      expect(s.ton - s.tedge / 2).toBe(0);
      expect(s.toff - s.ton).toBeCloseTo(o.tshare, 18);
    });
    expect(sample).toBe(switches[0].toff);
  });

  it('refuses a threshold outside the code range and a lane of ideal switches, saying what to do', () => {
    const lane = tgateLane();
    expect(() => lane.sharingNetwork(32)).toThrow(/threshold 32 is outside 1\.\.31/);
    expect(() => lane.sharingNetwork(0)).toThrow(/outside/);
    const ideal = new RefDacLane({ ...lane.options, tgates: undefined });
    expect(() => ideal.sharingNetwork(16)).toThrow(/ideal/);
  });

  it('books as precharge energy the supply voltage times the charge each node takes, its switches\' off-state terminals included', () => {
    const base = tgateLane().options;
    const lane = new RefDacLane({ ...base, nonideal: { ...base.nonideal, injection: false } });
    lane.reference(16);
    lane.takeEnergy();
    const before = Float64Array.from(lane.nodeV); // V
    const after = lane.sharingNetwork(24).nodes.map((n) => n.v0); // V, where the precharge leaves each node
    const { tgates, groupCaps, dummyCap, groupUnits, vdd, vbottom } = lane.options;
    const switches = groupUnits.reduce((x, y) => x + y, 0);
    let expected = 0; // J
    after.forEach((v1, i) => {
      const v0 = before[i];
      if (!(v1 > v0)) return;
      const dummy = i === after.length - 1;
      const high = dummy || ((lane.masks[24] >> i) & 1) === 1;
      const terminals = dummy ? switches : groupUnits[i];
      const c = (v: number): number => (dummy ? dummyCap : groupCaps[i]) + terminals * (tgateCapOff(tgates!.size, v, tgates!.tech) + tgatePinSkewCap(tgates!.size, dummy ? 'b' : 'a', v, tgates!.tech)); // F
      const steps = 400; // Simpson's rule over the swing
      const h = (v1 - v0) / steps;
      let q = c(v0) + c(v1);
      for (let k = 1; k < steps; k++) q += (k % 2 === 1 ? 4 : 2) * c(v0 + k * h);
      expected += (high ? vdd : vbottom) * (q * h) / 3; // J
    });
    lane.reference(24);
    const booked = lane.takeEnergy();
    expect(expected).toBeGreaterThan(0);
    expect(Math.abs(booked - expected) / expected, `booked ${booked} J, integral of C dV ${expected} J`).toBeLessThan(1e-3);
  });
});
