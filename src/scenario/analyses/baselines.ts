import { summarizeErrors } from '../../analysis/index.js';
import type { Circuit } from '../../circuit/build.js';
import { bestInClass, NODES, runFlashBaseline, runSarBaseline, SURVEY_REGRESSION, surveyRegression } from '../../devices/baselines.js';
import { idealCode } from '../../devices/digitizer.js';
import { FLASH_BASELINE_SPEC, SAR_BASELINE_SPEC } from '../../devices/specs.js';
import { num, str, type InstanceDecl } from '../../netlist/params.js';
import { EnergyLedger } from '../../engine/ledger.js';
import { RandomStream } from '../../tech/random.js';
import { barChart, formatEngineering } from '../../report/index.js';
import { section, type Section } from '../section.js';
import { convertVoltages, pickAssignment } from './ramp.js';

/** Ratios the chip's abstract reports (arXiv 2307.03863): baseline / memory-immersed. */
export const PUBLISHED = { sarArea: 25, sarEnergy: 1.4, flashArea: 51, flashEnergy: 13 };

/**
 * Memory-immersed converter vs conventional SAR and Flash ADCs of the same resolution on the
 * same inputs (uniform over full scale, seeded): code accuracy, energy and area per converter.
 * The memory-immersed converter's DAC capacitors are borrowed bitlines, so its area is the
 * comparator, the sharing switches and the SA logic.
 */
