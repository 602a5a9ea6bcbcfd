/**
 * SVG plots as self-contained strings (no DOM, no external references): line, step, bar and
 * histogram. Each embeds its data as JSON in `<metadata class="cimsim-data">`.
 */
export { linePlot, stepPlot, type LinePlotOptions, type LineSeries, type LinePlotData } from './svgLine.js';
export { barChart, type BarChartOptions, type BarSeries, type BarChartData } from './svgBar.js';
export {
  histogram, histogramBins, type HistogramOptions, type HistogramBin, type HistogramData,
} from './svgHistogram.js';
export { escapeXml, type AxisOptions, type FrameOptions } from './svgKit.js';

import { writeOutputFile } from './write.js';

/** Write an SVG string to a file (creating its folder). */
export function writeSvg(path: string, svg: string): void {
  writeOutputFile(path, svg.endsWith('\n') ? svg : `${svg}\n`);
}
