import { CimsimError } from '../errors.js';

/**
 * Read-wordline pulse shape: a trapezoid of amplitude `vwl` rising in `trise`, falling in `tfall`.
 * The pulse width is measured at 50 % amplitude (as a scope would): the flat top lasts
 * width - (trise + tfall) / 2, so a pulse must be at least (trise + tfall) / 2 wide.
 */
export interface WordlineShape {
  vwl: number; // V
  trise: number; // s
  tfall: number; // s
}

/** Flat-top duration of a pulse of 50 %-width `width` (s); throws a user error if too short. */
export function flatTop(shape: WordlineShape, width: number, device: string): number {
  const flat = width - (shape.trise + shape.tfall) / 2;
  if (flat < -1e-18) {
    throw new CimsimError(
      `${device}: a ${fmtPs(width)} wordline pulse is shorter than its edges allow (trise/2 + tfall/2 = ${fmtPs((shape.trise + shape.tfall) / 2)})`,
      undefined,
      'lengthen the pulse (tunit) or shorten trise/tfall',
    );
  }
  return Math.max(0, flat);
}

/** Total duration from the start of the rise to the end of the fall, s. */
export function pulseSpan(shape: WordlineShape, width: number): number {
  return width + (shape.trise + shape.tfall) / 2;
}

/** Span of the widest pulse of a pulse set (widths per row, s; 0 = not pulsed), s. */
export function widestPulseSpan(shape: WordlineShape, widths: ArrayLike<number>): number {
  let span = 0;
  for (let r = 0; r < widths.length; r++) if (widths[r] > 0) span = Math.max(span, pulseSpan(shape, widths[r]));
  return span;
}

/** Wordline voltage at time `t` after the pulse starts (s), for a pulse of 50 %-width `width`. */
export function wordlineVoltage(shape: WordlineShape, width: number, t: number): number {
  if (t <= 0) return 0;
  if (t < shape.trise) return (shape.vwl * t) / shape.trise;
  const fallStart = shape.trise + Math.max(0, width - (shape.trise + shape.tfall) / 2);
  if (t <= fallStart) return shape.vwl;
  const intoFall = t - fallStart;
  if (intoFall >= shape.tfall) return 0;
  return shape.vwl * (1 - intoFall / shape.tfall);
}

/** Energy to charge and release one wordline of capacitance `cwl` (F) from the vwl rail, J. */
export function wordlineEnergy(cwl: number, vwl: number): number {
  return cwl * vwl * vwl;
}

function fmtPs(s: number): string {
  return `${(s * 1e12).toPrecision(4)} ps`;
}
