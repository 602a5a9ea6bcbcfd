import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNetlist } from '../../src/cli/check.js';
import { CimsimError } from '../../src/errors.js';
import { elaborateFile } from '../../src/netlist/index.js';
import { elab, errorOf, OPTIONS } from './helpers.js';

// Inputs written to mislead or to leak: each is a located exit-2 error that neither trusts nor echoes them.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-hostile-'));
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('units a parameter cannot carry', () => {
  it('a .param of 1 ps^0.5 or 1 kg is refused where it is written, not turned into a bare SI number', () => {
    for (const [expr, shown] of [['1 ps ^ 0.5', 'ps^0.5'], ['1 kg', 'kg']]) {
      const e = errorOf(() => elab(`.param w={${expr}}\nA0 cimarray tunit={w}`));
      expect(e.message).toMatch(new RegExp(`param\\.w: expression gives 1 ${shown.replace('^', '\\^')}, a unit no cimsim parameter takes`));
      expect(e.loc).toMatchObject({ file: 'main.cir', line: 1 });
      expect(e.hint).toContain(' s, ');
    }
  });

  it('plain ratios and table units still work in .param', () => {
    const d = elab('.param r={2 V / 1 V} t={1 ps * 3}\nA0 cimarray tunit={t * r}');
    expect(d.globals.r.value).toBe(2);
    expect(d.instances[0].params.tunit.value).toBeCloseTo(6e-12, 24);
  });
});

describe('files that are not netlists', () => {
  it('an include that fails at its first statement is named at the .include, its contents not shown', () => {
    const secret = write('secret.txt', 'root:$6$s3cr3t-hash:20228:0:99999:7:::\n');
    const main = write('main.cir', `* main\n.include ${path.basename(secret)}\nA0 cimarray\n`);
    const e = errorOf(() => elaborateFile(main, OPTIONS));
    expect(e.message).toContain('is not a cimsim netlist: its first statement (line 1) does not parse');
    expect(e.loc).toMatchObject({ file: main, line: 2, col: 10 });
    expect(e.format()).not.toContain('s3cr3t');
  });

  it('a binary file is refused as one, without its bytes', () => {
    const bin = path.join(tmp, 'prog.bin');
    fs.writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x22, 0x0a, 0x41, 0x42]));
    const main = write('main3.cir', `* main\n.include ${path.basename(bin)}\n`);
    const e = errorOf(() => elaborateFile(main, OPTIONS));
    expect(e.message).toBe(`cannot read include file \`${path.join(tmp, 'prog.bin')}\`: it is a binary file (it holds NUL bytes), not text`);
    expect(e.loc).toMatchObject({ file: main, line: 2 });
  });

  it('a loop of symbolic links is said in words, not as a raw ELOOP message', () => {
    fs.symlinkSync('loop-b', path.join(tmp, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(tmp, 'loop-b'));
    const main = write('main4.cir', '* main\n.include loop-a\n');
    const e = errorOf(() => elaborateFile(main, OPTIONS));
    expect(e.message).toBe('cannot read include file `' + path.join(tmp, 'loop-a') + '`: its path is a loop of symbolic links');
  });

  it('a netlist error later in an include still shows its line', () => {
    const lib = write('lib.cir', '* parts\n.param a=1\nB0 cimarray rows=0\n');
    const main = write('main2.cir', `* main\n.include ${path.basename(lib)}\n`);
    const e = errorOf(() => elaborateFile(main, OPTIONS));
    expect(e.loc).toMatchObject({ line: 3 });
    expect(e.format()).toContain('B0 cimarray rows=0');
  });
});

describe('control characters', () => {
  it('never reach the terminal raw: escaped in the message, blanked in the source line, the caret still aligned', () => {
    const e = errorOf(() => elab('A0 cimarray rows=\u001b[31m4'));
    const shown = e.format();
    expect(shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(shown).toContain('\\x1b[31m4');
    const [, source, caret] = shown.split('\n');
    expect(caret.indexOf('^')).toBe(source.indexOf('?[31m4'));
  });
});

describe('cimsim check runs the device builders', () => {
  it('refuses a weights pattern run would refuse, located at the instance', () => {
    const file = write('w.cir', '* weights\nA0 cimarray rows=4 cols=4 weights=random:2\n');
    const e = errorOf(() => checkNetlist(file));
    expect(e).toBeInstanceOf(CimsimError);
    expect(e.message).toBe('A0: cannot read weights "random:2"');
    expect(e.loc).toMatchObject({ file, line: 2 });
    expect(e.hint).toContain('between 0 and 1');
  });

  it('refuses a pair of three arrays, as run would', () => {
    const file = write('pair.cir', [
      '* pair', 'A0 cimarray rows=4 cols=32', 'A1 cimarray rows=4 cols=32', 'A2 cimarray rows=4 cols=32',
      'DAC0 refdac', 'CMP0 comparator', 'DIG0 digitizer dac=DAC0 comparator=CMP0', 'NET0 network topology=pair arrays=A0,A1,A2 digitizer=DIG0', '',
    ].join('\n'));
    expect(errorOf(() => checkNetlist(file)).message).toMatch(/network NET0 a pair needs exactly 2 arrays, got 3/);
  });
});
