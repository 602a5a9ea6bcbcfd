/**
 * Figure: one solve of the bundled switched-capacitor network (netlists/sharing.cir: a 1:3 pair
 * and a star of three groups onto a 5 fF node, gates ramping over 20 ps edges, 0..440 ps), at the
 * instants the `sharing` analysis asks for (each opening, the end and 201 waveform points).
 */
import { join } from 'node:path';
import { buildCircuit } from '../src/circuit/build.js';
import { switchedCapVoltages } from '../src/devices/switched-cap.js';
import { loadDesign, ROOT } from './lib/chip.js';
import { emit, figure, QUICK, seconds } from './lib/figure.js';

const RUNS = QUICK ? 2 : 7;
const circuit = buildCircuit(loadDesign(join(ROOT, 'netlists/sharing.cir')), { seed: 1 });
const { nodes, switches } = circuit.switchedCap;
const end = Math.max(...switches.map((s) => s.toff + s.tedge)) + 100e-12; // s
const times = [...new Set(switches.map((s) => s.toff)), end, ...Array.from({ length: 201 }, (_, k) => (k * end) / 200)];
const solve = (): void => void switchedCapVoltages(nodes, switches, circuit.tech.sharingSwitch, times);
solve(); // JIT warm-up
const samples = Array.from({ length: RUNS }, () => seconds(solve) * 1e3);
await emit([figure('switched-capacitor network solve (netlists/sharing.cir)', 'ms', samples, undefined, { note: `${nodes.length} nodes, ${switches.length} switches, ${times.length} instants, one core` })]);
