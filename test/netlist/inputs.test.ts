import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { readInputText } from '../../src/netlist/read.js';
import { design } from '../devices/circuit.js';

// Inputs that would never end or exhaust memory are refused before they are read.
describe('input files', () => {
  it('refuses a device as an include, located at the .include', () => {
    const e = (() => {
      try {
        design('.include /dev/zero\nA0 cimarray');
      } catch (err) {
        return err as CimsimError;
      }
      throw new Error('test bug: accepted');
    })();
    expect(e.message).toMatch(/cannot read include file `\/dev\/zero`: it is not a regular file/);
    expect(e.loc).toMatchObject({ line: 1, col: 10 });
  });

  it('refuses a device as a scenario', () => {
    expect(() => loadScenario('/dev/zero')).toThrow(/cannot read scenario \/dev\/zero: it is not a regular file/);
  });

  it('refuses a file larger than the input ceiling without reading it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cimsim-big-')), 'big.cir');
    writeFileSync(file, 'x'.repeat(1024));
    expect(readInputText(file, 2048)).toHaveLength(1024);
    expect(() => readInputText(file, 512)).toThrow(expect.objectContaining({ code: 'EFBIG', size: 1024 }));
  });
});

describe('expressions the parser would recurse through too deeply', () => {
  const messageOf = (text: string): string => {
    try {
      design(text);
    } catch (err) {
      return (err as CimsimError).message;
    }
    return 'accepted';
  };

  it('refuses a 3,000-term sum and 2,000 nested parentheses with a clear error, before parsing', () => {
    expect(messageOf(`.param a={${Array(3000).fill('1').join('+')}}\nA0 cimarray`)).toMatch(/param\.a: expression of 5999 characters, more than 1000/);
    expect(messageOf(`.param a={${'('.repeat(65)}1${')'.repeat(65)}}\nA0 cimarray`)).toMatch(/param\.a: brackets nested deeper than 64 levels/);
  });

  it('still evaluates long and deep expressions within the limits exactly', () => {
    const d = design(`.param a={${Array(499).fill('1').join('+')}}\n.param b={${'('.repeat(64)}2${')'.repeat(64)}}\nA0 cimarray`);
    expect(d.globals.a.value).toBe(499);
    expect(d.globals.b.value).toBe(2);
  });
});

describe('huge literals in messages', () => {
  it('an 80,000-digit number is refused, and the message shows its start and length, not all of it', () => {
    const digits = '1'.repeat(80_000);
    let error: CimsimError | undefined;
    try {
      design(`.param big=${digits}\nA0 cimarray`);
    } catch (err) {
      error = err as CimsimError;
    }
    expect(error).toBeInstanceOf(CimsimError);
    expect(error!.message).toMatch(/too large to represent/);
    const shown = error!.format();
    expect(shown).toContain('(80000 characters)');
    expect(shown).toMatch(/^test\.cir:1:12: error: param\.big/);
    expect(Math.max(...shown.split('\n').map((l) => l.length))).toBeLessThan(200);
  });
});
