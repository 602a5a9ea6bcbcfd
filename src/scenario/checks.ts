import type { Check } from './types.js';

/** Whether `value` meets a check's limits (a missing value fails). */
export function passesCheck(check: Pick<Check, 'min' | 'max' | 'equals'>, value: number | null | undefined): boolean {
  return typeof value === 'number' && (check.min === undefined || value >= check.min) && (check.max === undefined || value <= check.max) && (check.equals === undefined || value === check.equals);
}

/** A check's limits as a person reads them: `>= 0.85, <= 1`. */
export function limitText(check: Pick<Check, 'min' | 'max' | 'equals'>): string {
  const parts: string[] = [];
  if (check.min !== undefined) parts.push(`>= ${check.min}`);
  if (check.max !== undefined) parts.push(`<= ${check.max}`);
  if (check.equals !== undefined) parts.push(`= ${check.equals}`);
  return parts.join(', ');
}
