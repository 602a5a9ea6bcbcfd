import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { VcdWriter, formatVcdReal, sanitizeVcdName, vcdIdentifier } from '../../src/report/vcd.js';
import { bitsToNumber, parseVcd, valueAt, type ParsedVcd } from './vcdReader.js';

/** One reported change, as a device would report it (any time order). */
interface Event {
  time: number; // fs
  path: string;
  value: number;
}

interface Fixture {
  writer: VcdWriter;
  events: Event[];
  kinds: Map<string, 'real' | 'wire'>;
}

/**
 * 120 real bitlines (so identifier codes need two characters), a clock and a 5-bit code bus;
 * changes are generated from a seeded stream and fed to the writer shuffled.
 */
function buildFixture(seed: string): Fixture {
  const rng = seedrandom(seed);
  const writer = new VcdWriter({ date: 'fixed for tests' });
  const events: Event[] = [];
  const kinds = new Map<string, 'real' | 'wire'>();
  const ids = new Map<string, string>();
  for (let c = 0; c < 120; c++) {
    const path = `net.array0.bl_${c}`;
    ids.set(path, writer.addSignal(['net', 'array0'], `bl[${c}]`, 'real'));
    kinds.set(path, 'real');
    // Precharged to 1.1 V, then discharging at random times by random amounts, some tiny.
    events.push({ time: 0, path, value: 1.1 });
    let v = 1.1;
    for (let k = 0; k < 6; k++) {
      v -= rng() * 0.2 * 10 ** -Math.floor(rng() * 8);
      events.push({ time: Math.floor(rng() * 5e6) + 1, path, value: v });
    }
  }
  ids.set('net.ctl.clk', writer.addSignal(['net', 'ctl'], 'clk', 'wire'));
  kinds.set('net.ctl.clk', 'wire');
  ids.set('net.ctl.code', writer.addSignal(['net', 'ctl'], 'code', 'wire', 5));
  kinds.set('net.ctl.code', 'wire');
  for (let k = 0; k < 40; k++) {
    events.push({ time: k * 125_000, path: 'net.ctl.clk', value: k % 2 });
    events.push({ time: k * 125_000 + 7, path: 'net.ctl.code', value: Math.floor(rng() * 32) });
  }
  // Shuffle: devices report out of order.
  const shuffled = events.map((e) => ({ e, key: rng() })).sort((a, b) => a.key - b.key).map((x) => x.e);
  for (const e of shuffled) writer.change(e.time, ids.get(e.path)!, e.value);
  return { writer, events: shuffled, kinds };
}

/** Expected value of `path` at `time` from the raw events: last one reported at the latest time <= t. */
function expectedAt(events: Event[], path: string, time: number): number | undefined {
  let best: Event | undefined;
  for (const e of events) {
    if (e.path !== path || e.time > time) continue;
    if (!best || e.time >= best.time) best = e; // later report at equal time wins
  }
  return best?.value;
}

function checkAgainstEvents(vcd: ParsedVcd, fx: Fixture): number {
  let checked = 0;
  const probeTimes = [...new Set(fx.events.map((e) => e.time))];
  for (const [path, kind] of fx.kinds) {
    const times = probeTimes.filter((_, i) => i % 7 === 0).concat(fx.events.filter((e) => e.path === path).map((e) => e.time));
    for (const t of times) {
      const want = expectedAt(fx.events, path, t);
      const raw = valueAt(vcd, path, t);
      if (want === undefined) continue;
      expect(raw, `${path} at ${t} fs`).toBeDefined();
      const got = kind === 'real' ? Number(raw) : bitsToNumber(raw!);
      if (kind === 'real') {
        // 9 significant digits: relative error <= 5e-9.
        expect(Math.abs(got - want), `${path} at ${t} fs`).toBeLessThanOrEqual(5e-9 * Math.abs(want) + 1e-300);
      } else {
        expect(got, `${path} at ${t} fs`).toBe(want);
      }
      checked++;
    }
  }
  return checked;
}

