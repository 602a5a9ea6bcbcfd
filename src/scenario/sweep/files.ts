import * as fs from 'node:fs';
import * as path from 'node:path';
import { CimsimError } from '../../errors.js';

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

function csvCell(v: number | string | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of records: index, seed, override columns, metric columns (first-seen order). */
export function recordsCsv(records: readonly SampleRecord[]): string {
  const overrideKeys = [...new Set(records.flatMap((r) => Object.keys(r.overrides)))];
  const metricKeys = [...new Set(records.flatMap((r) => Object.keys(r.metrics)))];
  const header = ['index', 'seed', ...overrideKeys, ...metricKeys].map(csvCell).join(',');
  const rows = records.map((r) => [r.index, r.seed, ...overrideKeys.map((k) => r.overrides[k]), ...metricKeys.map((k) => r.metrics[k])].map(csvCell).join(','));
  return `${[header, ...rows].join('\n')}\n`;
}

/** Write both files sorted by index, replacing what was there (the canonical final form). */
export function writeSorted(outDir: string, records: readonly SampleRecord[]): void {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, JSONL), sorted.map(recordLine).join(''));
  fs.writeFileSync(path.join(outDir, CSV), recordsCsv(sorted));
}
