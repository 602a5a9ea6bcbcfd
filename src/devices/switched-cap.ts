/**
 * A general switched-capacitor network: capnodes joined by transmission gates whose gates ramp
 * linearly over their edges (rising edge centred on ton, falling edge from toff to toff + tedge).
 * The state is each node's charge, counted with the terminal charge of the gates it touches at
 * their present drive (src/tech/tgate-charge.ts): the overlap and junction charge, the channel
 * charge that the gate drive forms (half on each terminal), and the pin's junction skew (a
 * switch's `a` pin is drawn as the drain, `b` as the source, whose diffusions a card can make
 * differ). Charge moves between nodes only through the channels, by the technology's conduction
 * law at the present gate drive (src/tech/tgate-conduction.ts), so a closing gate takes its
 * channel from each side as it forms, and an opening one returns it while it still conducts: on a
 * slow edge more flows to the larger side, on a fast one it splits evenly. The network is
 * integrated with the stiff Rosenbrock integrator (integrateVector) between the gates' edge corners.
 */
import { CimsimError } from '../errors.js';
import { tgateCapAt, tgatePinSkew, tgatePinSkewCap, tgateTerminalAt, type TgatePin, type TgateSize, type TgateTech } from '../tech/tgate-charge.js';
import { tgateCurrent, type TgateConductionTech } from '../tech/tgate-conduction.js';
import { integrateVector } from './bitline.js';
import type { CapNodeDesign } from './capnode.js';
import type { SwitchDesign } from './switch.js';

const PS = 1e-12; // s, the time unit of the integrator's time state
// V, local error per integrator step: node voltages come out the same to 10 uV as with 1e-7 V, where
// the sub-femtosecond steps a 0.3 ps mode needs under 1e-7 V made a lane-sized network 10x slower
const STEP_TOL = 1e-5;

/** A switch's gate drive at time t: 0 off, 1 on, linear over its edges. */
export function gateDrive(s: Pick<SwitchDesign, 'ton' | 'toff' | 'tedge'>, t: number): number {
  const rise = (t - (s.ton - s.tedge / 2)) / s.tedge;
  const fall = 1 - (t - s.toff) / s.tedge;
  return Math.max(0, Math.min(1, rise, fall));
}

/** Node voltages of the network at each requested instant, V (rows follow `times`, columns `nodes`). */
export function switchedCapVoltages(nodes: readonly CapNodeDesign[], switches: readonly SwitchDesign[], tech: TgateTech, times: readonly number[]): Float64Array[] {
  if (tech.conduction === undefined) throw new CimsimError('the technology has no conduction law for its sharing switches', undefined, 'calibrate one with cimsim calibrate (it fits the switches too)');
  const law: TgateConductionTech = { ...tech.conduction, vdd: tech.vdd, tempC: tech.tempC };
  const index = new Map(nodes.map((n, i) => [n, i]));
  const gates = switches.map((s) => ({ a: index.get(s.a)!, b: index.get(s.b)!, size: { wn: s.wn * 1e6, wp: s.wp * 1e6 } as TgateSize, edge: s, on: 0 }));
  const n = nodes.length;
  const c = Float64Array.from(nodes, (x) => x.c);
  const v = Float64Array.from(nodes, (x) => x.v0);
  // Each node's switch pins, so a node's charge visits only its own gates.
  const pins = nodes.map(() => [] as { gate: (typeof gates)[number]; pin: TgatePin }[]);
  for (const g of gates) {
    pins[g.a].push({ gate: g, pin: 'a' });
    pins[g.b].push({ gate: g, pin: 'b' });
  }
  // Node charge including its gates' terminal charge at their present drive, and its derivative.
  const charge = (i: number, vi: number): number => {
    let q = c[i] * vi;
    for (const { gate, pin } of pins[i]) q += tgateTerminalAt(gate.size, gate.on, vi, tech) + tgatePinSkew(gate.size, pin, vi, tech);
    return q;
  };
  const capacitance = (i: number, vi: number): number => {
    let dq = c[i];
    for (const { gate, pin } of pins[i]) dq += tgateCapAt(gate.size, gate.on, vi, tech) + tgatePinSkewCap(gate.size, pin, vi, tech);
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
  const setTime = (t: number): void => {
    for (const g of gates) g.on = gateDrive(g.edge, t);
  };
  const voltages = (state: Float64Array): void => {
    for (let i = 0; i < n; i++) v[i] = voltage(i, state[i] * c[i], v[i]);
  };
  // State: each node's charge over its own capacitance (V), so the integrator's tolerance is in
  // volts, then the time in ps. Time as a state makes the system autonomous: the gate ramps enter
  // the Rosenbrock integrator's Jacobian (a column d/dt) instead of its error, which would otherwise
  // force femtosecond steps all along an edge.
  setTime(0);
  const y = Float64Array.from([...Array.from(v, (vi, i) => charge(i, vi) / c[i]), 0]);
  const slope = (_t: number, state: Float64Array, out: Float64Array): void => {
    setTime(state[n] * PS);
    voltages(state);
    out.fill(0);
    for (const g of gates) {
      if (g.on === 0) continue;
      const current = tgateCurrent(g.size, v[g.a], v[g.b], law, g.on); // A, from a to b
      out[g.a] -= current / c[g.a];
      out[g.b] += current / c[g.b];
    }
    out[n] = 1 / PS;
  };
  // Corners of the gate waveforms: between them every drive is linear (or constant).
  const corners = [...new Set(switches.flatMap((s) => [s.ton - s.tedge / 2, s.ton + s.tedge / 2, s.toff, s.toff + s.tedge]))].sort((x, z) => x - z);
  let t = 0;
  const advance = (to: number): void => {
    const conducting = switches.some((s) => s.ton - s.tedge / 2 < to && s.toff + s.tedge > t);
    y[n] = t / PS;
    if (to > t && conducting) integrateVector(slope, y, t, to, Math.min(to - t, 1e-13), STEP_TOL);
    t = Math.max(t, to);
    y[n] = t / PS;
    setTime(t);
    voltages(y);
  };
  const order = times.map((time, k) => ({ time, k })).sort((x, z) => x.time - z.time);
  const results = new Array<Float64Array>(times.length);
  let e = 0;
  for (const { time, k } of order) {
    while (e < corners.length && corners[e] < time) advance(corners[e++]);
    advance(time);
    results[k] = Float64Array.from(v);
  }
  return results;
}
