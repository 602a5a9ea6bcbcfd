import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { displayUnit, formatCell, formatEngineering, formatMetric, formatTable } from '../../src/report/table.js';

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

describe('a metric or a cell as a person reads it: the unit its name ends in', () => {
  it('writes physical units in engineering notation and names the unit of the others', () => {
    expect(formatMetric('energyPerInference_J', 1.09e-10)).toBe('109 pJ');
    expect(formatMetric('latency_s', 5.4e-7)).toBe('540 ns');
    expect(formatMetric('pitch_m', 2.6e-7)).toBe('260 nm');
    expect(formatMetric('area_m2', 1.472e-8)).toBe('14720 um^2');
    expect(formatMetric('rmsError_LSB', 0.19761)).toBe('0.1976 LSB');
    expect(formatMetric('energy_precharge_J', 0)).toBe('0 J');
  });

  it('writes rates and efficiencies with a slash, a word unit apart from its prefix', () => {
    expect(formatMetric('throughput_conversionsPerS', 9.474e8)).toBe('947 M conversions/s');
    expect(formatMetric('throughput_conversionsPerS', 512)).toBe('512 conversions/s');
    expect(formatMetric('throughput_conversionsPerS', 0)).toBe('0 conversions/s');
    expect(formatMetric('efficiency_TOPSperW', 150.4)).toBe('150.4 TOPS/W');
    expect(formatMetric('areaEfficiency_TOPSperMm2', 8.2371)).toBe('8.237 TOPS/mm^2');
  });

  it('formats a table cell by its header: engineering notation only under a physical unit', () => {
    expect(formatCell('energy_J', 2.12e-12)).toBe('2.12 pJ');
    expect(formatCell('final_charge_C', 7.03e-15)).toBe('7.03 fC');
    expect(formatCell('bit_error_ratio', 0.00195312)).toBe('0.0019531');
    expect(formatCell('count', 8192)).toBe('8192');
    expect(formatCell('dnl_density_LSB', -2.220446049250313e-16)).toBe('0'); // rounding residue, not a DNL
    expect(formatCell('dnl_density_LSB', -0.0175438596)).toBe('-0.017544');
    expect(formatCell('device', 'A0')).toBe('A0');
    expect(formatCell('energy_J', undefined)).toBe('');
  });
});

describe('the axis unit of a metric', () => {
  it('takes the prefix of the largest magnitude for physical units, and leaves others alone', () => {
    expect(displayUnit('inference.energyPerInference_J', [1.09e-10, 1.1e-10])).toEqual({ unit: 'pJ', factor: 1e12 });
    expect(displayUnit('latency_s', [9.9e-10, 1.2e-9])).toEqual({ unit: 'ns', factor: 1e9 });
    expect(displayUnit('offset_V', [-0.012, 0.004])).toEqual({ unit: 'mV', factor: 1e3 });
    expect(displayUnit('maxAbsError_LSB', [0, 1, 2])).toEqual({ unit: 'LSB', factor: 1 });
    expect(displayUnit('efficiency_TOPSperW', [150])).toEqual({ unit: 'TOPS/W', factor: 1 });
    expect(displayUnit('energy_J', [0, 0])).toEqual({ unit: 'J', factor: 1 });
  });
});
