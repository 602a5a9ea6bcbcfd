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
