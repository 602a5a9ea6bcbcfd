import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCircuit, type Circuit } from '../../src/circuit/build.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { decodeTable, outputErrors, runBwhtLayer } from '../../src/scenario/analyses/bwht.js';
import { elaborateScenario } from '../../src/scenario/load.js';
import { runScenarioFile } from '../../src/scenario/runner.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { generateActivations, quantizeActivations } from '../../src/workload/index.js';

const root = path.resolve(__dirname, '../..');
const scenarioFile = path.join(root, 'scenarios/bwht-layer.json');

/**
 * Wordline-edge parasitics (coupling, internal-node charging of pulsed '0' cells), when the
 * technology has them, are data- and history-dependent charge that a count calibration cannot
 * represent; the exactness tests switch them off with the other non-idealities.
 */
function edgesOff(): Record<string, number> {
  const names = new Set(TECH_PARAMS.map((p) => p.name));
  const out: Record<string, number> = {};
  for (const n of ['rp_cgd', 'rp_cch', 'rp_cmid']) if (names.has(n)) out[`tech.${n}`] = 0;
  return out;
}

function chip(overrides: Record<string, number | string>, seed = 1): Circuit {
  const design = elaborateScenario(scenarioFile, { name: 't', netlist: '../netlists/testchip65.cir', analyses: [], overrides: { ...overrides, ...edgesOff() } });
  return buildCircuit(design, { seed, nonideal: allNonidealities(false) });
}

function codes(count: number, bits: number, seed: string): Int32Array {
  const x = generateActivations({ seed, shape: [count] });
  return quantizeActivations(x.data, bits, 1 / (2 ** bits - 1));
}

/** Sequency-ordered Hadamard matrix built here: Sylvester rows sorted by their sign changes. */
function sequencyMatrix(n: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let p = 0;
      for (let b = i & j; b; b >>= 1) p ^= b & 1;
      row.push(p ? -1 : 1);
    }
    rows.push(row);
  }
  const changes = (r: number[]): number => r.slice(1).reduce((a, v, k) => a + (v !== r[k] ? 1 : 0), 0);
  return rows.sort((a, b) => changes(a) - changes(b));
}

/** y = H x per zero-padded block of n, by the explicit matrix product. */
function matrixTransform(q: Int32Array, n: number): number[] {
  const h = sequencyMatrix(n);
  const blocks = Math.ceil(q.length / n);
  const y: number[] = [];
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += h[i][j] * (b * n + j < q.length ? q[b * n + j] : 0);
      y.push(s);
    }
  }
  return y;
}

