import { CimsimError } from '../errors.js';
import { list, num, str, type Design, type DeviceSpec, type InstanceDecl } from '../netlist/params.js';
import { RandomStream } from '../tech/random.js';
import { technologyFrom, type Technology } from '../tech/technology.js';
import type { BaselineConverter } from '../devices/baselines.js';
import { CAPNODE, type CapNodeDesign } from '../devices/capnode.js';
import { SWITCH, type SwitchDesign } from '../devices/switch.js';
import { CimArray, CIMARRAY, type ArrayDesign } from '../devices/cimarray.js';
import { COLUMN_TOL_LSB } from '../devices/column.js';
import { comparatorInstance } from '../devices/comparator.js';
import type { BuildContext, Declared, DeviceDefinition, InstanceParams } from '../devices/device.js';
import { Digitizer, type DigitizerRecipe, type Lane } from '../devices/digitizer.js';
import { NETWORK, networkError, type NetworkDesign } from '../devices/network.js';
import { RefDacLane } from '../devices/refdac.js';
import { DEVICES } from '../devices/registry.js';
import { weightBits } from '../devices/weights.js';
import { checkCellMemory } from './memory.js';
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
  tech: Technology;
  seed: number | string;
  nonideal: Nonidealities;
  arrays: Map<string, CimArray>;
  assignments: Assignment[];
  /** Conventional converters declared for comparison (every device of role 'baseline'), in netlist order. */
  baselines: BaselineConverter[];
  /** The switched-capacitor network the netlist declares (capnodes and the switches between them). */
  switchedCap: { nodes: CapNodeDesign[]; switches: SwitchDesign[] };
}

export interface BuildOptions {
  seed: number | string;
  nonideal?: Nonidealities;
}

const lower = (s: string): string => s.toLowerCase();

/**
 * Elaborated design + seed -> circuit with sampled variation. Same inputs => same circuit. Each
 * instance is built by its device's builder (the registry); this function then instantiates the
 * arrays and assembles each network's compute assignments and converters.
 */
export function buildCircuit(design: Design, options: BuildOptions): Circuit {
  const nonideal = options.nonideal ?? allNonidealities(true);
  const tech = technologyFrom(design.tech);
  const built = buildDevices(design, tech);
  checkMemory(built);
  const arrays = new Map<string, CimArray>();
  for (const a of built.all(CIMARRAY)) arrays.set(lower(a.name), makeArray(a, tech, options.seed, nonideal));
  const assignments: Assignment[] = [];
  const owner = new Map<string, string>(); // array -> network that uses it
  for (const net of built.all(NETWORK)) {
    claimArrays(net, owner);
    for (const plan of net.plans) {
      const compute = arrays.get(lower(plan.compute.name))!;
      const lenders = plan.lenders.map((l) => arrays.get(lower(l.name))!);
      // The twin stores the very same bits: it shares the array's (setBits on both keeps them in step).
      const ideal = makeArray(plan.compute, tech, options.seed, allNonidealities(false), compute.bits);
      const digitizer = makeDigitizer(net, net.digitizer, compute, lenders, tech, options.seed, nonideal);
      // The column integration's tolerance follows the LSB of the converter that reads the array.
      const lsb = (digitizer.vtop - digitizer.vbottom) / 2 ** digitizer.bits; // V
      compute.columnTolerance = ideal.columnTolerance = COLUMN_TOL_LSB * lsb;
      assignments.push({ network: net.name, compute, ideal, lenders, digitizer, phase: plan.phase });
    }
  }
  return { tech, seed: options.seed, nonideal, arrays, assignments, baselines: built.ofRole('baseline') as BaselineConverter[], switchedCap: { nodes: built.all(CAPNODE), switches: built.all(SWITCH) } };
}

/**
 * Build every instance's configuration without instantiating arrays (no variation is sampled):
 * what `cimsim check` runs, so a value the builders refuse fails there, located, not at `run`.
 */
