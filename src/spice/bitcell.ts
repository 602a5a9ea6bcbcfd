/**
 * The user's own bitcell: a SPICE `.subckt` (as a PDK or a layout extraction gives it) read for its
 * read port. The read stack is found by connection, not by name: the access device is the MOSFET
 * whose gate is the read wordline and one of whose ends is the read bitline; the storage device
 * joins the access device's other end to the ground pin, gated by the storage node. Capacitors on
 * the read bitline or the stack node come along (an extraction's parasitics); everything else of the
 * cell (the write half, the latch) is left out, as it does not touch the read path.
 */
import { readFileSync } from 'node:fs';
import { CimsimError } from '../errors.js';
import { errorAt, lex, type Token } from '../netlist/lexer.js';
import type { UnitName } from '../netlist/params.js';
import { located } from '../netlist/values.js';
import { parseSpiceNumber } from '../netlist/units.js';
import { sp } from './deck.js';

/** One MOSFET of the read port as drawn, its drain the end nearer the bitline. */
export interface MosInstance {
  readonly model: string;
  readonly w: number; // m, total (W x M)
  readonly l: number; // m
  /** Instance parameters for a deck, SI numbers: `W=.. L=.. AD=..`. */
  readonly params: string;
  /** Drain area over width (AD / W), the contacted diffusion length it stands for, m (0: no AD given). */
  readonly drainDiffusion: number;
}

/** Nodes of a read port a cell capacitor may join: bitline, stack node, read wordline, storage node, ground. */
export type PortNode = 'bl' | 'mid' | 'wl' | 'q' | '0';

/** A capacitor of the cell with at least one end on the read path. */
export interface CellCap {
  readonly a: PortNode;
  readonly b: PortNode;
  readonly c: number; // F
}

/** The read port of a bitcell: the two stacked devices and the capacitors on the read path. */
export interface ReadPortCell {
  readonly access: MosInstance;
  readonly storage: MosInstance;
  readonly caps: readonly CellCap[];
  /** `file:subckt` the cell was read from (absent for the geometry-drawn default). */
  readonly from?: string;
}

/** Which subcircuit pins are the read bitline, the read wordline and ground. */
export interface BitcellPins {
  rbl: string;
  rwl: string;
  vss: string;
}

export interface BitcellOptions {
  /** Subcircuit name (needed when the file defines more than one). */
  subckt?: string;
  /** Pin names; each defaults to the first pin of its usual names (RBL; RWL; VSS, GND, VGND, 0). */
  pins?: Partial<BitcellPins>;
}

const PIN_GUESSES: Readonly<Record<keyof BitcellPins, readonly string[]>> = {
  rbl: ['rbl', 'rblt', 'rdbl'],
  rwl: ['rwl', 'rdwl'],
  vss: ['vss', 'gnd', 'vgnd', '0'],
};

/** MOSFET instance parameters that belong to one end: swapped when the device is drawn source-up. */
const END_PAIRS: readonly (readonly [string, string])[] = [['AD', 'AS'], ['PD', 'PS'], ['NRD', 'NRS']];

/** The unit each known instance parameter is written in (the rest are plain numbers). */
const PARAM_UNITS: Readonly<Record<string, UnitName>> = { W: 'm', L: 'm', PD: 'm', PS: 'm', SA: 'm', SB: 'm', SD: 'm' };

interface Mos {
  name: Token;
  d: string;
  g: string;
  s: string;
  b: string;
  model: string;
  params: Map<string, { value: number; tok: Token }>;
}

/** Parses `--bitcell-pins rbl=RBL,rwl=RWL,vss=VSS`. */
export function parseBitcellPins(text: string): Partial<BitcellPins> {
  const pins: Partial<BitcellPins> = {};
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [key, value, extra] = part.split('=').map((s) => s.trim());
    if (!(key in PIN_GUESSES) || !value || extra !== undefined) {
      throw new CimsimError(`--bitcell-pins: cannot read \`${part}\``, undefined, 'write role=pin pairs separated by commas, roles rbl, rwl and vss: --bitcell-pins rbl=RBL,rwl=RWL,vss=VSS');
    }
    pins[key as keyof BitcellPins] = value;
  }
  return pins;
}

