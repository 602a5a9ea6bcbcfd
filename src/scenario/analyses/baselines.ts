import { summarizeErrors } from '../../analysis/index.js';
import type { Circuit } from '../../circuit/build.js';
import { bestInClass, FLASH_BASELINE, NODES, SAR_BASELINE, runFlashBaseline, runSarBaseline, SURVEY_REGRESSION, surveyRegression, type BaselineResult } from '../../devices/baselines.js';
import { idealCode } from '../../devices/digitizer.js';
import type { ComparatorDesign } from '../../devices/comparator.js';
import { EnergyLedger, type EnergyCategory } from '../../engine/ledger.js';
import { RandomStream } from '../../tech/random.js';
import { barChart, formatEngineering } from '../../report/index.js';
import { section, type Section, type Table } from '../section.js';
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
  const sarDecl = circuit.baselines.sar;
  const flashDecl = circuit.baselines.flash;
  const node = options.node ?? sarDecl?.node ?? (specDefault(SAR_BASELINE, 'node') as '65n' | '40n');
  const points = options.points ?? 2048;
  const stream = new RandomStream(circuit.seed, 'baselines:inputs');
  const volts = Float64Array.from({ length: points }, () => d.vtop - stream.next() * (d.vtop - d.vbottom));
  const ideal = Int32Array.from(volts, (v) => idealCode(v, d.vtop, d.vbottom, d.bits));
  const ledger = new EnergyLedger();
  const ours = convertVoltages(a, volts, ledger);
  const oursEnergy = ledger.total_J / points;
  const oursAreas = memoryImmersedAreas(d.recipe.comparator, d.bits);
  const oursArea = oursAreas.comparator + oursAreas.trim + oursAreas.switches + oursAreas.logic;
  const oursByCategory = ledger.byCategory();
  // the rate the lane converts at: one conversion per (steps x step time)
  const fs = 1 / (d.steps * d.stepTime); // Hz
  const variation = circuit.nonideal.comparatorOffset || circuit.nonideal.capMismatch;
  const common = { bits: d.bits, node, vtop: d.vtop, vbottom: d.vbottom, variation };
  const sar = runSarBaseline(volts, { ...common, name: sarDecl?.name ?? 'SAR', cunit: sarDecl?.cunit ?? Number(specDefault(SAR_BASELINE, 'cunit')), switching: sarDecl?.switching ?? (specDefault(SAR_BASELINE, 'switching') as 'conventional' | 'monotonic'), capMismatch: circuit.tech.capMismatch, mismatch: new RandomStream(circuit.seed, 'baselines:sar:mismatch'), noise: new RandomStream(circuit.seed, 'baselines:sar:noise') });
  const flash = runFlashBaseline(volts, { ...common, name: flashDecl?.name ?? 'Flash', rladder: flashDecl?.rladder ?? Number(specDefault(FLASH_BASELINE, 'rladder')), mismatch: new RandomStream(circuit.seed, 'baselines:flash:mismatch'), noise: new RandomStream(circuit.seed, 'baselines:flash:noise'), conversionTime: d.stepTime });
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
  s.tables.push(accountingTable({ bits: d.bits, node, fs, points, byCategory: oursByCategory, areas: oursAreas, sar, flash, bestSar, bestFlash, regression }));
  // What the architectures allow at most, whatever the numbers: a Flash makes 2^N - 1 decisions
  // and holds 2^N - 1 comparators where the memory-immersed SA makes N with one.
  const comparatorShare = oursByCategory.comparator / ledger.total_J;
  s.metrics.flashComparatorDecisionRatio_x = ((1 << d.bits) - 1) / d.bits;
  s.metrics.memoryImmersedComparatorEnergyShare_ratio = comparatorShare;
  s.tables.push(ratiosTable(s.metrics, node));
  s.notes.push(
    ...flashBounds(d.bits, comparatorShare, oursAreas.comparator / oursArea),
    'Assumptions: memory-immersed area = comparator + offset trim + one sharing switch per unit bitline + SA logic at 65 nm (the DAC capacitors are borrowed bitlines, bitcells not counted); every estimate is in src/devices/baselines.ts; docs/baselines.md holds the accounting and its sources.',
  );
  s.plots.push({ name: 'converter-energy', svg: barChart({ title: 'Energy per conversion', categories: rows.map((r) => r.converter), series: [{ name: 'energy', values: rows.map((r) => r.energy * 1e15) }], y: { label: 'energy per conversion', unit: 'fJ' } }) });
  return s;
}