export function checkDevices(design: Design): void {
  const built = buildDevices(design, technologyFrom(design.tech));
  const owner = new Map<string, string>();
  for (const net of built.all(NETWORK)) claimArrays(net, owner);
  checkMemory(built);
}

/** The arrays' cell state (and the compute arrays' twins) must fit in this machine's memory. */
function checkMemory(built: ReturnType<typeof buildDevices>): void {
  checkCellMemory(built.all(CIMARRAY), built.all(NETWORK).flatMap((net) => net.plans.map((plan) => plan.compute)));
}

/** Every instance's configuration, each built once by its device's builder (references on first use). */
function buildDevices(design: Design, tech: Technology): { all<T>(definition: DeviceDefinition<T>): T[]; ofRole(role: DeviceSpec['role']): unknown[] } {
  const byName = new Map(design.instances.map((i) => [lower(i.name), i]));
  const built = new Map<InstanceDecl, unknown>();
  const build = (inst: InstanceDecl): unknown => {
    if (built.has(inst)) return built.get(inst);
    const value = definitionOf(inst).build(paramsOf(inst), context);
    built.set(inst, value);
    return value;
  };
  const context: BuildContext = {
    tech,
    device: <T>(name: string, definition: DeviceDefinition<T>): T => {
      // Elaboration has checked that every reference names an instance of an allowed type.
      const inst = byName.get(lower(name));
      if (inst === undefined || inst.type !== definition.spec.type) throw new Error(`internal: ${name} is not a ${definition.spec.type}`);
      return build(inst) as T;
    },
  };
  for (const inst of design.instances) build(inst);
  return {
    all: <T>(definition: DeviceDefinition<T>) => design.instances.filter((i) => i.type === definition.spec.type).map((i) => built.get(i) as T),
    ofRole: (role) => design.instances.filter((i) => definitionOf(i).spec.role === role).map((i) => built.get(i)),
  };
}

function definitionOf(inst: InstanceDecl): DeviceDefinition<unknown> {
  const definition = DEVICES.find((d) => d.spec.type === inst.type);
  if (definition === undefined) throw new Error(`internal: no device definition for type ${inst.type}`);
  return definition;
}

function paramsOf(inst: InstanceDecl): InstanceParams {
  return { name: inst.name, type: inst.type, loc: inst.loc, num: (p) => num(inst, p), str: (p) => str(inst, p), list: (p) => list(inst, p) };
}

/** An array belongs to one network: it cannot compute or lend for two networks at once. */
function claimArrays(net: NetworkDesign, owner: Map<string, string>): void {
  for (const m of net.arrays) {
    const other = owner.get(lower(m.name));
    if (other !== undefined) {
      throw networkError(net, `uses array ${m.name}, which network ${other} already uses: array ${m.name} would have to compute or lend for ${other} and ${net.name} at once`);
    }
    owner.set(lower(m.name), net.name);
  }
}

/** An array instance; `twinOf` = the bits of the array this is the ideal twin of (shared, not copied). */
function makeArray(a: ArrayDesign, tech: Technology, seed: number | string, nonideal: Nonidealities, twinOf?: Uint8Array): CimArray {
  // Weights come from their own stream (drawn once, for the array itself).
  const bits = twinOf ?? weightBits(a.weights, a.rows, a.cols, new RandomStream(seed, `weights:${lower(a.name)}`));
  return new CimArray({
    name: twinOf ? `${a.name}.ideal` : a.name,
    rows: a.rows,
    cols: a.cols,
    bits,
    sharedBits: twinOf !== undefined,
    vpre: a.vpre,
    rpre: a.rpre,
    tpre: a.tpre,
    wordline: a.wordline,
    tunit: a.tunit,
    tgap: a.tgap,
    tech,
    variation: { cellVt: nonideal.cellVt, cellBeta: nonideal.cellBeta, capMismatch: nonideal.capMismatch, leakage: nonideal.leakage },
    mismatch: new RandomStream(seed, `mismatch:${lower(a.name)}`),
  });
}

