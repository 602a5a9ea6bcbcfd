/**
 * The `cimsim spice` and `cimsim validate` commands (loaded lazily by the CLI: they need ngspice).
 */
import * as path from 'node:path';
import { allNonidealities } from '../circuit/nonidealities.js';
import { DEVICE_SPECS } from '../devices/registry.js';
import { CimsimError } from '../errors.js';
import { elaborateFile } from '../netlist/index.js';
import type { Design } from '../netlist/params.js';
import { elaborateScenario, loadScenario } from '../scenario/load.js';
import { scenarioNonidealities } from '../scenario/runner.js';
import type { Stimulus } from '../scenario/types.js';
import { formatValue } from '../netlist/units.js';
import { TECH_PARAMS } from '../tech/params.js';
import { parseBitcellPins, readBitcell, type ReadPortCell } from './bitcell.js';
import type { SpiceTech } from './deck.js';
import { exportDeck, type DeckComparator } from './export.js';
import type { LaneSwitches } from './lane.js';
import { checkModelCard } from './ngspice.js';
import { comparableNonidealities, planStep } from './step.js';
import { formatValidation, validate } from './validate.js';
import { writeOutputFile } from '../report/write.js';

export interface SpiceCommandOptions {
  netlist: string;
  bitcell?: string;
  bitcellSubckt?: string;
  bitcellPins?: string;
  model: string;
  scenario?: string;
  output?: string;
  columns?: number;
  network?: string;
  nmos?: string;
  pmos?: string;
  /** Sharing switches: 'tgate' (MOSFETs, default) or 'ideal'. */
  switches?: string;
  /** Lane comparator: 'ideal' (behavioural, default) or 'strongarm' (also a transistor latch). */
  comparator?: string;
}

function switchesOf(kind: string | undefined, pmos: string | undefined): LaneSwitches {
  const k = kind ?? 'tgate';
  if (k !== 'tgate' && k !== 'ideal') throw new CimsimError(`--switches must be tgate or ideal, got "${k}"`);
  return { kind: k, pmos: pmos ?? 'pmos' };
}

const COMPARATORS: readonly DeckComparator[] = ['ideal', 'strongarm'];

function comparatorOf(kind: string | undefined): DeckComparator {
  const k = kind ?? 'ideal';
  if (!(COMPARATORS as readonly string[]).includes(k)) throw new CimsimError(`--comparator must be ideal or strongarm, got "${k}"`, undefined, 'ideal: a behavioural source deciding sign(vref - vbl + offset); strongarm: also a transistor StrongARM latch per lane');
  return k as DeckComparator;
}

/** The bitcell of `--bitcell` (with `--bitcell-subckt`, `--bitcell-pins`), or undefined. */
export function bitcellOf(o: { bitcell?: string; bitcellSubckt?: string; bitcellPins?: string }): ReadPortCell | undefined {
  if (o.bitcell === undefined) return undefined;
  return readBitcell(o.bitcell, { subckt: o.bitcellSubckt, pins: o.bitcellPins === undefined ? undefined : parseBitcellPins(o.bitcellPins) });
}

/**
 * The decks' devices for a design: its technology's read port (W, L, diffusion), or the user's
 * bitcell, which must be the one the technology was calibrated for (same access W and L).
 */
function techOf(design: Design, model: string, nmos: string | undefined, cell: ReadPortCell | undefined): SpiceTech {
  const n = (name: string): number => design.tech[name].value as number;
  if (cell && (!close(cell.access.w, n('rp_w')) || !close(cell.access.l, n('rp_l')))) {
    const m = (x: number): string => formatValue(x, 'm');
    throw new CimsimError(
      `the bitcell ${cell.from}'s access device is W = ${m(cell.access.w)}, L = ${m(cell.access.l)}; the technology was calibrated for W = ${m(n('rp_w'))}, L = ${m(n('rp_l'))}`,
      undefined,
      `calibrate a technology file for this cell (cimsim calibrate --bitcell ${cell.from?.split(':')[0]} ...) and .include it, or drop --bitcell`,
    );
  }
  return { modelCard: path.resolve(model), nmos: nmos ?? 'nmos', w: n('rp_w'), l: n('rp_l'), diffLength: n('rp_diff'), switchL: n('sw_l'), vdd: n('vdd'), temp: n('temp'), cell };
}

