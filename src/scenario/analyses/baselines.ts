import { summarizeErrors } from '../../analysis/index.js';
import type { Circuit } from '../../circuit/build.js';
import { NODES, runFlashBaseline, runSarBaseline, SURVEY_40N_6BIT, surveyScaled } from '../../devices/baselines.js';
import { idealCode } from '../../devices/digitizer.js';
import { FLASH_BASELINE_SPEC, SAR_BASELINE_SPEC } from '../../devices/specs.js';
import { str, type InstanceDecl } from '../../netlist/params.js';
import { EnergyLedger } from '../../engine/ledger.js';
import { RandomStream } from '../../tech/random.js';
import { barChart } from '../../report/index.js';
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
  const oursArea = chipNode.comparatorArea + units * chipNode.switchArea + d.bits * chipNode.logicAreaPerBit;
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
  const surveySar = surveyScaled('sar', d.bits);
  const surveyFlash = surveyScaled('flash', d.bits);
  Object.assign(s.metrics, {
    surveySarAreaRatio_x: surveySar.area_m2 / oursArea,
    surveySarEnergyRatio_x: surveySar.energy_J / oursEnergy,
    surveyFlashAreaRatio_x: surveyFlash.area_m2 / oursArea,
    surveyFlashEnergyRatio_x: surveyFlash.energy_J / oursEnergy,
  });
  s.tables.push({
    name: 'ratios',
    columns: [{ key: 'ratio', header: 'ratio (baseline / memory-immersed)' }, { key: 'ours', header: 'cimsim_x' }, { key: 'published', header: 'published_x' }],
    rows: [
      { ratio: `area vs SAR (${node})`, ours: s.metrics.sarAreaRatio_x, published: PUBLISHED.sarArea },
      { ratio: `energy vs SAR (${node})`, ours: s.metrics.sarEnergyRatio_x, published: PUBLISHED.sarEnergy },
      { ratio: `area vs Flash (${node})`, ours: s.metrics.flashAreaRatio_x, published: PUBLISHED.flashArea },
      { ratio: `energy vs Flash (${node})`, ours: s.metrics.flashEnergyRatio_x, published: PUBLISHED.flashEnergy },
      { ratio: 'area vs survey SAR (40 nm, scaled)', ours: s.metrics.surveySarAreaRatio_x, published: PUBLISHED.sarArea },
      { ratio: 'energy vs survey SAR (40 nm, scaled)', ours: s.metrics.surveySarEnergyRatio_x, published: PUBLISHED.sarEnergy },
      { ratio: 'area vs survey Flash (40 nm, scaled)', ours: s.metrics.surveyFlashAreaRatio_x, published: PUBLISHED.flashArea },
      { ratio: 'energy vs survey Flash (40 nm, scaled)', ours: s.metrics.surveyFlashEnergyRatio_x, published: PUBLISHED.flashEnergy },
    ],
  });
  s.notes.push(
    `Survey rows: ${SURVEY_40N_6BIT.sar.source} and ${SURVEY_40N_6BIT.flash.source}, energy and area scaled by 2^(N-6).`,
    'Assumptions: memory-immersed area = one comparator + one sharing switch per unit bitline + SA logic at 65 nm (bitline capacitors are borrowed, bitcells not counted);',
    `baselines use per-component figures of src/devices/baselines.ts at ${node} (CDAC switching energy per Ginsburg 2005 / Liu 2010, unit capacitor and ladder from the netlist's sarbaseline / flashbaseline instances or their defaults; the ladder burns over one SA step).`,
  );
  s.plots.push({ name: 'converter-energy', svg: barChart({ title: 'Energy per conversion', categories: rows.map((r) => r.converter), series: [{ name: 'energy', values: rows.map((r) => r.energy * 1e15) }], y: { label: 'energy per conversion', unit: 'fJ' } }) });
  return s;
}
