import * as path from 'node:path';
import seedrandom from 'seedrandom';
import { expect, test } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { checkDevices } from '../../src/circuit/build.js';
import { elaborateText } from '../../src/netlist/index.js';
import type { Design } from '../../src/netlist/params.js';
import { OPTIONS } from './helpers.js';

/** A valid netlist touching every construct: includes, .tech, .param, braces, lists, quotes, +. */
const BASE = `* fuzz base netlist
.title fuzz base
.include lib/tech.inc
.tech corner=ff temp=27 ; inline comment
.param nrows=64 cb={0.3fF * 64} tu={2*100p}
A0 cimarray rows={nrows} cols={ncols} weights="random:0.25" tunit={tu}
A1 cimarray rows=32 tpre=300ps vpre={vdd - 0.05}
+ rpre=4.7kOhm vwl=1.0V
R0 refdac groups=16, 8,4,2,1 ron=2k sw_cgate={cb/64}
C0 comparator tau=11ps energy=20fJ metastable=zero
D0 digitizer mode=hybrid bits=5 split=2 dac=R0 comparator=C0 vbottom={max(vdd - 0.64, 0.1)}
N0 network topology=ring arrays=A0,A1 digitizer=D0
B0 sarbaseline bits=6 cunit=1f
F0 flashbaseline rladder=20kOhm
.end
`;

const TOKENS = [
  '{', '}', '"', '=', ',', '+', '*', ';', '\n', '\n+ ', ' ', '.', '.include', '.include lib', '.end', '.param', '.tech',
  '.title', '{1 kg}', '{1 ps ^ 0.5}', '\u001b[31m', '\u0000', '\u009b', '\uFEFF', 'weights=random:2', 'topology=pair', 'import(1)', '{1/0}', '{0/0}', '{sqrt(-1)}', '{a.b}', '{x=1}', '{evaluate("1")}', 'meg', 'M', 'F', 'fF', 'ps',
  '1e999', '-1', '0', '1.5', '__proto__', 'constructor', 'prototype', 'A0', 'a1', 'R0', 'cimarray', 'network', 'rows=',
  'cols=3', 'arrays=', 'dac=', '{vdd}', '{nrows*2}', '"', '\t', 'NaN', 'Infinity', '{[1,2]}', '{"s"}', '(', ')', ':', '::',
];

function mutate(text: string, rng: () => number): string {
  let s = text;
  const ops = 1 + Math.floor(rng() * 3);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rng() * (s.length + 1));
    switch (Math.floor(rng() * 7)) {
      case 0: // delete a run of 1-4 characters
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rng() * 4));
        break;
      case 1: // duplicate a character
        s = s.slice(0, at) + s.charAt(at) + s.slice(at);
        break;
      case 2: // swap two neighbours
        s = s.slice(0, at) + s.charAt(at + 1) + s.charAt(at) + s.slice(at + 2);
        break;
      case 3: // insert a token
        s = s.slice(0, at) + TOKENS[Math.floor(rng() * TOKENS.length)] + s.slice(at);
        break;
      case 4: // replace a character with printable ASCII
        s = s.slice(0, at) + String.fromCharCode(32 + Math.floor(rng() * 95)) + s.slice(at + 1);
        break;
      case 5: // a control character (C0, DEL or C1)
        s = s.slice(0, at) + String.fromCharCode([0, 7, 8, 13, 27, 127, 155][Math.floor(rng() * 7)]) + s.slice(at);
        break;
      default: // truncate
        s = s.slice(0, at);
    }
  }
  return s;
}

function numbersAreFinite(d: Design): boolean {
  const all = [...Object.values(d.tech), ...Object.values(d.globals), ...d.instances.flatMap((i) => Object.values(i.params))];
  return all.every((p) => {
    const values = Array.isArray(p.value) ? p.value : [p.value];
    return values.every((v) => typeof v !== 'number' || Number.isFinite(v));
  });
}

test('thousands of mutated netlists end in a design or a located CimsimError, never anything else', () => {
  const file = path.join('test', 'netlist', 'fixtures', 'fuzz.cir');
  // The base itself must be valid, or every case would be an error.
  expect(numbersAreFinite(elaborateText(BASE, file, OPTIONS))).toBe(true);
  const rng = seedrandom('cimsim netlist fuzz 1');
  const N = 5000;
  let ok = 0;
  let errors = 0;
  for (let n = 0; n < N; n++) {
    const text = mutate(BASE, rng);
    try {
      const d = elaborateText(text, file, OPTIONS);
      if (!numbersAreFinite(d)) throw new Error(`non-finite value in design of case ${n}:\n${text}`);
      checkDevices(d); // what check runs: the builders accept the design or give a located error
      ok++;
    } catch (err) {
      if (!(err instanceof CimsimError)) throw new Error(`case ${n} threw ${(err as Error)?.stack ?? String(err)}\n--- input ---\n${text}`);
      if (err.loc === undefined || err.loc.line < 1 || err.loc.col < 1) throw new Error(`case ${n}: CimsimError without a location: ${err.message}\n${text}`);
      if (err.sourceLine === undefined && !/^network |cannot read weights/.test(err.message.replace(/^\S+: /, ''))) throw new Error(`case ${n}: CimsimError without its source line: ${err.message}`);
      // Nothing raw reaches the terminal: no control character but the line breaks.
      if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(err.format())) throw new Error(`case ${n}: control character in the message: ${JSON.stringify(err.format())}`);
      errors++;
    }
  }
  expect(ok + errors).toBe(N);
  // Both outcomes occur, so the mutations neither always break nor never break the netlist.
  expect(ok).toBeGreaterThan(N / 20);
  expect(errors).toBeGreaterThan(N / 5);
});
