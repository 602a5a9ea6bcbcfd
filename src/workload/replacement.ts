import { CimsimError, closest } from '../errors.js';
import { nextPowerOfTwo } from './hadamard.js';
import { type LayerRole, type LayerRow, mobilenetV2Table, type MobileNetV2Variant, totalParams } from './mobilenetV2.js';

/**
 * Parameter accounting when 1x1 convolutions of MobileNetV2 are replaced by BWHT layers.
 *
 * A BWHT layer replacing a 1x1 conv inC -> outC transforms L = max(inC, outC) channels in blocks
 * of N = min(blockSize, nextPow2(L)) (zero padding to ceil(L/N) blocks), soft-thresholds every
 * coefficient, transforms back and keeps outC channels. Its transform is fixed (+-1, stored as
 * bits, not trained), so its only trainable parameters are its soft thresholds. Two conventions:
 * a threshold T and a scale w per transform coefficient ('threshold-and-scale', 2 per coefficient),
 * or a threshold only ('threshold', 1 per coefficient, as one public BWHT layer trains it).
 * Counted per coefficient of every block ('per-coefficient': ceil(L/N) * N coefficients) or once
 * for all blocks ('shared': N, as public BWHT code does).
 * The BN after a replaced conv is kept (2 * outC) unless keepBatchNorm is false.
 */
export interface ReplacementPolicy {
  readonly name: string;
  /** Which 1x1-conv roles are replaced. */
  readonly roles: readonly ('expand' | 'project' | 'shortcut' | 'head')[];
  /** Replace only convs with max(inC, outC) >= minChannels (default 0). */
  readonly minChannels?: number;
  /** Replace only layers in inverted-residual blocks >= fromBlock (0-based; the head counts as after the last block; default 0). */
  readonly fromBlock?: number;
  /** Keep the BN after a replaced conv (default true). */
  readonly keepBatchNorm?: boolean;
  /** How thresholds/scales are counted (default 'per-coefficient'). */
  readonly thresholdSharing?: 'per-coefficient' | 'shared';
  /** Trainable parameters per coefficient (default 'threshold-and-scale': 2; 'threshold': 1). */
  readonly coefficientParams?: CoefficientParams;
  /** Maximum Walsh-Hadamard block size (default 1024, a power of two). */
  readonly blockSize?: number;
}

const ALL: ReplacementPolicy['roles'] = ['expand', 'project', 'shortcut', 'head'];

/** Named policies; replacementReport also accepts any ReplacementPolicy object. */
export const REPLACEMENT_POLICIES: Readonly<Record<string, ReplacementPolicy>> = {
  'all-1x1': { name: 'all-1x1', roles: ALL },
  'all-1x1-keep-head': { name: 'all-1x1-keep-head', roles: ['expand', 'project', 'shortcut'] },
  'expand-only': { name: 'expand-only', roles: ['expand'] },
  'project-only': { name: 'project-only', roles: ['project'] },
  'expand-and-head': { name: 'expand-and-head', roles: ['expand', 'head'] },
  'project-and-head': { name: 'project-and-head', roles: ['project', 'head'] },
  'head-only': { name: 'head-only', roles: ['head'] },
  'all-1x1-min-256': { name: 'all-1x1-min-256', roles: ALL, minChannels: 256 },
  'all-1x1-min-512': { name: 'all-1x1-min-512', roles: ALL, minChannels: 512 },
  // Closest clean policy to the reported 87 % cut on the CIFAR-10 definition (see docs/workload.md).
  'all-1x1-from-block-9': { name: 'all-1x1-from-block-9', roles: ALL, fromBlock: 9 },
};

export interface ReplacementRow {
  readonly name: string;
  readonly role: LayerRole;
  readonly inC: number;
  readonly outC: number;
  readonly before: number;
  readonly after: number;
  readonly replaced: boolean;
}

export interface ReplacementReport {
  readonly variant: MobileNetV2Variant;
  readonly policy: ReplacementPolicy;
  readonly baselineTotal: number;
  readonly total: number;
  /** 1 - total / baselineTotal. */
  readonly reduction: number;
  readonly replacedLayers: number;
  /** Every layer of the table with its parameter count before and after. */
  readonly rows: readonly ReplacementRow[];
}

/** What a BWHT layer trains per transform coefficient. */
export type CoefficientParams = 'threshold-and-scale' | 'threshold';

