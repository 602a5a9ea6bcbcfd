import { CimsimError } from '../errors.js';
import { CIMARRAY, type ArrayDesign } from './cimarray.js';
import type { Declared, DeviceDefinition } from './device.js';
import { DIGITIZER, type DigitizerRecipe } from './digitizer.js';

/** One compute step of a network: `compute` converts through reference lanes of `lenders`. */
export interface ComputePlan {
  compute: ArrayDesign;
  lenders: ArrayDesign[];
  /** Scheduling phase: plans of one phase may overlap in time. */
  phase: number;
}

/** Which arrays digitize for which, as the netlist declares it. */
export interface NetworkDesign extends Declared {
  topology: 'pair' | 'ring' | 'cluster';
  arrays: ArrayDesign[];
  digitizer: DigitizerRecipe;
  plans: ComputePlan[];
}

export const NETWORK: DeviceDefinition<NetworkDesign> = {
  spec: {
    type: 'network',
    summary: 'which arrays digitize for which: pairs (ping-pong), rings, or clusters for Flash',
    role: 'network',
    params: [
      { name: 'topology', kind: 'enum', unit: '', default: 'pair', choices: ['pair', 'ring', 'cluster'], description: 'pair: A<->B; ring: A_i uses A_(i+1); cluster: first array computes, the rest lend references' },
      { name: 'arrays', kind: 'list', unit: '', default: '', refTypes: ['cimarray'], description: 'member arrays (names of cimarray instances)' },
      { name: 'digitizer', kind: 'ref', unit: '', default: '', refTypes: ['digitizer'], description: 'conversion recipe used by this network' },
    ],
  },
  build: (p, ctx) => {
    const topology = p.str('topology') as NetworkDesign['topology'];
    const names = p.list('arrays').map(String);
    const seen = new Set<string>();
    for (const m of names) {
      if (seen.has(m.toLowerCase())) throw networkError(p, `lists array ${m} twice: an array cannot compute for the network and lend its bitlines to itself`);
      seen.add(m.toLowerCase());
    }
    const arrays = names.map((m) => ctx.device(m, CIMARRAY));
    return { name: p.name, loc: p.loc, topology, arrays, digitizer: ctx.device(p.str('digitizer'), DIGITIZER), plans: topologyPlans(p, topology, arrays) };
  },
};

/** Who computes, who lends, and in which phase, for each topology. */
function topologyPlans(net: Declared, topology: NetworkDesign['topology'], members: ArrayDesign[]): ComputePlan[] {
  const n = members.length;
  if (topology === 'pair') {
    if (n !== 2) throw networkError(net, `a pair needs exactly 2 arrays, got ${n} (${members.map((m) => m.name).join(', ')})`);
    return [
      { compute: members[0], lenders: [members[1]], phase: 0 },
      { compute: members[1], lenders: [members[0]], phase: 1 },
    ];
  }
  if (topology === 'ring') {
    if (n < 2) throw networkError(net, `a ring needs at least 2 arrays, got ${n}`);
    // Even positions compute first while odd ones lend, then the roles swap; an odd ring needs a third phase.
    return members.map((m, i) => ({ compute: m, lenders: [members[(i + 1) % n]], phase: n % 2 === 1 && i === n - 1 ? 2 : i % 2 }));
  }
  if (n < 2) throw networkError(net, `a cluster needs a compute array and at least one lender, got ${n}`);
  return [{ compute: members[0], lenders: members.slice(1), phase: 0 }];
}

export function networkError(net: Declared, message: string, hint?: string): CimsimError {
  return new CimsimError(`network ${net.name} ${message}`, net.loc, hint ?? 'each array can belong to one network, once; see docs/netlist.md (network)');
}
