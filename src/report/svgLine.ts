/**
 * Line plots (several series, optional markers) and step plots (ADC transfer curves), as SVG text.
 */
import { curveLinear, curveStepAfter, line, type CurveFactory } from 'd3-shape';
import { CimsimError } from '../errors.js';
import {
  CHAR_WIDTH, PALETTE, axisTitle, bottomAxis, checkValues, escapeXml, extentOf, hashId, leftAxis, legend,
  legendWidth, makeScale, plotAreaRect, px, svgFrame, ticksOf, frameSize,
  type AxisOptions, type FrameOptions, type PlotArea,
} from './svgKit.js';

/** One curve: x[i] pairs with y[i]. */
export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Draw a circle at each point (default: the plot's `markers`). */
  markers?: boolean;
  /** Dashed line, e.g. for an ideal reference curve. */
  dashed?: boolean;
}

/** Options of {@link linePlot} and {@link stepPlot}. */
export interface LinePlotOptions extends FrameOptions {
  x: AxisOptions;
  y: AxisOptions;
  series: LineSeries[];
  /** Markers on every series unless the series says otherwise; default false. */
  markers?: boolean;
}

/** Plain-array copy of the data, as embedded in `<metadata>`. */
export interface LinePlotData {
  kind: 'line' | 'step';
  title: string | null;
  x: AxisOptions;
  y: AxisOptions;
  series: Array<{ name: string; x: number[]; y: number[] }>;
}

/** Multiple series against shared axes (e.g. bitline voltage vs pulse width). */
export function linePlot(options: LinePlotOptions): string {
  return plot('line', options, curveLinear);
}

/**
 * Staircase plot: each y holds from its x to the next x (d3 curveStepAfter), the shape of an
 * ADC transfer curve (input voltage -> output code).
 */
export function stepPlot(options: LinePlotOptions): string {
  return plot('step', options, curveStepAfter);
}

function plot(kind: 'line' | 'step', options: LinePlotOptions, curve: CurveFactory): string {
  const xTitle = axisTitle(options.x, 'x');
  const yTitle = axisTitle(options.y, 'y');
  if (!Array.isArray(options.series) || options.series.length === 0) {
    throw new CimsimError(`${kind} plot '${options.title ?? ''}' has no series`);
  }
  const xLog = options.x.scale === 'log';
  const yLog = options.y.scale === 'log';
  options.series.forEach((s, i) => {
    const name = `series '${s.name ?? i}'`;
    if (s.x.length !== s.y.length) {
      throw new CimsimError(`${name} has ${s.x.length} x values but ${s.y.length} y values`);
    }
    checkValues(s.x, `${name} x`, xLog);
    checkValues(s.y, `${name} y`, yLog);
  });
  const { width, height } = frameSize(options);
  const names = options.series.map((s, i) => String(s.name ?? `series ${i + 1}`));

  const xScale = makeScale(options.x, extentOf(options.series.map((s) => s.x)), [0, 1]);
  const yScale = makeScale(options.y, extentOf(options.series.map((s) => s.y)), [0, 1]);
  const yTicks = Math.max(2, Math.round(height / 60));
  const xTicks = Math.max(2, Math.round(width / 90));
  const widestY = Math.max(1, ...ticksOf(yScale, yTicks).map((t) => t.label.length));
  const area: PlotArea = {
    left: 34 + widestY * CHAR_WIDTH,
    top: options.title ? 40 : 16,
    right: width - 16 - legendWidth(names),
    bottom: height - 52,
  };
  if (area.right - area.left < 40 || area.bottom - area.top < 40) {
    throw new CimsimError(`${kind} plot ${width}x${height} px is too small for its labels and legend`);
  }
  xScale.range([area.left, area.right]);
  yScale.range([area.bottom, area.top]);

  const id = `p${hashId(JSON.stringify([kind, options.title, names, options.x, options.y]))}`;
  const path = line<[number, number]>()
    .x((p) => xScale(p[0]))
    .y((p) => yScale(p[1]))
    .curve(curve)
    .digits(2);

  const body: string[] = [
    `<defs><clipPath id="${id}-clip"><rect x="${px(area.left)}" y="${px(area.top)}" width="${px(area.right - area.left)}" height="${px(area.bottom - area.top)}"/></clipPath></defs>`,
    leftAxis(yScale, area, yTitle, yTicks),
    bottomAxis(xScale, area, xTitle, xTicks),
    plotAreaRect(area),
    `<g class="series-group" clip-path="url(#${id}-clip)">`,
  ];
  options.series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    const points = Array.from({ length: s.x.length }, (_, i): [number, number] => [s.x[i], s.y[i]]);
    const d = points.length > 0 ? path(points) ?? '' : '';
    body.push(`<g class="series" data-name="${escapeXml(names[k])}">`);
    body.push(`<title>${escapeXml(names[k])}</title>`);
    if (d !== '') {
      body.push(`<path class="line" d="${d}" fill="none" stroke="${color}" stroke-width="1.75" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    }
    if (s.markers ?? options.markers ?? false) {
      for (const [x, y] of points) {
        body.push(`<circle class="marker" cx="${px(xScale(x))}" cy="${px(yScale(y))}" r="3" fill="${color}"/>`);
      }
    }
    body.push('</g>');
  });
  body.push('</g>');
  body.push(legend(names, area, 'line', options.series.map((s) => s.dashed ?? false)));

  const data: LinePlotData = {
    kind,
    title: options.title ?? null,
    x: options.x,
    y: options.y,
    series: options.series.map((s, i) => ({ name: names[i], x: Array.from(s.x), y: Array.from(s.y) })),
  };
  return svgFrame(kind, options, data, body.filter((b) => b !== '').join('\n'));
}
