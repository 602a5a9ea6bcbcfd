import * as path from 'node:path';
import type { RunResult } from '../scenario/runner.js';
import { toCsv } from './csv.js';
import { renderFigure, type Figure } from './figure.js';
import { htmlReport } from './html.js';
import { formatEngineering, formatTable } from './table.js';
import { VcdWriter } from './vcd.js';
import { ensureOutputDir, writeOutputFile } from './write.js';
import { CimsimError } from '../errors.js';

export const REPORT_SCHEMA = 'cimsim-report/1';

/** report.json: every metric name ends in its unit (docs/report.md documents the schema). */
export function reportJson(result: RunResult, version: string): object {
  return {
    schema: REPORT_SCHEMA,
    version,
    scenario: { name: result.scenario.name, file: result.scenarioFile, description: result.scenario.description ?? '' },
    netlist: result.netlist,
    seed: result.seed,
    nonidealities: result.circuit.nonideal,
    technology: { node_m: result.circuit.tech.node, vdd_V: result.circuit.tech.vdd, temp_degC: result.circuit.tech.tempC, corner: result.circuit.tech.corner },
    sections: Object.fromEntries(
      result.sections.map((s) => [s.name, { metrics: s.metrics, notes: s.notes, tables: s.tables.map((t) => `${s.name}-${t.name}.csv`), plots: s.plots.map((p) => `${s.name}-${p.name}.svg`) }]),
    ),
    checks: result.checks,
    passed: result.passed,
  };
}

/** Write report.json, one CSV per table, one SVG per plot and report.html into `dir`. */
export function writeRunReport(result: RunResult, dir: string, version: string): string[] {
  ensureOutputDir(dir);
  const written: string[] = [];
  const put = (name: string, text: string): void => {
    try {
      writeOutputFile(path.join(dir, name), text);
    } catch (e) {
      // Say what is already on disk; the console summary was printed before any file.
      if (e instanceof CimsimError) throw new CimsimError(e.message, undefined, `${e.hint}; ${written.length} report files were written before this one (${written.map((f) => path.basename(f)).join(', ') || 'none'})`);
      throw e;
    }
    written.push(path.join(dir, name));
  };
  put('report.json', `${JSON.stringify(reportJson(result, version), null, 2)}\n`);
  const outputs = result.scenario.outputs ?? {};
  // Each figure is drawn once, when a file needs it.
  const drawn = new Map<Figure, string>();
  const svg = (figure: Figure): string => drawn.get(figure) ?? drawn.set(figure, renderFigure(figure)).get(figure)!;
  for (const s of result.sections) {
    if (outputs.csv ?? true) for (const t of s.tables) put(`${s.name}-${t.name}.csv`, toCsv(t.columns, t.rows));
    if (outputs.svg ?? true) for (const p of s.plots) put(`${s.name}-${p.name}.svg`, svg(p.figure));
  }
  if (outputs.html ?? true) {
    put(
      'report.html',
      htmlReport({
        title: `cimsim: ${result.scenario.name}`,
        subtitle: `${result.netlist}, seed ${result.seed}`,
        sections: [
          ...result.sections.map((s) => ({
            heading: s.name,
            text: s.notes.join('\n\n') || undefined,
            table: { columns: [{ header: 'metric' }, { header: 'value' }], rows: Object.entries(s.metrics).map(([metric, value]) => [metric, value]) },
            svg: s.plots.map((p) => svg(p.figure)),
          })),
          {
            heading: 'checks',
            table: { columns: [{ header: 'metric' }, { header: 'value' }, { header: 'limit' }, { header: 'result' }], rows: result.checks.map((c) => [c.metric, c.value, limitText(c), c.passed ? 'pass' : 'FAIL']) },
          },
        ],
      }),
    );
  }
  return written;
}

/** Bitline and wordline waveforms of the inference run as a VCD (times in fs); false when the scenario has no inference run. */
export function writeVcd(result: RunResult, file: string, version: string): boolean {
  const run = result.inference;
  if (run === undefined) return false;
  const vcd = new VcdWriter({ date: `seed ${result.seed}`, comment: `cimsim ${version} ${result.scenario.name}` });
  const ids = new Map<string, ReturnType<VcdWriter['addSignal']>>();
  const signal = (scope: string, name: string) => {
    const key = `${scope}.${name}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = vcd.addSignal([scope], name, 'real');
      ids.set(key, id);
    }
    return id;
  };
  for (const w of run.waveforms) vcd.change(w.timeFs, signal(w.array, w.signal), w.value);
  writeOutputFile(file, vcd.toString());
  return true;
}

function limitText(c: { min?: number; max?: number; equals?: number }): string {
  const parts = [];
  if (c.min !== undefined) parts.push(`>= ${c.min}`);
  if (c.max !== undefined) parts.push(`<= ${c.max}`);
  if (c.equals !== undefined) parts.push(`= ${c.equals}`);
  return parts.join(', ');
}

/** Console summary: one table of metrics per section, then the checks. */
export function formatSummary(result: RunResult): string {
  const lines = [`cimsim: ${result.scenario.name}  (netlist ${path.relative(process.cwd(), result.netlist)}, seed ${result.seed})`, ''];
  for (const s of result.sections) {
    lines.push(`[${s.name}]`);
    lines.push(formatTable([{ header: 'metric' }, { header: 'value', align: 'right' }], Object.entries(s.metrics).map(([k, v]) => [k, formatMetric(k, v)])));
    for (const t of s.tables.filter((t) => t.rows.length <= 16 && t.name !== 'energy')) {
      lines.push(formatTable(t.columns.map((c) => ({ header: c.header })), t.rows.map((r) => t.columns.map((c) => cell(r[c.key])))));
    }
    for (const n of s.notes) lines.push(`  ${n}`);
    lines.push('');
  }
  if (result.checks.length > 0) {
    lines.push('[checks]');
    lines.push(formatTable([{ header: 'check' }, { header: 'value', align: 'right' }, { header: 'limit' }, { header: 'result' }], result.checks.map((c) => [c.metric, formatMetric(c.metric, c.value), limitText(c), c.passed ? 'pass' : 'FAIL'])));
    lines.push(result.passed ? 'all checks passed' : `${result.checks.filter((c) => !c.passed).length} check(s) FAILED`);
  }
  return lines.join('\n');
}

const UNIT_SUFFIX: Record<string, string> = { _J: 'J', _s: 's', _V: 'V', _m2: 'm^2', _W: 'W' };

function formatMetric(name: string, value: number): string {
  for (const [suffix, unit] of Object.entries(UNIT_SUFFIX)) {
    if (name.endsWith(suffix) && unit !== 'm^2' && value !== 0 && Number.isFinite(value)) return formatEngineering(value, unit);
  }
  if (name.endsWith('_m2')) return `${(value * 1e12).toPrecision(4)} um^2`;
  const unit = name.slice(name.lastIndexOf('_') + 1);
  const shown = Number.isInteger(value) ? String(value) : value.toPrecision(4);
  return name.includes('_') ? `${shown} ${unit}` : shown;
}

function cell(v: number | string | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : v;
}
