import { CimsimError } from '../errors.js';
import { RandomStream } from '../tech/random.js';
import type { Stimulus } from './types.js';

/**
 * Input vectors of every assignment, drawn from the circuit's one stimulus stream in assignment
 * order: the inference schedule and the SPICE export of a compute step see the same inputs.
 */
export function assignmentInputs<A extends { compute: { rows: number; name: string } }>(assignments: readonly A[], stimulus: Stimulus, seed: number | string): Map<A, Int32Array[]> {
  const stream = new RandomStream(seed, 'stimulus');
  const inferences = stimulus.inferences ?? 1;
  return new Map(assignments.map((a) => [a, inputVectors(stimulus, a.compute.rows, inferences, stream, a.compute.name)]));
}

/** Input vectors for one compute array: `inferences` vectors of `rows` values each. */
export function inputVectors(stimulus: Stimulus, rows: number, inferences: number, stream: RandomStream, array: string): Int32Array[] {
  const bits = stimulus.encoding === 'binary' ? 1 : (stimulus.inputBits ?? 4);
  const top = (1 << bits) - 1;
  const out: Int32Array[] = [];
  for (let k = 0; k < inferences; k++) {
    const v = new Int32Array(rows);
    const given = stimulus.vectors?.[k % stimulus.vectors.length];
    if (given !== undefined) {
      if (given.length !== rows) {
        throw new CimsimError(`stimulus.vectors[${k % stimulus.vectors!.length}] has ${given.length} values but array ${array} has ${rows} rows`, undefined, 'give one input value per wordline');
      }
      given.forEach((x, r) => {
        if (x > top) throw new CimsimError(`stimulus.vectors[${k % stimulus.vectors!.length}][${r}] = ${x} exceeds ${top} (${bits}-bit inputs)`, undefined, 'raise stimulus.inputBits or lower the value');
        v[r] = x;
      });
    } else {
      const density = stimulus.density ?? 0.5;
      for (let r = 0; r < rows; r++) v[r] = bits === 1 ? (stream.next() < density ? 1 : 0) : Math.min(top, Math.floor(stream.next() * (top + 1) * density * 2));
    }
    out.push(v);
  }
  return out;
}

/** Bit-planes to apply for one vector: each plane gives per-row pulse widths (s) and its weight. */
export function pulsePlanes(stimulus: Stimulus, vector: Int32Array, tunit: number): { widths: Float64Array; weight: number }[] {
  const rows = vector.length;
  // plain loops: TypedArray.from with a mapping function costs ~10x more, once per inference
  if (stimulus.encoding === 'binary' || stimulus.encoding === 'pwm') {
    const widths = new Float64Array(rows);
    for (let r = 0; r < rows; r++) widths[r] = stimulus.encoding === 'binary' ? (vector[r] > 0 ? tunit : 0) : vector[r] * tunit;
    return [{ widths, weight: 1 }];
  }
  const bits = stimulus.inputBits ?? 4;
  const planes: { widths: Float64Array; weight: number }[] = [];
  for (let p = 0; p < bits; p++) {
    const widths = new Float64Array(rows);
    for (let r = 0; r < rows; r++) widths[r] = (vector[r] >> p) & 1 ? tunit : 0;
    planes.push({ widths, weight: 1 << p });
  }
  return planes;
}
