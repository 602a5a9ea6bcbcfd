import type { Circuit } from '../../circuit/build.js';
import { switchedCapVoltages } from '../../devices/switched-cap.js';
import { CimsimError } from '../../errors.js';
import { lineFigure } from '../../report/index.js';
import { section, type Section } from '../section.js';

/** Samples of the waveform figure over the run, count. */
const WAVEFORM_POINTS = 200;

/**
 * The 'sharing' analysis: the netlist's switched-capacitor network (capnodes joined by switches,
 * src/devices/switched-cap.ts) from t = 0 until every switch has opened and its edge has passed:
 * each node's voltage just before each switch opens and at the end, the charge each node ends
 * with, and the waveforms.
 */
export function sharingAnalysis(circuit: Circuit): Section {
  const { nodes, switches } = circuit.switchedCap;
  if (switches.length === 0) throw new CimsimError('the netlist declares no switch', undefined, 'declare capnode instances and switch instances between them (docs/netlist.md)');
  const end = Math.max(...switches.map((s) => s.toff + s.tedge)) + 100e-12; // s
  const opens = [...new Set(switches.map((s) => s.toff))].sort((a, b) => a - b);
  const grid = Array.from({ length: WAVEFORM_POINTS + 1 }, (_, k) => (k * end) / WAVEFORM_POINTS);
  const v = switchedCapVoltages(nodes, switches, circuit.tech.sharingSwitch, [...opens, end, ...grid]);
  const final = v[opens.length];
  const s = section('sharing');
  nodes.forEach((n, i) => Object.assign(s.metrics, { [`${n.name}_final_V`]: final[i], [`${n.name}_step_V`]: final[i] - n.v0 }));
  s.metrics.nodes_count = nodes.length;
  s.metrics.switches_count = switches.length;
  s.tables.push({
    name: 'nodes',
    columns: [
      { key: 'node', header: 'node' }, { key: 'c', header: 'capacitance_F' }, { key: 'v0', header: 'initial_V' },
      ...opens.map((t, k) => ({ key: `open${k}`, header: `before_opening_at_${Math.round(t * 1e12)}ps_V` })),
      { key: 'final', header: 'final_V' }, { key: 'charge', header: 'final_charge_C' },
    ],
    rows: nodes.map((n, i) => ({ node: n.name, c: n.c, v0: n.v0, ...Object.fromEntries(opens.map((_, k) => [`open${k}`, v[k][i]])), final: final[i], charge: n.c * final[i] })),
  });
  const wave = v.slice(opens.length + 1);
  s.plots.push({
    name: 'waveforms',
    figure: lineFigure({ title: 'Switched-capacitor network', x: { label: 'time', unit: 'ps' }, y: { label: 'node voltage', unit: 'V' }, series: nodes.map((n, i) => ({ name: n.name, x: grid.map((t) => t * 1e12), y: wave.map((row) => row[i]) })) }),
  });
  s.notes.push(
    'charge of each node counted with its switches\' terminal charge at their present gate drive (overlap, junction with the pin\'s skew, and the channel the drive forms, half on each side); it moves between nodes only through the channels, so a closing switch takes its channel from each side and an opening one returns it while it still conducts',
    'each gate ramps linearly over its edge (rising edge centred on ton, falling edge from toff to toff + tedge), as in the ngspice deck (docs/validation.md gives the agreement)',
  );
  return s;
}
