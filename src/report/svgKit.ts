/**
 * Shared pieces of the SVG plots: XML escaping, the frame (size, fonts, title, embedded data),
 * axes with nice ticks, the legend and the colour palette. Everything returns strings; no DOM.
 */
import { scaleLinear, scaleLog, type ScaleLinear, type ScaleLogarithmic } from 'd3-scale';
import { CimsimError } from '../errors.js';

/** A value axis. The label is shown as `label (unit)`, e.g. 'pulse width (ps)'. */
export interface AxisOptions {
  label: string;
  /** Unit of the plotted numbers (required: 'ps', 'mV', 'fJ', 'LSB', 'count'...). */
  unit: string;
  /** Default 'linear'; 'log' needs strictly positive data. */
  scale?: 'linear' | 'log';
  /** Fixed [min, max]; default: the data extent, rounded outwards to nice numbers. */
  domain?: [number, number];
}

/** Size and title shared by all plots. */
export interface FrameOptions {
  title?: string;
  /** px, default 640. */
  width?: number;
  /** px, default 400. */
  height?: number;
}

export type NumericScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const FONT_SIZE = 12; // px
/** Rough advance of one character at FONT_SIZE, px (for layout only). */
export const CHAR_WIDTH = 7;

/** Escape text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Pixel coordinate with 2 decimals (0.01 px is far below what a screen shows). */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** `label (unit)`, refusing a missing unit so every axis says what its numbers mean. */
export function axisTitle(axis: AxisOptions, which: string): string {
  if (typeof axis?.label !== 'string' || axis.label.trim() === '') {
    throw new CimsimError(`plot ${which} axis needs a label`);
  }
  if (typeof axis.unit !== 'string' || axis.unit.trim() === '') {
    throw new CimsimError(`plot ${which} axis '${axis.label}' has no unit`, undefined,
      "give the unit of the plotted numbers, e.g. unit: 'ps'; use 'count' or 'LSB' where that is what they are");
  }
  return `${axis.label.trim()} (${axis.unit.trim()})`;
}

/** Throw a CimsimError naming the first non-finite value (and non-positive on a log axis). */
export function checkValues(values: ArrayLike<number>, what: string, log = false): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new CimsimError(`${what}[${i}] is ${String(v)}; plots need finite numbers`);
    }
    if (log && v <= 0) {
      throw new CimsimError(`${what}[${i}] is ${v}; a log axis needs values > 0`, undefined,
        "use scale: 'linear' or drop the non-positive points");
    }
  }
}

/** Scale over [min, max] (data extent) or the fixed domain; pads a zero-width extent. */
export function makeScale(axis: AxisOptions, extent: [number, number], range: [number, number]): NumericScale {
  const log = axis.scale === 'log';
  let [lo, hi] = axis.domain ?? extent;
  if (axis.domain) {
    checkValues(axis.domain, `${axis.label} domain`, log);
    if (!(hi > lo)) throw new CimsimError(`${axis.label} domain [${lo}, ${hi}] must have max > min`);
  } else if (!(hi > lo)) {
    // One distinct value (or none): widen so the point sits mid-axis.
    if (!Number.isFinite(lo)) [lo, hi] = log ? [1, 10] : [0, 1];
    else if (log) [lo, hi] = [lo / 2, hi * 2];
    else {
      const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
      [lo, hi] = [lo - pad, hi + pad];
    }
  }
  const scale = log ? scaleLog().domain([lo, hi]).range(range) : scaleLinear().domain([lo, hi]).range(range);
  if (!axis.domain) scale.nice();
  return scale;
}

/** Min and max over several arrays ([+Inf, -Inf] when all are empty). */
export function extentOf(arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < lo) lo = a[i];
      if (a[i] > hi) hi = a[i];
    }
  }
  return [lo, hi];
}

/** Tick values and their labels; log axes label only some ticks (empty label = minor tick). */
export function ticksOf(scale: NumericScale, count: number): Array<{ value: number; label: string }> {
  const ticks = scale.ticks(count);
  const [lo, hi] = scale.domain().map(Math.abs);
  const magnitude = Math.max(lo, hi);
  const isLog = 'base' in scale;
  // Fixed notation without digit grouping reads best for ordinary magnitudes; exponents beyond.
  const spec = isLog || magnitude >= 1e6 || magnitude < 1e-3 ? '~g' : 'f';
  const format = scale.tickFormat(count, spec);
  return ticks.map((value) => ({ value, label: format(value) }));
}

