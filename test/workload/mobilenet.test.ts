import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bwhtLayerParams, mobilenetV2Table, policySweep, REPLACEMENT_POLICIES, replacementReport, totalParams } from '../../src/workload/index.js';
import { renderWorkloadTables } from '../../src/workload/tables.js';

describe('MobileNetV2 parameter tables', () => {
  it('ImageNet (torchvision mobilenet_v2, width 1.0, 1000 classes) totals 3,504,872 as torchvision reports', () => {
    expect(totalParams(mobilenetV2Table('imagenet'))).toBe(3_504_872);
  });

  it('CIFAR-10 (kuangliu/pytorch-cifar MobileNetV2) totals 2,296,922 as that repository reports', () => {
    expect(totalParams(mobilenetV2Table('cifar10'))).toBe(2_296_922);
  });

  it('ImageNet table has torchvision layer names, 52 convolutions and the 1280 x 1000 classifier', () => {
    const rows = mobilenetV2Table('imagenet');
    expect(rows.filter((r) => r.type !== 'bn' && r.type !== 'linear').length).toBe(52);
    const cls = rows.find((r) => r.name === 'classifier.1');
    expect(cls?.params).toBe(1280 * 1000 + 1000);
    expect(rows.find((r) => r.name === 'features.18.0')?.params).toBe(320 * 1280);
    expect(rows.find((r) => r.name === 'features.1.conv.1')).toMatchObject({ role: 'project', inC: 32, outC: 16, params: 512 });
    expect(rows.find((r) => r.name === 'features.2.conv.1.0')).toMatchObject({ type: 'dwconv', inC: 96, stride: 2, params: 96 * 9 });
  });

  it('CIFAR-10 table has the four 1x1 shortcut convolutions of stride-1 channel-changing blocks', () => {
    const sc = mobilenetV2Table('cifar10').filter((r) => r.role === 'shortcut');
    expect(sc.map((r) => [r.inC, r.outC])).toEqual([[32, 16], [16, 24], [64, 96], [160, 320]]);
  });
});

describe('BWHT replacement accounting', () => {
  it('counts one threshold and one scale per transform coefficient', () => {
    expect(bwhtLayerParams(320, 1280)).toBe(2 * 2048); // 1280 -> two blocks of 1024
    expect(bwhtLayerParams(24, 144)).toBe(2 * 256);
    expect(bwhtLayerParams(24, 144, 'shared', 64)).toBe(2 * 64);
  });

  it('counts one threshold per coefficient under the threshold-only convention: half the trained parameters', () => {
    expect(bwhtLayerParams(320, 1280, 'per-coefficient', 1024, 'threshold')).toBe(2048);
    expect(bwhtLayerParams(24, 144, 'shared', 64, 'threshold')).toBe(64);
    const pair = replacementReport('cifar10', 'all-1x1-from-block-9');
    const single = replacementReport('cifar10', { ...REPLACEMENT_POLICIES['all-1x1-from-block-9'], coefficientParams: 'threshold' });
    const coefficients = pair.rows.filter((r) => r.replaced).reduce((n, r) => n + r.after / 2, 0); // BN kept: only BWHT rows replaced
    expect(pair.total - single.total).toBe(coefficients);
  });

  it('docs/workload.md section 9 is the text the code generates (no figure there can go stale)', () => {
    const doc = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/workload.md'), 'utf8');
    expect(doc.slice(doc.indexOf('## 9. Generated tables') + '## 9. Generated tables\n\n'.length)).toBe(renderWorkloadTables());
  });

  it('replacing only the ImageNet head removes 409,600 weights and adds 4,096 thresholds/scales', () => {
    const r = replacementReport('imagenet', 'head-only');
    expect(r.total).toBe(3_504_872 - 320 * 1280 + 4096);
    expect(r.replacedLayers).toBe(1);
  });

  it('dropping the BN of replaced layers removes 2 x outC more per layer', () => {
    const keep = replacementReport('imagenet', { name: 'h', roles: ['head'] });
    const drop = replacementReport('imagenet', { name: 'h', roles: ['head'], keepBatchNorm: false });
    expect(keep.total - drop.total).toBe(2 * 1280);
  });

  it('reduction is 1 - total / baseline and rows sum to the total', () => {
    const r = replacementReport('cifar10', 'all-1x1');
    expect(r.rows.reduce((a, x) => a + x.after, 0)).toBe(r.total);
    expect(r.reduction).toBeCloseTo(1 - r.total / 2_296_922, 15);
  });

  it('cannot reach 87 % on the 1000-class ImageNet network without touching the classifier', () => {
    const best = replacementReport('imagenet', 'all-1x1');
    expect(best.reduction).toBeLessThan(1 - 1_281_000 / 3_504_872); // the classifier alone is 36.5 %
    expect(best.reduction).toBeLessThan(0.87);
  });

  it('finds a CIFAR-10 policy within 1 percentage point of the reported 87 % cut', () => {
    const [best] = policySweep('cifar10', 0.87);
    expect(Math.abs(best.reduction - 0.87)).toBeLessThan(0.01);
  });

  it('rejects an unknown policy name with a suggestion', () => {
    expect(() => replacementReport('cifar10', 'all-1x')).toThrowError(/unknown replacement policy/);
  });
});
