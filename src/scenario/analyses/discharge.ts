import { buildCircuit, type Circuit } from '../../circuit/build.js';
import { EnergyLedger } from '../../engine/ledger.js';
import { CimsimError } from '../../errors.js';
import type { Design } from '../../netlist/params.js';
import { lineFigure } from '../../report/index.js';
import { saturationCurrent } from '../../tech/transistor.js';
import { section, type Section } from '../section.js';

/**
 * Bitline voltage after one pulse against pulse width and the number of conducting cells: every
 * column of a fresh array (weights all ones) pulses its first K rows. Reports column 0, the
 * column mean, and the closed-form saturation estimate V0 - K Isat t / C for comparison.
 */
export function dischargeAnalysis(design: Design, circuit: Circuit, options: { array?: string; widths_s: number[]; activeCells: number[] }): Section {
  const name = (options.array ?? [...circuit.arrays.values()][0]?.name ?? '').toLowerCase();
  const inst = design.instances.find((i) => i.type === 'cimarray' && i.name.toLowerCase() === name);
  if (inst === undefined) throw new CimsimError(`discharge analysis: no array named ${options.array}`, undefined, `arrays: ${[...circuit.arrays.values()].map((a) => a.name).join(', ')}`);
  const onesDesign: Design = { ...design, instances: design.instances.map((i) => (i === inst ? { ...i, params: { ...i.params, weights: { ...i.params.weights, value: 'ones' } } } : i)).filter((i) => i.type === 'cimarray') };
  const s = section('discharge');
  const rows: Record<string, number>[] = [];
  const series = options.activeCells.map((k) => ({ name: `K = ${k}`, x: [] as number[], y: [] as number[] }));
  let minV = Infinity;
  for (const [ki, k] of options.activeCells.entries()) {
    for (const width of options.widths_s) {
      const fresh = buildCircuit(onesDesign, { seed: circuit.seed, nonideal: circuit.nonideal });
      const array = fresh.arrays.get(name)!;
      if (k > array.rows) throw new CimsimError(`discharge analysis: ${k} active cells exceed the ${array.rows} rows of ${array.name}`, undefined, 'lower activeCells');
      const widths = new Float64Array(array.rows);
      for (let r = 0; r < k; r++) widths[r] = width;
      array.pulse(0, widths, new EnergyLedger());
      let mean = 0;
      for (let c = 0; c < array.cols; c++) mean += array.vbl[c];
      mean /= array.cols;
      const isat = saturationCurrent(array.port, array.wordline.vwl);
      const estimate = array.vpre - (k * isat * width) / (array.cbl.reduce((a, b) => a + b, 0) / array.cols);
      rows.push({ width_s: width, activeCells: k, vblColumn0_V: array.vbl[0], vblMean_V: mean, saturationEstimate_V: estimate });
      series[ki].x.push(width * 1e12);
      series[ki].y.push(mean * 1e3);
      minV = Math.min(minV, mean);
    }
  }
  s.metrics.points_count = rows.length;
  s.metrics.minMeanBitline_V = minV;
  s.tables.push({
    name: 'bitline',
    columns: [{ key: 'width_s', header: 'pulse_width_s' }, { key: 'activeCells', header: 'active_cells' }, { key: 'vblColumn0_V', header: 'vbl_column0_V' }, { key: 'vblMean_V', header: 'vbl_mean_V' }, { key: 'saturationEstimate_V', header: 'saturation_estimate_V' }],
    rows,
  });
  s.plots.push({ name: 'bitline-vs-width', figure: lineFigure({ title: 'Bitline voltage after one pulse', x: { label: 'pulse width', unit: 'ps' }, y: { label: 'mean bitline voltage', unit: 'mV' }, markers: true, series }) });
  return s;
}
