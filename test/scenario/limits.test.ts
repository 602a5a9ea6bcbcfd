import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { buildCircuit } from '../../src/circuit/build.js';
import { runInference } from '../../src/scenario/inference.js';
import { validateScenario } from '../../src/scenario/schema.js';
import { design } from '../devices/circuit.js';

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

describe('other ceilings', () => {
  it('refuses more than 10,000 checks, saying how many there are', () => {
    const checks = Array.from({ length: 10_001 }, () => ({ metric: 'inference.rmsError_LSB', max: 1 }));
    const e = errorOf({ ...base, checks });
    expect(e.message).toMatch(/checks: 10001 entries, more than the 10000 a scenario may hold/);
  });

  it('refuses, before running, inferences whose simulated time the femtosecond clock cannot hold', () => {
    // 255 us PWM pulses (8-bit inputs, tunit 1 us): one array's own jobs pass 2^53 fs (9.01 s) after ~35,000 inferences.
    const circuit = buildCircuit(design([
      'A0 cimarray rows=2 cols=32 tunit=1us', 'A1 cimarray rows=2 cols=32 tunit=1us',
      'D0 refdac', 'C0 comparator', 'G0 digitizer dac=D0 comparator=C0', 'N0 network topology=pair arrays=A0,A1 digitizer=G0',
    ].join('\n')), { seed: 1 });
    let error: unknown;
    try {
      runInference(circuit, { encoding: 'pwm', inputBits: 8, density: 1, inferences: 100_000 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CimsimError);
    expect((error as CimsimError).message).toMatch(/does not fit the simulated time the femtosecond clock holds exactly \(9\.01 s\): array A\d's own jobs pass it at inference \d+ of 100000/);
    expect((error as CimsimError).hint).toContain('lower stimulus.inferences (100000)');
  });
});
