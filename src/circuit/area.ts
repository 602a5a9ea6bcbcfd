import { NODES, type NodeFigures } from '../devices/baselines.js';
import type { Circuit } from './build.js';

/**
 * Area model: one parameter per component (bitcell from the technology; periphery per node from
 * NODES in src/devices/baselines.ts). Every entry is a count times a unit area, so the breakdown
 * sums to the total exactly. Memory-immersed digitization adds no capacitor area: the DAC is the
 * lender's bitlines.
 */
export interface AreaEntry {
  component: string;
  count: number;
  unitArea_m2: number;
  area_m2: number;
}

/** Area of the chip described by `circuit`, by component. */
export function chipArea(circuit: Circuit, node: '65n' | '40n' = '65n'): { entries: AreaEntry[]; total_m2: number } {
  const fig: NodeFigures = NODES[node];
  const entries: AreaEntry[] = [];
  const add = (component: string, count: number, unitArea_m2: number): void => {
    entries.push({ component, count, unitArea_m2, area_m2: count * unitArea_m2 });
  };
  let cells = 0;
  let columns = 0;
  let rows = 0;
  for (const a of circuit.arrays.values()) {
    cells += a.rows * a.cols;
    columns += a.cols;
    rows += a.rows;
  }
  add('bitcells 8T', cells, circuit.tech.cellArea8t);
  add('precharge devices (per column)', columns, fig.switchArea);
  add('wordline drivers (per row)', rows, fig.logicAreaPerBit);
  // Lanes are counted once per lending array (a lane serves every array that borrows it).
  // A lane's comparator with a foreground offset trim (trim > 0) carries a trimbits-bit trim DAC.
  const lanes = new Map<string, { units: number; bits: number; trimBits: number }>();
  for (const a of circuit.assignments) {
    const cmp = a.digitizer.recipe.comparator;
    for (const lane of a.digitizer.lanes) lanes.set(lane.dac.name, { units: 1 << a.digitizer.bits, bits: a.digitizer.bits, trimBits: cmp.trim > 0 ? cmp.trimBits : 0 });
  }
  let switches = 0;
  let logicBits = 0;
  let trimBits = 0;
  for (const l of lanes.values()) {
    switches += l.units;
    logicBits += l.bits;
    trimBits += l.trimBits;
  }
  add('sharing switches (per lent bitline)', switches, fig.switchArea);
  add('comparators (per lane)', lanes.size, fig.comparatorArea);
  add('comparator offset-trim DACs (per trim bit)', trimBits, fig.trimAreaPerBit);
  add('SA / Flash logic (per lane bit)', logicBits, fig.logicAreaPerBit);
  const kept = entries.filter((e) => e.count > 0);
  return { entries: kept, total_m2: kept.reduce((s, e) => s + e.area_m2, 0) };
}
