import * as path from 'node:path';
import type { RunResult } from '../scenario/runner.js';
import { toCsv } from './csv.js';
import { renderFigure, type Figure } from './figure.js';
import { htmlReport } from './html.js';
import { formatCell, formatMetric, formatTable } from './table.js';
import { sanitizeVcdName, VcdWriter } from './vcd.js';
import { ensureOutputDir, writeOutputFile } from './write.js';
import { CimsimError } from '../errors.js';
import { limitText } from '../scenario/checks.js';

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
    ...(result.error === undefined ? {} : { error: result.error }),
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
            table: { columns: [{ header: 'metric' }, { header: 'value', align: 'right' as const }], rows: Object.entries(s.metrics).map(([metric, value]) => [metric, formatMetric(metric, value)]) },
            // the tables the console prints, every number with its unit; longer ones are in their CSV
            tables: s.tables.filter((t) => t.rows.length <= HTML_TABLE_ROWS).map((t) => ({
              caption: `${s.name}-${t.name}`,
              columns: t.columns.map((c) => ({ header: c.header })),
              rows: t.rows.map((r) => t.columns.map((c) => formatCell(c.header, r[c.key]))),
            })),
            links: [
              ...((outputs.csv ?? true) ? s.tables.map((t) => ({ href: `${s.name}-${t.name}.csv`, text: `${s.name}-${t.name}.csv` })) : []),
              ...((outputs.svg ?? true) ? s.plots.map((p) => ({ href: `${s.name}-${p.name}.svg`, text: `${s.name}-${p.name}.svg` })) : []),
            ],
            svg: s.plots.map((p) => svg(p.figure)),
          })),
          {
            heading: 'checks',
            table: { columns: [{ header: 'metric' }, { header: 'value', align: 'right' as const }, { header: 'limit' }, { header: 'result' }], rows: result.checks.map((c) => [c.metric, formatMetric(c.metric, c.value), limitText(c), c.passed ? 'pass' : 'FAIL']) },
          },
        ],
      }),
    );
  }
  return written;
}

/**
 * Waveforms of the inference run as a VCD (times in fs): every array's bitlines and wordline
 * envelope; every device's phase (1 precharge, 2 pulse, 3 convert, 0 idle); and, per digitizer
 * lane, each SA or Flash step: the sampled compute bitline `vin`, the lane's reference `vref`,
 * the comparator `decision` at its decision instant, the code register `code` and the `column`
 * being converted. A GTKWave save file beside it (same name, .gtkw) opens with the first lane's
 * conversion, the code bus and the phases shown. False when the scenario has no inference run.
 */
export function writeVcd(result: RunResult, file: string, version: string): boolean {
  const run = result.inference;
  if (run === undefined) return false;
  const vcd = new VcdWriter({ date: `seed ${result.seed}`, comment: `cimsim ${version} ${result.scenario.name}` });
  const ids = new Map<string, ReturnType<VcdWriter['addSignal']>>();
  const signal = (scope: string[], name: string, kind: 'real' | 'wire' = 'real', width = 1) => {
    const key = `${scope.join('.')}.${name}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = vcd.addSignal(scope, name, kind, width);
      ids.set(key, id);
    }
    return id;
  };
  for (const w of run.waveforms) vcd.change(w.timeFs, signal([w.array], w.signal), w.value);
  const phaseCode = (phase: string): number => (phase === 'precharge' ? 1 : phase === 'pulse' ? 2 : 3);
  for (const p of run.trace.phases) {
    const id = signal([p.device], 'phase', 'wire', 2);
    vcd.change(p.start_fs, id, phaseCode(p.phase));
    vcd.change(p.end_fs, id, 0);
  }
  const bits = new Map(result.circuit.assignments.map((a) => [a.digitizer.name, a.digitizer.bits]));
  for (const d of run.trace.decisions) {
    const lane = [d.digitizer, `lane${d.lane}`];
    vcd.change(d.sampleFs, signal(lane, 'vin'), d.vin);
    vcd.change(d.sampleFs, signal(lane, 'vref'), d.vref);
    vcd.change(d.sampleFs, signal(lane, 'column', 'wire', 16), d.column);
    vcd.change(d.decideFs, signal(lane, 'decision', 'wire'), d.out);
    vcd.change(d.decideFs, signal(lane, 'code', 'wire', bits.get(d.digitizer) ?? 16), d.code);
  }
  writeOutputFile(file, vcd.toString());
  writeOutputFile(file.replace(/\.vcd$/i, '') + '.gtkw', gtkwSave(file, run, bits));
  return true;
}

/**
 * GTKWave save file: the first traced lane's vin and vref as analog traces, its decision and code
 * bus, the phases of its digitizer and of the first array it converted, and that array's first
 * bitlines. Trace flags (GTKWave's TR_* bits): 0x20 right-justify, 0x4 decimal, 0x8 binary,
 * 0x10000 analog interpolated, 0x40000 real; `@20000` lines extend an analog trace's height.
 */
function gtkwSave(vcdFile: string, run: NonNullable<RunResult['inference']>, bits: ReadonlyMap<string, number>): string {
  const first = run.trace.decisions[0];
  const lines = ['[*] cimsim: one SA conversion step by step', `[dumpfile] "${path.basename(vcdFile)}"`, '[timestart] 0'];
  const analog = (name: string) => lines.push('@50020', name, '@20000', '-', '-', '-');
  if (first !== undefined) {
    const lane = `${sanitizeVcdName(first.digitizer)}.lane${first.lane}`;
    analog(`${lane}.vin`);
    analog(`${lane}.vref`);
    lines.push('@28', `${lane}.decision`, '@24', `${lane}.code[${(bits.get(first.digitizer) ?? 16) - 1}:0]`, `${lane}.column[15:0]`);
    const array = sanitizeVcdName(first.array);
    lines.push('@24', `${sanitizeVcdName(first.digitizer)}.phase[1:0]`, `${array}.phase[1:0]`);
    for (let c = 0; c < 4; c++) analog(`${array}.bl_${c}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Console summary: one table of metrics per section, then the checks. */
export function formatSummary(result: RunResult): string {
  const lines = [`cimsim: ${result.scenario.name}  (netlist ${path.relative(process.cwd(), result.netlist)}, seed ${result.seed})`, ''];
  for (const s of result.sections) {
    lines.push(`[${s.name}]`);
    lines.push(formatTable([{ header: 'metric' }, { header: 'value', align: 'right' }], Object.entries(s.metrics).map(([k, v]) => [k, formatMetric(k, v)])));
    for (const t of s.tables.filter((t) => t.rows.length <= 16 && t.name !== 'energy')) {
      lines.push(formatTable(t.columns.map((c) => ({ header: c.header })), t.rows.map((r) => t.columns.map((c) => formatCell(c.header, r[c.key])))));
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

/** Tables longer than this stay in their CSV only (the HTML links it). */
const HTML_TABLE_ROWS = 50;