export function baselinesAnalysis(circuit: Circuit, options: { node?: '65n' | '40n'; points?: number }): Section {
  const a = pickAssignment(circuit, undefined);
  const d = a.digitizer;
  // Baseline converters declared in the netlist (sarbaseline / flashbaseline), else the table defaults.
  const sarDecl = circuit.design.instances.find((i) => i.type === 'sarbaseline');
  const flashDecl = circuit.design.instances.find((i) => i.type === 'flashbaseline');
  const fromSpec = (spec: typeof SAR_BASELINE_SPEC, decl: InstanceDecl | undefined, name: string): number | string =>
    decl?.params[name]?.value as number | string ?? spec.params.find((p) => p.name === name)!.default;
  const node = (options.node ?? (sarDecl ? str(sarDecl, 'node') : '40n')) as '65n' | '40n';
  const points = options.points ?? 2048;
  const stream = new RandomStream(circuit.seed, 'baselines:inputs');
  const volts = Float64Array.from({ length: points }, () => d.vtop - stream.next() * (d.vtop - d.vbottom));
  const ideal = Int32Array.from(volts, (v) => idealCode(v, d.vtop, d.vbottom, d.bits));
  const ledger = new EnergyLedger();
  const ours = convertVoltages(a, volts, ledger);
  const oursEnergy = ledger.total_J / points;
  const chipNode = NODES['65n'];
  const units = 1 << d.bits;
  // The comparator's offset-trim DAC (when it has one) is part of the converter.
  const cmpDecl = circuit.design.instances.find((i) => i.type === 'comparator');
  const trimBits = cmpDecl !== undefined && num(cmpDecl, 'trim') > 0 ? num(cmpDecl, 'trimbits') : 0;
  const oursAreas = {
    comparator: chipNode.comparatorArea,
    trim: trimBits * chipNode.trimAreaPerBit,
    switches: units * chipNode.switchArea,
    logic: d.bits * chipNode.logicAreaPerBit,
  };
  const oursArea = oursAreas.comparator + oursAreas.trim + oursAreas.switches + oursAreas.logic;
  const oursByCategory = ledger.byCategory();
  // the rate the lane converts at: one conversion per (steps x step time)
  const fs = 1 / (d.steps * d.stepTime); // Hz
  const variation = circuit.nonideal.comparatorOffset || circuit.nonideal.capMismatch;
  const common = { bits: d.bits, node, vtop: d.vtop, vbottom: d.vbottom, variation };
  const sar = runSarBaseline(volts, { ...common, name: sarDecl?.name ?? 'SAR', cunit: Number(fromSpec(SAR_BASELINE_SPEC, sarDecl, 'cunit')), switching: fromSpec(SAR_BASELINE_SPEC, sarDecl, 'switching') as 'conventional' | 'monotonic', capMismatch: circuit.tech.capMismatch, mismatch: new RandomStream(circuit.seed, 'baselines:sar:mismatch'), noise: new RandomStream(circuit.seed, 'baselines:sar:noise') });
  const flash = runFlashBaseline(volts, { ...common, name: flashDecl?.name ?? 'Flash', rladder: Number(fromSpec(FLASH_BASELINE_SPEC, flashDecl, 'rladder')), mismatch: new RandomStream(circuit.seed, 'baselines:flash:mismatch'), noise: new RandomStream(circuit.seed, 'baselines:flash:noise'), conversionTime: d.stepTime });
  const s = section('baselines');
  const err = (codes: Int32Array) => summarizeErrors({ ideal, code: codes }, d.bits);
  const rows = [
    { converter: `memory-immersed ${d.bits}-bit (65 nm)`, energy: oursEnergy, area: oursArea, e: err(ours) },
    { converter: `SAR ${d.bits}-bit (${node})`, energy: sar.energyPerConversion_J, area: sar.area_m2, e: err(sar.codes) },
    { converter: `Flash ${d.bits}-bit (${node})`, energy: flash.energyPerConversion_J, area: flash.area_m2, e: err(flash.codes) },
  ];
  Object.assign(s.metrics, {
    memoryImmersedEnergyPerConversion_J: oursEnergy,
    memoryImmersedArea_m2: oursArea,
    sarEnergyPerConversion_J: sar.energyPerConversion_J,
    sarArea_m2: sar.area_m2,
    flashEnergyPerConversion_J: flash.energyPerConversion_J,
    flashArea_m2: flash.area_m2,
    sarAreaRatio_x: sar.area_m2 / oursArea,
    sarEnergyRatio_x: sar.energyPerConversion_J / oursEnergy,
    flashAreaRatio_x: flash.area_m2 / oursArea,
    flashEnergyRatio_x: flash.energyPerConversion_J / oursEnergy,
    memoryImmersedMaxAbsError_LSB: rows[0].e.maxAbsError_LSB,
    sarMaxAbsError_LSB: rows[1].e.maxAbsError_LSB,
    flashMaxAbsError_LSB: rows[2].e.maxAbsError_LSB,
  });
  s.tables.push({
    name: 'side-by-side',
    columns: [{ key: 'converter', header: 'converter' }, { key: 'energy', header: 'energy_per_conversion_J' }, { key: 'area', header: 'area_m2' }, { key: 'exact', header: 'fraction_exact_ratio' }, { key: 'maxErr', header: 'max_abs_error_LSB' }],
    rows: rows.map((r) => ({ converter: r.converter, energy: r.energy, area: r.area, exact: r.e.fractionExact, maxErr: r.e.maxAbsError_LSB })),
  });
  const regression = surveyRegression(d.bits, node === '40n' ? 40 : 65, fs);
  const bestSar = bestInClass('sar', d.bits);
  const bestFlash = bestInClass('flash', d.bits);
  Object.assign(s.metrics, {
    laneConversionRate_Hz: fs,
    regressionEnergyPerConversion_J: regression.energy_J,
    regressionArea_m2: regression.area_m2,
    regressionAreaRatio_x: regression.area_m2 / oursArea,
    regressionEnergyRatio_x: regression.energy_J / oursEnergy,
    bestSarAreaRatio_x: bestSar.area_m2 / oursArea,
    bestSarEnergyRatio_x: bestSar.energy_J / oursEnergy,
    bestFlashAreaRatio_x: bestFlash.area_m2 / oursArea,
    bestFlashEnergyRatio_x: bestFlash.energy_J / oursEnergy,
  });
  const um2 = (m2: number): string => `${Number((m2 * 1e12).toPrecision(3))} um^2`;
  const fj = (j: number): string => formatEngineering(j, 'J', { digits: 3 });
  const regressionNote = `${SURVEY_REGRESSION.source}, at ${d.bits} b, ${node}, ${formatEngineering(fs, 'S/s', { digits: 3 })} (the lane's rate)`;
  s.tables.push({
    name: 'accounting',
    columns: [{ key: 'converter', header: 'converter' }, { key: 'quantity', header: 'quantity' }, { key: 'value', header: 'value' }, { key: 'source', header: 'source' }],
    rows: [
      { converter: 'memory-immersed', quantity: 'energy: bitline DAC', value: fj(oursByCategory.dac / points), source: 'simulated (energy ledger, this run)' },
      { converter: 'memory-immersed', quantity: 'energy: comparator', value: fj(oursByCategory.comparator / points), source: 'simulated: decisions x netlist comparator energy' },
      { converter: 'memory-immersed', quantity: 'energy: SA logic', value: fj(oursByCategory.logic / points), source: 'simulated: decisions x netlist elogic' },
      { converter: 'memory-immersed', quantity: 'area: comparator', value: um2(oursAreas.comparator), source: 'estimate, 65 nm StrongARM (src/devices/baselines.ts)' },
      { converter: 'memory-immersed', quantity: `area: offset trim (${trimBits} bits)`, value: um2(oursAreas.trim), source: 'estimate per trim bit' },
      { converter: 'memory-immersed', quantity: `area: ${units} sharing switches`, value: um2(oursAreas.switches), source: 'estimate per switch' },
      { converter: 'memory-immersed', quantity: `area: SA logic (${d.bits} bits)`, value: um2(oursAreas.logic), source: 'estimate: ~3 flip-flops per bit' },
      { converter: 'memory-immersed', quantity: 'area: DAC capacitors', value: um2(0), source: "the lender array's bitlines (borrowed; bitcells not counted)" },
      { converter: `SAR, component model (${node})`, quantity: 'energy / area', value: `${fj(sar.energyPerConversion_J)} / ${um2(sar.area_m2)}`, source: 'CDAC switching (Ginsburg 2005 / Liu 2010) + comparator + logic; MOM capacitor density (estimates)' },
      { converter: `Flash, component model (${node})`, quantity: 'energy / area', value: `${fj(flash.energyPerConversion_J)} / ${um2(flash.area_m2)}`, source: `${(1 << d.bits) - 1} comparators + ladder over one SA step + encoder (estimates)` },
      { converter: 'SAR, best in class', quantity: 'energy / area', value: `${fj(bestSar.energy_J)} / ${um2(bestSar.area_m2)}`, source: `${bestSar.source}; energy x 2^(N-6) (Walden), area as published` },
      { converter: 'Flash, best in class', quantity: 'energy / area', value: `${fj(bestFlash.energy_J)} / ${um2(bestFlash.area_m2)}`, source: `${bestFlash.source}; energy x 2^(N-6) (Walden), area as published` },
      { converter: 'survey regression (any architecture)', quantity: 'energy / area, median', value: `${fj(regression.energy_J)} / ${um2(regression.area_m2)}`, source: regressionNote },
      { converter: 'survey regression (any architecture)', quantity: 'energy / area, -1 .. +1 sigma', value: `${fj(regression.energyBand_J[0])} .. ${fj(regression.energyBand_J[1])} / ${um2(regression.areaBand_m2[0])} .. ${um2(regression.areaBand_m2[1])}`, source: regressionNote },
    ],
  });
  // What the architectures allow at most, whatever the numbers: a Flash makes 2^N - 1 decisions
  // and holds 2^N - 1 comparators where the memory-immersed SA makes N with one.
  const decisions = ((1 << d.bits) - 1) / d.bits;
  const comparatorShare = oursByCategory.comparator / ledger.total_J;
  s.metrics.flashComparatorDecisionRatio_x = decisions;
  s.metrics.memoryImmersedComparatorEnergyShare_ratio = comparatorShare;
  s.tables.push({
    name: 'ratios',
    columns: [{ key: 'ratio', header: 'ratio (baseline / memory-immersed)' }, { key: 'ours', header: 'cimsim_x' }, { key: 'published', header: 'published_x' }],
    rows: [
      { ratio: `area vs SAR (${node}, component model)`, ours: s.metrics.sarAreaRatio_x, published: PUBLISHED.sarArea },
      { ratio: `energy vs SAR (${node}, component model)`, ours: s.metrics.sarEnergyRatio_x, published: PUBLISHED.sarEnergy },
      { ratio: `area vs Flash (${node}, component model)`, ours: s.metrics.flashAreaRatio_x, published: PUBLISHED.flashArea },
      { ratio: `energy vs Flash (${node}, component model)`, ours: s.metrics.flashEnergyRatio_x, published: PUBLISHED.flashEnergy },
      { ratio: 'area vs best-in-class SAR (40 nm)', ours: s.metrics.bestSarAreaRatio_x, published: PUBLISHED.sarArea },
      { ratio: 'energy vs best-in-class SAR (40 nm)', ours: s.metrics.bestSarEnergyRatio_x, published: PUBLISHED.sarEnergy },
      { ratio: 'area vs best-in-class Flash (40 nm)', ours: s.metrics.bestFlashAreaRatio_x, published: PUBLISHED.flashArea },
      { ratio: 'energy vs best-in-class Flash (40 nm)', ours: s.metrics.bestFlashEnergyRatio_x, published: PUBLISHED.flashEnergy },
      { ratio: 'area vs survey regression (median)', ours: s.metrics.regressionAreaRatio_x, published: PUBLISHED.sarArea },
      { ratio: 'energy vs survey regression (median)', ours: s.metrics.regressionEnergyRatio_x, published: PUBLISHED.sarEnergy },
    ],
  });
  // In units of one comparator decision's energy E_c (the same comparator on both sides):
  const flashDecisions = (1 << d.bits) - 1;
  const oursInDecisions = d.bits / comparatorShare; // our whole conversion, E_c
  const flashRestNeeded = PUBLISHED.flashEnergy * oursInDecisions - flashDecisions; // E_c of ladder + encoder for 13x
  s.notes.push(
    `Bound on the energy ratio against Flash: with the same comparator (energy E_c per decision) a ${d.bits}-bit Flash spends ${flashDecisions} E_c on decisions, this converter ${d.bits} E_c on decisions and ${oursInDecisions.toFixed(1)} E_c in all (comparators are ${(comparatorShare * 100).toFixed(1)} % of its energy, the bitline DAC most of the rest): comparators alone give ${(flashDecisions / oursInDecisions).toFixed(2)}x, and the published ${PUBLISHED.flashEnergy}x needs the Flash's ladder and encoder to cost ${flashRestNeeded.toFixed(0)} E_c, ${(flashRestNeeded / flashDecisions).toFixed(1)}x its comparators.`,
    `Bound on the area ratio against Flash: ${flashDecisions} comparators against one give ${((flashDecisions * oursAreas.comparator) / oursArea).toFixed(1)}x from comparators alone at equal comparator size; the published ${PUBLISHED.flashArea}x needs the Flash's comparators to be larger or its ladder and encoder to dominate.`,
    'Assumptions: memory-immersed area = comparator + offset trim + one sharing switch per unit bitline + SA logic at 65 nm (the DAC capacitors are borrowed bitlines, bitcells not counted); every estimate is in src/devices/baselines.ts; docs/baselines.md holds the accounting and its sources.',
  );
  s.plots.push({ name: 'converter-energy', svg: barChart({ title: 'Energy per conversion', categories: rows.map((r) => r.converter), series: [{ name: 'energy', values: rows.map((r) => r.energy * 1e15) }], y: { label: 'energy per conversion', unit: 'fJ' } }) });
  return s;
}
