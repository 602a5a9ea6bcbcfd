/**
 * Runs ngspice in batch mode on a generated deck and reads back its results.
 *
 * Decks write their results with `wrdata <name>.txt ...` (relative file names) inside a `.control`
 * block; the runner executes ngspice with the temporary directory as working directory and parses
 * every `*.txt` file found there afterwards. `.meas` results printed on stdout are parsed as well.
 * ngspice's exit status is not reliable (version 39 exits 1 after a successful control-block run),
 * so failure is detected from its `Error` lines and from missing expected outputs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CimsimError } from '../errors.js';

/** A table written by ngspice `wrdata` (with `set wr_vecnames` and `set wr_singlescale`). */
export interface WrTable {
  /** Column names as ngspice printed them; column 0 is the scale (sweep variable or time). */
  readonly columns: readonly string[];
  /** Row-major data, SI units. */
  readonly rows: readonly (readonly number[])[];
}

export interface NgspiceOptions {
  /** Path of the ngspice binary; default: `findNgspice()`. */
  binary?: string;
  /** Wall-clock limit, ms (default 120000). The process is killed when it is exceeded. */
  timeoutMs?: number;
  /** `wrdata` files (names without directory) that must exist after the run. */
  expectFiles?: readonly string[];
  /** Keep the temporary directory (for debugging); its path is returned in `dir`. */
  keepDir?: boolean;
}

export interface NgspiceResult {
  readonly stdout: string;
  readonly stderr: string;
  /** `wrdata` tables keyed by file name (e.g. `dc.txt`). */
  readonly tables: ReadonlyMap<string, WrTable>;
  /** `.meas` results keyed by lower-case name, SI units. */
  readonly measures: Readonly<Record<string, number>>;
  /** Wall time of the ngspice process, s. */
  readonly elapsed_s: number;
  /** Temporary directory, only when `keepDir` was set. */
  readonly dir?: string;
}

const INSTALL_HINT = 'install ngspice (Debian/Ubuntu: `apt-get install -y ngspice`) or set CIMSIM_NGSPICE to its path';

/** Absolute path of the ngspice binary (env CIMSIM_NGSPICE, then PATH), or null when absent. */
export function findNgspice(): string | null {
  const fromEnv = process.env.CIMSIM_NGSPICE;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'ngspice');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Model names declared by `.model <name> <type>` lines of a model card text. */
export function modelsInCard(cardText: string): string[] {
  const names: string[] = [];
  for (const m of cardText.matchAll(/^\s*\.model\s+(\S+)/gim)) names.push(m[1]);
  return names;
}

/**
 * Checks that the model card exists and declares every requested model (case-insensitive, as
 * SPICE is); throws a CimsimError listing the models found otherwise.
 */
export function checkModelCard(cardPath: string, models: readonly string[]): void {
  if (!existsSync(cardPath)) {
    throw new CimsimError(`model card '${cardPath}' not found`, undefined, 'give the path of a SPICE model card, e.g. netlists/models/ptm65_bulk.pm');
  }
  const found = modelsInCard(readFileSync(cardPath, 'utf8'));
  const lower = found.map((n) => n.toLowerCase());
  for (const want of models) {
    if (!lower.includes(want.toLowerCase())) {
      const list = found.length ? found.join(', ') : 'none';
      throw new CimsimError(`model card '${cardPath}' has no model '${want}'`, undefined, `models found in the card: ${list}`);
    }
  }
}

