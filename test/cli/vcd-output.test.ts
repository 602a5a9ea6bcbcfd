import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseVcd, valueAt } from '../report/vcdReader.js';

const root = path.resolve(__dirname, '../..');
const gtkwave = !spawnSync('vcd2fst', ['--help']).error;
const requireTools = process.env.CIMSIM_REQUIRE_TOOLS === '1';
if (!gtkwave && !requireTools) console.warn('SKIPPED: vcd2fst (GTKWave) not found; the run\'s VCD is only checked by the test reader');

/** The value a signal's changes hold at time t (the last change at or before t). */
function valueAtTime(changes: Array<[number, string]>, t: number): string {
  let v = changes[0][1];
  for (const [time, value] of changes) if (time <= t) v = value;
  return v;
}

describe('cimsim run --vcd', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-vcdrun-'));
  const vcd = path.join(dir, 'sa.vcd');
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = main(['run', path.join(root, 'scenarios/sa.json'), '--out', path.join(dir, 'out'), '--vcd', vcd], () => {});
  spy.mockRestore();

  it('writes bitline and wordline waveforms whose values match the conversion records', async () => {
    expect(await code).toBe(0);
    const parsed = parseVcd(fs.readFileSync(vcd, 'utf8'));
    expect(parsed.timescale.replace(/\s/g, '')).toBe('1fs');
    expect(parsed.vars.has('A0.bl_0')).toBe(true);
    expect(parsed.vars.has('A0.rwl_envelope')).toBe(true);
    // The first conversion of A0 column 0 reads the bitline voltage that the waveform holds at the
    // end of the first pulse (no leakage has acted yet at that instant).
    const csv = fs.readFileSync(path.join(dir, 'out/inference-conversions.csv'), 'utf8').split('\n');
    const header = csv[0].split(',');
    const first = csv[1].split(',');
    expect(first[header.indexOf('array')]).toBe('A0');
    const envelope = parsed.changes.get('A0.rwl_envelope')!;
    const rise = envelope.findIndex(([, v]) => Number(v) > 0);
    const pulseEnd = envelope.slice(rise).find(([, v]) => Number(v) === 0)![0];
    expect(Number(valueAt(parsed, 'A0.bl_0', 0)!)).toBeCloseTo(1.1, 9); // starts precharged
    const atPulseEnd = Number(valueAt(parsed, 'A0.bl_0', pulseEnd)!);
    const idealStart = Number(first[header.indexOf('analog_V')]);
    expect(atPulseEnd).toBeGreaterThanOrEqual(idealStart - 1e-9); // droop only lowers it afterwards
    expect(atPulseEnd - idealStart).toBeLessThan(0.05);
  });

  it('shows every SA step of a conversion: vin, vref, the decision and the code register, as the conversion records say', async () => {
    expect(await code).toBe(0);
    const parsed = parseVcd(fs.readFileSync(vcd, 'utf8'));
    const csv = fs.readFileSync(path.join(dir, 'out/inference-conversions.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const [header, ...rows] = csv;
    const col = (name: string) => header.indexOf(name);
    // the first conversion of digitizer lane D0@A0 lane 0: A0 column 0 (SA converts column k on lane k)
    const first = rows.find((r) => r[col('array')] === 'A0' && r[col('column')] === '0')!;
    const lane = 'D0_A0.lane0';
    const after0 = (name: string) => parsed.changes.get(`${lane}.${name}`)!.filter(([t]) => t > 0);
    // each step samples vin and sets a new trial reference: the first six vref changes are this
    // conversion's five steps and the next conversion's first
    const steps = after0('vref').slice(0, 6);
    const vin = Number(after0('vin')[0][1]);
    expect(vin).toBeCloseTo(Number(first[col('analog_V')]), 6);
    // what the comparator decided and the code register held at the end of each step
    const decisions = steps.slice(1).map(([t]) => valueAtTime(after0('decision'), t - 1));
    const codes = steps.slice(1).map(([t]) => Number.parseInt(valueAtTime(after0('code'), t - 1), 2));
    let register = 0;
    decisions.forEach((out, k) => {
      if (out === '1') register |= 1 << (4 - k); // each decision sets its bit, MSB first
      expect(codes[k], `step ${k}`).toBe(register);
    });
    expect(register).toBe(Number(first[col('code')]));
    // a binary search: the reference moves towards vin after every step (down after a 1, up after a 0)
    const vref = steps.map(([, v]) => Number(v));
    for (let k = 1; k < 5; k++) expect(Math.sign(vref[k] - vref[k - 1]), `step ${k}`).toBe(decisions[k - 1] === '1' ? -1 : 1);
    // the save file names only signals the VCD has
    const gtkw = fs.readFileSync(vcd.replace(/\.vcd$/, '.gtkw'), 'utf8');
    const names = gtkw.split('\n').filter((l) => /^[A-Za-z_]/.test(l)).map((l) => l.replace(/\[\d+:0\]$/, ''));
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) expect(parsed.vars.has(n), n).toBe(true);
  });

  it.runIf(gtkwave)('is accepted by GTKWave\'s vcd2fst, an independent parser', async () => {
    await code;
    const r = spawnSync('vcd2fst', [vcd, path.join(dir, 'sa.fst')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(fs.statSync(path.join(dir, 'sa.fst')).size).toBeGreaterThan(0);
    const back = spawnSync('fst2vcd', [path.join(dir, 'sa.fst')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(back.status).toBe(0);
    expect(back.stdout).toContain('bl_0');
  });

  it.runIf(requireTools && !gtkwave)('finds vcd2fst (CIMSIM_REQUIRE_TOOLS=1)', () => {
    expect(gtkwave, 'install gtkwave').toBe(true);
  });
});
