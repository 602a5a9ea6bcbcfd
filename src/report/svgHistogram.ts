/**
 * Histograms (code error in LSB, Monte Carlo distributions) with optional mean and sigma marks,
 * as SVG text, plus the binning helper that feeds them.
 */
import { CimsimError } from '../errors.js';
import {
  CHAR_WIDTH, PALETTE, axisTitle, bottomAxis, checkValues, escapeXml, frameSize, leftAxis, makeScale,
  plotAreaRect, px, svgFrame, ticksOf, type AxisOptions, type FrameOptions, type PlotArea,
} from './svgKit.js';

/** One bin [x0, x1) holding `count` samples (the last bin also holds x1). */
export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/** Options of {@link histogram}. */
export interface HistogramOptions extends FrameOptions {
  bins: HistogramBin[];
  /** Axis of the binned quantity, e.g. { label: 'code error', unit: 'LSB' }. */
  x: AxisOptions;
  /** Count axis; default { label: 'occurrences', unit: 'count' }. */
  y?: AxisOptions;
  /** Mean and standard deviation in x units, drawn as a solid line and dashed lines at +-sigma. */
  stats?: { mean: number; sigma: number };
  /** Spec lines in x units (a check's limits), drawn across the plot with their label. */
  limits?: { value: number; label: string }[];
}

/** Copy of the data, as embedded in `<metadata>`. */
export interface HistogramData {
  kind: 'histogram';
  title: string | null;
  bins: HistogramBin[];
  stats: { mean: number; sigma: number } | null;
  limits: { value: number; label: string }[];
  x: AxisOptions;
  y: AxisOptions;
}