/** The converter of one assignment: reference lanes cut from the lenders' bitlines, a comparator each. */
function makeDigitizer(net: NetworkDesign, recipe: DigitizerRecipe, compute: CimArray, lenders: CimArray[], tech: Technology, seed: number | string, nonideal: Nonidealities): Digitizer {
  const { dac, bits, flashBits } = recipe;
  const tgates = dac.switches.kind === 'tgate' ? { size: { wn: dac.switches.wn * 1e6, wp: dac.switches.wp * 1e6 }, tech: tech.sharingSwitch } : undefined; // widths in um
  const lanes: Lane[] = [];
  const tag = `${lower(net.name)}:${lower(compute.name)}`;
  for (const lender of lenders) {
    for (let start = 0; start + dac.units <= lender.cols; start += dac.units) {
      const index = lanes.length;
      const layout = laneLayout(lender.cbl, start, dac.groups, dac.dummy);
      lanes.push({
        array: lender.name,
        dac: namedAfter(dac, () => new RefDacLane({
          name: `${lender.name}.lane${start / dac.units}`,
          ...layout,
          groupUnits: dac.groups,
          dummyUnits: dac.dummy,
          tauPrecharge: lender.rpre * layout.meanColumn,
          ron: dac.ron,
          tdacpre: dac.tdacpre,
          tshare: dac.tshare,
          swCgate: dac.swCgate,
          swCov: dac.swCov,
          swVt: dac.swVt,
          vdd: tech.vdd,
          tempC: tech.tempC,
          vtop: recipe.vtop,
          vbottom: recipe.vbottom,
          bits,
          nonideal: { settling: nonideal.dacSettling, injection: nonideal.injection, ktc: nonideal.ktc },
          noise: new RandomStream(seed, `ktc:${tag}:${index}`),
          tgates,
        })),
        comparator: comparatorInstance(recipe.comparator, `${recipe.name}.cmp${index}`, tech, seed, `${tag}:${index}`, { offset: nonideal.comparatorOffset, noise: nonideal.comparatorNoise }),
      });
    }
  }
  const needed = Digitizer.lanesNeeded(flashBits);
  if (lanes.length < needed) {
    const what = flashBits > 0 ? `a ${flashBits}-bit Flash step needs ${needed} references at once` : 'SA needs one reference lane';
    throw networkError(
      net,
      `cannot produce the references digitizer ${recipe.name} needs for array ${compute.name}: ${what}, but ${lenders.map((l) => l.name).join(', ')} provide ${lanes.length} (each lane takes ${dac.units} bitlines)`,
      flashBits > 0 ? `add lender arrays to the cluster (need ${needed} lanes) or lower the Flash bits (split)` : `give the lender at least ${dac.units} columns`,
    );
  }
  return new Digitizer({ name: `${recipe.name}@${compute.name}`, recipe, lanes: flashBits > 0 ? lanes.slice(0, needed) : lanes });
}

/** Capacitances of one lane's groups and dummy, from the lender's bitlines starting at column `start`, F. */
function laneLayout(cbl: Float64Array, start: number, groups: readonly number[], dummy: number): { groupCaps: Float64Array; dummyCap: number; meanColumn: number } {
  let col = start;
  const groupCaps = new Float64Array(groups.map((g) => {
    let c = 0;
    for (let k = 0; k < g; k++) c += cbl[col++];
    return c;
  }));
  let dummyCap = 0;
  for (let k = 0; k < dummy; k++) dummyCap += cbl[col++];
  const meanColumn = groupCaps.reduce((a, b) => a + b, dummyCap) / (col - start);
  return { groupCaps, dummyCap, meanColumn };
}

/** Re-raise a lane's error under the switch-network instance that declared the grouping. */
function namedAfter<T>(dac: Declared, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof CimsimError) throw new CimsimError(`${dac.name} (refdac): ${e.message}`, dac.loc, e.hint);
    throw e;
  }
}