/** Reads the read port of the bitcell `.subckt` in `file`. Every problem is located in the file. */
export function readBitcell(file: string, opts: BitcellOptions = {}): ReadPortCell {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CimsimError(`bitcell file '${file}' cannot be read`, undefined, 'give the SPICE file that defines your bitcell as a .subckt');
  }
  const { name, pins, body, nameTok } = pickSubckt(lex(text, file), file, opts.subckt);
  const role = (key: keyof BitcellPins): string => {
    const wanted = opts.pins?.[key];
    const found = wanted !== undefined ? pins.find((p) => p.toLowerCase() === wanted.toLowerCase()) : pins.find((p) => PIN_GUESSES[key].includes(p.toLowerCase()));
    // a cell may tie its read port to the global ground instead of a pin
    if (found === undefined && key === 'vss' && wanted === undefined) return '0';
    if (found === undefined) {
      const what = wanted !== undefined ? `has no pin \`${wanted}\`` : `has no pin named ${PIN_GUESSES[key].map((g) => g.toUpperCase()).join(', ')}`;
      throw errorAt(nameTok, `subcircuit ${name} ${what} for the read ${key === 'vss' ? 'port\'s ground' : key === 'rbl' ? 'bitline' : 'wordline'}`, `its pins are ${pins.join(' ')}; name the roles: --bitcell-pins rbl=<pin>,rwl=<pin>,vss=<pin>`);
    }
    return found.toLowerCase();
  };
  const rbl = role('rbl');
  const rwl = role('rwl');
  const vss = role('vss');
  const mos = body.filter((l) => l[0].text[0].toLowerCase() === 'm').map(readMos);
  const ends = (m: Mos, node: string): boolean => m.d === node || m.s === node;
  const accesses = mos.filter((m) => m.g === rwl && ends(m, rbl));
  if (accesses.length !== 1) {
    throw errorAt(accesses[1]?.name ?? nameTok, `subcircuit ${name} has ${accesses.length === 0 ? 'no' : accesses.length} MOSFET${accesses.length === 1 ? '' : 's'} gated by ${rwl.toUpperCase()} with an end on ${rbl.toUpperCase()}`,
      accesses.length === 0 ? 'the read port\'s access device must be an M line (flatten device subcircuits into M lines of the card\'s models), or name the pins: --bitcell-pins rbl=<pin>,rwl=<pin>,vss=<pin>' : 'a bitcell has one read port: split the others into their own cells');
  }
  const access = accesses[0];
  const mid = access.d === rbl ? access.s : access.d;
  const storages = mos.filter((m) => m !== access && ends(m, mid) && ends(m, vss) && m.g !== rwl);
  if (storages.length !== 1) {
    throw errorAt(access.name, `the access device's lower end \`${mid}\` reaches ${vss.toUpperCase()} through ${storages.length === 0 ? 'no' : storages.length} MOSFET${storages.length === 1 ? '' : 's'}`, 'the read port is two stacked NMOS: access (gate RWL) over storage (gate the stored bit) to ground');
  }
  const storage = storages[0];
  const q = storage.g;
  for (const m of [access, storage]) {
    if (m.b !== vss) throw errorAt(m.name, `the read port's bulk must be ${vss.toUpperCase()} (it is \`${m.b}\`)`, 'the characterisation decks ground the read port\'s bulk');
  }
  const nodeOf = (n: string): PortNode => (n === rbl ? 'bl' : n === mid ? 'mid' : n === rwl ? 'wl' : n === q ? 'q' : '0');
  const caps: CellCap[] = [];
  for (const l of body.filter((t) => t[0].text[0].toLowerCase() === 'c')) {
    if (l.length < 4) throw errorAt(l[0], `capacitor ${l[0].text} needs two nodes and a value`, 'write Cname node1 node2 value, e.g. C1 RBL VSS 0.05f');
    const [a, b] = [nodeOf(l[1].text.toLowerCase()), nodeOf(l[2].text.toLowerCase())];
    if (a !== 'bl' && a !== 'mid' && b !== 'bl' && b !== 'mid') continue;
    const c = located(l[3], () => parseSpiceNumber(l[3].text, 'F').value, `capacitor ${l[0].text}: `);
    if (a !== b) caps.push({ a, b, c });
  }
  return { access: instance(access, access.d !== rbl), storage: instance(storage, storage.d !== mid), caps, from: `${file}:${name}` };
}

