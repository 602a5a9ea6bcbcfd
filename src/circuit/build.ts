import { CimsimError } from '../errors.js';
import { list, num, str, type Design, type InstanceDecl } from '../netlist/params.js';
import { RandomStream } from '../tech/random.js';
import { pelgromSigmaVt, technologyFrom, type Technology } from '../tech/technology.js';
import { CimArray } from '../devices/cimarray.js';
import { COLUMN_TOL_LSB } from '../devices/column.js';
import { Comparator, trimmedOffset } from '../devices/comparator.js';
import { Digitizer, type Lane } from '../devices/digitizer.js';
import { RefDacLane } from '../devices/refdac.js';
import { sharingSwitchOf } from '../devices/sharing-switch.js';
import { parseWeights } from '../devices/weights.js';
import { allNonidealities, type Nonidealities } from './nonidealities.js';

/** One compute assignment of a network: `compute` converts through lanes of `lenders`. */
export interface Assignment {
  network: string;
  compute: CimArray;
  /** Twin of `compute` with every non-ideality off: gives the ideal analog value. */
  ideal: CimArray;
  lenders: CimArray[];
  digitizer: Digitizer;
  /** Scheduling phase: assignments of one phase may overlap in time. */
  phase: number;
}

export interface Circuit {
  design: Design;
  tech: Technology;
  seed: number | string;
  nonideal: Nonidealities;
  arrays: Map<string, CimArray>;
  assignments: Assignment[];
  /** Digitizer recipe instances by name (lower-case). */
  recipes: Map<string, InstanceDecl>;
}

export interface BuildOptions {
  seed: number | string;
  nonideal?: Nonidealities;
}

const lower = (s: string): string => s.toLowerCase();

/** Elaborated design + seed -> circuit with sampled variation. Same inputs => same circuit. */
export function buildCircuit(design: Design, options: BuildOptions): Circuit {
  const nonideal = options.nonideal ?? allNonidealities(true);
  const tech = technologyFrom(design.tech);
  const byName = new Map(design.instances.map((i) => [lower(i.name), i]));
  const arrays = new Map<string, CimArray>();
  for (const inst of design.instances) {
    if (inst.type === 'cimarray') arrays.set(lower(inst.name), makeArray(inst, tech, options.seed, nonideal));
  }
  const recipes = new Map(design.instances.filter((i) => i.type === 'digitizer').map((i) => [lower(i.name), i]));
  const assignments: Assignment[] = [];
  const owner = new Map<string, string>(); // array -> network that uses it
  for (const net of design.instances.filter((i) => i.type === 'network')) {
    const members = list(net, 'arrays').map((a) => String(a));
    claimArrays(net, members, owner);
    const recipe = byName.get(lower(str(net, 'digitizer')));
    if (recipe === undefined) throw netError(net, `names digitizer "${str(net, 'digitizer')}" which does not exist`);
    for (const plan of topologyPlan(net, members)) {
      const compute = arrays.get(lower(plan.compute))!;
      const lenders = plan.lenders.map((name) => arrays.get(lower(name))!);
      // The twin stores the very same bits: it shares the array's (setBits on both keeps them in step).
      const ideal = makeArray(instanceOf(design, plan.compute), tech, options.seed, allNonidealities(false), compute.bits);
      const digitizer = makeDigitizer(net, recipe, byName, compute, lenders, tech, options.seed, nonideal, design.tech);
      // The column integration's tolerance follows the LSB of the converter that reads the array.
      const lsb = (digitizer.vtop - digitizer.vbottom) / 2 ** digitizer.bits; // V
      compute.columnTolerance = ideal.columnTolerance = COLUMN_TOL_LSB * lsb;
      assignments.push({ network: net.name, compute, ideal, lenders, digitizer, phase: plan.phase });
    }
  }
  return { design, tech, seed: options.seed, nonideal, arrays, assignments, recipes };
}

function instanceOf(design: Design, name: string): InstanceDecl {
  return design.instances.find((i) => lower(i.name) === lower(name))!;
}

/** An array belongs to one network and appears once in it: it cannot compute and lend at once. */
function claimArrays(net: InstanceDecl, members: string[], owner: Map<string, string>): void {
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(lower(m))) throw netError(net, `lists array ${m} twice: an array cannot compute for the network and lend its bitlines to itself`);
    seen.add(lower(m));
    const other = owner.get(lower(m));
    if (other !== undefined) {
      throw netError(net, `uses array ${m}, which network ${other} already uses: array ${m} would have to compute or lend for ${other} and ${net.name} at once`);
    }
    owner.set(lower(m), net.name);
  }
}