/** Equal to the 4 significant digits a technology file keeps. */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 5e-4 * Math.abs(b);
}

/** Builds the deck of a netlist's first compute step; writes it to `output` when given. Returns the text. */
export async function spiceCommand(opts: SpiceCommandOptions): Promise<string> {
  const switches = switchesOf(opts.switches, opts.pmos);
  const comparator = comparatorOf(opts.comparator);
  const cell = bitcellOf(opts);
  checkModelCard(opts.model, switches.kind === 'tgate' || comparator === 'strongarm' ? [opts.nmos ?? 'nmos', switches.pmos] : [opts.nmos ?? 'nmos']);
  if (cell) checkModelCard(opts.model, [cell.access.model, cell.storage.model]);
  let design: Design;
  let seed = 1;
  let stimulus: Stimulus = { encoding: 'binary', density: 0.5 };
  let nonideal = allNonidealities(true);
  if (opts.scenario) {
    const scenario = loadScenario(opts.scenario);
    design = elaborateFile(opts.netlist, { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides: scenario.overrides ?? {} });
    seed = scenario.seed ?? 1;
    stimulus = scenario.stimulus ?? stimulus;
    nonideal = scenarioNonidealities(scenario);
  } else design = elaborateFile(opts.netlist, { devices: DEVICE_SPECS, tech: TECH_PARAMS });
  const step = planStep(design, { seed, nonideal: comparableNonidealities(nonideal), stimulus, network: opts.network, columns: opts.columns });
  const title = `cimsim spice ${opts.netlist}${opts.scenario ? ` --scenario ${opts.scenario}` : ''}: network ${step.assignment.network}, ${step.assignment.compute.name} computes, ${step.assignment.lenders.map((l) => l.name).join(', ')} lend(s), seed ${seed}`;
  const deck = exportDeck(step, { tech: techOf(design, opts.model, opts.nmos, cell), switches, title, comparator });
  if (opts.output) writeOutputFile(opts.output, deck);
  return deck;
}

export interface ValidateCommandOptions {
  scenario: string;
  bitcell?: string;
  bitcellSubckt?: string;
  bitcellPins?: string;
  model: string;
  columns?: number;
  out?: string;
  network?: string;
  nmos?: string;
  pmos?: string;
  switches?: string;
  toleranceMv?: number;
  tolerancePct?: number;
}

/** Runs the comparison, returns the printed report and whether it passed; writes JSON/CSV to `out`. */
export async function validateCommand(opts: ValidateCommandOptions): Promise<{ text: string; passed: boolean }> {
  const cell = bitcellOf(opts);
  const scenario = loadScenario(opts.scenario);
  const design = elaborateScenario(opts.scenario, scenario);
  const toleranceMv = opts.toleranceMv ?? 10;
  const tolerancePct = opts.tolerancePct ?? 3;
  const result = await validate({
    design,
    seed: scenario.seed ?? 1,
    nonideal: comparableNonidealities(scenarioNonidealities(scenario)),
    stimulus: scenario.stimulus ?? { encoding: 'binary' },
    tech: techOf(design, opts.model, opts.nmos, cell),
    switches: switchesOf(opts.switches, opts.pmos),
    network: opts.network,
    columns: opts.columns,
    toleranceMv,
    tolerancePct,
  });
  const text = `${formatValidation(result, { toleranceMv, tolerancePct })}\n(cellVt, cellBeta, comparatorNoise, ktc and injection are off on both sides: the deck is deterministic and nominal)`;
  if (opts.out) {
    writeOutputFile(path.join(opts.out, 'validation.json'), JSON.stringify({ scenario: opts.scenario, model: opts.model, toleranceMv, tolerancePct, passed: result.passed, codes: result.codes, samples: result.samples }, null, 2));
    const csv = ['node,t_s,cimsim_V,ngspice_V,error_mV,tolerance_mV,within', ...result.samples.map((s) => `"${s.node}",${s.t},${s.cimsim},${s.spice},${s.error_mV},${s.tolerance_mV},${s.within}`)];
    writeOutputFile(path.join(opts.out, 'samples.csv'), `${csv.join('\n')}\n`);
  }
  return { text, passed: result.passed };
}
