import { pathToFileURL } from 'node:url';
import { planTiles } from './bwhtMapping.js';
import { type LayerRow, mobilenetV2Table, type MobileNetV2Variant, totalParams } from './mobilenetV2.js';
import { type CoefficientParams, policySweep, REPLACEMENT_POLICIES, replacementReport } from './replacement.js';

/**
 * Markdown tables of docs/workload.md (MobileNetV2 accounting, replacement policies, tile plans),
 * generated from the code so the document never drifts from it. Run:
 *   node dist/src/workload/tables.js
 */
export function renderWorkloadTables(): string {
  const out: string[] = [];
  const pct = (f: number) => `${(100 * f).toFixed(2)} %`;
  const int = (n: number) => n.toLocaleString('en-US');

  for (const v of ['imagenet', 'cifar10'] as MobileNetV2Variant[]) {
    const rows = mobilenetV2Table(v);
    out.push(`### MobileNetV2 '${v}': layers (BN gamma+beta of each layer in the last column)`, '');
    out.push('| layer | type | role | inC | outC | k | stride | params | BN params |', '|---|---|---|---:|---:|---:|---:|---:|---:|');
    const bnOf = new Map<string, LayerRow>();
    for (const r of rows) if (r.follows) bnOf.set(r.follows, r);
    for (const r of rows) {
      if (r.type === 'bn') continue;
      const bn = bnOf.get(r.name);
      out.push(`| ${r.name} | ${r.type} | ${r.role} | ${r.inC} | ${r.outC} | ${r.kernel} | ${r.stride} | ${int(r.params)} | ${bn ? int(bn.params) : ''} |`);
    }
    out.push('', `Total: **${int(totalParams(rows))}** parameters.`, '');
    const byRole = new Map<string, number>();
    for (const r of rows) byRole.set(r.role, (byRole.get(r.role) ?? 0) + r.params);
    out.push('| role | params | share |', '|---|---:|---:|');
    for (const [role, p] of byRole) out.push(`| ${role} | ${int(p)} | ${pct(p / totalParams(rows))} |`);
    out.push('');
  }

  const conventions: [CoefficientParams, string][] = [['threshold-and-scale', 'T and w per coefficient'], ['threshold', 'T only per coefficient']];
  for (const [coefficientParams, label] of conventions) {
    out.push(`### Replacement policies (1x1 conv -> BWHT; ${label}; BN kept)`, '');
    out.push('| policy | ImageNet total | ImageNet cut | CIFAR-10 total | CIFAR-10 cut |', '|---|---:|---:|---:|---:|');
    for (const name of Object.keys(REPLACEMENT_POLICIES)) {
      const a = replacementReport('imagenet', { ...REPLACEMENT_POLICIES[name], coefficientParams });
      const b = replacementReport('cifar10', { ...REPLACEMENT_POLICIES[name], coefficientParams });
      out.push(`| ${name} | ${int(a.total)} | ${pct(a.reduction)} | ${int(b.total)} | ${pct(b.reduction)} |`);
    }
    out.push('');
  }

  const sweeps: [MobileNetV2Variant, CoefficientParams, string][] = [
    ['cifar10', 'threshold-and-scale', 'T and w'], ['cifar10', 'threshold', 'T only'], ['imagenet', 'threshold-and-scale', 'T and w'],
  ];
  for (const [v, coefficientParams, label] of sweeps) {
    out.push(`### Policies closest to an 87 % cut, '${v}', ${label} per coefficient (sweep over role sets x first block x channel floor)`, '');
    out.push('| policy | total | cut | replaced layers |', '|---|---:|---:|---:|');
    for (const e of policySweep(v, 0.87, { coefficientParams }).slice(0, 6)) {
      out.push(`| ${e.policy.name} | ${int(e.total)} | ${pct(e.reduction)} | ${e.replacedLayers} |`);
    }
    out.push('');
  }

  const best = replacementReport('cifar10', 'all-1x1-from-block-9');
  out.push("### 'all-1x1-from-block-9' on CIFAR-10, replaced layers", '');
  out.push('| layer | role | inC | outC | before | after |', '|---|---|---:|---:|---:|---:|');
  for (const r of best.rows) if (r.replaced) out.push(`| ${r.name} | ${r.role} | ${r.inC} | ${r.outC} | ${int(r.before)} | ${int(r.after)} |`);
  out.push('', `Total ${int(best.baselineTotal)} -> ${int(best.total)}: cut ${pct(best.reduction)}.`, '');

  out.push('### Tile plans (tiles per block = row tiles x column tiles; every tile has its own ones column)', '');
  out.push('| N | channels | array rows x cols | blocking | blocks | row tiles | col tiles | tiles |', '|---:|---:|---|---|---:|---:|---:|---:|');
  const cases: [number, number, number, number, 'zero-pad' | 'overlap'][] = [
    [32, 32, 64, 32, 'zero-pad'], [64, 96, 64, 32, 'zero-pad'], [64, 96, 64, 32, 'overlap'],
    [256, 256, 64, 32, 'zero-pad'], [1024, 960, 128, 128, 'zero-pad'], [16, 24, 16, 17, 'zero-pad'],
  ];
  for (const [n, c, r, k, mode] of cases) {
    const p = planTiles(n, c, r, k, { blocking: mode });
    out.push(`| ${n} | ${c} | ${r} x ${k} | ${mode} | ${p.blocking.blocks.length} | ${p.rowTilesPerBlock} | ${p.colTilesPerBlock} | ${p.tiles.length} |`);
  }
  out.push('');
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(renderWorkloadTables());
}
