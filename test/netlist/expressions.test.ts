import { describe, expect, test } from 'vitest';
import { colOf, elab, errorOf, expectClose, param } from './helpers.js';

describe('expressions', () => {
  test('mathjs units are converted to SI: {0.3 fF * 64} is 19.2 fF', () => {
    const d = elab('.param cbl={0.3 fF * 64}\nR0 refdac sw_cgate={0.3 fF * 2}');
    expectClose(d.globals.cbl.value, 0.3e-15 * 64);
    expect(d.globals.cbl.unit).toBe('F');
    expectClose(param(d, 'R0', 'sw_cgate').value, 0.6e-15);
  });

  test('SPICE literals work inside braces, with and without units', () => {
    const d = elab('A0 cimarray tpre={2*200p} tunit={0.1ns + 50ps} rpre={2*5kOhm} vpre={1meg/1meg}');
    expectClose(param(d, 'A0', 'tpre').value, 400e-12);
    expectClose(param(d, 'A0', 'tunit').value, 150e-12);
    expectClose(param(d, 'A0', 'rpre').value, 10e3);
    expectClose(param(d, 'A0', 'vpre').value, 1);
  });

  test('attached letters follow SPICE ({2m} is milli) while a space selects a mathjs unit ({2 mm} is metres)', () => {
    const d = elab('.param milli={2m} metres={2 m} um={0.5um}');
    expectClose(d.globals.milli.value, 2e-3);
    expect(d.globals.milli.unit).toBe('');
    expectClose(d.globals.metres.value, 2);
    expect(d.globals.metres.unit).toBe('m');
    expectClose(d.globals.um.value, 0.5e-6);
    expectClose(elab('.param x={2pi}').globals.x.value, 2 * Math.PI);
  });

  test('technology names and earlier .params are in scope, case-insensitively', () => {
    const d = elab('.tech vdd=1.0\n.param half={VDD/2} q={half*2}\nA0 cimarray vpre={Half} vwl={q - 0.1}');
    expectClose(d.globals.half.value, 0.5);
    expectClose(param(d, 'A0', 'vpre').value, 0.5);
    expectClose(param(d, 'A0', 'vwl').value, 0.9);
  });

  test('a bare .param name is accepted where a number is expected', () => {
    expect(param(elab('.param n=48\nA0 cimarray rows=n'), 'A0', 'rows').value).toBe(48);
  });

  test('functions, constants, comparisons and conditionals evaluate to the closed-form value', () => {
    const d = elab('.param a={sqrt(16) + log10(1000) + max(1, 2) + abs(-1)} b={vdd > 1 ? 3 : 4} c={round(pi*100)/100} d={2^10 mod 1000}');
    expect(d.globals.a.value).toBe(4 + 3 + 2 + 1);
    expect(d.globals.b.value).toBe(3);
    expect(d.globals.c.value).toBe(3.14);
    expect(d.globals.d.value).toBe(24);
  });

  test('a .param seen before its definition is an unknown name with a suggestion', () => {
    const line = '.param a={bb*2} bb=3';
    const e = errorOf(() => elab(line));
    expect(e.message).toMatch(/unknown name `bb`/);
    expect(e.loc).toEqual({ file: 'main.cir', line: 1, col: colOf(line, 'bb') });
  });

  test('dimension mismatch of an expression result is an error at the expression', () => {
    const line = 'A0 cimarray tpre={0.3 fF * 64}';
    const e = errorOf(() => elab(line));
    expect(e.message).toMatch(/dimension mismatch: expression gives a capacitance \(F\), expected a time \(s\)/);
    expect(e.loc?.col).toBe(colOf(line, '{'));
    expect(e.span).toBe('{0.3 fF * 64}'.length);
  });

  test('unit-bearing results for plain-number parameters (degC, dimensionless) are refused', () => {
    expect(errorOf(() => elab('.tech temp={300 K}')).message).toMatch(/plain number in degC/);
    expect(errorOf(() => elab('A0 cimarray rows={64 V}')).message).toMatch(/dimension mismatch/);
    expect(elab('A0 cimarray rows={128 mm / 2 mm}').instances[0].params.rows.value).toBe(64);
  });

  test('non-finite, complex and boolean results are errors, never NaN', () => {
    expect(errorOf(() => elab('A0 cimarray tpre={1/0}')).message).toMatch(/Infinity/);
    expect(errorOf(() => elab('A0 cimarray tpre={0/0}')).message).toMatch(/NaN/);
    expect(errorOf(() => elab('.param x={10^400}')).message).toMatch(/Infinity/);
    expect(errorOf(() => elab('A0 cimarray vpre={sqrt(-1)}')).message).toMatch(/complex/);
    expect(errorOf(() => elab('A0 cimarray vpre={1 > 0}')).message).toMatch(/true, not a number/);
  });

  test('mixing a unit and a plain number is explained', () => {
    const e = errorOf(() => elab('A0 cimarray vpre={vdd - 0.1 V}'));
    expect(e.message).toMatch(/unit and a plain number/);
    expect(e.hint).toMatch(/plain SI numbers/);
  });

  test('syntax errors point at the character mathjs stopped at, mapped back through SPICE literals', () => {
    const line = 'A0 cimarray tpre={200p * (3 +}';
    const e = errorOf(() => elab(line));
    expect(e.message).toMatch(/syntax error/);
    expect(e.loc?.col).toBe(colOf(line, '}'));
    expect(errorOf(() => elab('A0 cimarray tpre={}')).message).toMatch(/empty expression|syntax error/);
  });
});

