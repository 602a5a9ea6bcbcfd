import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = path.resolve(__dirname, '../..');

/** Mutate text: delete, duplicate or swap characters, insert a random token, or truncate. */
function mutate(text: string, rng: () => number): string {
  const tokens = ['{', '}', '=', ',', '"', '1e999', '-1', 'NaN', '[', ']', ':', 'A0', 'rows', '0.3fF', '200ps', '\n', '+', ';', '.param', '{vdd*}', 'null', 'true'];
  let t = text;
  const edits = 1 + Math.floor(rng() * 3);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rng() * Math.max(1, t.length));
    const kind = Math.floor(rng() * 5);
    if (kind === 0) t = t.slice(0, i) + t.slice(i + 1);
    else if (kind === 1) t = t.slice(0, i) + t.slice(i, i + 8) + t.slice(i);
    else if (kind === 2) t = t.slice(0, i) + tokens[Math.floor(rng() * tokens.length)] + t.slice(i);
    else if (kind === 3 && i + 1 < t.length) t = t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2);
    else t = t.slice(0, i);
  }
  return t;
}

describe('fuzzing the command-line entry point', () => {
  it('every mutated netlist and scenario ends in success, a check failure or a located error, never a crash', async () => {
    const rng = seedrandom.alea('cli-fuzz');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-fuzz-'));
    fs.mkdirSync(path.join(dir, 'tech'));
    fs.copyFileSync(path.join(root, 'netlists/tech/cmos65-lp.tech'), path.join(dir, 'tech/cmos65-lp.tech'));
    // A small, fast chip so thousands of runs fit in the test budget.
    const netlist = fs.readFileSync(path.join(root, 'netlists/testchip65.cir'), 'utf8').replace('.param nrows=64 ncols=32', '.param nrows=8 ncols=32');
    const scenario = JSON.stringify({ name: 'fuzz', netlist: 'chip.cir', seed: 1, stimulus: { encoding: 'binary', inferences: 1 }, analyses: [{ type: 'inference' }], checks: [{ metric: 'inference.maxAbsError_LSB', max: 40 }], outputs: { csv: false, svg: false, html: false } }, null, 1);
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const outcomes = { ok: 0, checkFailed: 0, badInput: 0 };
    try {
      for (let k = 0; k < 2000; k++) {
        const mutateNetlist = rng() < 0.5;
        fs.writeFileSync(path.join(dir, 'chip.cir'), mutateNetlist ? mutate(netlist, rng) : netlist);
        fs.writeFileSync(path.join(dir, 'scenario.json'), mutateNetlist ? scenario : mutate(scenario, rng));
        const code = await main(['run', path.join(dir, 'scenario.json'), '--out', path.join(dir, 'out')], () => {});
        // 3 would be an internal error (an uncaught exception turned into a bug report).
        if (code === 3) console.error(`case ${k}`, fs.readFileSync(path.join(dir, mutateNetlist ? "chip.cir" : "scenario.json"), "utf8"));
        expect(code, `case ${k}`).not.toBe(3);
        if (code === 0) outcomes.ok++;
        else if (code === 1) outcomes.checkFailed++;
        else outcomes.badInput++;
      }
    } finally {
      spy.mockRestore();
    }
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.badInput).toBeGreaterThan(0);
  }, 300_000);
});
