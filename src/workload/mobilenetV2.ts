import { CimsimError } from '../errors.js';

/**
 * Layer-by-layer parameter table of MobileNetV2 (Sandler et al., CVPR 2018).
 *
 * Counted: convolution weights (no conv biases: every conv is followed by batch norm), batch-norm
 * gamma and beta (running mean/var are buffers, not parameters), classifier weight and bias.
 *
 * - 'imagenet': torchvision `mobilenet_v2` (width 1.0, 224x224, 1000 classes); names follow its
 *   state_dict (features.N..., classifier.1). torchvision reports 3,504,872 parameters.
 * - 'cifar10': kuangliu/pytorch-cifar `models/mobilenetv2.py` (10 classes; stem stride 1 and the
 *   second stage stride 1 for 32x32 inputs; every block has an expansion 1x1 conv, even t = 1;
 *   a 1x1 conv + BN shortcut when stride = 1 and in != out); names follow its state_dict.
 *   Reported total 2,296,922 (comment in that repository's main.py and the README tables of its forks).
 */
export type MobileNetV2Variant = 'imagenet' | 'cifar10';

export type LayerType = 'conv' | 'dwconv' | 'pwconv' | 'bn' | 'linear';
/** What a layer does in the network; 1x1 convolutions are 'expand', 'project', 'shortcut' or 'head'. */
export type LayerRole = 'stem' | 'expand' | 'depthwise' | 'project' | 'shortcut' | 'head' | 'classifier' | 'bn';

export interface LayerRow {
  readonly name: string;
  readonly type: LayerType;
  readonly role: LayerRole;
  /** Inverted-residual block index (0-based), -1 outside blocks. */
  readonly block: number;
  readonly inC: number;
  readonly outC: number;
  /** Kernel side (3 for 3x3, 1 for 1x1 and linear, 0 for BN). */
  readonly kernel: number;
  readonly stride: number;
  /** Trainable parameters of this layer. */
  readonly params: number;
  /** For BN rows: the name of the layer it normalizes. */
  readonly follows?: string;
}

/** (expansion t, output channels c, repeats n, first stride s) per stage. */
const IMAGENET_CFG: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];
/** kuangliu CIFAR-10 variant: second stage stride 2 -> 1. */
const CIFAR_CFG: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 1], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

class TableBuilder {
  readonly rows: LayerRow[] = [];
  conv(name: string, type: LayerType, role: LayerRole, block: number, inC: number, outC: number, kernel: number, stride: number): void {
    const perOut = type === 'dwconv' ? kernel * kernel : inC * kernel * kernel;
    this.rows.push({ name, type, role, block, inC, outC, kernel, stride, params: perOut * outC });
  }
  bn(name: string, channels: number, follows: string, block: number): void {
    this.rows.push({ name, type: 'bn', role: 'bn', block, inC: channels, outC: channels, kernel: 0, stride: 1, params: 2 * channels, follows });
  }
  linear(name: string, inC: number, outC: number): void {
    this.rows.push({ name, type: 'linear', role: 'classifier', block: -1, inC, outC, kernel: 1, stride: 1, params: inC * outC + outC });
  }
}

function imagenetTable(classes: number): LayerRow[] {
  const t = new TableBuilder();
  t.conv('features.0.0', 'conv', 'stem', -1, 3, 32, 3, 2);
  t.bn('features.0.1', 32, 'features.0.0', -1);
  let inC = 32;
  let f = 1;
  for (const [exp, c, n, s] of IMAGENET_CFG) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const hidden = inC * exp;
      const p = `features.${f}.conv`;
      const b = f - 1;
      let k = 0;
      if (exp !== 1) {
        t.conv(`${p}.0.0`, 'pwconv', 'expand', b, inC, hidden, 1, 1);
        t.bn(`${p}.0.1`, hidden, `${p}.0.0`, b);
        k = 1;
      }
      t.conv(`${p}.${k}.0`, 'dwconv', 'depthwise', b, hidden, hidden, 3, stride);
      t.bn(`${p}.${k}.1`, hidden, `${p}.${k}.0`, b);
      t.conv(`${p}.${k + 1}`, 'pwconv', 'project', b, hidden, c, 1, 1);
      t.bn(`${p}.${k + 2}`, c, `${p}.${k + 1}`, b);
      inC = c;
      f++;
    }
  }
  t.conv(`features.${f}.0`, 'pwconv', 'head', -1, inC, 1280, 1, 1);
  t.bn(`features.${f}.1`, 1280, `features.${f}.0`, -1);
  t.linear('classifier.1', 1280, classes);
  return t.rows;
}

function cifarTable(classes: number): LayerRow[] {
  const t = new TableBuilder();
  t.conv('conv1', 'conv', 'stem', -1, 3, 32, 3, 1);
  t.bn('bn1', 32, 'conv1', -1);
  let inC = 32;
  let b = 0;
  for (const [exp, c, n, s] of CIFAR_CFG) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const planes = inC * exp;
      const p = `layers.${b}`;
      t.conv(`${p}.conv1`, 'pwconv', 'expand', b, inC, planes, 1, 1);
      t.bn(`${p}.bn1`, planes, `${p}.conv1`, b);
      t.conv(`${p}.conv2`, 'dwconv', 'depthwise', b, planes, planes, 3, stride);
      t.bn(`${p}.bn2`, planes, `${p}.conv2`, b);
      t.conv(`${p}.conv3`, 'pwconv', 'project', b, planes, c, 1, 1);
      t.bn(`${p}.bn3`, c, `${p}.conv3`, b);
      if (stride === 1 && inC !== c) {
        t.conv(`${p}.shortcut.0`, 'pwconv', 'shortcut', b, inC, c, 1, 1);
        t.bn(`${p}.shortcut.1`, c, `${p}.shortcut.0`, b);
      }
      inC = c;
      b++;
    }
  }
  t.conv('conv2', 'pwconv', 'head', -1, inC, 1280, 1, 1);
  t.bn('bn2', 1280, 'conv2', -1);
  t.linear('linear', 1280, classes);
  return t.rows;
}

/** Parameter table of MobileNetV2 (see MobileNetV2Variant for the exact definitions reproduced). */
export function mobilenetV2Table(variant: MobileNetV2Variant, classes?: number): LayerRow[] {
  if (variant === 'imagenet') return imagenetTable(classes ?? 1000);
  if (variant === 'cifar10') return cifarTable(classes ?? 10);
  throw new CimsimError(`unknown MobileNetV2 variant '${String(variant)}'`, undefined, "use 'imagenet' or 'cifar10'");
}

/** Sum of the params column. */
export function totalParams(rows: readonly LayerRow[]): number {
  return rows.reduce((a, r) => a + r.params, 0);
}
