import * as path from 'node:path';
import { summarizeErrors } from '../../analysis/index.js';
import { chipArea } from '../../circuit/area.js';
import type { Circuit } from '../../circuit/build.js';
import { toFs, toSeconds } from '../../engine/time.js';
import { CimsimError } from '../../errors.js';
import { barFigure } from '../../report/index.js';
import { mnistSplit } from '../../workload/mnist.js';
import { loadTensor } from '../../workload/tensor-file.js';
import { argmax, combineSlices, digitalStep, exactProduct, runFloatNetwork, runNetwork, weightSlices, type Network, type NetworkLayer } from '../../workload/network.js';
import { planMatrixTiles, planTiles, type TilePlan } from '../../workload/index.js';
import { jobContext, type JobContext } from '../inference.js';
import { loadNetwork } from '../network-file.js';
import { section, type Section } from '../section.js';
import type { ProgressFactory } from '../sweep/progress.js';
import { runTiles, tiledChip, type TiledChip } from './tiles.js';

/** Per layer, over every image: what the chip spent and how far its products were from software. */
interface LayerTally {
  plan: TilePlan;
  conversions: number;
  time_s: number;
  energy_J: number;
  /** Sum of squares over outputs: chip - twin (non-idealities) and twin - exact (converter quantization), in product LSB. */
  chipVsTwinSq: number;
  twinVsExactSq: number;
  /** Largest |chip - exact| of a product, product LSB. */
  maxError: number;
  /** Next-layer codes (or logits' argmax inputs) that differ from software on the same input codes. */
  codeFlips: number;
  outputs: number;
}

/**
 * The 'network' analysis: classify held-out MNIST digits with a trained network on the chip, every
 * layer's products computed by the arrays (tiles and bit planes as jobs on the event engine), the
 * affine map, ReLU and requantization digital. Reported beside the same quantized network in
 * software and the float network, with time, energy and area per image and each layer's error
 * budget (docs/networks.md).
 */
export function networkAnalysis(circuit: Circuit, analysis: NetworkAnalysis, scenarioFile: string, progress?: ProgressFactory): Section {
  const at = (file: string) => path.resolve(path.dirname(scenarioFile), file);
  const net = loadNetwork(at(analysis.network));
  const pixels = net.input.side * net.input.side;
  const test = analysis.inputs === undefined ? mnistSplit('test') : imagesFromFiles(net, at(analysis.inputs.images), at(analysis.inputs.labels));
  if (test.pixels.length !== test.count * pixels) throw new CimsimError(`network ${net.name} takes ${net.input.side} x ${net.input.side} images; the MNIST digits are 28 x 28`, undefined, 'set input.side to 28, or give images of that size in "inputs"');
  const count = Math.min(analysis.images ?? 200, test.count);
  // Spread over the class-ordered set, so every class is in the sample.
  const picks = Array.from({ length: count }, (_, k) => Math.floor((k * test.count) / count));
  const chips = placeLayers(circuit, net, analysis);
  const tallies: LayerTally[] = net.layers.map((l, k) => ({ plan: planLayer(l, chips[k]), conversions: 0, time_s: 0, energy_J: 0, chipVsTwinSq: 0, twinVsExactSq: 0, maxError: 0, codeFlips: 0, outputs: 0 }));
  const ctx = jobContext();
  const hasFloat = net.layers.every((l) => l.float !== undefined);
  const predictions: Prediction[] = [];
  const bar = progress?.(`${net.name} on the chip`, picks.length, 'images');
  for (const n of picks) {
    const image = test.pixels.subarray(n * pixels, (n + 1) * pixels);
    const onChip = runNetwork(net, image, (k, q) => layerOnChip(ctx, chips[k], net, k, q, tallies[k]));
    predictions.push({ image: n, label: test.labels[n], float: hasFloat ? argmax(runFloatNetwork(net, image)) : -1, software: argmax(runNetwork(net, image).logits), chip: argmax(onChip.logits) });
    bar?.tick();
  }
  bar?.stop();
  return report(circuit, net, chips, tallies, predictions, ctx);
}