/** Bottom axis: baseline, tick marks, labels and the axis title. */
export function bottomAxis(scale: NumericScale, area: PlotArea, title: string, count: number): string {
  const out: string[] = [`<g class="axis x">`];
  out.push(`<line x1="${px(area.left)}" y1="${px(area.bottom)}" x2="${px(area.right)}" y2="${px(area.bottom)}" stroke="#333"/>`);
  for (const t of ticksOf(scale, count)) {
    const x = px(scale(t.value));
    const len = t.label === '' ? 3 : 6;
    out.push(`<line class="tick" x1="${x}" y1="${px(area.bottom)}" x2="${x}" y2="${px(area.bottom + len)}" stroke="#333"/>`);
    if (t.label !== '') {
      out.push(`<text class="tick-label" data-value="${t.value}" x="${x}" y="${px(area.bottom + 18)}" text-anchor="middle">${escapeXml(t.label)}</text>`);
    }
  }
  out.push(`<text class="axis-title" x="${px((area.left + area.right) / 2)}" y="${px(area.bottom + 40)}" text-anchor="middle">${escapeXml(title)}</text>`);
  out.push('</g>');
  return out.join('\n');
}

/** Left axis with horizontal grid lines across the plot area. */
export function leftAxis(scale: NumericScale, area: PlotArea, title: string, count: number): string {
  const out: string[] = [`<g class="axis y">`];
  out.push(`<line x1="${px(area.left)}" y1="${px(area.top)}" x2="${px(area.left)}" y2="${px(area.bottom)}" stroke="#333"/>`);
  let widest = 0;
  for (const t of ticksOf(scale, count)) {
    const y = px(scale(t.value));
    const len = t.label === '' ? 3 : 6;
    out.push(`<line class="tick" x1="${px(area.left - len)}" y1="${y}" x2="${px(area.left)}" y2="${y}" stroke="#333"/>`);
    if (t.label !== '') {
      out.push(`<line class="grid" x1="${px(area.left)}" y1="${y}" x2="${px(area.right)}" y2="${y}" stroke="#e5e5e5"/>`);
      out.push(`<text class="tick-label" data-value="${t.value}" x="${px(area.left - 9)}" y="${y}" dy="0.32em" text-anchor="end">${escapeXml(t.label)}</text>`);
      widest = Math.max(widest, t.label.length);
    }
  }
  const x = area.left - 16 - widest * CHAR_WIDTH;
  const y = (area.top + area.bottom) / 2;
  out.push(`<text class="axis-title" x="${px(x)}" y="${px(y)}" text-anchor="middle" transform="rotate(-90 ${px(x)} ${px(y)})">${escapeXml(title)}</text>`);
  out.push('</g>');
  return out.join('\n');
}

/** Legend to the right of the plot area; swatch is a line or a filled square. */
export function legend(names: string[], area: PlotArea, swatch: 'line' | 'box', dashed: boolean[] = []): string {
  if (names.length < 2) return '';
  const out: string[] = ['<g class="legend">'];
  names.forEach((name, i) => {
    const y = area.top + 8 + i * 18;
    const x = area.right + 14;
    const color = PALETTE[i % PALETTE.length];
    out.push(swatch === 'line'
      ? `<line x1="${px(x)}" y1="${px(y)}" x2="${px(x + 18)}" y2="${px(y)}" stroke="${color}" stroke-width="2"${dashed[i] ? ' stroke-dasharray="5 3"' : ''}/>`
      : `<rect x="${px(x)}" y="${px(y - 6)}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${px(x + 24)}" y="${px(y)}" dy="0.32em">${escapeXml(name)}</text>`);
  });
  out.push('</g>');
  return out.join('\n');
}

/** Legend width, px, for laying out the right margin. */
export function legendWidth(names: string[]): number {
  return names.length < 2 ? 0 : 40 + Math.max(...names.map((n) => n.length)) * CHAR_WIDTH;
}

/** Validated width and height, px. */
export function frameSize(options: FrameOptions): { width: number; height: number } {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isFinite(v) || v < 120 || v > 20000) {
      throw new CimsimError(`plot ${name} ${v} px is outside 120..20000 px`);
    }
  }
  return { width, height };
}

/** Short deterministic hash (FNV-1a, hex) to give each plot's ids a unique prefix in one page. */
export function hashId(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The `<svg>` document: size, viewBox, font, white background, title, the data as JSON in
 * `<metadata>` (so readers can check the plot shows the report's numbers), and the body.
 */
export function svgFrame(kind: string, options: FrameOptions, data: unknown, body: string): string {
  const { width, height } = frameSize(options);
  const json = JSON.stringify(data);
  const title = options.title ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cimsim-plot ${kind}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}" font-size="${FONT_SIZE}" role="img"${title ? ` aria-label="${escapeXml(title)}"` : ''}>`,
    title ? `<title>${escapeXml(title)}</title>` : '',
    `<metadata class="cimsim-data">${escapeXml(json)}</metadata>`,
    `<rect class="background" width="${width}" height="${height}" fill="#ffffff"/>`,
    title ? `<text class="plot-title" x="${px(width / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(title)}</text>` : '',
    body,
    '</svg>',
  ].filter((s) => s !== '').join('\n');
}

/** Outline of the plot area (tests and readers find the area from it). */
export function plotAreaRect(area: PlotArea): string {
  return `<rect class="plot-area" x="${px(area.left)}" y="${px(area.top)}" width="${px(area.right - area.left)}" height="${px(area.bottom - area.top)}" fill="none" stroke="#ccc"/>`;
}
