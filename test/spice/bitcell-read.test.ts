import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CimsimError } from '../../src/errors.js';
import { parseBitcellPins, readBitcell } from '../../src/spice/bitcell.js';
import { readPortLines, type SpiceTech } from '../../src/spice/deck.js';

// Reading the read port out of a user's bitcell .subckt: found by connection, drawn the way the
// cell draws it, every problem located in the user's file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-bitcell-read-'));
function cellFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The CimsimError `fn` throws. */
function errorOf(fn: () => unknown): CimsimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CimsimError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('reading a bitcell subcircuit', () => {
  it('finds the read stack of the bundled 8T cell by its connections, with the cell\'s geometry and parasitics, and leaves the latch out', () => {
    const cell = readBitcell('netlists/cells/sram8t.sp');
    expect(cell.access).toMatchObject({ model: 'nmos', w: 0.2e-6, l: 65e-9 });
    expect(cell.storage).toMatchObject({ model: 'nmos', w: 0.3e-6, l: 65e-9 });
    // 0.024p m^2 over 0.2 um: the drawn 0.12 um contacted diffusion
    expect(cell.access.drainDiffusion).toBeCloseTo(0.12e-6, 15);
    expect(cell.access.params).toContain('AD=2.4e-14');
    expect(cell.storage.params).toContain('PS=5.4e-7'); // from the continuation line
    expect(cell.caps).toEqual([{ a: 'bl', b: '0', c: expect.closeTo(0.05e-15, 25) }, { a: 'mid', b: '0', c: expect.closeTo(0.02e-15, 25) }]);
  });

  it('takes a device drawn source-up with its end parameters swapped, multiplies W by M, and maps capacitors to the port\'s nodes', () => {
    const file = cellFile('flipped.sp', [
      '* access device drawn with its source on the bitline; ground is the global node',
      '.subckt cell RBL RWL',
      'MA x RWL RBL 0 nch W=100n L=60n M=2 AD=1p AS=3p PD=2u PS=4u NRD=0.5 NRS=1.5',
      'MS x QQ 0 0 nch2 W=200n L=60n ; the read driver',
      'C1 RBL RWL 0.1f',
      'C2 x QQ 0.2f',
      'C3 QQ 0 5f $ not on the read path',
      '.ends',
    ].join('\n'));
    const cell = readBitcell(file);
    expect(cell.access.w).toBeCloseTo(200e-9, 20);
    expect(cell.access.params).toBe('W=1e-7 L=6e-8 M=2 AS=1e-12 AD=3e-12 PS=0.000002 PD=0.000004 NRS=0.5 NRD=1.5');
    expect(cell.access.drainDiffusion).toBeCloseTo(30e-6, 12);
    expect(cell.storage.model).toBe('nch2');
    expect(cell.caps.map((c) => [c.a, c.b])).toEqual([['bl', 'wl'], ['mid', 'q']]);
    // the decks draw the cell: both devices and its capacitors, on the deck's nodes
    const t: SpiceTech = { modelCard: 'card.pm', nmos: 'nmos', w: 0, l: 0, vdd: 1.1, temp: 27, cell };
    expect(readPortLines('p', 'bl', 'wl', 'q1', t)).toEqual([
      `Mpa bl wl p_m 0 nch ${cell.access.params}`,
      `Mps p_m q1 0 0 nch2 ${cell.storage.params}`,
      'Cp0 bl wl 1e-16',
      'Cp1 p_m q1 2e-16',
    ]);
  });

  it('takes the pins\' roles when their names are not the usual ones', () => {
    const file = cellFile('named.sp', '.subckt c8 RDBIT RDSEL GROUND\nMA RDBIT RDSEL n GROUND nmos W=0.15u L=65n\nMB n Q GROUND GROUND nmos W=0.15u L=65n\n.ends c8\n');
    expect(errorOf(() => readBitcell(file)).message).toContain('has no pin named RBL, RBLT, RDBL for the read bitline');
    const cell = readBitcell(file, { pins: parseBitcellPins('rbl=RDBIT,rwl=rdsel,vss=GROUND') });
    expect(cell.access.w).toBeCloseTo(0.15e-6, 20);
  });

  it('locates every problem in the user\'s file, with a hint', () => {
    const expression = cellFile('expr.sp', ".subckt c RBL RWL VSS\nMA RBL RWL n VSS nmos W='2*wr' L=65n\nMB n Q VSS VSS nmos W=0.2u L=65n\n.ends\n");
    const e1 = errorOf(() => readBitcell(expression));
    expect(e1.message).toBe('W of MA is an expression');
    expect(e1.loc).toMatchObject({ line: 2, col: 25 });
    expect(e1.hint).toContain('numbers');

    const unit = cellFile('unit.sp', '.subckt c RBL RWL VSS\nMA RBL RWL n VSS nmos W=0.2uF L=65n\nMB n Q VSS VSS nmos W=0.2u L=65n\n.ends\n');
    const e2 = errorOf(() => readBitcell(unit));
    expect(e2.message).toContain('W of MA: dimension mismatch');
    expect(e2.loc).toMatchObject({ line: 2, col: 29 }); // at the unit letter

    const two = cellFile('two.sp', '.subckt a RBL RWL VSS\n.ends\n.subckt b RBL RWL VSS\n.ends\n');
    const e3 = errorOf(() => readBitcell(two));
    expect(e3.loc).toMatchObject({ line: 3, col: 9 });
    expect(e3.hint).toBe('say which is the bitcell: --bitcell-subckt a or b');
    expect(errorOf(() => readBitcell(two, { subckt: 'c' })).hint).toBe('it defines a, b');

    const noAccess = cellFile('noaccess.sp', '.subckt c RBL RWL VSS\nMA RBL WL n VSS nmos W=0.2u L=65n\n.ends\n');
    expect(errorOf(() => readBitcell(noAccess)).message).toBe('subcircuit c has no MOSFETs gated by RWL with an end on RBL');

    const noStorage = cellFile('nostorage.sp', '.subckt c RBL RWL VSS\nMA RBL RWL n VSS nmos W=0.2u L=65n\nMB n Q m VSS nmos W=0.2u L=65n\n.ends\n');
    const e5 = errorOf(() => readBitcell(noStorage));
    expect(e5.message).toBe("the access device's lower end `n` reaches VSS through no MOSFETs");
    expect(e5.loc).toMatchObject({ line: 2, col: 1 });

    const bulk = cellFile('bulk.sp', '.subckt c RBL RWL VSS VPW\nMA RBL RWL n VPW nmos W=0.2u L=65n\nMB n Q VSS VSS nmos W=0.2u L=65n\n.ends\n');
    expect(errorOf(() => readBitcell(bulk)).message).toBe("the read port's bulk must be VSS (it is `vpw`)");

    const noW = cellFile('now.sp', '.subckt c RBL RWL VSS\nMA RBL RWL n VSS nmos L=65n\nMB n Q VSS VSS nmos W=0.2u L=65n\n.ends\n');
    expect(errorOf(() => readBitcell(noW)).message).toBe('MOSFET MA of the read port has no W');

    expect(errorOf(() => readBitcell(path.join(dir, 'missing.sp'))).message).toContain('cannot be read');
    expect(errorOf(() => parseBitcellPins('rbl:RBL')).hint).toContain('--bitcell-pins rbl=RBL,rwl=RWL,vss=VSS');
  });

  it('cimsim calibrate reads the cell before any simulation: a bad cell exits 2 with its location and no stack trace', async () => {
    const file = cellFile('cli.sp', ".subckt c RBL RWL VSS\nMA RBL RWL n VSS nmos W={wr} L=65n\n.ends\n");
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      err.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await main(['calibrate', '--model', 'netlists/models/ptm65_bulk.pm', '--bitcell', file], () => undefined);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(2);
    const text = err.join('');
    expect(text).toContain(`${file}:2:25: error: W of MA is an expression`);
    expect(text).toContain('^^^^');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});
