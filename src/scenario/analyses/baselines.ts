import { summarizeErrors } from '../../analysis/index.js';
import type { Circuit } from '../../circuit/build.js';
import { CimsimError } from '../../errors.js';
import { bestInClass, NODES, SURVEY_REGRESSION, surveyRegression, type BaselineConverter, type BaselineNode, type BaselineResult } from '../../devices/baselines.js';
import { tableInstance, type DeviceDefinition } from '../../devices/device.js';
import { FLASH_BASELINE } from '../../devices/flash-baseline.js';
import { SAR_BASELINE } from '../../devices/sar-baseline.js';
import { idealCode } from '../../analysis/oracle.js';
import type { ComparatorDesign } from '../../devices/comparator.js';
import { EnergyLedger, type EnergyCategory } from '../../engine/ledger.js';
import { RandomStream } from '../../tech/random.js';
import { barFigure, formatEngineering } from '../../report/index.js';
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
export function baselinesAnalysis(circuit: Circuit, options: { node?: BaselineNode; points?: number }): Section {
  const a = pickAssignment(circuit, undefined);
  const d = a.digitizer;
  const compared = comparedBaselines(circuit, d.bits);
  // The survey's node: the scenario's, else the SAR's.
  const node = options.node ?? compared[0].converter.node;
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
  const results = compared.map(({ converter, prefix }) => {
    const env = { node: options.node ?? converter.node, vtop: d.vtop, vbottom: d.vbottom, variation, capMismatch: circuit.tech.capMismatch, stepTime: d.stepTime, mismatch: new RandomStream(circuit.seed, `baselines:${prefix}:mismatch`), noise: new RandomStream(circuit.seed, `baselines:${prefix}:noise`) };
    return { converter, prefix, node: env.node, result: converter.convert(volts, env) };
  });
  const s = section('baselines');
  const err = (codes: Int32Array) => summarizeErrors({ ideal, code: codes }, d.bits);
  const rows = [
    { converter: `memory-immersed ${d.bits}-bit (65 nm)`, energy: oursEnergy, area: oursArea, e: err(ours) },
    ...results.map((b) => ({ converter: `${b.converter.kind} ${d.bits}-bit (${nodeName(b.node)})`, energy: b.result.energyPerConversion_J, area: b.result.area_m2, e: err(b.result.codes) })),
  ];
  Object.assign(s.metrics, { memoryImmersedEnergyPerConversion_J: oursEnergy, memoryImmersedArea_m2: oursArea });
  for (const b of results) Object.assign(s.metrics, { [`${b.prefix}EnergyPerConversion_J`]: b.result.energyPerConversion_J, [`${b.prefix}Area_m2`]: b.result.area_m2 });
  for (const b of results) Object.assign(s.metrics, { [`${b.prefix}AreaRatio_x`]: b.result.area_m2 / oursArea, [`${b.prefix}EnergyRatio_x`]: b.result.energyPerConversion_J / oursEnergy });
  s.metrics.memoryImmersedMaxAbsError_LSB = rows[0].e.maxAbsError_LSB;
  results.forEach((b, i) => (s.metrics[`${b.prefix}MaxAbsError_LSB`] = rows[i + 1].e.maxAbsError_LSB));
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
  s.tables.push(accountingTable({ bits: d.bits, node, fs, points, byCategory: oursByCategory, areas: oursAreas, baselines: results, bestSar, bestFlash, regression }));
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
  s.plots.push({ name: 'converter-energy', figure: barFigure({ title: 'Energy per conversion', categories: rows.map((r) => r.converter), series: [{ name: 'energy', values: rows.map((r) => r.energy * 1e15) }], y: { label: 'energy per conversion', unit: 'fJ' } }) });
  return s;
}

/**
 * Every baseline the netlist declares, with a SAR and a Flash at their table defaults when it
 * declares none of that kind (the paper's comparison). The first SAR comes first. Each gets a
 * metric prefix and stream name: its key, numbered from the second of a kind on (sar, sar2, ...).
 * A declared baseline must resolve as many bits as the converter it is compared with.
 */
function comparedBaselines(circuit: Circuit, bits: number): { converter: BaselineConverter; prefix: string }[] {
  for (const b of circuit.baselines) {
    if (b.bits !== bits) {
      throw new CimsimError(`baseline ${b.name} resolves ${b.bits} bits, but the digitizer it is compared with resolves ${bits}`, b.loc, `the comparison is at equal resolution: write bits=${bits} on ${b.name}`);
    }
  }
  const context = { tech: circuit.tech, device: () => { throw new Error('internal: a baseline references no other device'); } };
  const ofKind = (key: string, definition: DeviceDefinition<BaselineConverter>, name: string): BaselineConverter[] => {
    const declared = circuit.baselines.filter((b) => b.key === key);
    return declared.length > 0 ? declared : [definition.build(tableInstance(definition.spec, name, { bits }), context)];
  };
  const sar = ofKind('sar', SAR_BASELINE, 'SAR');
  const flash = ofKind('flash', FLASH_BASELINE, 'Flash');
  const others = circuit.baselines.filter((b) => !sar.includes(b) && !flash.includes(b));
  const seen = new Map<string, number>();
  return [...sar, ...flash, ...others].map((converter) => {
    const n = (seen.get(converter.key) ?? 0) + 1;
    seen.set(converter.key, n);
    return { converter, prefix: n === 1 ? converter.key : `${converter.key}${n}` };
  });
}

/** The ratios the paper reports beside cimsim's, for each baseline and the survey regression. */
function ratiosTable(m: Record<string, number>, node: string): Table {
  const row = (ratio: string, ours: number, published: number) => ({ ratio, ours, published });
  return {
    name: 'ratios',
    columns: [{ key: 'ratio', header: 'ratio_baseline_over_memory_immersed' }, { key: 'ours', header: 'cimsim_x' }, { key: 'published', header: 'published_x' }],
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
  node: BaselineNode;
  fs: number; // Hz, the lane's conversion rate
  points: number;
  byCategory: Record<EnergyCategory, number>; // J over all points
  areas: ReturnType<typeof memoryImmersedAreas>;
  baselines: { converter: BaselineConverter; node: BaselineNode; result: BaselineResult }[];
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
      ...x.baselines.map((b) => ({ converter: `${b.converter.kind}, component model (${nodeName(b.node)})`, quantity: 'energy / area', value: pair(b.result.energyPerConversion_J, b.result.area_m2), source: b.result.source })),
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

/** A node as a person writes it: '40n' -> '40 nm'. */
function nodeName(node: string): string {
  return node.replace(/^(\d+)n$/, '$1 nm');
}
