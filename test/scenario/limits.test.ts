import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { validateScenario } from '../../src/scenario/schema.js';

// Counts are checked against their ceilings before anything is allocated: a person gets a clear
// error (exit 2), not a heap dump or a crash.
const base = { name: 'x', netlist: 'chip.cir', analyses: [{ type: 'inference' }] };
const errorOf = (data: unknown): CimsimError => {
  try {
    validateScenario(data, 's.json');
  } catch (e) {
    if (e instanceof CimsimError) return e;
    throw e;
  }
  throw new Error('test bug: the scenario was accepted');
};

describe('scenario count ceilings', () => {
  it.each([
    [{ ...base, stimulus: { encoding: 'binary', inferences: 1e9 } }, /stimulus\.inferences: 1000000000 is more than the 100000 one run may hold/],
    [{ ...base, analyses: [{ type: 'montecarlo', samples: 1e9 }] }, /analyses\[0\]\.samples: 1000000000 is more than the 1000000/],
    [{ ...base, analyses: [{ type: 'ramp', points: 1e9 }] }, /analyses\[0\]\.points: 1000000000 is more than the 1000000/],
    [{ ...base, analyses: [{ type: 'bwht', blockSize: 2 ** 30 }] }, /analyses\[0\]\.blockSize: 1073741824 is more than the 65536/],
    [{ ...base, analyses: [{ type: 'bwht', blockSize: 64, channels: 1e8 }] }, /analyses\[0\]\.channels: 100000000 is more than the 65536/],
  ])('refuses %j with the ceiling and how to split the run', (data, message) => {
    const e = errorOf(data);
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(/split it into several runs, or into a sweep/);
  });

  it('accepts counts at their ceilings', () => {
    expect(() => validateScenario({ ...base, stimulus: { encoding: 'binary', inferences: 100_000 } }, 's.json')).not.toThrow();
  });
});

describe('analyses of one type', () => {
  it('refuses a second analysis of a type, naming both', () => {
    const e = errorOf({ ...base, analyses: [{ type: 'inference' }, { type: 'ramp' }, { type: 'inference' }] });
    expect(e.message).toMatch(/analyses\[2\]: a second "inference" analysis \(the first is analyses\[0\]\)/);
  });
});
