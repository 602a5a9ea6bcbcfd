import { describe, expect, it } from 'vitest';
import { trimmedOffset } from '../../src/devices/comparator.js';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { circuit } from './circuit.js';

// Foreground offset calibration: a trim DAC of `bits` bits in steps of `step` cancels the sampled
// offset to the nearest step; beyond its range the excess stays.
describe('comparator offset trim', () => {
  it('leaves the rounding remainder, at most half a step, inside the trim range', () => {
    const step = 0.5e-3; // V
    for (const offset of [-0.0312, -0.011, -0.00026, 0, 0.00024, 0.0047, 0.0313]) {
      const r = trimmedOffset(offset, step, 7);
      expect(Math.abs(r)).toBeLessThanOrEqual(step / 2 + 1e-15);
      expect(Math.abs((offset - r) / step - Math.round((offset - r) / step))).toBeLessThan(1e-9); // whole steps removed
    }
  });

  it('keeps the excess beyond (2^(bits-1) - 1) steps and changes nothing without a step', () => {
    expect(trimmedOffset(0.013, 0.5e-3, 5)).toBeCloseTo(0.013 - 15 * 0.5e-3, 15);
    expect(trimmedOffset(-0.013, 0.5e-3, 5)).toBeCloseTo(-0.013 + 15 * 0.5e-3, 15);
    expect(trimmedOffset(0.0123, 0, 7)).toBe(0.0123);
  });

  it('is applied by the circuit to each lane comparator sampled with offset on', () => {
    const text = (trim: string): string =>
      [
        'A0 cimarray rows=8 cols=32', 'A1 cimarray rows=8 cols=32',
        'DAC0 refdac groups=16,8,4,2,1 dummy=1',
        `CMP0 comparator in_w=1u in_l=0.1u ${trim}`,
        'D0 digitizer mode=sa bits=5 dac=DAC0 comparator=CMP0',
        'N0 network topology=pair arrays=A0,A1 digitizer=D0',
      ].join('\n');
    const offsets = (trim: string): number[] =>
      circuit(text(trim), allNonidealities(true), 5).assignments.flatMap((a) => a.digitizer.lanes.map((l) => l.comparator.o.offset));
    const raw = offsets('');
    const trimmed = offsets('trim=0.5mV trimbits=7');
    expect(raw.length).toBeGreaterThan(0);
    raw.forEach((o, i) => expect(trimmed[i]).toBeCloseTo(trimmedOffset(o, 0.5e-3, 7), 15));
    expect(raw.some((o) => Math.abs(o) > 0.25e-3)).toBe(true); // the trim had something to do
  });
});
