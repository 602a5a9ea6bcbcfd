/**
 * Report writers: VCD waveforms, SVG plots, a self-contained HTML report, CSV files and console
 * tables. Writers are pure (they return strings); the write* helpers only add the file write.
 */
export {
  VcdWriter, sanitizeVcdName, vcdIdentifier, formatVcdReal, type SignalId, type VcdKind, type VcdOptions,
} from './vcd.js';
export {
  linePlot, stepPlot, barChart, histogram, histogramBins, writeSvg, escapeXml,
  type LinePlotOptions, type LineSeries, type LinePlotData, type BarChartOptions, type BarSeries,
  type BarChartData, type HistogramOptions, type HistogramBin, type HistogramData, type AxisOptions,
  type FrameOptions,
} from './svg.js';
export {
  htmlReport, writeHtmlReport, type HtmlReportOptions, type HtmlSection, type HtmlTable, type HtmlTableColumn,
} from './html.js';
export { barFigure, energyFigure, histogramFigure, lineFigure, renderFigure, stepFigure, type Figure } from './figure.js';
export { toCsv, writeCsv, type CsvColumn, type CsvCell } from './csv.js';
export { formatTable, formatEngineering, type TableColumn, type EngineeringOptions } from './table.js';
