import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

// Scenario files: every problem located at file:line:col, the line shown.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-load-'));
const NETLIST = path.resolve('netlists/testchip65.cir');

function problem(text: string): CimsimError {
  const file = path.join(tmp, `s${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, text);
  try {
    loadScenario(file);
  } catch (e) {
    if (e instanceof CimsimError) return e;
    throw e;
  }
  throw new Error('test bug: the scenario loaded');
}

describe('scenario files', () => {
  it('accept a UTF-8 byte-order mark, as netlists do', () => {
    const file = path.join(tmp, 'bom.json');
    fs.writeFileSync(file, `\uFEFF${JSON.stringify({ name: 'bom', netlist: NETLIST, analyses: [{ type: 'inference' }] })}`);
    expect(loadScenario(file).name).toBe('bom');
  });

  it('locate a JSON syntax error where it is, not at the end of the file', () => {
    const e = problem('{\n  "name": "x",,\n  "netlist": "a.cir",\n  "analyses": []\n}\n');
    expect(e.message).toBe('invalid JSON: expected a quoted key');
    expect(e.loc).toMatchObject({ line: 2, col: 15 });
    expect(e.sourceLine).toBe('  "name": "x",,');
  });

  it('locate a schema error at the offending value, and an unknown key at the key', () => {
    const wrongType = problem('{\n  "name": "x",\n  "netlist": 3,\n  "analyses": []\n}\n');
    expect(wrongType.message).toMatch(/^netlist: must be string/);
    expect(wrongType.loc).toMatchObject({ line: 3, col: 14 });
    const unknown = problem(`{\n  "name": "x",\n  "netlist": "a.cir",\n  "seeds": 3,\n  "analyses": []\n}\n`);
    expect(unknown.message).toMatch(/^seeds: unknown key "seeds"/);
    expect(unknown.hint).toBe('did you mean `seed`?');
    expect(unknown.loc).toMatchObject({ line: 4, col: 3 });
  });

  it('a netlist given where a scenario belongs says so', () => {
    const e = problem('* a netlist\nA0 cimarray\n');
    expect(e.loc).toMatchObject({ line: 1, col: 1 });
    expect(e.hint).toContain('run `cimsim check` on netlists');
  });
});
