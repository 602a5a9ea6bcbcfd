#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { CimsimError, EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK } from '../errors.js';
import type { UnitName } from '../netlist/params.js';
import { parseSpiceNumber, ValueProblem } from '../netlist/units.js';
import { techDefault } from '../tech/params.js';

// Each command loads its code when it runs, so `--version`, `--help` and `check` start fast.

const EXIT_INTERNAL = 3;

/** Version from the package.json above this file (works from src/ and from dist/src/). */
function version(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

function integer(name: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number >= 0, got "${text}"`);
    return n;
  };
}

/** A number as a netlist writes it: SI, or with a scale letter and the unit (`150n`, `0.15u`, `1.1V`). */
function spiceNumber(name: string, unit: UnitName, text: string): number {
  try {
    return parseSpiceNumber(text.trim(), unit).value;
  } catch (e) {
    if (e instanceof ValueProblem) throw new InvalidArgumentError(`${name}: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
    throw e;
  }
}

function positiveNumber(name: string, unit: UnitName = '') {
  return (text: string): number => {
    const n = spiceNumber(name, unit, text);
    if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a positive number in SI units or with a scale letter (150n, 1.1V), got "${text}"`);
    return n;
  };
}

function nonNegativeNumber(name: string, unit: UnitName = '') {
  return (text: string): number => {
    const n = spiceNumber(name, unit, text);
    if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number >= 0 in SI units, got "${text}"`);
    return n;
  };
}

/** Build the `cimsim` command. `out` receives normal output (tests capture it). */
export function program(out: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): Command {
  const cli = new Command('cimsim')
    .description('Discrete-event mixed-signal simulator for SRAM compute-in-memory chips that digitize inside the memory')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (t) => out(t.trimEnd()), writeErr: (t) => process.stderr.write(t) })
    .addHelpText('after', '\nExit codes: 0 success, 1 a scenario check failed, 2 bad input or usage, 3 internal error.');

  addSimulationCommands(cli, out);
  addSpiceCommands(cli, out);
  return cli;
}

