import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { elaborateFile, elaborateText, MAX_INCLUDE_DEPTH } from '../../src/netlist/index.js';
import { colOf, errorOf, expectClose, OPTIONS, param } from './helpers.js';

const FIXTURES = path.join('test', 'netlist', 'fixtures');
const fixture = (name: string): string => path.join(FIXTURES, name);
const temps: string[] = [];

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

describe('.include', () => {
  test('included files are read relative to the including file and elaborated in place', () => {
    const d = elaborateFile(fixture('main.cir'), OPTIONS);
    expect(d.title).toBe('include demo');
    expect(d.files).toEqual([fixture('main.cir'), fixture('lib/tech.inc'), fixture('lib/arrays.inc')]);
    expect(d.tech.vdd.value).toBe(1.0);
    expect(d.tech.temp.from).toEqual({ kind: 'tech', loc: { file: fixture('lib/tech.inc'), line: 3, col: 7 }, detail: fixture('lib/tech.inc') });
    expect(param(d, 'A0', 'cols').value).toBe(32);
    expect(param(d, 'A0', 'cols').from).toEqual({ kind: 'param', loc: { file: fixture('lib/arrays.inc'), line: 2, col: 21 }, detail: 'ncols' });
    expect(param(d, 'A1', 'tpre').from).toEqual({ kind: 'include', loc: { file: fixture('lib/arrays.inc'), line: 3, col: 22 }, detail: fixture('lib/arrays.inc') });
    expectClose(param(d, 'A1', 'tpre').value, 250e-12);
    expect(param(d, 'D0', 'bits').from.kind).toBe('param');
    expect(param(d, 'N0', 'arrays').value).toEqual(['A0', 'A1']);
  });

  test('elaborateText resolves includes relative to the folder of the name it is given', () => {
    const d = elaborateText('.include lib/tech.inc\nA0 cimarray cols={ncols}', fixture('virtual.cir'), OPTIONS);
    expect(param(d, 'A0', 'cols').value).toBe(32);
  });

  test('an error inside an included file is reported in that file at its own line and column', () => {
    const e = errorOf(() => elaborateFile(fixture('bad-include.cir'), OPTIONS));
    const line = fs.readFileSync(fixture('lib/bad.inc'), 'utf8').split('\n')[2];
    expect(e.loc).toEqual({ file: fixture('lib/bad.inc'), line: 3, col: colOf(line, '0') });
    expect(e.message).toMatch(/A8.cols = 0 is out of range/);
  });

  test('an include cycle is an error at the .include that closes it and shows the cycle', () => {
    const e = errorOf(() => elaborateFile(fixture('cycle/a.cir'), OPTIONS));
    const c = fixture('cycle');
    expect(e.message).toBe(`include cycle: ${[`${c}/a.cir`, `${c}/b.cir`, `${c}/c.cir`, `${c}/a.cir`].join(' -> ')}`);
    expect(e.loc).toEqual({ file: `${c}/c.cir`, line: 2, col: colOf('.include a.cir', 'a.cir') });
  });

  test('a file that includes itself is a cycle of one', () => {
    const e = errorOf(() => elaborateFile(fixture('self.cir'), OPTIONS));
    expect(e.message).toBe(`include cycle: ${fixture('self.cir')} -> ${fixture('self.cir')}`);
    expect(e.loc?.line).toBe(1);
  });

  test(`includes nest up to ${MAX_INCLUDE_DEPTH} levels; one more is an error`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-include-'));
    temps.push(dir);
    const levels = MAX_INCLUDE_DEPTH + 1;
    for (let k = 0; k <= levels; k++) {
      const body = k < levels ? `.include d${k + 1}.cir\n` : `A${k} cimarray\n`;
      fs.writeFileSync(path.join(dir, `d${k}.cir`), body);
    }
    // d1 -> ... -> d17 is 16 levels below d1: accepted.
    const ok = elaborateFile(path.join(dir, 'd1.cir'), OPTIONS);
    expect(ok.files).toHaveLength(MAX_INCLUDE_DEPTH + 1);
    expect(ok.instances.map((i) => i.name)).toEqual([`A${levels}`]);
    // d0 -> ... -> d17 is 17 levels: refused at the deepest .include.
    const e = errorOf(() => elaborateFile(path.join(dir, 'd0.cir'), OPTIONS));
    expect(e.message).toMatch(/nested deeper than 16 levels/);
    expect(e.loc?.file).toBe(path.join(dir, `d${MAX_INCLUDE_DEPTH}.cir`));
    expect(e.loc?.col).toBe(10);
  });

  test('including a folder or a missing main file gives a clean error', () => {
    const e = errorOf(() => elaborateText('.include lib', fixture('x.cir'), OPTIONS));
    expect(e.message).toMatch(/cannot read include file `.*lib`: it is a folder/);
    const m = errorOf(() => elaborateFile(fixture('does-not-exist.cir'), OPTIONS));
    expect(m.message).toMatch(/cannot read netlist .*no such file/);
  });

  test('.end in an included file ends that file only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-end-'));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, 'inc.cir'), 'A0 cimarray\n.end\nA9 cimarray\n');
    const d = elaborateText('.include inc.cir\nA1 cimarray\n', path.join(dir, 'main.cir'), OPTIONS);
    expect(d.instances.map((i) => i.name)).toEqual(['A0', 'A1']);
  });
});
