import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { HAVE_NGSPICE } from './ngspice-available.js';

// The bundled chip's low-power read-port device is the PTM card's NMOS with a documented
// threshold shift and a thicker oxide (netlists/models/ptm65_bulk_lp.pm), and its technology file
// is exactly what `cimsim calibrate` writes from that card.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CARD = resolve(ROOT, 'netlists/models/ptm65_bulk_lp.pm');
const BASE = resolve(ROOT, 'netlists/models/ptm65_bulk.pm');
const TECH = resolve(ROOT, 'netlists/tech/cmos65-lp.tech');

/** The `.model <name>` block of a card, as name -> value of each `+param = value` entry. */
function modelParams(card: string, name: string): Map<string, string> {
  const start = card.indexOf(`.model  ${name} `);
  if (start < 0) throw new Error(`test bug: no model ${name}`);
  const end = card.indexOf('.model', start + 1);
  const block = card.slice(start, end < 0 ? undefined : end);
  const params = new Map<string, string>();
  for (const m of block.matchAll(/(\w+)\s*=\s*(\S+)/g)) params.set(m[1], m[2]);
  return params;
}

describe('the low-power read-port card', () => {
  const lp = readFileSync(CARD, 'utf8');
  const base = readFileSync(BASE, 'utf8');

  it('is the PTM nmos with vth0 +0.3 V and a 2.4 nm oxide, every other parameter unchanged', () => {
    const a = modelParams(base, 'nmos');
    const b = modelParams(lp, 'nmos_lp');
    const changed = [...a.keys()].filter((k) => a.get(k) !== b.get(k)).sort();
    expect(changed).toEqual(['toxe', 'toxm', 'toxp', 'vth0']);
    expect(Number(b.get('vth0')) - Number(a.get('vth0'))).toBeCloseTo(0.3, 12);
    expect(Number(b.get('toxe'))).toBe(2.4e-9);
    expect(Number(b.get('toxp'))).toBeCloseTo(Number(b.get('toxe')) - 0.65e-9, 15); // the card's dtox kept
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  });

  it('carries the original nmos and pmos for the periphery', () => {
    for (const name of ['nmos', 'pmos']) expect(modelParams(lp, name)).toEqual(modelParams(base, name));
  });
});

describe.skipIf(!HAVE_NGSPICE)('cmos65-lp.tech', () => {
  it('is what cimsim calibrate writes from the card (the command in its header), and its off current is > 100x below cmos65.tech', async () => {
    const committed = readFileSync(TECH, 'utf8');
    const command = committed.split('\n')[1].replace(/^\* cimsim /, '').split(' ');
    const out: string[] = [];
    const cwd = process.cwd();
    process.chdir(ROOT); // the header names the card relative to the repository
    try {
      expect(await main(command, (s) => out.push(s))).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(out.join('\n').trim()).toBe(committed.trim());
    const ioff = (t: string): number => Number(/\.tech rp_ioff=(\S+)/.exec(t)![1]);
    expect(ioff(readFileSync(resolve(ROOT, 'netlists/tech/cmos65.tech'), 'utf8')) / ioff(committed)).toBeGreaterThan(100);
  }, 120_000);
});
