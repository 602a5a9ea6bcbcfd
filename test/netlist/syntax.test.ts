import { describe, expect, test } from 'vitest';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { elab, expectClose, instance, param } from './helpers.js';

describe('lines, comments and continuations', () => {
  test('comment lines, inline comments and blank lines are ignored', () => {
    const d = elab(['* a comment line', '   * indented comment', '', 'A0 cimarray rows=16 ; inline comment rows=999', '  ; only a comment'].join('\n'));
    expect(d.instances).toHaveLength(1);
    expect(param(d, 'A0', 'rows').value).toBe(16);
  });

  test('a + line continues the previous statement, even after a comment line', () => {
    const d = elab(['C0 comparator tcmp=150ps', '* comment between', '+ noise=1mV', '  + metastable=zero'].join('\n'));
    expectClose(param(d, 'C0', 'noise').value, 1e-3);
    expect(param(d, 'C0', 'metastable').value).toBe('zero');
    expect(param(d, 'C0', 'noise').from.loc).toEqual({ file: 'main.cir', line: 3, col: 3 });
  });

  test('keywords, types, parameter and instance names are case-insensitive; names keep their spelling', () => {
    const d = elab(['.PARAM NCols=8', 'MyArr CIMARRAY ROWS=4 Cols={ncols}', 'r0 RefDac', 'c0 COMPARATOR METASTABLE=One', 'D0 digitizer DAC=R0 comparator=C0'].join('\n'));
    expect(instance(d, 'myarr').name).toBe('MyArr');
    expect(instance(d, 'myarr').type).toBe('cimarray');
    expect(param(d, 'MyArr', 'cols').value).toBe(8);
    expect(param(d, 'C0', 'metastable').value).toBe('one');
    expect(param(d, 'D0', 'dac').value).toBe('r0');
    expect(Object.keys(d.globals)).toEqual(['ncols']);
  });

  test('Windows line endings and a byte-order mark are accepted', () => {
    const d = elab('\uFEFFA0 cimarray rows=4\r\nA1 cimarray rows=8\r\n');
    expect(param(d, 'A1', 'rows').value).toBe(8);
    expect(param(d, 'A1', 'rows').from.loc?.line).toBe(2);
  });

  test('spaces around = and after list commas are accepted', () => {
    const d = elab('R0 refdac groups = 8, 4,2 ,1 dummy =2');
    expect(param(d, 'R0', 'groups').value).toEqual([8, 4, 2, 1]);
    expect(param(d, 'R0', 'dummy').value).toBe(2);
  });

  test('.title sets the title (last wins); without one the title is the file name', () => {
    expect(elab('.title  my chip ; comment\nA0 cimarray').title).toBe('my chip');
    expect(elab('.title first\n.title second\n+ continued').title).toBe('second continued');
    expect(elab('A0 cimarray', undefined, 'dir/pair.cir').title).toBe('pair');
  });

  test('.end stops reading: what follows is not parsed', () => {
    const d = elab('A0 cimarray\n.END\nthis is not a netlist line {');
    expect(d.instances).toHaveLength(1);
  });

  test('quoted strings keep spaces and semicolons', () => {
    const d = elab('A0 cimarray weights="hex:FF; 00"');
    expect(param(d, 'A0', 'weights').value).toBe('hex:FF; 00');
  });
});

describe('kinds of value', () => {
  test('numbers take SPICE suffixes and units and are stored in SI', () => {
    const d = elab('A0 cimarray tpre=250ps rpre=4.7kOhm vpre=0.9V tunit=0.1n');
    expectClose(param(d, 'A0', 'tpre').value, 250e-12);
    expectClose(param(d, 'A0', 'rpre').value, 4700);
    expectClose(param(d, 'A0', 'vpre').value, 0.9);
    expectClose(param(d, 'A0', 'tunit').value, 0.1e-9);
    expect(param(d, 'A0', 'tpre').unit).toBe('s');
  });

  test('integers accept scale letters and expressions with float noise, and are stored whole', () => {
    const d = elab('A0 cimarray rows=1k cols={0.1*3*10}');
    expect(param(d, 'A0', 'rows').value).toBe(1000);
    expect(param(d, 'A0', 'cols').value).toBe(3);
  });

  test('enums are matched case-insensitively and stored as the table spells them', () => {
    const d = elab('C0 comparator metastable=ZERO\nB0 sarbaseline node=65N switching=Monotonic');
    expect(param(d, 'C0', 'metastable').value).toBe('zero');
    expect(param(d, 'B0', 'node').value).toBe('65n');
    expect(param(d, 'B0', 'switching').value).toBe('monotonic');
  });

  test('numeric lists become arrays of numbers; instance lists and refs may point forward', () => {
    const d = elab(['N0 network arrays=a1,A0 digitizer=D0', 'A0 cimarray', 'A1 cimarray', 'D0 digitizer dac=R0 comparator=C0', 'R0 refdac groups=4,2,1', 'C0 comparator'].join('\n'));
    expect(param(d, 'R0', 'groups').value).toEqual([4, 2, 1]);
    expect(param(d, 'N0', 'arrays').value).toEqual(['A1', 'A0']);
    expect(param(d, 'N0', 'digitizer').value).toBe('D0');
  });

  test('defaults fill every parameter not given, with list defaults parsed and {vdd} defaults evaluated', () => {
    const d = elab('.tech vdd=1.2\nR0 refdac\nD0 digitizer dac=R0 comparator=C0\nC0 comparator');
    expect(param(d, 'R0', 'groups').value).toEqual([16, 8, 4, 2, 1]);
    expectClose(param(d, 'D0', 'vtop').value, 1.2);
    expectClose(param(d, 'D0', 'vbottom').value, 1.2 - 0.64);
    for (const i of d.instances) {
      const spec = specNames(i.type);
      expect(Object.keys(i.params).sort()).toEqual(spec.sort());
    }
  });
});

function specNames(type: string): string[] {
  return DEVICE_SPECS.find((d) => d.type === type)!.params.map((p) => p.name);
}
