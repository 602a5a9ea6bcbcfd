/**
 * Bar charts: categories -> values (e.g. energy per inference broken down by block, in fJ),
 * grouped side by side or stacked, as SVG text.
 */
import { scaleBand, type ScaleBand } from 'd3-scale';
import { CimsimError } from '../errors.js';
import {
  CHAR_WIDTH, PALETTE, axisTitle, checkValues, escapeXml, frameSize, leftAxis, legend, legendWidth,
  makeScale, plotAreaRect, px, svgFrame, ticksOf, type AxisOptions, type FrameOptions, type PlotArea,
} from './svgKit.js';

export interface BarSeries {
  name: string;
  /** One value per category, in the category order. */
  values: ArrayLike<number>;
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends FrameOptions {
  categories: string[];
  series: BarSeries[];
  /** Value axis (linear; always includes 0). */
  y: AxisOptions;
  /** Optional title under the category axis (categories carry no unit). */
  xLabel?: string;
  /** Stack the series in each category (values must be >= 0); default: side by side. */
  stacked?: boolean;
}

/** Plain-array copy of the data, as embedded in `<metadata>`. */
export interface BarChartData {
  kind: 'bar';
  title: string | null;
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
  stacked: boolean;
  y: AxisOptions;
}

function checkBarInput(options: BarChartOptions, categories: string[], stacked: boolean): void {
  if (categories.length === 0 || options.series.length === 0) {
    throw new CimsimError(`bar chart '${options.title ?? ''}' needs at least one category and one series`);
  }
  if (new Set(categories).size !== categories.length) {
    throw new CimsimError(`bar chart '${options.title ?? ''}' repeats a category name`);
  }
  options.series.forEach((s) => {
    if (s.values.length !== categories.length) {
      throw new CimsimError(`bar series '${s.name}' has ${s.values.length} values for ${categories.length} categories`);
    }
    checkValues(s.values, `bar series '${s.name}' values`);
    if (stacked && Array.from(s.values).some((v) => v < 0)) {
      throw new CimsimError(`bar series '${s.name}' has a negative value; stacked bars need values >= 0`, undefined,
        'draw them side by side (stacked: false)');
    }
  });
}

/** Category names under their bands (turned 35 degrees when they would overlap) and the axis title. */
function categoryAxis(categories: string[], band: ScaleBand<string>, area: PlotArea, rotate: boolean, xLabel: string | undefined, height: number): string {
  const out = ['<g class="axis x">'];
  for (const category of categories) {
    const x = band(category)! + band.bandwidth() / 2;
    const y = area.bottom + 16;
    out.push(rotate
      ? `<text class="tick-label" x="${px(x)}" y="${px(y)}" text-anchor="end" transform="rotate(-35 ${px(x)} ${px(y)})">${escapeXml(category)}</text>`
      : `<text class="tick-label" x="${px(x)}" y="${px(y)}" text-anchor="middle">${escapeXml(category)}</text>`);
  }
  if (xLabel) out.push(`<text class="axis-title" x="${px((area.left + area.right) / 2)}" y="${px(height - 12)}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  out.push('</g>');
  return out.join('\n');
}

/** Bars per category; every bar carries a tooltip with category, series, value and unit. */
export function barChart(options: BarChartOptions): string {
  const yTitle = axisTitle(options.y, 'y');
  const log = options.y.scale === 'log';
  const categories = options.categories.map(String);
  const stacked = options.stacked ?? false;
  if (log && stacked) throw new CimsimError('stacked bar charts use a linear value axis', undefined, "drop scale: 'log' or stacked");
  checkBarInput(options, categories, stacked);
  if (log && options.series.some((s) => Array.from(s.values).some((v) => !(v > 0)))) {
    throw new CimsimError('a log-scale bar chart needs strictly positive values', undefined, 'leave out the categories at zero');
  }
  const { width, height } = frameSize(options);
  const names = options.series.map((s) => String(s.name));

  // Value extent: totals when stacked, single values otherwise; 0 always on the axis.
  const tops = stacked
    ? categories.map((_, c) => options.series.reduce((sum, s) => sum + s.values[c], 0))
    : options.series.flatMap((s) => Array.from(s.values));
  // Linear: 0 always on the axis; log: bars rise from the bottom of a decade-rounded axis.
  const extent: [number, number] = log ? [Math.min(...tops) / 3, Math.max(...tops)] : [Math.min(0, ...tops), Math.max(0, ...tops)];
  const yScale = makeScale(options.y, extent, [0, 1]);
  const yTicks = Math.max(2, Math.round(height / 60));
  const widestY = Math.max(1, ...ticksOf(yScale, yTicks).map((t) => t.label.length));

  let left = 34 + widestY * CHAR_WIDTH;
  const right = width - 16 - legendWidth(names);
  const band = scaleBand<string>().domain(categories).range([left, right]).paddingInner(0.2).paddingOuter(0.1);
  // Long category names are turned 35 degrees so they do not overlap.
  const widestCategory = Math.max(...categories.map((c) => c.length)) * CHAR_WIDTH;
  const rotate = widestCategory > band.step() - 4;
  if (rotate) {
    // A turned name ends under its bar and reaches left by cos(35 deg) of its length: the first
    // one must not leave the picture (4 px margin).
    // Moving the left edge also narrows the bands, so the first centre moves a little less: repeat.
    const reach = categories[0].length * CHAR_WIDTH * Math.cos((35 * Math.PI) / 180);
    for (let overshoot = 1; overshoot > 0.5; ) {
      overshoot = 4 + reach - (band(categories[0])! + band.bandwidth() / 2);
      if (overshoot > 0) band.range([(left += overshoot), right]);
    }
  }
  const labelDepth = rotate ? Math.min(160, widestCategory * 0.6 + 10) : 18;
  const area: PlotArea = {
    left,
    top: options.title ? 40 : 16,
    right,
    bottom: height - 24 - labelDepth - (options.xLabel ? 18 : 0),
  };
  if (area.right - area.left < 40 || area.bottom - area.top < 40) {
    throw new CimsimError(`bar chart ${width}x${height} px is too small for its labels and legend`);
  }
  yScale.range([area.bottom, area.top]);
  const inner = scaleBand<string>().domain(names).range([0, band.bandwidth()]).padding(stacked ? 0 : 0.05);

  const body: string[] = [leftAxis(yScale, area, yTitle, yTicks), plotAreaRect(area)];
  const unit = options.y.unit.trim();
  body.push('<g class="bars">');
  const floor = log ? yScale.domain()[0] : 0; // y units, where a bar starts
  categories.forEach((category, c) => {
    let base = floor; // running total when stacked, in y units
    options.series.forEach((s, k) => {
      const value = s.values[c];
      const from = stacked ? base : floor;
      const to = from + value;
      base = to;
      const x = stacked ? band(category)! : band(category)! + inner(names[k])!;
      const w = stacked ? band.bandwidth() : inner.bandwidth();
      const y0 = yScale(Math.max(from, to));
      const y1 = yScale(Math.min(from, to));
      body.push(`<rect class="bar" data-category="${escapeXml(category)}" data-series="${escapeXml(names[k])}" data-value="${value}" x="${px(x)}" y="${px(y0)}" width="${px(w)}" height="${px(y1 - y0)}" fill="${PALETTE[k % PALETTE.length]}"><title>${escapeXml(`${category}, ${names[k]}: ${value} ${unit}`)}</title></rect>`);
    });
  });
  body.push('</g>');
  const zero = px(yScale(floor));
  body.push(`<line class="zero" x1="${px(area.left)}" y1="${zero}" x2="${px(area.right)}" y2="${zero}" stroke="#333"/>`);

  body.push(categoryAxis(categories, band, area, rotate, options.xLabel, height));
  body.push(legend(names, area, 'box'));

  const data: BarChartData = {
    kind: 'bar',
    title: options.title ?? null,
    categories,
    series: options.series.map((s, i) => ({ name: names[i], values: Array.from(s.values) })),
    stacked,
    y: options.y,
  };
  return svgFrame('bar', options, data, body.join('\n'));
}