/** The ratios the paper reports beside cimsim's, for each baseline and the survey regression. */
function ratiosTable(m: Record<string, number>, node: string): Table {
  const row = (ratio: string, ours: number, published: number) => ({ ratio, ours, published });
  return {
    name: 'ratios',
    columns: [{ key: 'ratio', header: 'ratio (baseline / memory-immersed)' }, { key: 'ours', header: 'cimsim_x' }, { key: 'published', header: 'published_x' }],
    rows: [
      row(`area vs SAR (${node}, component model)`, m.sarAreaRatio_x, PUBLISHED.sarArea),
      row(`energy vs SAR (${node}, component model)`, m.sarEnergyRatio_x, PUBLISHED.sarEnergy),
      row(`area vs Flash (${node}, component model)`, m.flashAreaRatio_x, PUBLISHED.flashArea),
      row(`energy vs Flash (${node}, component model)`, m.flashEnergyRatio_x, PUBLISHED.flashEnergy),
      row('area vs best-in-class SAR (40 nm)', m.bestSarAreaRatio_x, PUBLISHED.sarArea),
      row('energy vs best-in-class SAR (40 nm)', m.bestSarEnergyRatio_x, PUBLISHED.sarEnergy),
      row('area vs best-in-class Flash (40 nm)', m.bestFlashAreaRatio_x, PUBLISHED.flashArea),
      row('energy vs best-in-class Flash (40 nm)', m.bestFlashEnergyRatio_x, PUBLISHED.flashEnergy),
      row('area vs survey regression (median)', m.regressionAreaRatio_x, PUBLISHED.sarArea),
      row('energy vs survey regression (median)', m.regressionEnergyRatio_x, PUBLISHED.sarEnergy),
    ],
  };
}

/** Area of the memory-immersed converter's own parts at 65 nm (estimates of src/devices/baselines.ts), m^2. */
function memoryImmersedAreas(cmp: ComparatorDesign, bits: number): { comparator: number; trim: number; trimBits: number; switches: number; logic: number } {
  const fig = NODES['65n'];
  // the comparator's offset-trim DAC, when it has one, is part of the converter
  const trimBits = cmp.trim > 0 ? cmp.trimBits : 0;
  return { comparator: fig.comparatorArea, trim: trimBits * fig.trimAreaPerBit, trimBits, switches: (1 << bits) * fig.switchArea, logic: bits * fig.logicAreaPerBit };
}

interface AccountingInput {
  bits: number;
  node: '65n' | '40n';
  fs: number; // Hz, the lane's conversion rate
  points: number;
  byCategory: Record<EnergyCategory, number>; // J over all points
  areas: ReturnType<typeof memoryImmersedAreas>;
  sar: BaselineResult;
  flash: BaselineResult;
  bestSar: ReturnType<typeof bestInClass>;
  bestFlash: ReturnType<typeof bestInClass>;
  regression: ReturnType<typeof surveyRegression>;
}

