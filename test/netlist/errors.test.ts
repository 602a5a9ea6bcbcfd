import { describe, expect, it, test } from 'vitest';
import { colOf, elab, errorOf } from './helpers.js';

/**
 * Every class of error, with its exact line and column. The expected column is found by searching
 * the offending text in the line (`needle`, its `nth` occurrence, plus `offset`), not copied
 * from the implementation's output.
 */
interface Case {
  readonly name: string;
  readonly lines: readonly string[];
  /** 1-based line of the error. */
  readonly line: number;
  readonly needle: string;
  readonly nth?: number;
  readonly offset?: number;
  readonly span?: number;
  readonly message: RegExp;
  readonly hint?: RegExp;
}

const DAC = ['R0 refdac', 'C0 comparator'];

const CASES: Case[] = [
  { name: 'unknown device type', lines: ['A0 cimarrey rows=4'], line: 1, needle: 'cimarrey', span: 8, message: /unknown device type `cimarrey`/, hint: /did you mean `cimarray`/ },
  { name: 'unknown parameter', lines: ['* c', 'A0 cimarray rowz=4'], line: 2, needle: 'rowz', message: /cimarray `A0` has no parameter `rowz`/, hint: /did you mean `rows`/ },
  { name: 'unit of the wrong dimension', lines: ['A0 cimarray tpre=0.3fF'], line: 1, needle: '0.3fF', offset: 4, span: 1, message: /A0.tpre: dimension mismatch: `0.3fF` is a capacitance \(F\), expected a time \(s\)/ },
  { name: 'unknown unit letters', lines: ['A0 cimarray tpre=3xs'], line: 1, needle: 'xs', span: 2, message: /unknown unit `xs`/ },
  { name: 'not a number', lines: ['A0 cimarray tpre=fast'], line: 1, needle: 'fast', message: /expected a number, found `fast`/, hint: /braces/ },
  { name: 'integer that is not whole', lines: ['A0 cimarray rows=64.5'], line: 1, needle: '64.5', span: 4, message: /A0.rows must be a whole number, got 64.5/ },
  { name: 'number out of range, with units in the message', lines: ['A0 cimarray tpre=2u'], line: 1, needle: '2u', message: /A0.tpre = 2 us is out of range: expected 1 ps .. 1 us/ },
  { name: 'negative where the minimum is zero', lines: ['A0 cimarray trise=-1p'], line: 1, needle: '-1p', message: /out of range: expected 0 s .. 100 ns/ },
  { name: 'enum value not among the choices', lines: ['C0 comparator metastable=maybe'], line: 1, needle: 'maybe', message: /C0.metastable must be one of random, zero, one, got `maybe`/ },
  { name: 'expression for an enum', lines: ['C0 comparator metastable={1}'], line: 1, needle: '{1}', message: /takes one of random, zero, one, not an expression/ },
  { name: 'reference to a missing instance', lines: ['D0 digitizer dac=R9 comparator=C0', ...DAC], line: 1, needle: 'R9', span: 2, message: /D0.dac: no instance named `R9`/, hint: /did you mean `R0`/ },
  { name: 'reference to an instance of the wrong type', lines: ['D0 digitizer dac=C0 comparator=C0', ...DAC], line: 1, needle: 'C0', message: /D0.dac: `C0` is a comparator, expected a refdac/, hint: /R0/ },
  { name: 'missing required reference', lines: ['D0 digitizer dac=R0', ...DAC], line: 1, needle: 'D0', message: /digitizer `D0` needs `comparator=`/ },
  { name: 'missing required list', lines: ['N0 network digitizer=D0', 'D0 digitizer dac=R0 comparator=C0', ...DAC], line: 1, needle: 'N0', message: /network `N0` needs `arrays=`/ },
  { name: 'list element of the wrong type', lines: ['A0 cimarray', 'N0 network arrays=A0,R0 digitizer=D0', 'D0 digitizer dac=R0 comparator=C0', ...DAC], line: 2, needle: 'R0', message: /N0.arrays: `R0` is a refdac, expected a cimarray/ },
  { name: 'list element named twice', lines: ['A0 cimarray', 'N0 network arrays=A0, a0 digitizer=D0', 'D0 digitizer dac=R0 comparator=C0', ...DAC], line: 2, needle: 'a0', message: /`a0` is listed twice/ },
  { name: 'empty list element', lines: ['R0 refdac groups=16,,8'], line: 1, needle: ',,', offset: 1, message: /empty element/ },
  { name: 'bad numeric list element', lines: ['R0 refdac groups=16,x,4'], line: 1, needle: 'x', message: /R0.groups: expected a number, found `x`/ },
  { name: 'list element with a unit', lines: ['R0 refdac groups=16,8V,4'], line: 1, needle: '8V', offset: 1, message: /dimension mismatch/ },
  { name: 'list given to a number', lines: ['A0 cimarray rows=4,8'], line: 1, needle: '4,8', message: /takes one number, not a list/ },
  { name: 'duplicate instance (case-insensitive)', lines: ['A0 cimarray', 'a0 cimarray'], line: 2, needle: 'a0', message: /instance `a0` is already declared at main.cir:1:1/ },
  { name: 'reserved instance name', lines: ['tech cimarray'], line: 1, needle: 'tech', message: /reserved/ },
  { name: 'parameter given twice', lines: ['A0 cimarray rows=4 ROWS=8'], line: 1, needle: 'ROWS', message: /`ROWS` is given twice for `A0`/ },
  { name: 'unclosed brace', lines: ['A0 cimarray rows={4*'], line: 1, needle: '{', message: /unclosed `\{`/ },
  { name: 'stray closing brace', lines: ['A0 cimarray rows=4}'], line: 1, needle: '}', message: /unexpected `\}`/ },
  { name: 'unclosed quote', lines: ['A0 cimarray weights="ones'], line: 1, needle: '"', message: /unclosed `"`/ },
  { name: 'continuation with nothing before it', lines: ['* only a comment', '  + rows=4'], line: 2, needle: '+', message: /continuation line/ },
  { name: 'unknown directive', lines: ['.parm x=1'], line: 1, needle: '.parm', message: /unknown directive `.parm`/, hint: /did you mean `.param`/ },
  { name: 'directive of another simulator', lines: ['A0 cimarray', '.temp 85'], line: 2, needle: '.temp', message: /not supported/, hint: /\.tech temp=85/ },
  { name: 'missing =', lines: ['A0 cimarray rows 4'], line: 1, needle: 'rows', message: /expected `=` after `rows`/ },
  { name: 'missing value', lines: ['A0 cimarray rows='], line: 1, needle: '=', message: /expected a value after `rows=`/ },
  { name: 'positional value', lines: ['A0 cimarray 64'], line: 1, needle: '64', message: /expected `name=value`, found `64`/ },
  { name: 'instance without a type', lines: ['A0'], line: 1, needle: 'A0', message: /needs a device type/ },
  { name: 'invalid instance name', lines: ['A0 cimarray', '1A cimarray'], line: 2, needle: '1A', message: /expected an instance name/ },
  { name: 'first line written as a SPICE title', lines: ['My test chip', 'A0 cimarray'], line: 1, needle: 'chip', message: /expected `=` after `chip`/, hint: /first line is not a title/ },
  { name: 'unknown name in an expression', lines: ['.param ncols=32', 'A0 cimarray cols={ncol*2}'], line: 2, needle: 'ncol', message: /unknown name `ncol`/, hint: /did you mean `ncols`/ },
  { name: 'expression syntax error', lines: ['A0 cimarray cols={2*}'], line: 1, needle: '}', message: /syntax error/ },
  { name: 'refused expression construct', lines: ['A0 cimarray cols={import(1)}'], line: 1, needle: 'import', span: 6, message: /do not allow `import`/ },
  { name: 'expression that is not finite', lines: ['A0 cimarray cols={1/0}'], line: 1, needle: '{1/0}', span: 5, message: /Infinity/ },
  { name: 'unknown technology parameter', lines: ['.tech vdd=1 vdx=1'], line: 1, needle: 'vdx', message: /technology has no parameter `vdx`/, hint: /did you mean `vdd`/ },
  { name: 'technology value out of range', lines: ['.tech vdd=5'], line: 1, needle: '5', message: /tech.vdd = 5 V is out of range: expected 300 mV .. 3.3 V/ },
  { name: 'temperature with a unit', lines: ['.tech temp=85C'], line: 1, needle: 'C', message: /unknown unit `C`/, hint: /degrees C/ },
  { name: 'enum technology value', lines: ['.tech corner=xx'], line: 1, needle: 'xx', message: /tech.corner must be one of tt, ff, ss, fs, sf/ },
  { name: '.tech expressions see technology names only', lines: ['.param x=1', '.tech vdd={x}'], line: 2, needle: 'x', message: /unknown name `x`/ },
  { name: '.param defined twice', lines: ['.param x=1', '.param y=2 X=3'], line: 2, needle: 'X', message: /.param `X` is already defined at main.cir:1:8/ },
  { name: '.param named like a technology parameter', lines: ['.param vdd=1'], line: 1, needle: 'vdd', message: /technology parameter/, hint: /\.tech vdd=/ },
  { name: '.param with text', lines: ['.param x=abc'], line: 1, needle: 'abc', message: /expected a number, found `abc`/ },
  { name: '.param without assignments', lines: ['.param'], line: 1, needle: '.param', message: /needs at least one name=value/ },
  { name: 'number too large to represent', lines: ['A0 cimarray tpre=1e999'], line: 1, needle: '1e999', message: /too large/ },
  { name: 'default that goes out of range after .tech', lines: ['.tech vdd=0.5', 'D0 digitizer dac=R0 comparator=C0', ...DAC], line: 2, needle: 'D0', message: /default \{vdd - 0.64\} of D0.vbottom = -140 mV is out of range/ },
  { name: '.include with no file', lines: ['.include'], line: 1, needle: '.include', message: /needs a file name/ },
  { name: '.include of a missing file', lines: ['* x', '.include "nope/missing.cir"'], line: 2, needle: '"nope', message: /cannot read include file `nope\/missing.cir`: no such file/ },
  { name: '.include with extra text', lines: ['.include a.cir b.cir'], line: 1, needle: 'b.cir', message: /unexpected text after/ },
];