/** Number shown in the annotation: 4 significant digits, no trailing zeros. */
function short(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** Bars from bin to bin; the annotation reads 'mean = ... unit, sigma = ... unit'. */
export function histogram(options: HistogramOptions): string {
  const yAxis: AxisOptions = options.y ?? { label: 'occurrences', unit: 'count' };
  const xTitle = axisTitle(options.x, 'x');
  const yTitle = axisTitle(yAxis, 'y');
  if (options.x.scale === 'log' || yAxis.scale === 'log') {
    throw new CimsimError('histograms use linear axes', undefined, 'bin the logarithm of the samples instead');
  }
  const bins = options.bins;
  if (!Array.isArray(bins) || bins.length === 0) throw new CimsimError(`histogram '${options.title ?? ''}' has no bins`);
  bins.forEach((b, i) => {
    checkValues([b.x0, b.x1, b.count], `histogram bin ${i} (x0, x1, count)`);
    if (!(b.x1 > b.x0)) throw new CimsimError(`histogram bin ${i} has x1 ${b.x1} <= x0 ${b.x0}`);
    if (b.count < 0) throw new CimsimError(`histogram bin ${i} has a negative count ${b.count}`);
  });
  if (options.stats) checkValues([options.stats.mean, options.stats.sigma], 'histogram stats (mean, sigma)');
  const { width, height } = frameSize(options);

  const xs = bins.flatMap((b) => [b.x0, b.x1]);
  const xScale = makeScale(options.x, [Math.min(...xs), Math.max(...xs)], [0, 1]);
  const yScale = makeScale(yAxis, [0, Math.max(1, ...bins.map((b) => b.count))], [0, 1]);
  const yTicks = Math.max(2, Math.round(height / 60));
  const xTicks = Math.max(2, Math.round(width / 90));
  const widestY = Math.max(1, ...ticksOf(yScale, yTicks).map((t) => t.label.length));
  // the last x tick label is centred on the right edge of the plot: half of it must fit
  const widestX = Math.max(1, ...ticksOf(xScale, xTicks).map((t) => t.label.length));
  const area: PlotArea = {
    left: 34 + widestY * CHAR_WIDTH,
    top: options.title || options.stats ? 40 + (options.title && options.stats ? 16 : 0) : 16,
    right: width - Math.max(16, (widestX * CHAR_WIDTH) / 2 + 8),
    bottom: height - 52,
  };
  if (area.right - area.left < 40 || area.bottom - area.top < 40) {
    throw new CimsimError(`histogram ${width}x${height} px is too small for its labels`);
  }
  xScale.range([area.left, area.right]);
  yScale.range([area.bottom, area.top]);

  const unit = options.x.unit.trim();
  const body: string[] = [leftAxis(yScale, area, yTitle, yTicks), bottomAxis(xScale, area, xTitle, xTicks), plotAreaRect(area)];
  body.push('<g class="bins">');
  for (const b of bins) {
    const x0 = xScale(b.x0);
    const x1 = xScale(b.x1);
    const y = yScale(b.count);
    body.push(`<rect class="bin" data-x0="${b.x0}" data-x1="${b.x1}" data-count="${b.count}" x="${px(x0)}" y="${px(y)}" width="${px(Math.max(0, x1 - x0))}" height="${px(area.bottom - y)}" fill="${PALETTE[0]}" fill-opacity="0.75" stroke="#ffffff" stroke-width="0.5"><title>${escapeXml(`[${b.x0}, ${b.x1}) ${unit}: ${b.count}`)}</title></rect>`);
  }
  body.push('</g>');

  if (options.stats) {
    const { mean, sigma } = options.stats;
    const mark = (value: number, cls: string, dash: string): void => {
      const x = xScale(value);
      if (x < area.left || x > area.right) return; // off-axis marks are named in the text only
      body.push(`<line class="${cls}" data-value="${value}" x1="${px(x)}" y1="${px(area.top)}" x2="${px(x)}" y2="${px(area.bottom)}" stroke="${PALETTE[1]}" stroke-width="1.5"${dash}/>`);
    };
    body.push('<g class="stats">');
    mark(mean, 'mean', '');
    mark(mean - sigma, 'sigma', ' stroke-dasharray="5 3"');
    mark(mean + sigma, 'sigma', ' stroke-dasharray="5 3"');
    const text = `\u03bc = ${short(mean)} ${unit}, \u03c3 = ${short(sigma)} ${unit}`;
    body.push(`<text class="annotation" x="${px((area.left + area.right) / 2)}" y="${px(area.top - 10)}" text-anchor="middle">${escapeXml(text)}</text>`);
    body.push('</g>');
  }

  if (options.limits && options.limits.length > 0) {
    checkValues(options.limits.map((l) => l.value), 'histogram limits');
    body.push('<g class="limits">');
    for (const limit of options.limits) {
      const x = xScale(limit.value);
      if (x < area.left || x > area.right) continue; // outside the samples' range: the title names it
      body.push(`<line class="limit" data-value="${limit.value}" x1="${px(x)}" y1="${px(area.top)}" x2="${px(x)}" y2="${px(area.bottom)}" stroke="#c62828" stroke-width="2"><title>${escapeXml(limit.label)}</title></line>`);
      const anchor = x > (area.left + area.right) / 2 ? 'end' : 'start';
      body.push(`<text class="limit-label" x="${px(anchor === 'end' ? x - 4 : x + 4)}" y="${px(area.top + 14)}" text-anchor="${anchor}" fill="#c62828">${escapeXml(limit.label)}</text>`);
    }
    body.push('</g>');
  }

  const data: HistogramData = {
    kind: 'histogram',
    title: options.title ?? null,
    bins: bins.map((b) => ({ x0: b.x0, x1: b.x1, count: b.count })),
    stats: options.stats ? { mean: options.stats.mean, sigma: options.stats.sigma } : null,
    limits: options.limits ?? [],
    x: options.x,
    y: yAxis,
  };
  return svgFrame('histogram', options, data, body.join('\n'));
}

/**
 * Count samples into equal bins [x0, x1). With `binWidth` the edges are origin + k*binWidth
 * (origin default: the largest multiple of binWidth <= min; origin -0.5 with width 1 centres bins
 * on integer code errors). With `binCount` [min, max] is split evenly and the last bin also holds max.
 */
export function histogramBins(
  samples: ArrayLike<number>,
  spec: { binWidth: number; origin?: number } | { binCount: number },
): HistogramBin[] {
  checkValues(samples, 'histogram samples');
  if (samples.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    lo = Math.min(lo, samples[i]);
    hi = Math.max(hi, samples[i]);
  }
  let origin: number;
  let width: number;
  let count: number;
  if ('binWidth' in spec) {
    width = spec.binWidth;
    if (!(width > 0) || !Number.isFinite(width)) throw new CimsimError(`histogram binWidth ${width} must be > 0`);
    origin = spec.origin ?? Math.floor(lo / width) * width;
    if (origin > lo) throw new CimsimError(`histogram origin ${origin} is above the smallest sample ${lo}`);
    count = Math.max(1, Math.floor((hi - origin) / width) + 1);
  } else {
    count = spec.binCount;
    if (!Number.isInteger(count) || count < 1) throw new CimsimError(`histogram binCount ${count} must be an integer >= 1`);
    origin = lo;
    width = hi > lo ? (hi - lo) / count : 1;
  }
  if (count > 1e6) throw new CimsimError(`histogram would need ${count} bins`, undefined, 'use a wider binWidth');
  const counts = new Array<number>(count).fill(0);
  for (let i = 0; i < samples.length; i++) {
    const k = Math.min(count - 1, Math.floor((samples[i] - origin) / width));
    counts[k]++;
  }
  return counts.map((c, k) => ({ x0: origin + k * width, x1: origin + (k + 1) * width, count: c }));
}

/** One bin per value for integer metrics (centred on it), else up to 20 equal bins. */
export function samplesBins(values: readonly number[], integer = values.every(Number.isInteger)): HistogramBin[] {
  if (values.length === 0) return [{ x0: -0.5, x1: 0.5, count: 0 }];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (integer && hi - lo <= 200) {
    return Array.from({ length: hi - lo + 1 }, (_, k) => ({ x0: lo + k - 0.5, x1: lo + k + 0.5, count: values.filter((v) => v === lo + k).length }));
  }
  if (hi === lo) return [{ x0: lo - 0.5, x1: lo + 0.5, count: values.length }];
  return histogramBins(values, { binCount: Math.min(20, Math.max(1, Math.ceil(Math.sqrt(values.length)))) });
}