/** Who computes, who lends, and in which phase, for each topology. */
function topologyPlan(net: InstanceDecl, members: string[]): { compute: string; lenders: string[]; phase: number }[] {
  const topology = str(net, 'topology');
  const n = members.length;
  if (topology === 'pair') {
    if (n !== 2) throw netError(net, `a pair needs exactly 2 arrays, got ${n} (${members.join(', ')})`);
    return [
      { compute: members[0], lenders: [members[1]], phase: 0 },
      { compute: members[1], lenders: [members[0]], phase: 1 },
    ];
  }
  if (topology === 'ring') {
    if (n < 2) throw netError(net, `a ring needs at least 2 arrays, got ${n}`);
    // Even positions compute first while odd ones lend, then the roles swap; an odd ring needs a third phase.
    return members.map((m, i) => ({ compute: m, lenders: [members[(i + 1) % n]], phase: n % 2 === 1 && i === n - 1 ? 2 : i % 2 }));
  }
  if (n < 2) throw netError(net, `a cluster needs a compute array and at least one lender, got ${n}`);
  return [{ compute: members[0], lenders: members.slice(1), phase: 0 }];
}

/** An array instance; `twinOf` = the bits of the array this is the ideal twin of (shared, not copied). */
function makeArray(inst: InstanceDecl, tech: Technology, seed: number | string, nonideal: Nonidealities, twinOf?: Uint8Array): CimArray {
  const rows = num(inst, 'rows');
  const cols = num(inst, 'cols');
  // Weights come from their own stream (drawn once, for the array itself).
  const bits = twinOf ?? parseWeights(str(inst, 'weights'), rows, cols, new RandomStream(seed, `weights:${lower(inst.name)}`), inst.name);
  return new CimArray({
    name: twinOf ? `${inst.name}.ideal` : inst.name,
    rows,
    cols,
    bits,
    sharedBits: twinOf !== undefined,
    vpre: num(inst, 'vpre'),
    rpre: num(inst, 'rpre'),
    tpre: num(inst, 'tpre'),
    wordline: { vwl: num(inst, 'vwl'), trise: num(inst, 'trise'), tfall: num(inst, 'tfall') },
    tech,
    variation: { cellVt: nonideal.cellVt, cellBeta: nonideal.cellBeta, capMismatch: nonideal.capMismatch, leakage: nonideal.leakage },
    mismatch: new RandomStream(seed, `mismatch:${lower(inst.name)}`),
  });
}