/**
 * The part of the chip each layer runs on: the compute assignments of the netlist network
 * `placement` names for it (its arrays and its digitizer, hence its converter resolution), or of
 * every network. Tiles drive at most `rowsPerTile` wordlines, by default half as many as the
 * converter has codes: each count of conducting cells spans two codes, so a conversion one code
 * off still decodes to its count (docs/networks.md).
 */
function placeLayers(circuit: Circuit, net: Network, analysis: NetworkAnalysis): TiledChip[] {
  const networks = [...new Set(circuit.assignments.map((a) => a.network))];
  const placement = analysis.placement ?? {};
  for (const [layer, network] of Object.entries(placement)) {
    if (!net.layers.some((l) => l.name === layer)) throw new CimsimError(`placement names layer "${layer}", which network ${net.name} does not have`, undefined, `its layers: ${net.layers.map((l) => l.name).join(', ')}`);
    if (!networks.some((n) => n.toLowerCase() === network.toLowerCase())) throw new CimsimError(`placement puts layer ${layer} on "${network}", which the netlist does not declare`, undefined, `its networks: ${networks.join(', ')}`);
  }
  const cache = new Map<string, TiledChip>();
  return net.layers.map((l) => {
    const on = placement[l.name]?.toLowerCase();
    const part = on === undefined ? circuit : { ...circuit, assignments: circuit.assignments.filter((a) => a.network.toLowerCase() === on) };
    const bits = Math.min(...part.assignments.map((a) => a.digitizer.bits));
    const rows = analysis.rowsPerTile ?? 2 ** (bits - 1);
    const key = `${on ?? '*'}:${rows}`;
    let chip = cache.get(key);
    if (chip === undefined) cache.set(key, (chip = tiledChip(part, rows)));
    return chip;
  });
}

export interface NetworkAnalysis {
  network: string;
  images?: number;
  rowsPerTile?: number;
  /** Layer name -> netlist network whose arrays and digitizer run it (default: all of them). */
  placement?: Record<string, string>;
  /** The user's own images (count x side^2 pixels in [0, 1]) and labels, instead of the MNIST held-out digits. */
  inputs?: { images: string; labels: string };
}

/** Images and labels from tensor files (.npy, .csv), checked against the network. */
function imagesFromFiles(net: Network, imagesFile: string, labelsFile: string): { pixels: Float64Array; labels: Float64Array; count: number } {
  const side2 = net.input.side * net.input.side;
  const pixels = loadTensor(imagesFile, [-1, side2], 'images');
  const count = pixels.length / side2;
  for (let i = 0; i < pixels.length; i++) {
    if (!(pixels[i] >= 0 && pixels[i] <= 1)) throw new CimsimError(`images file ${imagesFile}: pixel ${i % side2} of image ${Math.floor(i / side2)} is ${pixels[i]}, not in [0, 1]`, undefined, 'scale pixels to [0, 1] (divide 8-bit images by 255)');
  }
  const labels = loadTensor(labelsFile, [count], 'labels');
  const classes = net.layers[net.layers.length - 1].outputs;
  labels.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0 || l >= classes) throw new CimsimError(`labels file ${labelsFile}: label ${i} is ${l}; the network has classes 0 to ${classes - 1}`);
  });
  return { pixels, labels, count };
}

/** The tiles of one layer: the +-1 slices of a dense layer's weights, or the Hadamard blocks. */
function planLayer(layer: NetworkLayer, chip: TiledChip): TilePlan {
  if (layer.type === 'dense') return planMatrixTiles(weightSlices(layer), layer.outputs * layer.weightBits, layer.inputs, chip.rows, chip.cols);
  return planTiles(layer.blockSize, layer.inputs, chip.rows, chip.cols);
}

/**
 * One layer of one image on the chip: its tiles as jobs, then the digital step (slice shift-add,
 * affine map, ReLU and rounding), booked as energy and as time after the last conversion.
 */
