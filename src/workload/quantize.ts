import { CimsimError } from '../errors.js';

/**
 * Unsigned B-bit activation quantization: q = clamp(floor(x / scale + 0.5), 0, 2^B - 1).
 * Rounding is half-up (ties go to the larger code); values below 0 clip to code 0 and values
 * above (2^B - 1) * scale clip to full scale. x is then approximated by q * scale.
 * NaN or infinite inputs are rejected rather than silently mapped to a code.
 */
export function quantizeActivations(x: ArrayLike<number>, bits: number, scale: number): Int32Array {
  checkBits(bits);
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new CimsimError(`quantization scale ${scale} must be a positive finite number`, undefined,
      'scale is the activation value of one LSB, e.g. 6 / (2^bits - 1) for ReLU6 outputs');
  }
  const max = 2 ** bits - 1;
  const q = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      throw new CimsimError(`activation ${i} is ${v}`, undefined, 'inputs must be finite numbers');
    }
    const r = Math.floor(v / scale + 0.5);
    q[i] = r < 0 ? 0 : r > max ? max : r;
  }
  return q;
}

/** q * scale, the value a code stands for. */
export function dequantizeActivations(q: ArrayLike<number>, scale: number): Float64Array {
  const x = new Float64Array(q.length);
  for (let i = 0; i < q.length; i++) x[i] = q[i] * scale;
  return x;
}

/**
 * Bit planes of unsigned codes: planes[p][j] = bit p (LSB = 0) of q[j]. A bit-serial array run
 * applies plane p on the wordlines and the digital side weights its result by 2^p.
 */
export function bitPlanes(q: ArrayLike<number>, bits: number): Uint8Array[] {
  checkBits(bits);
  const max = 2 ** bits - 1;
  const planes = Array.from({ length: bits }, () => new Uint8Array(q.length));
  for (let j = 0; j < q.length; j++) {
    const v = q[j];
    if (!Number.isInteger(v) || v < 0 || v > max) {
      throw new CimsimError(`code ${v} at index ${j} is not an unsigned ${bits}-bit integer`, undefined,
        'quantize first with quantizeActivations');
    }
    for (let p = 0; p < bits; p++) planes[p][j] = (v >>> p) & 1;
  }
  return planes;
}

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) {
    throw new CimsimError(`activation precision ${bits} bits must be an integer from 1 to 16`);
  }
}
