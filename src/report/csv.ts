/**
 * CSV files (RFC 4180 quoting via csv-stringify). Column headers carry units (`energy_fJ`,
 * `delay_ps`) so a spreadsheet or pandas user never has to guess them.
 */
import { writeOutputFile } from './write.js';
import { stringify } from 'csv-stringify/sync';
import { CimsimError } from '../errors.js';

/** A CSV column: `key` picks the field from each row object, `header` is written on line 1. */
export interface CsvColumn {
  key: string;
  header: string;
}

export type CsvCell = string | number | boolean | bigint | null | undefined;

/**
 * Rows -> CSV text with a header line. Numbers are written in shortest round-trip form (so a
 * reader recovers the exact double); null/undefined become empty cells; non-finite numbers are
 * refused rather than written as NaN.
 */
export function toCsv(columns: CsvColumn[], rows: ReadonlyArray<Record<string, CsvCell>>): string {
  if (columns.length === 0) throw new CimsimError('CSV needs at least one column');
  const seen = new Set<string>();
  for (const c of columns) {
    if (typeof c.header !== 'string' || c.header === '') throw new CimsimError(`CSV column '${c.key}' has no header`);
    if (seen.has(c.header)) throw new CimsimError(`CSV header '${c.header}' appears twice`);
    seen.add(c.header);
  }
  const records = rows.map((row, r) => columns.map((c) => cellText(row[c.key], r, c)));
  return stringify([columns.map((c) => c.header), ...records], { eof: true, record_delimiter: '\n' });
}

/** Write rows as a CSV file (creating its folder). */
export function writeCsv(path: string, columns: CsvColumn[], rows: ReadonlyArray<Record<string, CsvCell>>): void {
  writeOutputFile(path, toCsv(columns, rows));
}

function cellText(value: CsvCell, row: number, column: CsvColumn): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CimsimError(`CSV row ${row + 1}, column '${column.header}' is ${value}`, undefined,
          'a NaN or infinite result points at a failed computation upstream; leave the cell empty (null) if it is unknown');
      }
      return String(value);
    default:
      throw new CimsimError(`CSV row ${row + 1}, column '${column.header}' holds a ${typeof value}, not a scalar`);
  }
}