describe('VCD writer read back by an independent reader', () => {
  const fx = buildFixture('vcd-roundtrip');
  const text = fx.writer.toString();
  const vcd = parseVcd(text);

  it('declares a 1 fs timescale and every signal with its type and size', () => {
    expect(vcd.timescale).toBe('1fs');
    expect(vcd.vars.size).toBe(122);
    expect(vcd.vars.get('net.array0.bl_3')).toMatchObject({ type: 'real', size: 64 });
    expect(vcd.vars.get('net.ctl.code')).toMatchObject({ type: 'wire', size: 5 });
    expect(text).toMatch(/^\$version\s+cimsim\s+\$end$/m);
  });

  it('reproduces every reported value at its time, whatever the reporting order', () => {
    expect(checkAgainstEvents(vcd, fx)).toBeGreaterThan(1000);
  });

  it('writes strictly increasing time stamps starting at 0', () => {
    expect(vcd.times[0]).toBe(0);
    for (let i = 1; i < vcd.times.length; i++) expect(vcd.times[i]).toBeGreaterThan(vcd.times[i - 1]);
  });

  it('lists every signal in $dumpvars and never repeats an unchanged value', () => {
    expect(vcd.dumpvarsCodes.size).toBe(122);
    for (const [path, list] of vcd.changes) {
      for (let i = 1; i < list.length; i++) {
        const same = list[i][1] === list[i - 1][1];
        expect(same, `${path} repeats ${list[i][1]} at ${list[i][0]} fs`).toBe(false);
      }
    }
  });

  it('writes a real that never changes once, at time 0', () => {
    const w = new VcdWriter({ date: 'd' });
    const id = w.addSignal(['a'], 'vref', 'real');
    w.change(0, id, 0.55);
    w.change(1000, id, 0.55);
    w.change(500, id, 0.55);
    const parsed = parseVcd(w.toString());
    expect(parsed.changes.get('a.vref')).toEqual([[0, '0.55']]);
  });

  it('keeps the last value reported for a signal at one time', () => {
    const w = new VcdWriter({ date: 'd' });
    const r = w.addSignal(['a'], 'v', 'real');
    w.change(0, r, 1);
    w.change(100, r, 0.2);
    w.change(100, r, 0.3);
    w.change(0, r, 0.9);
    const parsed = parseVcd(w.toString());
    expect(parsed.changes.get('a.v')).toEqual([[0, '0.9'], [100, '0.3']]);
  });

  it('starts reals at 0.0 and wires at x when nothing is reported at time 0', () => {
    const w = new VcdWriter({ date: 'd' });
    const r = w.addSignal([], 'v', 'real');
    const c = w.addSignal([], 'clk', 'wire');
    const b = w.addSignal([], 'bus', 'wire', 4);
    w.change(10, r, 1);
    w.change(10, c, 1);
    w.change(10, b, '0x1');
    const parsed = parseVcd(w.toString());
    expect(valueAt(parsed, 'top.v', 0)).toBe('0');
    expect(valueAt(parsed, 'top.clk', 0)).toBe('x');
    expect(valueAt(parsed, 'top.bus', 0)).toBe('x');
    expect(valueAt(parsed, 'top.v', 10)).toBe('1');
    // A leading 0 before x is kept: dropping it would x-extend the vector.
    expect(valueAt(parsed, 'top.bus', 10)).toBe('0x1');
  });
});

function haveTool(name: string): boolean {
  const r = spawnSync(name, ['--help'], { encoding: 'utf8' });
  return !r.error;
}

const toolsPresent = haveTool('vcd2fst') && haveTool('fst2vcd');
const requireTools = process.env.CIMSIM_REQUIRE_TOOLS === '1';
if (!toolsPresent && !requireTools) {
  console.warn('SKIPPED: vcd2fst/fst2vcd (GTKWave) not found; the VCD -> FST -> VCD round trip is not checked');
}

