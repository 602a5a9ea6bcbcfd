import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { formatEngineering, formatTable } from '../../src/report/table.js';

const FACTOR: Record<string, number> = {
  y: 1e-24, z: 1e-21, a: 1e-18, f: 1e-15, p: 1e-12, n: 1e-9, '\u00b5': 1e-6, m: 1e-3,
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Z: 1e21, Y: 1e24,
};

describe('engineering notation', () => {
  it('writes energies, times and voltages with SI prefixes and 3 significant digits', () => {
    expect(formatEngineering(1.234e-12, 'J')).toBe('1.23 pJ');
    expect(formatEngineering(4.5e-10, 's')).toBe('450 ps');
    expect(formatEngineering(0.0125, 'V')).toBe('12.5 mV');
    expect(formatEngineering(-0.0125, 'V')).toBe('-12.5 mV');
    expect(formatEngineering(2.5e-6, 'm')).toBe('2.50 \u00b5m');
    expect(formatEngineering(2.5e-6, 'm', { ascii: true })).toBe('2.50 um');
    expect(formatEngineering(1.1, 'V')).toBe('1.10 V');
    expect(formatEngineering(0, 'J')).toBe('0 J');
    expect(formatEngineering(NaN, 'V')).toBe('NaN V');
  });

  it('carries to the next prefix when rounding reaches 1000', () => {
    expect(formatEngineering(999.7e-12, 's')).toBe('1.00 ns');
    expect(formatEngineering(1e-12, 's')).toBe('1.00 ps');
    expect(formatEngineering(1000, 'Hz')).toBe('1.00 kHz');
    expect(formatEngineering(450e-12, 's', { digits: 1 })).toBe('500 ps');
  });

  it('reads back within half a unit in the last digit, mantissa in [1, 1000), for random values', () => {
    const rng = seedrandom('engineering');
    for (let i = 0; i < 2000; i++) {
      const value = (rng() < 0.5 ? -1 : 1) * 10 ** (rng() * 44 - 22);
      const text = formatEngineering(value, 'J');
      const m = text.match(/^(-?[\d.]+) (\S*)J$/);
      expect(m, text).not.toBeNull();
      const mantissa = Number(m![1]);
      expect(Math.abs(mantissa)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(mantissa)).toBeLessThan(1000);
      expect(m![1].replace(/[-.]/g, '').replace(/^0+/, '')).toHaveLength(3);
      const back = mantissa * FACTOR[m![2]];
      expect(Math.abs(back - value) / Math.abs(value)).toBeLessThanOrEqual(0.5 * 10 ** (1 - 3) * 1.0000001);
    }
  });

  it('falls back to an exponent beyond the yocto..yotta prefixes', () => {
    expect(formatEngineering(1.5e-30, 'J')).toBe('1.50e-30 J');
  });
});

describe('console table', () => {
  it('aligns columns under a dashed header rule, numbers to the right, without trailing spaces', () => {
    const text = formatTable(
      [{ header: 'block' }, { header: 'energy', align: 'right' }, { header: 'note' }],
      [['precharge', '1.23 pJ', ''], ['comparator', '450 fJ', 'σ = 2 mV'], ['SA', '12.5 fJ', 'x']],
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toMatch(/\s$/);
    expect(lines[1]).toBe('----------  -------  --------');
    // Right-aligned cells end in the same column; left-aligned cells start in the same column.
    const energyEnd = 'comparator'.length + 2 + 'energy'.length + 1;
    for (const line of [lines[0], lines[2], lines[3], lines[4]]) {
      expect(line.slice(0, energyEnd).trimEnd().length).toBe(energyEnd);
    }
    const noteStart = lines[0].indexOf('note');
    expect([...lines[3]].slice(noteStart).join('')).toBe('σ = 2 mV');
    expect(lines[4].indexOf('x')).toBe(noteStart);
  });

  it('refuses rows with the wrong number of cells', () => {
    expect(() => formatTable([{ header: 'a' }, { header: 'b' }], [['1']])).toThrow(/row 1 has 1 cells/);
  });
});
