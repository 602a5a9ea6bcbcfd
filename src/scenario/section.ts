import type { Figure } from '../report/figure.js';

/** What one analysis contributes to a run's report. Every metric name ends in its unit. */
export interface Section {
  name: string;
  /** Flat metrics, e.g. maxAbsError_LSB, energyPerInference_J; checks address them as `<name>.<metric>`. */
  metrics: Record<string, number>;
  tables: Table[];
  /** Figures as data; the report writer renders them. */
  plots: { name: string; figure: Figure }[];
  notes: string[];
}

export interface Table {
  name: string; // becomes <section>-<name>.csv
  columns: { key: string; header: string }[]; // headers carry units
  rows: Record<string, number | string>[];
}

export function section(name: string): Section {
  return { name, metrics: {}, tables: [], plots: [], notes: [] };
}