/** Runs `ngspice -b` on `deck` in a fresh temporary directory and returns its outputs. */
export async function runNgspice(deck: string, options: NgspiceOptions = {}): Promise<NgspiceResult> {
  const binary = options.binary ?? findNgspice();
  if (!binary) throw new CimsimError('ngspice not found on PATH', undefined, INSTALL_HINT);
  if (!isExecutable(binary)) throw new CimsimError(`ngspice binary '${binary}' not found or not executable`, undefined, INSTALL_HINT);
  const dir = mkdtempSync(join(tmpdir(), 'cimsim-spice-'));
  try {
    writeFileSync(join(dir, 'deck.cir'), deck);
    const started = process.hrtime.bigint();
    const { stdout, stderr } = await spawnWithTimeout(binary, ['-b', 'deck.cir'], dir, options.timeoutMs ?? 120_000);
    const elapsed_s = Number(process.hrtime.bigint() - started) * 1e-9;
    const errors = errorLines(stdout, stderr);
    if (errors.length > 0) {
      throw new CimsimError(`ngspice failed: ${errors[0]}`, undefined, `ngspice said:\n  ${errors.join('\n  ')}`);
    }
    const tables = new Map<string, WrTable>();
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.txt')) tables.set(name, parseWrdata(readFileSync(join(dir, name), 'utf8'), name));
    }
    for (const want of options.expectFiles ?? []) {
      if (!tables.has(want)) {
        const tail = stdout.trim().split('\n').slice(-5).join('\n  ');
        throw new CimsimError(`ngspice produced no '${want}'`, undefined, `the analysis did not complete; ngspice's last lines:\n  ${tail}`);
      }
    }
    return { stdout, stderr, tables, measures: parseMeasures(stdout), elapsed_s, dir: options.keepDir ? dir : undefined };
  } finally {
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

function spawnWithTimeout(binary: string, args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CimsimError(`cannot run ngspice '${binary}': ${e.message}`, undefined, INSTALL_HINT));
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new CimsimError(`ngspice did not finish within ${(timeoutMs / 1000).toFixed(0)} s`, undefined, 'shorten the simulated time or the circuit, or raise the timeout'));
      } else if (signal) {
        reject(new CimsimError(`ngspice was killed by signal ${signal}`, undefined, `ngspice's last output:\n  ${(stderr || stdout).trim().split('\n').slice(-5).join('\n  ')}`));
      } else resolve({ stdout, stderr });
    });
  });
}

/** ngspice's own error lines (and the line after each, which usually quotes the culprit). */
function errorLines(stdout: string, stderr: string): string[] {
  const out: string[] = [];
  for (const text of [stderr, stdout]) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (/^(error|fatal)\b/i.test(line) || /\berror:/i.test(line) || /simulation interrupted due to error/i.test(line)) {
        out.push(line);
        const next = lines[i + 1]?.trim();
        if (next && /^error on line/i.test(line)) out.push(next);
      } else if (/can't find model/i.test(line) || /timestep too small/i.test(line) || /singular matrix/i.test(line)) {
        out.push(line);
      }
    }
  }
  return [...new Set(out)];
}

/** Parses a `wrdata` file written with `wr_vecnames` and `wr_singlescale`. */
export function parseWrdata(text: string, name = 'wrdata'): WrTable {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new CimsimError(`ngspice output '${name}' is empty`);
  const columns = lines[0].trim().split(/\s+/);
  const rows: number[][] = [];
  for (const line of lines.slice(1)) {
    const row = line.trim().split(/\s+/).map(Number);
    if (row.some((v) => !Number.isFinite(v))) throw new CimsimError(`ngspice output '${name}' has a non-numeric row: ${line.trim()}`);
    rows.push(row);
  }
  return { columns, rows };
}

/** `.meas` lines on stdout look like `name  =  1.234e-09 ...`. */
function parseMeasures(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^\s*([a-z_][\w]*)\s*=\s*([-+0-9.eE]+)/gim)) {
    const v = Number(m[2]);
    if (Number.isFinite(v)) out[m[1].toLowerCase()] = v;
  }
  return out;
}

/** Column `name` (case-insensitive) of a table, as an array. */
export function column(table: WrTable, name: string): number[] {
  const idx = table.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  if (idx < 0) throw new CimsimError(`ngspice output has no column '${name}'`, undefined, `columns: ${table.columns.join(', ')}`);
  return table.rows.map((r) => r[idx]);
}

/** Linear interpolation of column `name` at scale value `x` (column 0 must be increasing). */
export function valueAt(table: WrTable, name: string, x: number): number {
  const ys = column(table, name);
  const xs = table.rows.map((r) => r[0]);
  if (xs.length === 0 || x < xs[0] || x > xs[xs.length - 1]) {
    throw new CimsimError(`ngspice output does not cover ${x} (range ${xs[0]}..${xs[xs.length - 1]})`);
  }
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const span = xs[hi] - xs[lo];
  return span > 0 ? ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo])) / span : ys[lo];
}
