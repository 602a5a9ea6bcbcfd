import { describe, expect, test } from 'vitest';
import { formatValue } from '../../src/netlist/index.js';
import { parseSpiceNumber, ValueProblem } from '../../src/netlist/units.js';
import { expectClose } from './helpers.js';

function problem(text: string, unit: Parameters<typeof parseSpiceNumber>[1]): ValueProblem {
  try {
    parseSpiceNumber(text, unit);
  } catch (err) {
    if (err instanceof ValueProblem) return err;
    throw err;
  }
  throw new Error(`\`${text}\` was accepted`);
}

describe('SPICE numbers', () => {
  test.each([
    ['0.3fF', 'F', 0.3e-15],
    ['0.3f', 'F', 0.3e-15],
    ['3e-16', 'F', 3e-16],
    ['200ps', 's', 200e-12],
    ['200P', 's', 200e-12],
    ['1.1V', 'V', 1.1],
    ['5kOhm', 'Ohm', 5e3],
    ['5KOHM', 'Ohm', 5e3],
    ['2megohm', 'Ohm', 2e6],
    ['1Meg', 'Ohm', 1e6],
    ['0.15um', 'm', 0.15e-6],
    ['65n', 'm', 65e-9],
    ['1m', 'm', 1e-3],
    ['1mm', 'm', 1e-3],
    ['20fJ', 'J', 20e-15],
    ['3mA', 'A', 3e-3],
    ['2A', 'A', 2],
    ['1s', 's', 1],
    ['1ms', 's', 1e-3],
    ['1g', 'Ohm', 1e9],
    ['1t', 'Ohm', 1e12],
    ['-0.11', 'V', -0.11],
    ['.5', '', 0.5],
    ['1k', '', 1000],
    ['1.5e3k', '', 1.5e6],
  ] as const)('%s read as %s gives the SI value %d', (text, unit, si) => {
    expectClose(parseSpiceNumber(text, unit).value, si);
  });

  test('scale letters come first, so 1F is one femto and 1M is one milli (the SPICE trap)', () => {
    expectClose(parseSpiceNumber('1F', 'F').value, 1e-15);
    expectClose(parseSpiceNumber('1M', 'Ohm').value, 1e-3);
    expectClose(parseSpiceNumber('1MOhm', 'Ohm').value, 1e-3);
    expectClose(parseSpiceNumber('1F', 's').value, 1e-15);
  });

  test('a unit of another dimension is a mismatch that points at the unit letters', () => {
    const p = problem('0.3fF', 's');
    expect(p.message).toMatch(/dimension mismatch.*capacitance \(F\).*time \(s\)/);
    expect(p.offset).toBe(4);
    expect(p.span).toBe(1);
    expect(problem('1.1V', 'F').message).toMatch(/voltage/);
    expect(problem('5kOhm', 'V').offset).toBe(2);
  });

  test('dimensionless and degC parameters refuse unit letters but accept scale letters', () => {
    expect(problem('64V', '').message).toMatch(/dimensionless|mismatch/);
    expect(problem('85C', 'degC').hint).toMatch(/degrees C/);
    expectClose(parseSpiceNumber('85', 'degC').value, 85);
  });

  test('compound units take plain numbers only', () => {
    expectClose(parseSpiceNumber('3.5e-9', 'V*m').value, 3.5e-9);
    expect(problem('3.5nV', 'V*m').message).toMatch(/plain number/);
  });

  test('unknown letters and malformed numbers are reported with their offset', () => {
    const p = problem('3xyz', 's');
    expect(p.message).toMatch(/unknown unit `xyz`/);
    expect(p.offset).toBe(1);
    expect(problem('abc', 's').message).toMatch(/expected a number/);
    expect(problem('1.2.3', 's').offset).toBe(3);
    expect(problem('1e999', 's').message).toMatch(/too large/);
  });

  test('.param values (no expected unit) keep the unit their letters name', () => {
    expect(parseSpiceNumber('0.3fF', null)).toEqual({ value: 0.3e-15, unit: 'F', unitWritten: true });
    expect(parseSpiceNumber('32', null).unit).toBe('');
  });
});

describe('formatValue', () => {
  test.each([
    [0.3e-15, 'F', '0.3 fF'],
    [300e-15, 'F', '300 fF'],
    [1.1, 'V', '1.1 V'],
    [200e-12, 's', '200 ps'],
    [5e3, 'Ohm', '5 kOhm'],
    [2e6, 'Ohm', '2 MegOhm'],
    [0.345, 'V', '345 mV'],
    [-0.11, 'V', '-110 mV'],
    [0, 's', '0 s'],
    [1e-18, 'F', '0.001 fF'],
    [64, '', '64'],
    [0.06, '', '0.06'],
    [27, 'degC', '27 degC'],
    [3.5e-9, 'V*m', '3.5e-9 V*m'],
    [0.3e-15 * 3, 'F', '0.9 fF'],
  ] as const)('%d %s is written %s', (v, unit, text) => {
    expect(formatValue(v, unit)).toBe(text);
  });

  test('every engineering-notation output reads back to the same value', () => {
    for (const [v, unit] of [[123.456e-15, 'F'], [7.5e-12, 's'], [4.2e3, 'Ohm'], [3.3e6, 'Ohm'], [0.0125, 'V'], [9.9e-7, 'm']] as const) {
      expectClose(parseSpiceNumber(formatValue(v, unit).replace(' ', ''), unit).value, v, 1e-6);
    }
  });
});
