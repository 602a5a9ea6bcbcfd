import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildCircuit } from '../../src/circuit/build.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { jobContext } from '../../src/scenario/inference.js';
import { elaborateScenario, loadScenario } from '../../src/scenario/load.js';
import { loadNetwork } from '../../src/scenario/network-file.js';
import { runScenarioFile } from '../../src/scenario/runner.js';
import { runTiles, tiledChip } from '../../src/scenario/analyses/tiles.js';
import { RandomStream } from '../../src/tech/random.js';
import { planMatrixTiles, planTiles } from '../../src/workload/index.js';
import { mnistSplit } from '../../src/workload/mnist.js';
import { errorOf } from '../netlist/helpers.js';
import { argmax, blockHadamard, combineSlices, exactProduct, runFloatNetwork, runNetwork, weightSlices, type DenseLayer } from '../../src/workload/network.js';

const SCENARIO = path.resolve('scenarios/mnist.json');
const NETWORK = path.resolve('scenarios/mnist/network.json');

describe('a network layer on the chip', () => {
  // The bundled chip with every non-ideality off: the arrays and converters are ideal devices.
  const scenario = loadScenario(SCENARIO);
  const ideal = () => buildCircuit(elaborateScenario(SCENARIO, scenario), { seed: 3, nonideal: allNonidealities(false) });

  it('computes a 2-bit 70 x 40 dense layer exactly over 5 row tiles and 3 column tiles when nothing is non-ideal', () => {
    const r = new RandomStream('dense-exact', 'w');
    const layer: DenseLayer = { type: 'dense', name: 'd', inputs: 70, outputs: 40, weightBits: 2, weights: Int32Array.from({ length: 2800 }, () => 2 * Math.floor(r.next() * 4) - 3), scale: new Float64Array(40), bias: new Float64Array(40), activation: 'relu' };
    const chip = tiledChip(ideal(), 16);
    const plan = planMatrixTiles(weightSlices(layer), 80, 70, chip.rows, chip.cols);
    expect([plan.rowTilesPerBlock, plan.colTilesPerBlock]).toEqual([5, 3]);
    const q = Int32Array.from({ length: 140 }, () => Math.floor(r.next() * 16)); // two input vectors
    const run = runTiles(jobContext(), chip, plan, q, 4);
    run.outputs.forEach((y, pos) => expect(Array.from(combineSlices(y, 40, 2))).toEqual(Array.from(exactProduct(layer, q.subarray(pos * 70, (pos + 1) * 70)))));
  });

  it('computes a 64-point BWHT exactly in tiles of 16 rows when nothing is non-ideal', () => {
    const chip = tiledChip(ideal(), 16);
    const q = Int32Array.from({ length: 64 }, (_, i) => (i * 5) % 16);
    const run = runTiles(jobContext(), chip, planTiles(64, 64, chip.rows, chip.cols), q, 4);
    expect(Array.from(run.outputs[0])).toEqual(Array.from(blockHadamard(q, 64)));
  });
});

describe('the bundled MNIST network', () => {
  it('reproduces the accuracies its training recorded, on the whole held-out split, from the committed files', () => {
    const net = loadNetwork(NETWORK);
    const trained = JSON.parse(readFileSync(NETWORK, 'utf8')).trained as { floatTestAccuracy: number; quantizedTestAccuracy: number; testImages: number };
    const test = mnistSplit('test');
    expect(test.count).toBe(trained.testImages);
    let quantized = 0;
    let float = 0;
    for (let n = 0; n < test.count; n++) {
      const image = test.pixels.subarray(n * 784, (n + 1) * 784);
      if (argmax(runNetwork(net, image).logits) === test.labels[n]) quantized++;
      if (argmax(runFloatNetwork(net, image)) === test.labels[n]) float++;
    }
    expect(quantized / test.count).toBe(trained.quantizedTestAccuracy);
    expect(float / test.count).toBe(trained.floatTestAccuracy);
  });

  it('runs on the chip beside the same network in software; the software figures are the software network on the same images', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cimsim-mnist-'));
    const file = path.join(dir, 'mnist.json');
    const s = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    s.netlist = path.resolve('netlists/testchip65.cir');
    s.analyses[0].network = NETWORK;
    s.analyses[0].images = 20;
    writeFileSync(file, JSON.stringify(s));
    const section = runScenarioFile(file).sections[0];
    const m = section.metrics;
    const test = mnistSplit('test');
    const net = loadNetwork(NETWORK);
    const picks = Array.from({ length: 20 }, (_, k) => Math.floor((k * test.count) / 20));
    const right = picks.filter((n) => argmax(runNetwork(net, test.pixels.subarray(n * 784, (n + 1) * 784)).logits) === test.labels[n]).length;
    expect(m.images_count).toBe(20);
    expect(m.quantizedAccuracy_ratio).toBe(right / 20);
    expect(m.accuracyLoss_ratio).toBeCloseTo(m.quantizedAccuracy_ratio - m.chipAccuracy_ratio, 12);
    // every layer's time and energy add up to the image's
    const layers = section.tables.find((t) => t.name === 'layers')!.rows;
    expect(layers.reduce((a, r) => a + Number(r.energy), 0)).toBeCloseTo(m.energyPerImage_J, 18);
    expect(layers.reduce((a, r) => a + Number(r.latency), 0)).toBeCloseTo(m.latencyPerImage_s, 18);
    expect(layers.map((r) => r.quantization)).toEqual([0, 0, 0]); // 16 rows per tile: every count has its codes
  });
});