function makeDigitizer(
  net: InstanceDecl,
  recipe: InstanceDecl,
  byName: Map<string, InstanceDecl>,
  compute: CimArray,
  lenders: CimArray[],
  tech: Technology,
  seed: number | string,
  nonideal: Nonidealities,
  techParams: Design['tech'],
): Digitizer {
  const bits = num(recipe, 'bits');
  const mode = str(recipe, 'mode') as 'sa' | 'flash' | 'hybrid';
  const split = num(recipe, 'split');
  if (mode === 'hybrid' && split > bits) {
    throw new CimsimError(`${recipe.name}: hybrid split ${split} exceeds the resolution of ${bits} bits`, recipe.loc, `use split between 0 (SA) and ${bits} (Flash)`);
  }
  const flashBits = mode === 'sa' ? 0 : mode === 'flash' ? bits : split;
  const dac = byName.get(lower(str(recipe, 'dac')))!;
  const cmp = byName.get(lower(str(recipe, 'comparator')))!;
  const groups = list(dac, 'groups').map(Number);
  const dummy = num(dac, 'dummy');
  const units = groups.reduce((a, b) => a + b, 0) + dummy;
  const sw = sharingSwitchOf(dac, techParams);
  const tgates = sw.kind === 'tgate' ? { size: { wn: sw.wn * 1e6, wp: sw.wp * 1e6 }, tech: tech.sharingSwitch } : undefined; // widths in um
  const lanes: Lane[] = [];
  const tag = `${lower(net.name)}:${lower(compute.name)}`;
  for (const lender of lenders) {
    for (let start = 0; start + units <= lender.cols; start += units) {
      const index = lanes.length;
      const columnCaps = lender.cbl.subarray(start, start + units);
      let offset = start;
      const groupCaps = new Float64Array(groups.map((g) => {
        let c = 0;
        for (let k = 0; k < g; k++) c += columnCaps[offset - start + k];
        offset += g;
        return c;
      }));
      let dummyCap = 0;
      for (let k = 0; k < dummy; k++) dummyCap += columnCaps[offset - start + k];
      const meanColumn = groupCaps.reduce((a, b) => a + b, dummyCap) / units;
      const laneName = `${lender.name}.lane${start / units}`;
      lanes.push({
        array: lender.name,
        dac: namedAfter(dac, () => new RefDacLane({
          name: laneName,
          groupCaps,
          groupUnits: groups,
          dummyCap,
          dummyUnits: dummy,
          tauPrecharge: lender.rpre * meanColumn,
          ron: num(dac, 'ron'),
          tdacpre: num(dac, 'tdacpre'),
          tshare: num(dac, 'tshare'),
          swCgate: num(dac, 'sw_cgate'),
          swCov: num(dac, 'sw_cov'),
          swVt: num(dac, 'sw_vt'),
          vdd: tech.vdd,
          tempC: tech.tempC,
          vtop: num(recipe, 'vtop'),
          vbottom: num(recipe, 'vbottom'),
          bits,
          nonideal: { settling: nonideal.dacSettling, injection: nonideal.injection, ktc: nonideal.ktc },
          noise: new RandomStream(seed, `ktc:${tag}:${index}`),
          tgates,
        })),
        comparator: makeComparator(cmp, `${recipe.name}.cmp${index}`, tech, seed, `${tag}:${index}`, nonideal),
      });
    }
  }
  const needed = Digitizer.lanesNeeded(flashBits);
  if (lanes.length < needed) {
    const what = flashBits > 0 ? `a ${flashBits}-bit Flash step needs ${needed} references at once` : 'SA needs one reference lane';
    throw netError(
      net,
      `cannot produce the references digitizer ${recipe.name} needs for array ${compute.name}: ${what}, but ${lenders.map((l) => l.name).join(', ')} provide ${lanes.length} (each lane takes ${units} bitlines)`,
      flashBits > 0 ? `add lender arrays to the cluster (need ${needed} lanes) or lower the Flash bits (split)` : `give the lender at least ${units} columns`,
    );
  }
  return new Digitizer({
    name: `${recipe.name}@${compute.name}`,
    mode,
    bits,
    flashBits,
    vtop: num(recipe, 'vtop'),
    vbottom: num(recipe, 'vbottom'),
    tcmp: num(cmp, 'tcmp'),
    tlogic: num(recipe, 'tlogic'),
    elogic: num(recipe, 'elogic'),
    edigital: num(recipe, 'edigital'),
    lanes: flashBits > 0 ? lanes.slice(0, needed) : lanes,
  });
}

function makeComparator(cmp: InstanceDecl, name: string, tech: Technology, seed: number | string, tag: string, nonideal: Nonidealities): Comparator {
  const sigma = pelgromSigmaVt(tech.avt, num(cmp, 'in_w'), num(cmp, 'in_l'));
  const offsetStream = new RandomStream(seed, `offset:${tag}`);
  return new Comparator(
    {
      name,
      offset: nonideal.comparatorOffset ? trimmedOffset(sigma * offsetStream.normal(), num(cmp, 'trim'), num(cmp, 'trimbits')) : 0,
      noise: nonideal.comparatorNoise ? num(cmp, 'noise') : 0,
      t0: num(cmp, 't0'),
      tau: num(cmp, 'tau'),
      vswing: num(cmp, 'vswing'),
      tcmp: num(cmp, 'tcmp'),
      energy: num(cmp, 'energy'),
      metastable: str(cmp, 'metastable') as 'random' | 'zero' | 'one',
    },
    new RandomStream(seed, `noise:${tag}`),
  );
}

/** Re-raise a lane's error under the switch-network instance that declared the grouping. */
function namedAfter<T>(dac: InstanceDecl, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof CimsimError) throw new CimsimError(`${dac.name} (refdac): ${e.message}`, dac.loc, e.hint);
    throw e;
  }
}

function netError(net: InstanceDecl, message: string, hint?: string): CimsimError {
  return new CimsimError(`network ${net.name} ${message}`, net.loc, hint ?? 'each array can belong to one network, once; see docs/netlist.md (network)');
}
