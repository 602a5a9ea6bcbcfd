/**
 * A general switched-capacitor network: capnodes joined by transmission gates, each on from its
 * ton to its toff. The state is each node's charge, counted with the terminal charge of the gates
 * it touches (src/tech/tgate-charge.ts): with a gate off, its terminal's overlap and junction
 * charge; on, half its channel and overlap charge. That charge is conserved across every gate
 * edge, so a gate turning on takes its channel from each terminal at that terminal's voltage, and
 * turning off returns half to each side (the injection); between edges the gates conduct by the
 * technology's conduction law (src/tech/tgate-conduction.ts) and the network is integrated with
 * the stiff ROS2 integrator. The reference-DAC lane's sharing is the same physics on a star.
 */
import { CimsimError } from '../errors.js';
import { tgateCapOff, tgateCapOn, tgateChargeOn, tgateTerminalOff, type TgateSize, type TgateTech } from '../tech/tgate-charge.js';
import { tgateCurrent, type TgateConductionTech } from '../tech/tgate-conduction.js';
import { integrateVector } from './bitline.js';
import type { CapNodeDesign } from './capnode.js';
import type { SwitchDesign } from './switch.js';

/** Node voltages of the network at each requested instant, V (rows follow `times`, columns `nodes`). */
export function switchedCapVoltages(nodes: readonly CapNodeDesign[], switches: readonly SwitchDesign[], tech: TgateTech, times: readonly number[]): Float64Array[] {
  if (tech.conduction === undefined) throw new CimsimError('the technology has no conduction law for its sharing switches', undefined, 'calibrate one with cimsim calibrate (it fits the switches too)');
  const law: TgateConductionTech = { ...tech.conduction, vdd: tech.vdd, tempC: tech.tempC };
  const index = new Map(nodes.map((n, i) => [n, i]));
  const gates = switches.map((s) => ({ a: index.get(s.a)!, b: index.get(s.b)!, size: { wn: s.wn * 1e6, wp: s.wp * 1e6 } as TgateSize, ton: s.ton, toff: s.toff, on: false }));
  const n = nodes.length;
  const c = Float64Array.from(nodes, (x) => x.c);
  const v = Float64Array.from(nodes, (x) => x.v0);
  // Node charge including the terminal charge of its gates in their present state, and its derivative.
  const charge = (i: number, vi: number): number => {
    let q = c[i] * vi;
    for (const g of gates) if (g.a === i || g.b === i) q += g.on ? 0.5 * tgateChargeOn(g.size, vi, tech) : tgateTerminalOff(g.size, vi, tech);
    return q;
  };
  const capacitance = (i: number, vi: number): number => {
    let dq = c[i];
    for (const g of gates) if (g.a === i || g.b === i) dq += g.on ? 0.5 * tgateCapOn(g.size, vi, tech) : tgateCapOff(g.size, vi, tech);
    return dq;
  };
  // Voltage of node i holding charge q (Newton from `guess`, 1 nV), V.
  const voltage = (i: number, q: number, guess: number): number => {
    let x = guess;
    for (let k = 0; k < 50; k++) {
      const step = (charge(i, x) - q) / capacitance(i, x);
      x -= step;
      if (Math.abs(step) < 1e-9) break;
    }
    return x;
  };
  // State: each node's charge over its own capacitance (V), so the integrator's tolerance is in volts.
  const y = Float64Array.from(v, (vi, i) => charge(i, vi) / c[i]);
  const slope = (_t: number, state: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) v[i] = voltage(i, state[i] * c[i], v[i]);
    out.fill(0);
    for (const g of gates) {
      if (!g.on) continue;
      const current = tgateCurrent(g.size, v[g.a], v[g.b], law); // A, from a to b
      out[g.a] -= current / c[g.a];
      out[g.b] += current / c[g.b];
    }
  };
  const edges = [...new Set(gates.flatMap((g) => [g.ton, g.toff]))].sort((x, z) => x - z);
  let t = 0;
  const advance = (to: number): void => {
    if (to > t && gates.some((g) => g.on)) integrateVector(slope, y, t, to, Math.min(to - t, 1e-13), 1e-7);
    t = Math.max(t, to);
    for (let i = 0; i < n; i++) v[i] = voltage(i, y[i] * c[i], v[i]);
  };
  const order = times.map((time, k) => ({ time, k })).sort((x, z) => x.time - z.time);
  const results = new Array<Float64Array>(times.length);
  let e = 0;
  for (const { time, k } of order) {
    // Gate edges up to and including `time` happen first (a sample at an opening sees it open).
    while (e < edges.length && edges[e] < time) {
      advance(edges[e]);
      for (const g of gates) g.on = edges[e] >= g.ton && edges[e] < g.toff;
      // each node's charge is conserved across the edge; its gates' new terminal charges set its voltage
      for (let i = 0; i < n; i++) v[i] = voltage(i, y[i] * c[i], v[i]);
      e++;
    }
    advance(time);
    results[k] = Float64Array.from(v);
  }
  return results;
}
