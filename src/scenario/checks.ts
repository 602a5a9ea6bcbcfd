import { formatMetric } from '../report/table.js';
import type { Check } from './types.js';

/** Whether `value` meets a check's limits (a missing value fails). */
export function passesCheck(check: Pick<Check, 'min' | 'max' | 'equals'>, value: number | null | undefined): boolean {
  return typeof value === 'number' && (check.min === undefined || value >= check.min) && (check.max === undefined || value <= check.max) && (check.equals === undefined || value === check.equals);
}

/** A check's limits as a person reads them, in the metric's unit: `>= 0.85 ratio`, `<= 1 fJ`. */
export function limitText(check: Pick<Check, 'metric' | 'min' | 'max' | 'equals'>): string {
  const parts: string[] = [];
  const value = (v: number): string => formatMetric(check.metric, v);
  if (check.min !== undefined) parts.push(`>= ${value(check.min)}`);
  if (check.max !== undefined) parts.push(`<= ${value(check.max)}`);
  if (check.equals !== undefined) parts.push(`= ${value(check.equals)}`);
  return parts.join(', ');
}
