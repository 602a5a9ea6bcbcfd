/**
 * A figure as data: what an analysis returns for a plot (kind, series, axes with units). The report
 * writer renders it (SVG file, HTML page); analyses never draw.
 */
import { barChart, type BarChartOptions } from './svgBar.js';
import { histogram, type HistogramOptions } from './svgHistogram.js';
import { linePlot, stepPlot, type LinePlotOptions } from './svgLine.js';

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
