import { describe, expect, test } from 'vitest';
import { elab, errorOf, expectClose, param } from './helpers.js';

const NET = [
  '.tech vdd=1.0',
  '.param ncols=16 half={ncols/2}',
  'A0 cimarray rows=64 cols={ncols} tpre=250ps',
  'A1 cimarray cols={half}',
].join('\n');

describe('overrides', () => {
  test('tech.<param> wins over every .tech line and feeds expressions and {vdd} defaults', () => {
    const d = elab(NET + '\n.tech vdd=0.8', { 'tech.vdd': 1.2 });
    expect(d.tech.vdd.value).toBe(1.2);
    expect(d.tech.vdd.from).toEqual({ kind: 'override', detail: 'tech.vdd' });
    expectClose(param(d, 'A0', 'vpre').value, 1.2);
  });

  test('param.<name> replaces the .param and every expression below sees the new value', () => {
    const d = elab(NET, { 'param.ncols': 64 });
    expect(d.globals.ncols.value).toBe(64);
    expect(d.globals.ncols.from.kind).toBe('override');
    expect(d.globals.half.value).toBe(32);
    expect(param(d, 'A0', 'cols').value).toBe(64);
    expect(param(d, 'A1', 'cols').value).toBe(32);
  });

  test('param overrides given as text are read like netlist values and keep their unit', () => {
    const d = elab('.param c=1fF\nR0 refdac sw_cgate={c*2}', { 'param.c': '0.25fF' });
    expectClose(d.globals.c.value, 0.25e-15);
    expect(d.globals.c.unit).toBe('F');
    expectClose(param(d, 'R0', 'sw_cgate').value, 0.5e-15);
    expect(elab('.param c=1fF', { 'param.c': 2e-15 }).globals.c.unit).toBe('F');
  });

  test('<instance>.<param> overrides numbers, text values, enums, lists and refs (case-insensitive keys)', () => {
    const d = elab(NET + '\nR0 refdac\nR1 refdac\nC0 comparator\nD0 digitizer dac=R0 comparator=C0\nN0 network arrays=A0 digitizer=D0', {
      'a0.ROWS': 128,
      'A0.tpre': '1ns',
      'C0.metastable': 'ONE',
      'R0.groups': '8,4,2,1',
      'D0.dac': 'r1',
      'N0.arrays': 'A1,A0',
      'A1.tunit': '{half*10p}',
    });
    expect(param(d, 'A0', 'rows').value).toBe(128);
    expect(param(d, 'A0', 'rows').from).toEqual({ kind: 'override', detail: 'a0.ROWS' });
    expectClose(param(d, 'A0', 'tpre').value, 1e-9);
    expect(param(d, 'C0', 'metastable').value).toBe('one');
    expect(param(d, 'R0', 'groups').value).toEqual([8, 4, 2, 1]);
    expect(param(d, 'D0', 'dac').value).toBe('R1');
    expect(param(d, 'N0', 'arrays').value).toEqual(['A1', 'A0']);
    expectClose(param(d, 'A1', 'tunit').value, 8 * 10e-12);
  });

  test('override values are checked like netlist values, and the error names the key', () => {
    const range = errorOf(() => elab(NET, { 'A0.rows': 5000 }));
    expect(range.message).toMatch(/^override `A0.rows`: A0.rows = 5000 is out of range: expected 1 .. 4096/);
    expect(range.loc).toBeUndefined();
    expect(errorOf(() => elab(NET, { 'A0.tpre': '0.3fF' })).message).toMatch(/override `A0.tpre`: .*dimension mismatch/);
    expect(errorOf(() => elab(NET + '\nC0 comparator', { 'C0.metastable': 'maybe' })).message).toMatch(/override `C0.metastable`: .*one of random, zero, one/);
    expect(errorOf(() => elab(NET, { 'A0.rows': 1.5 })).message).toMatch(/whole number/);
    expect(errorOf(() => elab(NET, { 'tech.vdd': Number.NaN })).message).toMatch(/finite/);
    expect(errorOf(() => elab(NET, { 'param.ncols': '{import(1)}' })).message).toMatch(/override `param.ncols`: .*import/);
    expect(errorOf(() => elab(NET + '\nC0 comparator\nD0 digitizer dac=A0 comparator=C0', { 'D0.dac': 'C0' })).message)
      .toMatch(/override `D0.dac`: D0.dac: `C0` is a comparator, expected a refdac/);
  });

  test('unknown override keys are errors that say which key and suggest the closest one', () => {
    const cases: [string, RegExp, RegExp][] = [
      ['tech.vdx', /`tech.vdx`: the technology has no parameter `vdx`/, /tech.vdd/],
      ['param.ncol', /`param.ncol`: there is no .param `ncol`/, /param.ncols/],
      ['A2.rows', /`A2.rows`: there is no instance `A2`/, /A0.rows|A1.rows/],
      ['A0.rowz', /`A0.rowz`: cimarray `A0` has no parameter `rowz`/, /A0.rows/],
      ['vdd', /keys are written tech/, /tech.vdd/],
      ['tech.', /keys are written/, /e\.g\./],
    ];
    for (const [key, message, hint] of cases) {
      const e = errorOf(() => elab(NET, { [key]: 1 }));
      expect(e.message, key).toMatch(message);
      expect(e.hint, key).toMatch(hint);
    }
  });
});

describe('provenance', () => {
  test('every value says where it came from, with its location', () => {
    const d = elab(['.tech temp=85', '.param n=16', 'A0 cimarray rows=32 cols={n} tpre={2*100p}'].join('\n'), { 'A0.tunit': '100ps' });
    expect(d.tech.temp.from).toEqual({ kind: 'tech', loc: { file: 'main.cir', line: 1, col: 7 } });
    expect(d.tech.vdd.from).toEqual({ kind: 'default' });
    expect(d.globals.n.from).toEqual({ kind: 'param', loc: { file: 'main.cir', line: 2, col: 8 } });
    expect(param(d, 'A0', 'rows').from).toEqual({ kind: 'instance', loc: { file: 'main.cir', line: 3, col: 13 } });
    expect(param(d, 'A0', 'cols').from).toEqual({ kind: 'param', loc: { file: 'main.cir', line: 3, col: 21 }, detail: 'n' });
    // An expression that uses no .param is a literal of the line.
    expect(param(d, 'A0', 'tpre').from.kind).toBe('instance');
    expect(param(d, 'A0', 'tunit').from).toEqual({ kind: 'override', detail: 'A0.tunit' });
    expect(param(d, 'A0', 'vpre').from).toEqual({ kind: 'default', loc: { file: 'main.cir', line: 3, col: 1 }, detail: '{vdd}' });
    expect(param(d, 'A0', 'trise').from.kind).toBe('default');
  });

  test('a .param that uses others lists them in its detail', () => {
    const d = elab('.param a=1 b=2 c={a+b+A}');
    expect(d.globals.c.from.detail).toBe('a, b');
  });
});