function layerOnChip(ctx: JobContext, chip: TiledChip, net: Network, k: number, q: Int32Array, tally: LayerTally): Float64Array {
  const layer = net.layers[k];
  const start = ctx.kernel.now;
  const energyBefore = ctx.ledger.total_J;
  const run = runTiles(ctx, chip, tally.plan, q, k === 0 ? net.input.bits : net.activationBits);
  const slices = layer.type === 'dense' ? layer.weightBits : 1;
  const y = slices > 1 ? combineSlices(run.outputs[0], layer.outputs, slices) : run.outputs[0];
  const twin = slices > 1 ? combineSlices(run.quantized[0], layer.outputs, slices) : run.quantized[0];
  // Digital step per output: (slices - 1) shift-adds, then scale, bias, ReLU and rounding.
  const d = chip.order[0].digitizer;
  const operations = layer.outputs * slices;
  ctx.ledger.book(`${net.name}.${layer.name}`, 'digital', operations * d.edigital);
  const lanes = chip.order.reduce((n, a) => n + a.digitizer.lanes.length, 0);
  const digitalFs = Math.ceil(operations / lanes) * toFs(d.recipe.tlogic);
  ctx.kernel.schedule(`${net.name}.${layer.name} digital`, digitalFs, () => undefined);
  ctx.kernel.run();
  const exact = exactProduct(layer, q);
  const mine = digitalStep(layer, y, net.activationBits);
  const want = digitalStep(layer, exact, net.activationBits);
  for (let o = 0; o < layer.outputs; o++) {
    tally.chipVsTwinSq += (y[o] - twin[o]) ** 2;
    tally.twinVsExactSq += (twin[o] - exact[o]) ** 2;
    tally.maxError = Math.max(tally.maxError, Math.abs(y[o] - exact[o]));
    if ((mine.codes?.[o] ?? 0) !== (want.codes?.[o] ?? 0)) tally.codeFlips++;
  }
  if (mine.codes === undefined && argmax(mine.z) !== argmax(want.z)) tally.codeFlips++;
  tally.outputs += layer.outputs;
  tally.conversions += run.conversions;
  tally.time_s += toSeconds(ctx.kernel.now - start);
  tally.energy_J += ctx.ledger.total_J - energyBefore;
  return y;
}

/** One image's class by each network; `float` is -1 when the network carries no float parameters. */
interface Prediction {
  image: number;
  label: number;
  float: number;
  software: number;
  chip: number;
}

