import { describe, expect, it } from 'vitest';
import { recordsCsv, recordLine } from '../../src/scenario/sweep/files.js';

/** Rows of a CSV without quoted cells (these records need none), keyed by header. */
function parse(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trimEnd().split('\n').map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

describe('sweep sample files', () => {
  const records = [
    { index: 0, seed: 'mc:0', overrides: { 'param.tunit': 3e-11 }, metrics: { 'inference.maxAbsError_LSB': 1, 'sine.enob_bit': NaN } },
    { index: 1, seed: 'mc:1', overrides: { 'param.tunit': 4e-11 }, metrics: { 'inference.maxAbsError_LSB': 0, 'sine.enob_bit': 4.9 } },
  ];

  it('writes a metric a sample could not compute as an empty cell, as samples.jsonl writes null', () => {
    const rows = parse(recordsCsv(records));
    expect(rows.map((r) => r['sine.enob_bit'])).toEqual(['', '4.9']);
    expect(rows.map((r) => r['param.tunit'])).toEqual(['3e-11', '4e-11']);
    expect(JSON.parse(recordLine(records[0])).metrics['sine.enob_bit']).toBeNull();
  });

  it('holds the same numbers as samples.jsonl, read back as numbers', () => {
    const rows = parse(recordsCsv(records));
    expect(rows.map((r) => Number(r['inference.maxAbsError_LSB']))).toEqual(records.map((r) => r.metrics['inference.maxAbsError_LSB']));
    expect(rows.map((r) => r.seed)).toEqual(['mc:0', 'mc:1']);
  });

  it('writes overrides given with scale letters and units as SI numbers, the unit in the header', () => {
    const swept = [0, 1].map((index) => ({ index, seed: `s:${index}`, overrides: { 'param.tunit': ['20ps', '25ps'][index], 'tech.corner': ['tt', 'ff'][index] }, metrics: { 'inference.maxAbsError_LSB': index } }));
    const rows = parse(recordsCsv(swept));
    expect(rows.map((r) => Number(r['param.tunit_s']))).toEqual([2e-11, 2.5e-11]);
    expect(rows.map((r) => r['tech.corner'])).toEqual(['tt', 'ff']);
  });
});