describe('network files: every problem located', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cimsim-net-'));
  const write = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const ones = (n: number) => Array.from({ length: n }, () => '1').join('\n');
  write('s3.csv', ones(3));
  write('b3.csv', ones(3));
  write('s2.csv', ones(2));
  write('w.csv', '1,-1,3,1\n-3,1,1,1\n1,1,1,-1\n');
  write('w2.csv', '1,-1,1\n-1,1,1\n');
  const network = (layer0: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({
    name: 't', input: { side: 4, pool: 2, bits: 4 }, activationBits: 4,
    layers: [
      { name: 'a', type: 'dense', inputs: 4, outputs: 3, weightBits: 2, weights: 'w.csv', scale: 's3.csv', bias: 'b3.csv', activation: 'relu', ...layer0 },
      { name: 'b', type: 'dense', inputs: 3, outputs: 2, weightBits: 1, weights: 'w2.csv', scale: 's2.csv', bias: 's2.csv', activation: 'none', ...extra },
    ],
  }, null, 2);

  it('reads a valid file with CSV tensors', () => {
    const net = loadNetwork(write('ok.json', network({})));
    expect(Array.from((net.layers[0] as DenseLayer).weights)).toEqual([1, -1, 3, 1, -3, 1, 1, 1, 1, 1, 1, -1]);
  });

  it('locates a layer whose inputs do not follow the layer before at its inputs entry', () => {
    const text = network({}, { inputs: 5 });
    const e = errorOf(() => loadNetwork(write('chain.json', text)));
    expect(e.message).toBe('layer b takes 5 inputs, but the layer before gives 3');
    expect(e.loc?.line).toBe(text.split('\n').findIndex((l) => l.includes('"inputs": 5')) + 1);
  });

  it('refuses an even weight, naming it, at the weights entry', () => {
    write('even.csv', '1,-1,2,1\n-3,1,1,1\n1,1,1,-1\n');
    const e = errorOf(() => loadNetwork(write('even.json', network({ weights: 'even.csv' }))));
    expect(e.message).toContain('weight [0][2] of a is 2; 2-bit weights are odd integers from -3 to 3');
    expect(e.loc?.file).toBe(path.join(dir, 'even.json'));
  });

  it('locates a CSV cell that is no number at its line and column in the CSV', () => {
    write('bad.csv', '1,-1,3,1\n-3,x1,1,1\n1,1,1,-1\n');
    const e = errorOf(() => loadNetwork(write('badcsv.json', network({ weights: 'bad.csv' }))));
    expect(e.message).toContain('`x1` is not a finite number');
    expect(e.loc).toEqual({ file: path.join(dir, 'bad.csv'), line: 2, col: 4 });
  });

  it('reads +-1 weights from hex and locates a bad digit', () => {
    write('w2.hex', 'a\n6\n'); // 1010 -> +1 -1 +1 (3 inputs), 0110 -> -1 +1 +1
    expect(Array.from((loadNetwork(write('hex.json', network({}, { weights: 'w2.hex' }))).layers[1] as DenseLayer).weights)).toEqual([1, -1, 1, -1, 1, 1]);
    write('bad.hex', 'a\ng\n');
    const e = errorOf(() => loadNetwork(write('badhex.json', network({}, { weights: 'bad.hex' }))));
    expect(e.loc).toEqual({ file: path.join(dir, 'bad.hex'), line: 2, col: 1 });
  });

  it('is exit 2 from the command line, with the network file, line and column', async () => {
    const net = write('cli-net.json', network({}, { inputs: 5 }));
    const s = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    s.netlist = path.resolve('netlists/testchip65.cir');
    s.analyses[0].network = net;
    const scenarioFile = write('cli.json', JSON.stringify(s));
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (err.push(String(chunk)), true));
    try {
      expect(await main(['run', scenarioFile, '--out', path.join(dir, 'out')], () => undefined)).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(err.join('')).toContain(`${net}:`);
    expect(err.join('')).toContain('layer b takes 5 inputs, but the layer before gives 3');
    expect(err.join('')).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('refuses a misspelt key at the key, and a tensor of the wrong shape', () => {
    const text = network({ flaot: {} });
    const e = errorOf(() => loadNetwork(write('key.json', text)));
    expect(e.message).toBe('unknown key "flaot" in "layers.0"');
    expect(e.loc?.line).toBe(text.split('\n').findIndex((l) => l.includes('"flaot"')) + 1);
    write('long.csv', ones(4));
    expect(errorOf(() => loadNetwork(write('shape.json', network({ scale: 'long.csv' })))).message).toContain('has 4 lines, the layer needs 3');
  });
});

describe('the network analysis on the user\'s own images', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cimsim-images-'));
  const test = mnistSplit('test');
  const picks = [5, 700, 1900];
  const csv = picks.map((n) => Array.from(test.pixels.subarray(n * 784, (n + 1) * 784)).join(',')).join('\n');
  writeFileSync(path.join(dir, 'images.csv'), `${csv}\n`);
  writeFileSync(path.join(dir, 'labels.csv'), `${picks.map((n) => test.labels[n]).join('\n')}\n`);
  let made = 0;
  const scenarioWith = (inputs: { images: string; labels: string }) => {
    const s = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    s.netlist = path.resolve('netlists/testchip65.cir');
    Object.assign(s.analyses[0], { network: NETWORK, images: 3, inputs });
    const file = path.join(dir, `s${made++}.json`);
    writeFileSync(file, JSON.stringify(s));
    return file;
  };

  it('classifies images and labels read from CSV files, beside software on the same images', () => {
    const m = runScenarioFile(scenarioWith({ images: 'images.csv', labels: 'labels.csv' })).sections[0].metrics;
    const net = loadNetwork(NETWORK);
    const right = picks.filter((n) => argmax(runNetwork(net, test.pixels.subarray(n * 784, (n + 1) * 784)).logits) === test.labels[n]).length;
    expect(m.images_count).toBe(3);
    expect(m.quantizedAccuracy_ratio).toBe(right / 3);
  });

  it('refuses a pixel outside [0, 1] and a label the network has no class for, naming the file', () => {
    writeFileSync(path.join(dir, 'bright.csv'), `${csv.replace(/^0,/, '255,')}\n`);
    expect(errorOf(() => runScenarioFile(scenarioWith({ images: 'bright.csv', labels: 'labels.csv' }))).message).toContain('pixel 0 of image 0 is 255, not in [0, 1]');
    writeFileSync(path.join(dir, 'eleven.csv'), '1\n11\n2\n');
    expect(errorOf(() => runScenarioFile(scenarioWith({ images: 'images.csv', labels: 'eleven.csv' }))).message).toContain('label 1 is 11; the network has classes 0 to 9');
  });
});

describe('placing layers on the netlist networks', () => {
  it('runs each layer on the arrays and converter its placement names (a 4-bit converter for fc2), exactly when nothing is non-ideal', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cimsim-place-'));
    const chip = readFileSync('netlists/testchip65.cir', 'utf8')
      .replace('.include tech/', `.include ${path.resolve('netlists/tech')}/`)
      .replace('N0 network topology=ring arrays=A0,A1,A2,A3 digitizer=D0', [
        'DAC1 refdac groups=8,4,2,1 dummy=1 ron=500 tdacpre=150ps tshare=100ps',
        'D1 digitizer mode=sa bits=4 dac=DAC1 comparator=CMP0 vbottom={vdd - 0.64}',
        'N0 network topology=pair arrays=A0,A1 digitizer=D0',
        'N1 network topology=pair arrays=A2,A3 digitizer=D1',
      ].join('\n'));
    writeFileSync(path.join(dir, 'two.cir'), chip);
    const s = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    s.netlist = path.join(dir, 'two.cir');
    s.nonidealities = { all: false };
    Object.assign(s.analyses[0], { network: NETWORK, images: 4, placement: { fc1: 'N0', bwht: 'N0', fc2: 'N1' } });
    writeFileSync(path.join(dir, 'place.json'), JSON.stringify(s));
    const section = runScenarioFile(path.join(dir, 'place.json')).sections[0];
    const layers = section.tables.find((t) => t.name === 'layers')!.rows;
    expect(layers.map((r) => [r.adc, r.rows, r.on])).toEqual([[5, 16, 'A0 A1'], [5, 16, 'A0 A1'], [4, 8, 'A2 A3']]);
    expect(layers.map((r) => r.max)).toEqual([0, 0, 0]);
    expect(section.metrics.agreement_ratio).toBe(1);
    s.analyses[0].placement = { fc3: 'N0' };
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(s));
    expect(errorOf(() => runScenarioFile(path.join(dir, 'bad.json'))).message).toBe('placement names layer "fc3", which network mnist-bwht does not have');
  });
});