describe('errors name file:line:col, the line, a caret, what was expected and a hint', () => {
  test.each(CASES)('$name', (c) => {
    const e = errorOf(() => elab(c.lines.join('\n')));
    const source = c.lines[c.line - 1];
    expect(e.message).toMatch(c.message);
    expect(e.loc).toEqual({ file: 'main.cir', line: c.line, col: colOf(source, c.needle, c.nth ?? 1, c.offset ?? 0) });
    expect(e.sourceLine).toBe(source.replace(/\s*;.*$/, ''));
    if (c.span !== undefined) expect(e.span).toBe(c.span);
    if (c.hint !== undefined) expect(e.hint).toMatch(c.hint);
    expect(e.hint ?? '', 'every error gives a hint').not.toBe('');
    const text = e.format();
    expect(text.split('\n')[0]).toBe(`main.cir:${c.line}:${e.loc?.col}: error: ${e.message}`);
    expect(text.split('\n')[2]).toBe(`  ${' '.repeat((e.loc?.col ?? 1) - 1)}${'^'.repeat(e.span)}`);
  });
});

describe('a bare number for a dimensioned parameter', () => {
  it('out of range, it proposes the scale letter that fits: tunit=30 (30 s) -> did you mean tunit=30ps?', () => {
    const e = errorOf(() => elab('A0 cimarray rows=64 cols=32 tunit=30\n'));
    expect(e.message).toContain('out of range');
    expect(e.hint).toBe('a bare number is in SI units (30 means 30 s): did you mean tunit=30ps?');
    expect(errorOf(() => elab('A0 cimarray rows=64 cols=32 tunit=2000\n')).hint).toContain('did you mean tunit=2000ps?');
  });

  it('gives the plain range when no scale letter fits or a unit was written', () => {
    expect(errorOf(() => elab('A0 cimarray rows=64 cols=32 tunit=30s\n')).hint).toBe('the accepted range of `tunit` is 1 ps .. 1 us');
  });
});

describe('an unknown instance in a list', () => {
  it('suggests an instance of the right kind the list does not already name', () => {
    const net = ['A0 cimarray rows=8 cols=8', 'A1 cimarray rows=8 cols=8', 'A2 cimarray rows=8 cols=8', 'A3 cimarray rows=8 cols=8', 'D0 digitizer dac=R0 comparator=C0 bits=3', 'R0 refdac groups=4,2,1 dummy=1', 'C0 comparator', 'N0 network topology=ring arrays=A0,A1,A2,A5 digitizer=D0'].join('\n');
    expect(errorOf(() => elab(`${net}\n`)).hint).toBe('did you mean `A3`?');
  });
});