describe('VCD round trip through GTKWave vcd2fst and fst2vcd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cimsim-vcd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.runIf(requireTools && !toolsPresent)('finds vcd2fst and fst2vcd on PATH (CIMSIM_REQUIRE_TOOLS=1)', () => {
    expect(toolsPresent, 'install gtkwave to get vcd2fst and fst2vcd').toBe(true);
  });

  it.runIf(toolsPresent)('keeps every signal value and time through VCD -> FST -> VCD', () => {
    const fx = buildFixture('fst-roundtrip');
    const vcdPath = join(dir, 'trace.vcd');
    const fstPath = join(dir, 'trace.fst');
    fx.writer.writeFile(vcdPath);
    const toFst = spawnSync('vcd2fst', [vcdPath, fstPath], { encoding: 'utf8' });
    expect(toFst.status, toFst.stderr).toBe(0);
    const back = spawnSync('fst2vcd', [fstPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(back.status, back.stderr).toBe(0);
    const vcd = parseVcd(back.stdout);
    expect(vcd.timescale).toBe('1fs');
    expect(vcd.vars.size).toBe(122);
    expect(vcd.vars.get('net.array0.bl_119')?.type).toBe('real');
    expect(checkAgainstEvents(vcd, fx)).toBeGreaterThan(1000);
    // The FST also holds exactly our time stamps.
    expect(vcd.times).toEqual(parseVcd(readFileSync(vcdPath, 'utf8')).times);
  });

  it.runIf(toolsPresent)('keeps a time near the 2^53 fs limit and tiny and negative reals', () => {
    const w = new VcdWriter({ date: 'd' });
    const v = w.addSignal(['x'], 'v', 'real');
    const times = [0, 1, 999_999_999_999, Number.MAX_SAFE_INTEGER];
    const values = [1.1, -3.25e-9, 6.02214076e23, -0.000123456789];
    times.forEach((t, i) => w.change(t, v, values[i]));
    const vcdPath = join(dir, 'edge.vcd');
    const fstPath = join(dir, 'edge.fst');
    w.writeFile(vcdPath);
    expect(spawnSync('vcd2fst', [vcdPath, fstPath]).status).toBe(0);
    const back = parseVcd(spawnSync('fst2vcd', [fstPath], { encoding: 'utf8' }).stdout);
    const list = back.changes.get('x.v')!;
    expect(list.map(([t]) => t)).toEqual(times);
    list.forEach(([, raw], i) => expect(Math.abs(Number(raw) - values[i])).toBeLessThanOrEqual(5e-9 * Math.abs(values[i])));
  });
});

describe('VCD names, codes and input checks', () => {
  it('turns bracketed and spaced names into viewer-safe identifiers', () => {
    expect(sanitizeVcdName('bl[3]')).toBe('bl_3');
    expect(sanitizeVcdName('w[2][5]')).toBe('w_2_5');
    expect(sanitizeVcdName('ref a')).toBe('ref_a');
    expect(sanitizeVcdName('3rd')).toBe('_3rd');
  });

  it('gives 10000 signals distinct printable identifier codes without whitespace', () => {
    const codes = new Set<string>();
    for (let n = 0; n < 10000; n++) {
      const id = vcdIdentifier(n);
      for (const ch of id) {
        expect(ch.charCodeAt(0)).toBeGreaterThanOrEqual(33);
        expect(ch.charCodeAt(0)).toBeLessThanOrEqual(126);
      }
      codes.add(id);
    }
    expect(codes.size).toBe(10000);
    expect(vcdIdentifier(93)).toBe('~');
    expect(vcdIdentifier(94).length).toBe(2);
  });

  it('formats reals with 9 significant digits, readable by strtod-style parsers', () => {
    for (const v of [0.1 + 0.2, 1e-7, -2.5e-15, 123456789012, 0.999999999999, 5e-324]) {
      const text = formatVcdReal(v);
      expect(text).toMatch(/^-?\d+(\.\d+)?(e[+-]\d+)?$/);
      expect(Math.abs(Number(text) - v)).toBeLessThanOrEqual(5e-9 * Math.abs(v));
    }
    expect(formatVcdReal(0.1 + 0.2)).toBe('0.3');
  });

  it('rejects non-finite values, bad times, unknown ids and oversize wire values with a CimsimError', () => {
    const w = new VcdWriter();
    const r = w.addSignal(['a'], 'v', 'real');
    const b = w.addSignal(['a'], 'bus', 'wire', 3);
    expect(() => w.change(0, r, NaN)).toThrow(/non-finite/);
    expect(() => w.change(0, r, Infinity)).toThrow(CimsimError);
    expect(() => w.change(Infinity, r, 1)).toThrow(/femtoseconds/);
    expect(() => w.change(1.5, r, 1)).toThrow(/femtoseconds/);
    expect(() => w.change(-1, r, 1)).toThrow(/femtoseconds/);
    expect(() => w.change(2 ** 53, r, 1)).toThrow(/femtoseconds/);
    expect(() => w.change(0, '??', 1)).toThrow(/unknown signal/);
    expect(() => w.change(0, b, 8)).toThrow(/needs 4 bits/);
    expect(() => w.change(0, b, '10q')).toThrow(CimsimError);
    expect(() => w.addSignal(['a'], 'bus', 'wire')).toThrow(/declared twice/);
  });
});
