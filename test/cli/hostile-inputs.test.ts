import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// The reproducers of hostile or mistaken inputs, each run as a real `cimsim` process under a stated
// memory ceiling (a 256 MiB heap) and time limit: each must end in a located, worded exit 2, never
// exit 3, a crash, a hang, or a message carrying the input raw.

const root = path.resolve(__dirname, '../..');
const CLI = path.join(root, 'dist/src/cli/main.js'); // built by `npm test`'s pretest step
const HEAP_MB = 256;
const TIME_LIMIT_MS = 60_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-hostile-'));
const chip = path.join(root, 'netlists/testchip65.cir');

function put(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
const scenario = (name: string, body: Record<string, unknown>): string =>
  put(name, JSON.stringify({ name, netlist: chip, analyses: [{ type: 'inference' }], ...body }));

const fifo = path.join(dir, 'fifo.cir');
spawnSync('mkfifo', [fifo]);

const cases: [string, string[], RegExp][] = [
  ['an include of /dev/zero', ['check', put('zero.cir', '* x\n.include /dev/zero\n')], /zero\.cir:2:10: error: cannot read include file `\/dev\/zero`: it is not a regular file/],
  ['an include of a FIFO (would hang)', ['check', put('fifo-main.cir', `* x\n.include ${fifo}\n`)], /cannot read include file `.*fifo\.cir`: it is not a regular file/],
  ['an include of /etc/passwd (not echoed)', ['check', put('passwd.cir', '* x\n.include /etc/passwd\n')], /include file `\/etc\/passwd` is not a cimsim netlist/],
  ['an 80,000-digit number', ['check', put('digits.cir', `* x\n.param big=${'1'.repeat(80_000)}\n`)], /digits\.cir:2:12: error: param\.big: `1{40}\.\.\.` \(80000 characters\) is too large/],
  ['a 3,000-term sum', ['check', put('sum.cir', `* x\n.param s={${Array(3000).fill('1').join('+')}}\n`)], /expression of 5999 characters, more than 1000/],
  ['10^9 inferences', ['run', scenario('inf.json', { stimulus: { encoding: 'binary', inferences: 1e9 } })], /stimulus\.inferences: 1000000000 is more than the 100000/],
  ['200,000 checks', ['run', scenario('checks.json', { checks: Array.from({ length: 200_000 }, () => ({ metric: 'inference.rmsError_LSB', max: 1 })) })], /checks: 200000 entries, more than the 10000/],
  ['simulated time past the exact range', ['run', scenario('time.json', { overrides: { 'param.tunit': 1e-6 }, stimulus: { encoding: 'pwm', inputBits: 8, density: 1, inferences: 100_000 } })], /does not fit the simulated time the femtosecond clock holds exactly/],
  ['a check on __proto__', ['run', scenario('proto.json', { analyses: [{ type: 'discharge', widths_s: [1e-10], activeCells: [1] }], checks: [{ metric: 'discharge.__proto__', max: 1 }] })], /check on unknown metric "discharge\.__proto__"/],
  ['a netlist passed to run', ['run', chip], /testchip65\.cir:1:1: error: invalid JSON[\s\S]*run `cimsim check` on netlists/],
  // 1000 arrays of 4096 x 4096: 1.7e10 bitcells, hundreds of GB of cell state; refused before any allocation
  ['arrays that would not fit in memory', ['check', put('huge.cir', Array.from({ length: 1000 }, (_, i) => `A${i} cimarray rows=4096 cols=4096`).join('\n'))], /huge\.cir:1:1: error: the netlist's 1000 arrays hold 1\.678e\+10 bitcells, whose state needs up to 352 GB .* this machine gives/],
  ['--out naming a file', ['run', scenario('out.json', { analyses: [{ type: 'discharge', widths_s: [1e-10], activeCells: [1] }] }), '--out', chip], /cannot create the folder .*testchip65\.cir: a part of the path is a file/],
];

describe('hostile inputs as real processes', () => {
  it.each(cases)('%s: exit 2 with a located, worded error, within the heap and time limits', (_name, args, message) => {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI, ...args, ...(args[0] === 'run' && !args.includes('--out') ? ['--out', path.join(dir, 'out')] : [])], {
      encoding: 'utf8',
      timeout: TIME_LIMIT_MS,
    });
    expect(r.signal, `killed by ${r.signal} (time limit or crash)`).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+|\bE[A-Z]{3,}:/);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr.length).toBeLessThan(4000);
  }, TIME_LIMIT_MS + 10_000);
});