/** Run the CLI on `argv` (without node and script); returns the exit code. Never throws. */
export async function main(argv: string[], out?: (text: string) => void): Promise<number> {
  process.exitCode = undefined;
  try {
    await program(out).parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (e) {
    if (e instanceof CimsimError) {
      process.stderr.write(`${e.format()}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof CommanderError) {
      const helpShown = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      return helpShown ? EXIT_OK : EXIT_BAD_INPUT;
    }
    process.stderr.write(`cimsim: internal error: ${(e as Error)?.message ?? String(e)}\nhint: this is a bug in cimsim; please report it with the command line and input files\n`);
    return EXIT_INTERNAL;
  }
}

/** check, run, sweep, merge. */
function addSimulationCommands(cli: Command, out: (text: string) => void): void {
  cli
    .command('check')
    .description('check a netlist (print arrays, networks, digitizers and every resolved parameter with its unit and origin), a scenario (with its netlist and network files) or a network file, without simulating')
    .argument('<file>', 'netlist (.cir), scenario or network file (.json)')
    .action(async (file: string) => {
      const { checkJson, checkNetlist } = await import('./check.js');
      out(file.toLowerCase().endsWith('.json') ? await checkJson(file) : checkNetlist(file));
    });

  cli
    .command('run')
    .description('run a scenario, print its summary and write report.json, CSV, SVG and HTML files')
    .argument('<scenario>', 'scenario file (scenarios/*.json)')
    .option('-o, --out <dir>', 'directory for report files', 'out')
    .option('-s, --seed <n>', 'seed (overrides the scenario seed)', integer('--seed'))
    .option('--vcd <file>', 'write wordline and bitline waveforms as a Value Change Dump')
    .option('-q, --quiet', 'no progress bar (there is none when stderr is not a terminal)')
    .action(async (scenario: string, opts: { out: string; seed?: number; vcd?: string; quiet?: boolean }) => {
      const { runScenarioFile } = await import('../scenario/runner.js');
      await import('../scenario/sweep/register.js');
      const { formatSummary, writeRunReport, writeVcd } = await import('../report/run-report.js');
      const { progress } = await import('../scenario/sweep/progress.js');
      // a bar on a terminal for the long analyses (network images, samples run in this thread)
      const bars = process.stderr.isTTY && !opts.quiet ? (label: string, total: number, what: string) => progress(total, 0, label, true, what) : undefined;
      const { AnalysisError } = await import('../scenario/runner.js');
      let result: ReturnType<typeof runScenarioFile>;
      try {
        result = runScenarioFile(scenario, { seed: opts.seed, trace: opts.vcd !== undefined, progress: bars });
      } catch (e) {
        if (e instanceof AnalysisError) {
          // keep what the analyses before the failing one computed, then report the error (exit 2)
          out(formatSummary(e.partial));
          const kept = writeRunReport(e.partial, opts.out, version());
          out(`\nwrote ${kept.length} report files to ${opts.out} from the analyses that ran before the error (report.json names it)`);
        }
        throw e;
      }
      out(formatSummary(result));
      const files = writeRunReport(result, opts.out, version());
      const vcd = opts.vcd !== undefined && writeVcd(result, opts.vcd, version());
      out(`\nwrote ${files.length} report files to ${opts.out}${vcd ? ` and waveforms to ${opts.vcd}` : ''}`);
      if (opts.vcd !== undefined && !vcd) process.stderr.write(`cimsim: no waveforms written to ${opts.vcd}: only an inference analysis records them, and this scenario has none\n`);
      if (!result.passed) process.exitCode = EXIT_CHECK_FAILED;
    });

  cli
    .command('sweep')
    .description("run a scenario's montecarlo or sweep analysis sample by sample on worker threads, streaming samples.jsonl and samples.csv")
    .argument('<scenario>', 'scenario file with a montecarlo or sweep analysis')
    .option('-o, --out <dir>', 'output directory', 'out/sweep')
    .option('-w, --workers <n>', 'worker threads (default: the cores this process may use, capped by its cgroup CPU quota; 0 = in this thread)', integer('--workers'))
    .option('--shard <i/N>', 'run only slice i of N (also read from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX)')
    .option('--shard-count <N>', 'slice count when the index comes from JOB_COMPLETION_INDEX', integer('--shard-count'))
    .option('--analysis <k>', 'which analysis of the scenario, when it has several', integer('--analysis'))
    .option('--resume', 'continue an interrupted run in --out: keep finished samples, run the rest')
    .option('-q, --quiet', 'no progress on stderr (a bar on a terminal, otherwise a line every 5 s)')
    .action(async (scenario: string, opts: { out: string; workers?: number; shard?: string; shardCount?: number; analysis?: number; resume?: boolean; quiet?: boolean }) => {
      const { sweepCommand } = await import('../scenario/sweep/commands.js');
      const done = await sweepCommand({ scenario, out: opts.out, workers: opts.workers, shard: opts.shard, shardCount: opts.shardCount, analysis: opts.analysis, resume: opts.resume, quiet: opts.quiet });
      if (done.report !== undefined) out(done.report);
    });

  cli
    .command('merge')
    .description('combine shard outputs into exactly what one sweep run would have written, then summarize it as `cimsim report` does')
    .argument('<dirs...>', 'shard output directories')
    .requiredOption('-o, --out <dir>', 'merged output directory')
    .option('--scenario <file>', 'scenario whose checks give the yield in the summary')
    .option('--allow-partial', 'merge an incomplete set of shards, saying which samples are missing (sweep.json lists them); no summary')
    .action(async (dirs: string[], opts: { out: string; allowPartial?: boolean; scenario?: string }) => {
      const { mergeCommand } = await import('../scenario/sweep/commands.js');
      const merged = await mergeCommand({ dirs, out: opts.out, allowPartial: opts.allowPartial, scenario: opts.scenario });
      if (merged.report !== undefined) out(merged.report);

  cli
    .command('report')
    .description("summarize a sweep's or merged shards' samples: mean, sigma, quantiles, yield against the scenario's checks, a histogram per metric; writes summary.json, summary.csv, summary.html and SVGs into the folder")
    .argument('<dir>', 'the --out folder of cimsim sweep or merge')
    .option('--scenario <file>', 'scenario whose checks give the yield')
    .action(async (dir: string, opts: { scenario?: string }) => {
      const { reportCommand } = await import('../scenario/sweep/commands.js');
      out(await reportCommand({ dir, scenario: opts.scenario }));
    });
    });
}

/** The user's bitcell options of calibrate, spice and validate. */
interface BitcellFlags {
  bitcell?: string;
  bitcellSubckt?: string;
  bitcellPins?: string;
}

function withBitcellOptions(cmd: Command): Command {
  return cmd
    .option('--bitcell <file>', "your bitcell as a SPICE .subckt (M lines, numbers): its read port replaces --w, --l, --diff-length and the read-port model")
    .option('--bitcell-subckt <name>', 'the bitcell subcircuit, when the file defines more than one')
    .option('--bitcell-pins <roles>', 'which pins are the read bitline, read wordline and ground, e.g. rbl=RBL,rwl=RWL,vss=VSS (default: the pins named RBL, RWL and VSS or GND)');
}

/** `--bitcell ...` as the command line that reproduces it ('' without a bitcell). */
function bitcellArgs(o: BitcellFlags): string {
  if (o.bitcell === undefined) return '';
  return ` --bitcell ${o.bitcell}${o.bitcellSubckt ? ` --bitcell-subckt ${o.bitcellSubckt}` : ''}${o.bitcellPins ? ` --bitcell-pins ${o.bitcellPins}` : ''}`;
}

/** calibrate, spice, validate: the commands that run or write ngspice decks. */
function addSpiceCommands(cli: Command, out: (text: string) => void): void {
  withBitcellOptions(cli
    .command('calibrate'))
    .description('fit the read-port transistor abstraction to a SPICE model card with ngspice and write a technology file')
    .requiredOption('--model <card>', 'model card file (e.g. netlists/models/ptm65_bulk.pm)')
    .option('--nmos <name>', 'NMOS model name in the card (the SRAM read port)', 'nmos')
    .option('--pmos <name>', 'PMOS model name in the card (sharing transmission gates)', 'pmos')
    .option('--switch-nmos <name>', 'NMOS model name of the sharing switches (default: --nmos)')
    .option('--w <m>', 'read-port width, m', positiveNumber('--w', 'm'), techDefault('rp_w'))
    .option('--l <m>', 'read-port length, m', positiveNumber('--l', 'm'), techDefault('rp_l'))
    .option('--diff-length <m>', 'contacted drain/source diffusion length of the read-port devices, m (0 = W and L only, no diffusion)', nonNegativeNumber('--diff-length', 'm'), techDefault('rp_diff'))
    .option('--switch-l <m>', 'sharing-switch length, m', positiveNumber('--switch-l', 'm'), 65e-9)
    .option('--vdd <V>', 'supply, V', positiveNumber('--vdd', 'V'), 1.1)
    .option('--temp <degC>', 'temperature, degC', Number, 27)
    .option('--vwl-min <V>', 'lowest wordline voltage of the read-port fit (fit the region the chip drives)', positiveNumber('--vwl-min', 'V'), 0.3)
    .option('--vwl-op <V>', 'the wordline level the chip drives: its row of the DC sweep carries half of the read-port fit (default: every point weighs the same)', positiveNumber('--vwl-op', 'V'))
    .option('-o, --output <file>', 'write the .tech file here (default: print it)')
    .action(async (opts: BitcellFlags & { model: string; nmos: string; pmos: string; switchNmos?: string; w: number; l: number; diffLength: number; switchL: number; vdd: number; temp: number; vwlMin: number; vwlOp?: number; output?: string }) => {
      const { bitcellOf } = await import('../spice/commands.js');
      const cell = bitcellOf(opts);
      const { calibrate } = await import('../spice/calibrate.js');
      const { calibrateSwitch, switchTechLines } = await import('../spice/switch-calibrate.js');
      const { formatTechFile } = await import('../spice/techfile.js');
      const switchNmos = opts.switchNmos ?? opts.nmos;
      const result = await calibrate({ modelCard: opts.model, nmos: opts.nmos, w: opts.w, l: opts.l, diffLength: opts.diffLength, cell, vdd: opts.vdd, temp: opts.temp, vwlMin: opts.vwlMin, vwlOp: opts.vwlOp });
      const sw = await calibrateSwitch({ modelCard: opts.model, nmos: switchNmos, pmos: opts.pmos, l: opts.switchL, vdd: opts.vdd, temp: opts.temp });
      const models = opts.nmos === 'nmos' && switchNmos === 'nmos' && opts.pmos === 'pmos' ? '' : ` --nmos ${opts.nmos} --switch-nmos ${switchNmos} --pmos ${opts.pmos}`;
      const port = cell ? bitcellArgs(opts) : ` --w ${opts.w} --l ${opts.l}${opts.diffLength === techDefault('rp_diff') ? '' : ` --diff-length ${opts.diffLength}`}`;
      const command = `cimsim calibrate --model ${opts.model}${models}${port}${opts.switchL === 65e-9 ? '' : ` --switch-l ${opts.switchL}`} --vdd ${opts.vdd} --temp ${opts.temp}${opts.vwlMin === 0.3 ? '' : ` --vwl-min ${opts.vwlMin}`}${opts.vwlOp === undefined ? '' : ` --vwl-op ${opts.vwlOp}`}`;
      const text = formatTechFile(result, command, switchTechLines(sw, opts.model.split('/').pop() ?? opts.model));
      if (opts.output) {
        const { writeOutputFile } = await import('../report/write.js');
        writeOutputFile(opts.output, text);
        out(`wrote ${opts.output}`);
      } else out(text);
    });

  withBitcellOptions(cli
    .command('spice'))
    .description("write an ngspice deck of a network's first compute step: transistor-level read ports, precharge, the wordline stimulus, the lender's first SA trial and an ideal comparator (optionally also a transistor StrongARM latch)")
    .argument('<netlist>', 'netlist file (.cir)')
    .requiredOption('--model <card>', 'SPICE model card file (e.g. netlists/models/ptm65_bulk.pm)')
    .option('--scenario <file>', 'scenario giving the stimulus, seed, overrides and non-idealities')
    .option('--columns <n>', 'compute columns in the deck (default: all)', integer('--columns'))
    .option('--network <name>', 'network to export (default: the first)')
    .option('--nmos <name>', 'NMOS model name in the card', 'nmos')
    .option('--pmos <name>', 'PMOS model name in the card (transmission-gate switches)', 'pmos')
    .option('--switches <kind>', 'sharing switches: tgate (MOSFETs) or ideal', 'tgate')
    .option('--comparator <kind>', 'lane comparator: ideal (behavioural) or strongarm (adds a transistor StrongARM latch, measured as sa<i>_s0)', 'ideal')
    .option('-o, --output <file>', 'write the deck here (default: print it)')
    .action(async (netlist: string, opts: BitcellFlags & { model: string; scenario?: string; columns?: number; network?: string; nmos: string; pmos: string; switches: string; comparator: string; output?: string }) => {
      const { spiceCommand } = await import('../spice/commands.js');
      const deck = await spiceCommand({ netlist, ...opts });
      out(opts.output ? `wrote ${opts.output}` : deck);
    });

  withBitcellOptions(cli
    .command('validate'))
    .description("run cimsim and ngspice on the same SA conversions; per node the voltage error at the sample points, per conversion whether the codes agree; exit 1 beyond tolerance")
    .argument('<scenario>', 'scenario file (scenarios/*.json)')
    .requiredOption('--model <card>', 'SPICE model card file')
    .option('--columns <n>', 'columns converted and compared', integer('--columns'), 4)
    .option('--network <name>', 'network to compare (default: the first)')
    .option('--nmos <name>', 'NMOS model name in the card', 'nmos')
    .option('--pmos <name>', 'PMOS model name in the card', 'pmos')
    .option('--switches <kind>', 'sharing switches in ngspice: tgate (MOSFETs) or ideal', 'tgate')
    .option('--tolerance-mv <mV>', 'voltage tolerance floor, mV', positiveNumber('--tolerance-mv'), 10)
    .option('--tolerance-pct <percent>', 'voltage tolerance, % of |V|', positiveNumber('--tolerance-pct'), 3)
    .option('-o, --out <dir>', 'write validation.json and samples.csv here')
    .action(async (scenario: string, opts: BitcellFlags & { model: string; columns: number; network?: string; nmos: string; pmos: string; switches: string; toleranceMv: number; tolerancePct: number; out?: string }) => {
      const { validateCommand } = await import('../spice/commands.js');
      const r = await validateCommand({ scenario, ...opts });
      out(r.text);
      if (!r.passed) process.exitCode = EXIT_CHECK_FAILED;
    });
}

const invokedDirectly = process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // Exit only once stdout and stderr are drained: on a pipe, process.exit would cut output at 64 KiB.
  const drained = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => stream.write('', () => resolve()));
  main(process.argv.slice(2))
    .then(async (code) => {
      await Promise.all([drained(process.stdout), drained(process.stderr)]);
      return code;
    })
    .then((code) => process.exit(code));
}