/** Every energy and area number of both sides, each with its source. */
function accountingTable(x: AccountingInput): Table {
  const um2 = (m2: number): string => `${Number((m2 * 1e12).toPrecision(3))} um^2`;
  const j = (joules: number): string => formatEngineering(joules, 'J', { digits: 3 });
  const pair = (e: number, a: number): string => `${j(e)} / ${um2(a)}`;
  const regression = `${SURVEY_REGRESSION.source}, at ${x.bits} b, ${x.node}, ${formatEngineering(x.fs, 'S/s', { digits: 3 })} (the lane's rate)`;
  const r = x.regression;
  const ours = (quantity: string, value: string, source: string) => ({ converter: 'memory-immersed', quantity, value, source });
  return {
    name: 'accounting',
    columns: [{ key: 'converter', header: 'converter' }, { key: 'quantity', header: 'quantity' }, { key: 'value', header: 'value' }, { key: 'source', header: 'source' }],
    rows: [
      ours('energy: bitline DAC', j(x.byCategory.dac / x.points), 'simulated (energy ledger, this run)'),
      ours('energy: comparator', j(x.byCategory.comparator / x.points), 'simulated: decisions x netlist comparator energy'),
      ours('energy: SA logic', j(x.byCategory.logic / x.points), 'simulated: decisions x netlist elogic'),
      ours('area: comparator', um2(x.areas.comparator), 'estimate, 65 nm StrongARM (src/devices/baselines.ts)'),
      ours(`area: offset trim (${x.areas.trimBits} bits)`, um2(x.areas.trim), 'estimate per trim bit'),
      ours(`area: ${1 << x.bits} sharing switches`, um2(x.areas.switches), 'estimate per switch'),
      ours(`area: SA logic (${x.bits} bits)`, um2(x.areas.logic), 'estimate: ~3 flip-flops per bit'),
      ours('area: DAC capacitors', um2(0), "the lender array's bitlines (borrowed; bitcells not counted)"),
      { converter: `SAR, component model (${x.node})`, quantity: 'energy / area', value: pair(x.sar.energyPerConversion_J, x.sar.area_m2), source: 'CDAC switching (Ginsburg 2005 / Liu 2010) + comparator + logic; MOM capacitor density (estimates)' },
      { converter: `Flash, component model (${x.node})`, quantity: 'energy / area', value: pair(x.flash.energyPerConversion_J, x.flash.area_m2), source: `${(1 << x.bits) - 1} comparators + ladder over one SA step + encoder (estimates)` },
      { converter: 'SAR, best in class', quantity: 'energy / area', value: pair(x.bestSar.energy_J, x.bestSar.area_m2), source: `${x.bestSar.source}; energy x 2^(N-6) (Walden), area as published` },
      { converter: 'Flash, best in class', quantity: 'energy / area', value: pair(x.bestFlash.energy_J, x.bestFlash.area_m2), source: `${x.bestFlash.source}; energy x 2^(N-6) (Walden), area as published` },
      { converter: 'survey regression (any architecture)', quantity: 'energy / area, median', value: pair(r.energy_J, r.area_m2), source: regression },
      { converter: 'survey regression (any architecture)', quantity: 'energy / area, -1 .. +1 sigma', value: `${j(r.energyBand_J[0])} .. ${j(r.energyBand_J[1])} / ${um2(r.areaBand_m2[0])} .. ${um2(r.areaBand_m2[1])}`, source: regression },
    ],
  };
}

/**
 * What a Flash allows at most against this converter, whatever the numbers, in units of one
 * comparator decision's energy E_c (the same comparator on both sides): `comparatorShare` is the
 * comparators' share of this converter's energy, `comparatorAreaShare` of its area.
 */
function flashBounds(bits: number, comparatorShare: number, comparatorAreaShare: number): string[] {
  const decisions = (1 << bits) - 1;
  const ours = bits / comparatorShare; // E_c per conversion here
  const restNeeded = PUBLISHED.flashEnergy * ours - decisions; // E_c of ladder + encoder for the published ratio
  return [
    `Bound on the energy ratio against Flash: with the same comparator (energy E_c per decision) a ${bits}-bit Flash spends ${decisions} E_c on decisions, this converter ${bits} E_c on decisions and ${ours.toFixed(1)} E_c in all (comparators are ${(comparatorShare * 100).toFixed(1)} % of its energy, the bitline DAC most of the rest): comparators alone give ${(decisions / ours).toFixed(2)}x, and the published ${PUBLISHED.flashEnergy}x needs the Flash's ladder and encoder to cost ${restNeeded.toFixed(0)} E_c, ${(restNeeded / decisions).toFixed(1)}x its comparators.`,
    `Bound on the area ratio against Flash: ${decisions} comparators against one give ${(decisions * comparatorAreaShare).toFixed(1)}x from comparators alone at equal comparator size; the published ${PUBLISHED.flashArea}x needs the Flash's comparators to be larger or its ladder and encoder to dominate.`,
  ];
}

/** A baseline parameter's table default, for a comparison the netlist declares no baseline for. */
function specDefault(definition: { spec: { params: readonly { name: string; default: unknown }[] } }, name: string): unknown {
  return definition.spec.params.find((p) => p.name === name)!.default;
}
