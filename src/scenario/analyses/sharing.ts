import type { Circuit } from '../../circuit/build.js';
import type { CapNodeDesign } from '../../devices/capnode.js';
import { RefDacLane } from '../../devices/refdac.js';
import type { SwitchDesign } from '../../devices/switch.js';
import { switchedCapVoltages } from '../../devices/switched-cap.js';
import { CimsimError } from '../../errors.js';
import { lineFigure } from '../../report/index.js';
import { section, type Section } from '../section.js';
import { pickAssignment } from './ramp.js';

/** Samples of the waveform figure over the run, count. */
const WAVEFORM_POINTS = 200;

/** Options of the sharing analysis: without `lane`, the netlist's own capnodes and switches. */
export interface SharingOptions {
  /** Draw a reference lane's sharing phase for this threshold instead (the first lane of `network`, or of the first network). */
  lane?: { network?: string; threshold: number };
}

/**
 * The 'sharing' analysis: a switched-capacitor network (capnodes joined by switches,
 * src/devices/switched-cap.ts) from t = 0 until every switch has opened and its edge has passed:
 * each node's voltage just before each switch opens and at the end, the charge each node ends
 * with, and the waveforms. The network is the netlist's, or a reference lane's sharing phase for
 * one threshold drawn as a network (RefDacLane.sharingNetwork); then the lane's own solution (an
 * instantaneous closing edge, its opening from a table of this network's steps) is reported beside
 * the edge-resolved one.
 */
export function sharingAnalysis(circuit: Circuit, options: SharingOptions = {}): Section {
  if (options.lane !== undefined) return laneSharing(circuit, options.lane);
  const { nodes, switches } = circuit.switchedCap;
  if (switches.length === 0) throw new CimsimError('the netlist declares no switch', undefined, 'declare capnode instances and switch instances between them (docs/netlist.md), or give the analysis a "lane" to draw a reference lane');
  return networkSection(nodes, switches, circuit.tech.sharingSwitch);
}

function laneSharing(circuit: Circuit, o: NonNullable<SharingOptions['lane']>): Section {
  const a = pickAssignment(circuit, o.network);
  const lane = a.digitizer.lanes[0].dac;
  const { nodes, switches, sample } = lane.sharingNetwork(o.threshold);
  const s = networkSection(nodes, switches, lane.options.tgates!.tech, [sample]);
  // The lane's own solution of the same trial, kT/C noise left out so the two are like for like.
  const model = new RefDacLane({ ...lane.options, nonideal: { ...lane.options.nonideal, ktc: false } });
  const modelRef = model.reference(o.threshold);
  const networkRef = s.metrics[`${nodes[nodes.length - 1].name}_sample_V`] as number;
  Object.assign(s.metrics, { threshold_LSB: o.threshold, reference_V: networkRef, lane_model_reference_V: modelRef, lane_model_error_V: modelRef - networkRef, ideal_reference_V: lane.idealReference(o.threshold) });
  nodes.forEach((n, i) => (s.metrics[`${n.name}_lane_model_final_V`] = model.nodeV[i]));
  s.metrics.lane_model_opened_error_V = Math.max(...nodes.map((n, i) => Math.abs(model.nodeV[i] - (s.metrics[`${n.name}_final_V`] as number))));
  s.notes.push(`reference lane ${lane.name}, threshold ${o.threshold}, drawn as a network: a capnode per group and the dummy at the levels the precharge leaves them, one switch per group (its bitlines' gates in parallel) to the dummy, gates edged over ${(lane.gateEdge * 1e12).toFixed(1)} ps as in the ngspice lane deck; the comparator reads the dummy at ${(sample * 1e12).toFixed(1)} ps (reference_V). lane_model_* is the lane's own per-trial solution of the same circuit (an instantaneous closing edge, the sharing phase as a closed star, the opening from its table of this network's steps); lane_model_opened_error_V is its largest node difference once the gates have opened`);
  return s;
}

/** Solve a network and report it; `samples` are extra instants (s) reported as <node>_sample_V (the first). */
function networkSection(nodes: readonly CapNodeDesign[], switches: readonly SwitchDesign[], tech: Circuit['tech']['sharingSwitch'], samples: number[] = []): Section {
  const end = Math.max(...switches.map((sw) => sw.toff + sw.tedge)) + 100e-12; // s
  const opens = [...new Set(switches.map((sw) => sw.toff))].sort((x, y) => x - y);
  const grid = Array.from({ length: WAVEFORM_POINTS + 1 }, (_, k) => (k * end) / WAVEFORM_POINTS);
  const v = switchedCapVoltages(nodes, switches, tech, [...opens, end, ...samples, ...grid]);
  const final = v[opens.length];
  const s = section('sharing');
  nodes.forEach((n, i) => Object.assign(s.metrics, { [`${n.name}_final_V`]: final[i], [`${n.name}_step_V`]: final[i] - n.v0 }));
  if (samples.length > 0) nodes.forEach((n, i) => (s.metrics[`${n.name}_sample_V`] = v[opens.length + 1][i]));
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
  const wave = v.slice(opens.length + 1 + samples.length);
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
