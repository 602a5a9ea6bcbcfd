import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { toCsv, writeCsv } from '../../src/report/csv.js';

/** Independent RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const columns = [
  { key: 'name', header: 'name' },
  { key: 'energy', header: 'energy_fJ' },
  { key: 'ok', header: 'code_ok' },
];

describe('CSV writer', () => {
  it('quotes commas, quotes and newlines so an RFC 4180 reader gets the cells back', () => {
    const rows = [
      { name: 'plain', energy: 12.5, ok: true },
      { name: 'a, b', energy: 0.1 + 0.2, ok: false },
      { name: 'say "hi"', energy: -3e-7, ok: null },
      { name: 'two\nlines', energy: 1e21, ok: undefined },
    ];
    const text = toCsv(columns, rows);
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual(['name', 'energy_fJ', 'code_ok']);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r.name));
    // Numbers come back as the exact same doubles.
    expect(parsed.slice(1).map((r) => Number(r[1]))).toEqual(rows.map((r) => r.energy));
    expect(parsed.slice(1).map((r) => r[2])).toEqual(['true', 'false', '', '']);
    expect(text.split('\n')[2]).toBe('"a, b",0.30000000000000004,false');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('refuses non-finite numbers, naming the row and column', () => {
    expect(() => toCsv(columns, [{ name: 'x', energy: NaN, ok: true }])).toThrow(CimsimError);
    expect(() => toCsv(columns, [{ name: 'x', energy: 1, ok: true }, { name: 'y', energy: Infinity, ok: true }]))
      .toThrow(/row 2, column 'energy_fJ'/);
  });

  it('writes the same text to a file, creating the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cimsim-csv-'));
    try {
      const path = join(dir, 'sub', 'energy.csv');
      const rows = [{ name: 'a', energy: 1, ok: true }];
      writeCsv(path, columns, rows);
      expect(readFileSync(path, 'utf8')).toBe(toCsv(columns, rows));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
