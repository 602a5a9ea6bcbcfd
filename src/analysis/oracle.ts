/**
 * The oracle: what an ideal converter of the same range and resolution gives for a voltage. The
 * devices only convert; what a conversion should have given is decided here, from the voltages the
 * conversion log records.
 */
import type { ConversionLog } from '../engine/conversion-log.js';

/** A converter's input range and resolution: code 0 at `vtop`, full scale at `vbottom`. */
export interface QuantizerRange {
  readonly vtop: number; // V
  readonly vbottom: number; // V
  readonly bits: number;
}

/** The code a bitline voltage `v` (V) would have before rounding: idealCode is its floor, LSB. */
export function continuousCode(v: number, vtop: number, vbottom: number, bits: number): number {
  return ((vtop - v) * (1 << bits)) / (vtop - vbottom);
}

/** Ideal quantizer: code of a bitline voltage v (V), codes grow with the discharge vtop - v. */
export function idealCode(v: number, vtop: number, vbottom: number, bits: number): number {
  const levels = 1 << bits;
  const code = Math.floor(continuousCode(v, vtop, vbottom, bits));
  return code < 0 ? 0 : code >= levels ? levels - 1 : code;
}

/**
 * Fill the oracle's codes of conversions `from`.. of `log`, converted by `range`: `idealCode` from
 * the bitline with every non-ideality off, `analogCode` from the bitline the converter sampled
 * (their difference separates compute error from digitization error).
 */
export function labelConversions(log: ConversionLog, from: number, range: QuantizerRange): void {
  for (let i = from; i < log.length; i++) {
    log.idealCode[i] = idealCode(log.idealV[i], range.vtop, range.vbottom, range.bits);
    log.analogCode[i] = idealCode(log.analogV[i], range.vtop, range.vbottom, range.bits);
  }
}