/** The subcircuit to read: the named one, or the only one. */
function pickSubckt(lines: ReturnType<typeof lex>, file: string, wanted: string | undefined): { name: string; pins: string[]; body: Token[][]; nameTok: Token } {
  const found: { name: string; pins: string[]; body: Token[][]; nameTok: Token }[] = [];
  let open: (typeof found)[number] | undefined;
  for (const line of lines) {
    const words = line.tokens.filter((t) => t.kind === 'word');
    const head = words[0]?.text.toLowerCase();
    if (head === '.subckt') {
      if (words.length < 2) throw errorAt(line.tokens[0], '.subckt without a name', 'write .subckt NAME pin1 pin2 ...');
      // pins end where the `params:` list or the first name=value begins
      const pins: string[] = [];
      for (let i = 2; i < line.tokens.length && line.tokens[i].kind === 'word' && line.tokens[i + 1]?.kind !== 'eq' && !/^params:$/i.test(line.tokens[i].text); i++) pins.push(line.tokens[i].text);
      open = { name: words[1].text, pins, body: [], nameTok: words[1] };
      found.push(open);
    } else if (head === '.ends') open = undefined;
    else if (open !== undefined) open.body.push([...line.tokens]);
  }
  if (found.length === 0) throw new CimsimError(`'${file}' defines no .subckt`, { file, line: 1, col: 1 }, 'give the file that defines your bitcell as .subckt NAME pins ... .ends');
  if (wanted !== undefined) {
    const hit = found.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (hit === undefined) throw new CimsimError(`'${file}' defines no subcircuit \`${wanted}\``, { file, line: 1, col: 1 }, `it defines ${found.map((s) => s.name).join(', ')}`);
    return hit;
  }
  if (found.length > 1) throw errorAt(found[1].nameTok, `'${file}' defines ${found.length} subcircuits`, `say which is the bitcell: --bitcell-subckt ${found.map((s) => s.name).join(' or ')}`);
  return found[0];
}

/** An M line: `Mname d g s b model [key=value ...]`, values SPICE numbers. */
function readMos(tokens: Token[]): Mos {
  const words = tokens.slice(0, 6);
  if (words.length < 6 || words.some((t) => t.kind !== 'word')) {
    throw errorAt(tokens[0], `MOSFET ${tokens[0].text} needs drain, gate, source, bulk and a model`, 'write Mname drain gate source bulk model W=.. L=..');
  }
  const params = new Map<string, { value: number; tok: Token }>();
  for (let i = 6; i < tokens.length; i += 3) {
    const [key, eq, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (key.kind !== 'word' || eq?.kind !== 'eq' || value === undefined) throw errorAt(key, `expected name=value after the model of ${tokens[0].text}`, 'instance parameters are written W=0.15u L=65n AD=..');
    if (value.kind !== 'word' || /^'/.test(value.text)) throw errorAt(value, `${key.text} of ${tokens[0].text} is an expression`, 'give the cell with numbers (a PDK netlist after parameter substitution, or write the values out)');
    const upper = key.text.toUpperCase();
    params.set(upper, { value: located(value, () => parseSpiceNumber(value.text, PARAM_UNITS[upper] ?? null).value, `${key.text} of ${tokens[0].text}: `), tok: value });
  }
  for (const need of ['W', 'L']) if (!params.has(need)) throw errorAt(tokens[0], `MOSFET ${tokens[0].text} of the read port has no ${need}`, 'write W and L on the instance');
  const [d, g, s, b] = tokens.slice(1, 5).map((t) => t.text.toLowerCase());
  return { name: tokens[0], d, g, s, b, model: tokens[5].text, params };
}

/** A device's deck parameters with its drain toward the bitline (`flip`: drawn the other way). */
function instance(m: Mos, flip: boolean): MosInstance {
  const swapped = new Map<string, number>();
  for (const [key, { value }] of m.params) {
    const pair = END_PAIRS.find((p) => p.includes(key));
    swapped.set(flip && pair ? pair[pair[0] === key ? 1 : 0] : key, value);
  }
  const mult = swapped.get('M') ?? 1;
  const params = [...swapped].map(([k, v]) => `${k}=${sp(v)}`).join(' ');
  const w = swapped.get('W')!;
  return { model: m.model, w: w * mult, l: swapped.get('L')!, params, drainDiffusion: (swapped.get('AD') ?? 0) / w };
}