/** Trainable parameters of a BWHT layer standing in for a 1x1 conv inC -> outC. */
export function bwhtLayerParams(
  inC: number,
  outC: number,
  sharing: 'per-coefficient' | 'shared' = 'per-coefficient',
  blockSize = 1024,
  perCoefficient: CoefficientParams = 'threshold-and-scale',
): number {
  const l = Math.max(inC, outC);
  const n = Math.min(blockSize, nextPowerOfTwo(l));
  const k = perCoefficient === 'threshold' ? 1 : 2;
  return sharing === 'shared' ? k * n : k * Math.ceil(l / n) * n;
}

function resolvePolicy(policy: string | ReplacementPolicy): ReplacementPolicy {
  if (typeof policy !== 'string') return policy;
  const p = REPLACEMENT_POLICIES[policy];
  if (!p) {
    const names = Object.keys(REPLACEMENT_POLICIES);
    const near = closest(policy, names);
    throw new CimsimError(`unknown replacement policy '${policy}'`, undefined,
      near ? `did you mean '${near}'? (known: ${names.join(', ')})` : `known policies: ${names.join(', ')}`);
  }
  return p;
}

/** Parameter counts of MobileNetV2 before and after replacing 1x1 convs by BWHT layers. */
export function replacementReport(variant: MobileNetV2Variant, policy: string | ReplacementPolicy): ReplacementReport {
  const pol = resolvePolicy(policy);
  const table: LayerRow[] = mobilenetV2Table(variant);
  const roles = new Set<LayerRole>(pol.roles);
  const minC = pol.minChannels ?? 0;
  const fromBlock = pol.fromBlock ?? 0;
  const replacedNames = new Set<string>();
  for (const r of table) {
    const inRange = r.role === 'head' || r.block >= fromBlock;
    if (r.type === 'pwconv' && roles.has(r.role) && inRange && Math.max(r.inC, r.outC) >= minC) replacedNames.add(r.name);
  }
  const rows: ReplacementRow[] = table.map((r) => {
    let after = r.params;
    let replaced = false;
    if (replacedNames.has(r.name)) {
      after = bwhtLayerParams(r.inC, r.outC, pol.thresholdSharing, pol.blockSize, pol.coefficientParams);
      replaced = true;
    } else if (r.type === 'bn' && r.follows && replacedNames.has(r.follows) && pol.keepBatchNorm === false) {
      after = 0;
      replaced = true;
    }
    return { name: r.name, role: r.role, inC: r.inC, outC: r.outC, before: r.params, after, replaced };
  });
  const baselineTotal = totalParams(table);
  const total = rows.reduce((a, r) => a + r.after, 0);
  return { variant, policy: pol, baselineTotal, total, reduction: 1 - total / baselineTotal, replacedLayers: replacedNames.size, rows };
}

/** One candidate of policySweep. */
export interface SweepEntry {
  readonly policy: ReplacementPolicy;
  readonly total: number;
  readonly reduction: number;
  readonly replacedLayers: number;
}

/**
 * Enumerate policy families - every non-empty set of 1x1 roles x first replaced block (0..16) x
 * channel floor (0, 128, 256, 512) - and return them sorted by |reduction - target|
 * (duplicates with identical results are dropped). Used to find which policy reproduces a reported cut.
 */
export function policySweep(variant: MobileNetV2Variant, target: number, opts: { keepBatchNorm?: boolean; coefficientParams?: CoefficientParams } = {}): SweepEntry[] {
  const roles = ['expand', 'project', 'shortcut', 'head'] as const;
  const seen = new Set<string>();
  const out: SweepEntry[] = [];
  for (let mask = 1; mask < 16; mask++) {
    const rs = roles.filter((_, i) => (mask >> i) & 1);
    for (let fromBlock = 0; fromBlock <= 16; fromBlock++) {
      for (const minChannels of [0, 128, 256, 512]) {
        const name = `${rs.join('+')}${fromBlock ? `, blocks >= ${fromBlock}` : ''}${minChannels ? `, max(in,out) >= ${minChannels}` : ''}`;
        const r = replacementReport(variant, { name, roles: rs, fromBlock, minChannels, keepBatchNorm: opts.keepBatchNorm, coefficientParams: opts.coefficientParams });
        const key = r.rows.map((x) => (x.replaced ? '1' : '0')).join('');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ policy: r.policy, total: r.total, reduction: r.reduction, replacedLayers: r.replacedLayers });
      }
    }
  }
  return out.sort((a, b) => Math.abs(a.reduction - target) - Math.abs(b.reduction - target));
}
