/**
 * A figure as data: what an analysis returns for a plot (kind, series, axes with units). The report
 * writer renders it (SVG file, HTML page); analyses never draw.
 */
import { barChart, type BarChartOptions } from './svgBar.js';
import { histogram, samplesBins, type HistogramOptions } from './svgHistogram.js';
import { linePlot, stepPlot, type LinePlotOptions } from './svgLine.js';
import { displayUnit, formatMetric } from './table.js';

export type Figure =
  | { kind: 'line'; plot: LinePlotOptions }
  | { kind: 'step'; plot: LinePlotOptions }
  | { kind: 'bar'; plot: BarChartOptions }
  | { kind: 'histogram'; plot: HistogramOptions };

export const lineFigure = (plot: LinePlotOptions): Figure => ({ kind: 'line', plot });
export const stepFigure = (plot: LinePlotOptions): Figure => ({ kind: 'step', plot });
export const barFigure = (plot: BarChartOptions): Figure => ({ kind: 'bar', plot });
export const histogramFigure = (plot: HistogramOptions): Figure => ({ kind: 'histogram', plot });

/** The figure as a standalone SVG document. */
export function renderFigure(figure: Figure): string {
  switch (figure.kind) {
    case 'line':
      return linePlot(figure.plot);
    case 'step':
      return stepPlot(figure.plot);
    case 'bar':
      return barChart(figure.plot);
    case 'histogram':
      return histogram(figure.plot);
  }
}

/**
 * Energy by category as a bar chart a person reads: pJ on a log axis, so a 2 fJ category shows
 * beside a 600 fJ one; categories that booked nothing are left out and named in the title
 * (precharge books only what no discharge or leakage already paid for, so it is often zero).
 */
export function energyFigure(title: string, energy_J: Readonly<Record<string, number>>, per: string): Figure {
  const shown = Object.keys(energy_J).filter((c) => energy_J[c] > 0);
  const zero = Object.keys(energy_J).filter((c) => !(energy_J[c] > 0));
  return barFigure({
    title: zero.length > 0 ? `${title} (zero: ${zero.join(', ')})` : title,
    categories: shown,
    series: [{ name: 'energy', values: shown.map((c) => energy_J[c] * 1e12) }],
    y: { label: `energy per ${per}`, unit: 'pJ', scale: 'log' },
  });
}

/**
 * A histogram of one metric over samples (chips, sweep points), in the unit a person reads
 * (`pJ`, not 1.1e-10 J): integer metrics get one bin per value; the mean and sigma are marked, and
 * each check's limits are spec lines. On integer metrics a spec line sits on the bin edge on the
 * failing side (`<= 1 LSB` at 1.5), so every passing bin is on one side of it.
 */
export function metricHistogramFigure(name: string, values: readonly number[], title: string, stats: { mean: number; sigma: number }, checks: readonly LimitSpec[] = []): Figure {
  const { unit, factor } = displayUnit(name, values);
  const shown = factor === 1 ? values : values.map((v) => v * factor);
  const integer = values.every(Number.isInteger);
  const limits = checks.flatMap((c) => [
    ...(c.max !== undefined ? [{ value: (integer ? Math.floor(c.max) + 0.5 : c.max) * factor, label: `<= ${formatMetric(name, c.max)}` }] : []),
    ...(c.min !== undefined ? [{ value: (integer ? Math.ceil(c.min) - 0.5 : c.min) * factor, label: `>= ${formatMetric(name, c.min)}` }] : []),
    ...(c.equals !== undefined ? (integer ? [-0.5, 0.5] : [0]).map((d) => ({ value: (c.equals! + d) * factor, label: `= ${formatMetric(name, c.equals!)}` })) : []),
  ]);
  // integer or not is a property of the metric, not of its values once scaled (1e-12 J -> 1 pJ)
  return histogramFigure({ title, bins: samplesBins(shown, integer && factor === 1), x: { label: name, unit }, stats: { mean: stats.mean * factor, sigma: stats.sigma * factor }, limits });
}

/** A check's limits in the metric's SI unit. */
export interface LimitSpec {
  min?: number;
  max?: number;
  equals?: number;
}
