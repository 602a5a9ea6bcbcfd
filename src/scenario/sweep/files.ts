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
export function readRecords(file: string): SampleRecord[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: SampleRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as SampleRecord);
    } catch {
      const last = lines.slice(i + 1).every((l) => l.trim() === '');
      if (!last) throw new CimsimError(`${file}:${i + 1}: not a JSON sample record`, { file, line: i + 1, col: 1 }, 'only a torn last line is repaired on --resume');
    }
  });
  return out;
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