function report(circuit: Circuit, net: Network, chips: TiledChip[], tallies: LayerTally[], predictions: Prediction[], ctx: JobContext): Section {
  const n = predictions.length;
  const rate = (pick: (p: Prediction) => boolean) => predictions.filter(pick).length / n;
  const s = section('network');
  const chipAccuracy = rate((p) => p.chip === p.label);
  const softwareAccuracy = rate((p) => p.software === p.label);
  const energy = ctx.ledger.total_J;
  const latency = toSeconds(ctx.kernel.now);
  const codes = summarizeErrors({ ideal: Int32Array.from(ctx.log.idealCode), code: Int32Array.from(ctx.log.code) }, Math.max(...chips.map((c) => c.order[0].digitizer.bits)));
  Object.assign(s.metrics, {
    images_count: n,
    chipAccuracy_ratio: chipAccuracy,
    quantizedAccuracy_ratio: softwareAccuracy,
    accuracyLoss_ratio: softwareAccuracy - chipAccuracy,
    agreement_ratio: rate((p) => p.chip === p.software),
    codeRmsError_LSB: codes.rmsError_LSB,
    codeMeanError_LSB: codes.meanError_LSB,
    codeMaxAbsError_LSB: codes.maxAbsError_LSB,
    codeExact_ratio: codes.fractionExact,
    conversionsPerImage_count: tallies.reduce((a, t) => a + t.conversions, 0) / n,
    latencyPerImage_s: latency / n,
    energyPerImage_J: energy / n,
    area_m2: chipArea(circuit).total_m2,
  });
  // Only a network that carries its float parameters has a float accuracy.
  if (predictions.every((p) => p.float >= 0)) s.metrics.floatAccuracy_ratio = rate((p) => p.float === p.label);
  const rms = (sq: number, t: LayerTally) => Math.sqrt(sq / t.outputs);
  s.tables.push({
    name: 'layers',
    columns: [
      { key: 'layer', header: 'layer' }, { key: 'type', header: 'type' }, { key: 'inputs', header: 'inputs_count' }, { key: 'outputs', header: 'outputs_count' },
      { key: 'bits', header: 'weight_bits' }, { key: 'adc', header: 'adc_bits' }, { key: 'on', header: 'arrays' }, { key: 'rows', header: 'rows_per_tile_count' }, { key: 'tiles', header: 'tiles_count' }, { key: 'conversions', header: 'conversions_per_image_count' },
      { key: 'latency', header: 'latency_per_image_s' }, { key: 'energy', header: 'energy_per_image_J' },
      { key: 'nonideal', header: 'chip_vs_twin_rms_LSB' }, { key: 'quantization', header: 'twin_vs_exact_rms_LSB' }, { key: 'max', header: 'chip_vs_exact_max_LSB' }, { key: 'flips', header: 'output_flips_ratio' },
    ],
    rows: net.layers.map((l, k) => {
      const t = tallies[k];
      return {
        layer: l.name, type: l.type, inputs: l.inputs, outputs: l.outputs, bits: l.type === 'dense' ? l.weightBits : 1,
        adc: chips[k].order[0].digitizer.bits, on: [...new Set(chips[k].order.map((a) => a.compute.name))].join(' '), rows: chips[k].rows, tiles: t.plan.tiles.length,
        conversions: t.conversions / n, latency: t.time_s / n, energy: t.energy_J / n,
        nonideal: rms(t.chipVsTwinSq, t), quantization: rms(t.twinVsExactSq, t), max: t.maxError, flips: t.codeFlips / (l.activation === 'none' ? n : t.outputs),
      };
    }),
  });
  net.layers.forEach((l, k) => {
    const t = tallies[k];
    Object.assign(s.metrics, { [`${l.name}_chipVsTwinRms_LSB`]: rms(t.chipVsTwinSq, t), [`${l.name}_twinVsExactRms_LSB`]: rms(t.twinVsExactSq, t), [`${l.name}_latencyPerImage_s`]: t.time_s / n, [`${l.name}_energyPerImage_J`]: t.energy_J / n });
  });
  s.tables.push({
    name: 'predictions',
    columns: [{ key: 'image', header: 'test_image' }, { key: 'label', header: 'label' }, { key: 'float', header: 'float_class' }, { key: 'software', header: 'quantized_class' }, { key: 'chip', header: 'chip_class' }],
    rows: predictions.map((p) => ({ ...p, float: p.float >= 0 ? p.float : '' })),
  });
  s.plots.push({
    name: 'layer-energy',
    figure: barFigure({ title: 'Energy per image by layer', categories: net.layers.map((l) => l.name), series: [{ name: 'energy', values: tallies.map((t) => (t.energy_J / n) * 1e12) }], y: { label: 'energy per image', unit: 'pJ' } }),
  });
  s.notes.push(
    `${net.name}: ${n} images, each layer's products on the chip: ${net.layers.map((l, k) => `${l.name} ${tallies[k].plan.tiles.length} tiles round-robin over ${chips[k].order.length} compute assignments`).join(', ')}; images one after another, each layer waiting for the one before`,
    'error budget per layer, in product LSB (one unit of the integer product): chip vs twin = the non-idealities (the twin sees the same wordlines with every non-ideality off), twin vs exact = the converter\'s quantization of each column count; output flips = next-layer codes (last layer: classes) that differ from software on the same input codes',
    'digital step per output: slice shift-add, scale, bias, ReLU and rounding at the digitizer\'s logic energy each, timed at its logic delay over all lanes in parallel; SRAM writes of the tiles are not costed',
  );
  return s;
}
