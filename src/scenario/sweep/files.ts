import * as fs from 'node:fs';
import * as path from 'node:path';
import { CimsimError } from '../../errors.js';
import { parseSpiceNumber } from '../../netlist/units.js';
import { toCsv } from '../../report/csv.js';
import { outputProblem, writeOutputFile } from '../../report/write.js';

/** One line of samples.jsonl. */
export interface SampleRecord {
  index: number;
  seed: string;
  overrides: Record<string, number | string>;
  metrics: Record<string, number>;
}

export const JSONL = 'samples.jsonl';
export const CSV = 'samples.csv';

export function recordLine(r: SampleRecord): string {
  return `${JSON.stringify({ index: r.index, seed: r.seed, overrides: r.overrides, metrics: r.metrics })}\n`;
}

/** Records of a samples.jsonl; a torn (unparseable) last line is dropped, others are errors. */
export function readRecords(file: string, strict = false): SampleRecord[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: SampleRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const loc = { file, line: i + 1, col: 1 };
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      // a process killed mid-write leaves a torn last line: --resume drops and redoes it
      const last = lines.slice(i + 1).every((l) => l.trim() === '');
      if (strict || !last) {
        throw new CimsimError(`${file}:${i + 1}: not a JSON sample record${last ? ' (a torn last line: the run was interrupted)' : ''}`, loc, last ? 'finish that run with --resume, then merge' : 'only a torn last line is repaired on --resume');
      }
      return;
    }
    if (!isRecord(r)) throw new CimsimError(`${file}:${i + 1}: not a sample record (expected {"index", "seed", "overrides", "metrics"})`, loc, 'the file is written by cimsim sweep; re-run that sweep');
    out.push(r);
  });
  return out;
}

function isRecord(r: unknown): r is SampleRecord {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Partial<SampleRecord>;
  return Number.isInteger(x.index) && (x.index as number) >= 0 && typeof x.seed === 'string' && typeof x.overrides === 'object' && x.overrides !== null && typeof x.metrics === 'object' && x.metrics !== null;
}

/**
 * CSV of records: index, seed, override columns, metric columns (first-seen order), written by the
 * report's CSV writer. A metric a sample could not compute (NaN, as `null` in samples.jsonl) is an
 * empty cell.
 */
export function recordsCsv(records: readonly SampleRecord[]): string {
  const overrideKeys = [...new Set(records.flatMap((r) => Object.keys(r.overrides)))];
  const metricKeys = [...new Set(records.flatMap((r) => Object.keys(r.metrics)))];
  const overrides = overrideKeys.map((k) => siColumn(k, records.map((r) => r.overrides[k])));
  const columns = ['index', 'seed', ...overrides.map((o) => o.header), ...metricKeys].map((k, i) => ({ key: String(i), header: k }));
  const cell = (v: number | string | undefined): number | string | null => (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v);
  const rows = records.map((r, n) => {
    const values = [r.index, r.seed, ...overrides.map((o) => o.values[n]), ...metricKeys.map((k) => r.metrics[k])];
    return Object.fromEntries(values.map((v, i) => [String(i), cell(v)]));
  });
  return toCsv(columns, rows);
}

/**
 * An override column as SI numbers: values written with a scale letter and a unit (`20ps`) become
 * numbers (2e-11) and the header takes the unit as a suffix (`param.tunit_s`) when every value
 * names the same one; a column with any other text stays as written.
 */
function siColumn(key: string, values: readonly (number | string | undefined)[]): { header: string; values: (number | string | undefined)[] } {
  const units = new Set<string>();
  const numbers: (number | undefined)[] = [];
  for (const v of values) {
    if (v === undefined || typeof v === 'number') {
      numbers.push(v);
      continue;
    }
    try {
      const n = parseSpiceNumber(v.trim(), null);
      if (n.unitWritten) units.add(n.unit);
      numbers.push(n.value);
    } catch {
      return { header: key, values: [...values] };
    }
  }
  return { header: units.size === 1 ? `${key}_${[...units][0]}` : key, values: numbers };
}

/**
 * Write both files sorted by index, replacing what was there (the canonical final form). Each is
 * replaced atomically; the CSV, derived from the JSONL, goes first, so whatever stops the second
 * write leaves a JSONL that --resume rewrites both files from.
 */
export function writeSorted(outDir: string, records: readonly SampleRecord[]): void {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  writeOutputFile(path.join(outDir, CSV), sorted.length > 0 ? recordsCsv(sorted) : '');
  writeOutputFile(path.join(outDir, JSONL), sorted.map(recordLine).join(''));
}

/**
 * Appends records to samples.jsonl and samples.csv as they finish. The two files always hold the
 * same records: when a write fails (full disk, quota) both are cut back to the last record they
 * both hold, and the error says how many are saved.
 */
export class RecordStream {
  private readonly jsonlFd: number;
  private readonly csvFd: number;
  private jsonlBytes: number;
  private csvBytes: number;

  constructor(
    private readonly outDir: string,
    /** Records already in both files. */
    public saved: number,
  ) {
    const open = (name: string): number => {
      try {
        return fs.openSync(path.join(outDir, name), 'a');
      } catch (e) {
        throw outputProblem(e, path.join(outDir, name));
      }
    };
    this.jsonlFd = open(JSONL);
    this.csvFd = open(CSV);
    this.jsonlBytes = fs.fstatSync(this.jsonlFd).size;
    this.csvBytes = fs.fstatSync(this.csvFd).size;
  }

  append(r: SampleRecord): void {
    const line = Buffer.from(recordLine(r));
    const rows = recordsCsv([r]).split('\n');
    const csv = Buffer.from(`${this.csvBytes === 0 ? `${rows[0]}\n` : ''}${rows[1]}\n`);
    let file = JSONL;
    try {
      writeAll(this.jsonlFd, line);
      file = CSV;
      writeAll(this.csvFd, csv);
    } catch (e) {
      fs.ftruncateSync(this.jsonlFd, this.jsonlBytes);
      fs.ftruncateSync(this.csvFd, this.csvBytes);
      const problem = outputProblem(e, path.join(this.outDir, file));
      throw new CimsimError(`${problem.message}; ${this.saved} samples are saved in ${this.outDir}`, undefined, `${problem.hint}, then continue with --resume`);
    }
    this.jsonlBytes += line.length;
    this.csvBytes += csv.length;
    this.saved++;
  }

  close(): void {
    fs.closeSync(this.jsonlFd);
    fs.closeSync(this.csvFd);
  }
}

/** writeSync may write part of a buffer (a file-size limit reached mid-way): write the rest, or throw. */
function writeAll(fd: number, data: Buffer): void {
  for (let at = 0; at < data.length; ) at += fs.writeSync(fd, data, at);
}