describe('the expression sandbox', () => {
  // Each attempt must end in a CimsimError located inside the braces: never a JS error, never success.
  const attacks: [string, string][] = [
    ['{import({x: 1}, {override: true})}', 'import'],
    ['{createUnit("foo")}', 'createUnit'],
    ['{evaluate("1+1")}', 'evaluate'],
    ['{parse("1+1")}', 'parse'],
    ['{compile("1")}', 'compile'],
    ['{simplify("x+x")}', 'simplify'],
    ['{derivative("x^2", "x")}', 'derivative'],
    ['{resolve(x)}', 'resolve'],
    ['{reviver("a", 1)}', 'reviver'],
    ['{cos.constructor("return process")()}', ''],
    ['{cos.constructor("return process")}', '.'],
    ['{sin["constructor"]["constructor"]("return 1")}', '['],
    ['{cos["constructor"]}', '['],
    ['{a.__proto__}', '.'],
    ['{x = 1}', '='],
    ['{f(x) = x^2}', '='],
    ['{[1, 2, 3]}', '['],
    ['{({a: 1})}', '{a'],
    ['{1:3}', ':'],
    ['{"text"}', '"'],
    ['{1; 2}', ';'],
    ['{evaluate}', 'evaluate'],
    ['{typed("f", {})}', 'typed'],
    ['{config({number: "BigNumber"})}', 'config'],
    ['{unknownFunction(1)}', 'unknownFunction'],
    ['{process.exit(1)}', 'process'],
    ['{constructor}', 'constructor'],
    ['{__proto__}', '__proto__'],
    ['{1 | 2}', '|'],
    ['{factorial(3)}', 'factorial'],
  ];

  test.each(attacks)('%s is refused with a located CimsimError', (expr, mark) => {
    const line = `A0 cimarray tpre=${expr}`;
    const e = errorOf(() => elab(line));
    expect(e.loc?.file).toBe('main.cir');
    expect(e.loc?.line).toBe(1);
    const start = colOf(line, '{');
    expect(e.loc?.col).toBeGreaterThanOrEqual(start);
    expect(e.loc?.col).toBeLessThan(start + expr.length);
    // Where the construct is identifiable, the caret is on it.
    if (mark.length > 1) expect(e.loc?.col).toBeLessThanOrEqual(colOf(line, mark));
    expect(e.format()).not.toMatch(/\n\s+at /);
  });

  test('the disabled functions stay disabled after a refused attempt (the instance is not altered)', () => {
    errorOf(() => elab('.param a={import({pi: 3})}'));
    expectClose(elab('.param p={pi}').globals.p.value, Math.PI);
    expect(errorOf(() => elab('.param a={createUnit("furlong")}')).message).toMatch(/createUnit/);
    expect(errorOf(() => elab('.param a={1 furlong}')).message).toMatch(/unknown name `furlong`/);
  });

  test('a .param named like an Object property is an ordinary name', () => {
    const d = elab('.param constructor=3 __proto__=4 tostring={constructor + __proto__}');
    expect(d.globals.tostring.value).toBe(7);
    expect(Object.getPrototypeOf(d.globals)).toBe(null);
  });
});