describe('a BWHT layer on the simulated chip', () => {
  it('with every non-ideality off and a 7-bit converter, the chip output equals the exact integer transform element for element', () => {
    // 64 x 128 arrays: a 7-bit SA needs 128 lender bitlines per lane.
    const circuit = chip({ 'param.ncols': 128, 'D0.bits': 7, 'DAC0.groups': '64,32,16,8,4,2,1' });
    const q = codes(128, 4, 'exact-7bit');
    const run = runBwhtLayer(circuit, q, { blockSize: 128, inputBits: 4 });
    expect(run.plan.tiles.length).toBe(4); // 2 row tiles x 2 column tiles
    expect(run.calibrations[0].minStep_LSB).toBeGreaterThan(1); // every count has its own code
    expect(Array.from(run.exact[0])).toEqual(matrixTransform(q, 128));
    expect(Array.from(run.outputs[0])).toEqual(matrixTransform(q, 128));
  });

  it('with 16-row arrays the 5-bit converter is exact too, across tile rewrites and zero-padded blocks', () => {
    const circuit = chip({ 'param.nrows': 16 });
    const q = codes(48, 3, 'exact-16rows');
    const run = runBwhtLayer(circuit, q, { blockSize: 32, channels: 48, inputBits: 3 });
    expect(run.plan.tiles.length).toBeGreaterThan(circuit.assignments.length); // arrays are rewritten
    expect(Array.from(run.outputs[0])).toEqual(matrixTransform(q, 32));
  });

  it('with the 5-bit converter on 64-row tiles, the quantization error equals an independent quantization of the ideal column sums', () => {
    const circuit = chip({});
    const q = codes(64, 4, 'quantization-5bit');
    const run = runBwhtLayer(circuit, q, { blockSize: 64, inputBits: 4 });
    const cal = run.calibrations[0];
    const d = circuit.assignments[0].digitizer;
    const levels = 32;
    const lsb = (d.vtop - d.vbottom) / levels;
    // The calibration: levels fall with the count, the top count sits at the top code's centre.
    for (let s = 1; s < cal.levels_V.length; s++) expect(cal.levels_V[s]).toBeLessThan(cal.levels_V[s - 1]);
    expect(Math.abs(cal.levels_V[64] - (d.vtop - 31.5 * lsb))).toBeLessThan(1e-5);
    // Independent path: column sums from the matrix, 5-bit floor quantizer, mean-of-bin decode.
    const code = (s: number): number => Math.min(levels - 1, Math.max(0, Math.floor((d.vtop - cal.levels_V[s]) / lsb)));
    const members = new Map<number, number[]>();
    for (let s = 0; s <= 64; s++) members.set(code(s), [...(members.get(code(s)) ?? []), s]);
    const decoded = (s: number): number => {
      const m = members.get(code(s))!;
      return m.reduce((a, b) => a + b, 0) / m.length;
    };
    const h = sequencyMatrix(64);
    const y = new Array<number>(64).fill(0);
    for (let p = 0; p < 4; p++) {
      const bit = Array.from(q, (v) => (v >> p) & 1);
      const ones = bit.reduce((a, b) => a + b, 0);
      for (let i = 0; i < 64; i++) {
        let s = 0;
        for (let j = 0; j < 64; j++) if (h[i][j] === 1) s += bit[j];
        y[i] += 2 ** p * (2 * decoded(s) - decoded(ones));
      }
    }
    const exact = matrixTransform(q, 64);
    for (let i = 0; i < 64; i++) expect(run.quantized[0][i]).toBeCloseTo(y[i], 9);
    const err = y.map((v, i) => v - exact[i]);
    const rms = Math.sqrt(err.reduce((a, e) => a + e * e, 0) / 64);
    const max = Math.max(...err.map(Math.abs));
    const got = outputErrors(run.quantized, run.exact);
    expect(got.rms).toBeCloseTo(rms, 9);
    expect(got.max).toBeCloseTo(max, 9);
    expect(rms).toBeGreaterThan(0); // 65 counts cannot fit 32 codes
    // Every non-ideality off: the chip's codes are the ideal codes (ties at a code edge aside).
    let same = 0;
    for (let k = 0; k < run.log.length; k++) if (run.log.code[k] === run.log.idealCode[k]) same++;
    expect(same / run.log.length).toBeGreaterThan(0.98);
  });

  it('decodes codes to the mean count of their bin, or the nearest count for a bin no level reaches', () => {
    const vtop = 1;
    const vbottom = 0.36; // 20 mV LSB at 5 bits
    const lsb = 0.02;
    // Two LSB per count: count s lands in code 2s, odd codes are empty and decode to the nearer count.
    const wide = decodeTable(Array.from({ length: 16 }, (_, s) => vtop - (2 * s + 0.5) * lsb), vtop, vbottom, 5);
    for (let s = 0; s < 16; s++) expect(wide[2 * s]).toBe(s);
    expect(wide[1]).toBe(0); // centre 1.5 LSB: 1 LSB from count 0 at 0.5, 1 LSB from count 1 at 2.5 -> lower wins
    // Half an LSB per count: counts 2c and 2c+1 share code c, which decodes to 2c + 0.5.
    const narrow = decodeTable(Array.from({ length: 64 }, (_, s) => vtop - (0.5 * s + 0.25) * lsb), vtop, vbottom, 5);
    for (let c = 0; c < 32; c++) expect(narrow[c]).toBe(2 * c + 0.5);
  });

  it('the bundled scenario reports errors, energy, time and area per inference and the MobileNetV2 figures', () => {
    const r = runScenarioFile(scenarioFile);
    expect(r.passed).toBe(true);
    const s = r.sections.find((x) => x.name === 'bwht')!;
    const m = s.metrics;
    expect(m.mobilenetV2ImageNetParams_count).toBe(3_504_872); // torchvision mobilenet_v2
    expect(m.mobilenetV2Cifar10Params_count).toBe(2_296_922); // kuangliu/pytorch-cifar MobileNetV2
    expect(Math.abs(m.closestCifar10Cut_ratio - 0.87)).toBeLessThan(0.015);
    const table = s.tables.find((t) => t.name === 'energy')!;
    const sum = table.rows.reduce((a, row) => a + Number(row.perInference_J), 0);
    expect(Math.abs(sum - m.energyPerInference_J)).toBeLessThanOrEqual(1e-12 * m.energyPerInference_J);
    expect(m.latencyPerInference_s).toBeGreaterThan(0);
    expect(m.area_m2).toBeGreaterThan(0);
    expect(m.outputs_count).toBe(64);
    expect(m.quantizationRmsError_LSB).toBeGreaterThan(0);
  });

  it('reads activations from a JSON file, one inference per position', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-bwht-'));
    const x = [Array.from({ length: 32 }, (_, j) => (j * 5) % 7), Array.from({ length: 32 }, (_, j) => (j * 3) % 11)];
    fs.writeFileSync(path.join(dir, 'x.json'), JSON.stringify(x));
    const file = path.join(dir, 's.json');
    fs.writeFileSync(file, JSON.stringify({
      name: 'file-inputs', netlist: path.join(root, 'netlists/testchip65.cir'), nonidealities: { all: false },
      overrides: { 'param.nrows': 16, ...edgesOff() },
      analyses: [{ type: 'bwht', blockSize: 32, channels: 32, inputBits: 2, inputs: 'x.json' }],
    }));
    const m = runScenarioFile(file).sections[0].metrics;
    expect(m.positions_count).toBe(2);
    expect(m.maxAbsError_LSB).toBe(0); // 16 rows on a 5-bit converter: exact
    expect(m.energyPerInference_J).toBeCloseTo(m.energy_J / 2, 20);
  });
});
