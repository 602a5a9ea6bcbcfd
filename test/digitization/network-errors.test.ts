import { describe, expect, it } from 'vitest';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { CimsimError } from '../../src/errors.js';
import { circuit } from '../devices/circuit.js';

/** The CimsimError building the circuit throws; fails the test on success or on any other error. */
function buildError(text: string): CimsimError {
  try {
    circuit(text, allNonidealities(true));
  } catch (err) {
    if (err instanceof CimsimError) return err;
    throw new Error(`expected a CimsimError, got ${(err as Error)?.stack ?? String(err)}`);
  }
  throw new Error('expected a CimsimError, but the circuit was built');
}

const PARTS = ['DAC0 refdac groups=16,8,4,2,1 dummy=1', 'CMP0 comparator', 'D0 digitizer mode=sa bits=5 dac=DAC0 comparator=CMP0'];
const arrays = (n: number): string[] => Array.from({ length: n }, (_, i) => `A${i} cimarray rows=16 cols=32`);

describe('impossible networks are refused with the instances named', () => {
  it('refuses an array used by two networks, naming the array and both networks', () => {
    const err = buildError([...arrays(3), ...PARTS, 'N0 network topology=pair arrays=A0,A1 digitizer=D0', 'N1 network topology=pair arrays=A1,A2 digitizer=D0'].join('\n'));
    expect(err.message).toMatch(/\bN1\b/);
    expect(err.message).toMatch(/\bN0\b/);
    expect(err.message).toMatch(/\bA1\b/);
    expect(err.loc?.line).toBe(8); // the second network's line
  });

  it('refuses an array listed twice in one network, naming the network and the array', () => {
    const err = buildError([...arrays(2), ...PARTS, 'N0 network topology=ring arrays=A0,A1,A0 digitizer=D0'].join('\n'));
    expect(err.message).toMatch(/\bN0\b/);
    expect(err.message).toMatch(/\bA0\b.*twice|twice.*\bA0\b/);
    expect(err.loc?.line).toBe(6);
  });

  it('refuses a pair of three arrays, naming the network and its arrays', () => {
    const err = buildError([...arrays(3), ...PARTS, 'N0 network topology=pair arrays=A0,A1,A2 digitizer=D0'].join('\n'));
    expect(err.message).toMatch(/\bN0\b/);
    for (const a of ['A0', 'A1', 'A2']) expect(err.message).toContain(a);
    expect(err.message).toMatch(/exactly 2/);
  });

  it('refuses a Flash cluster with too few lenders, naming the network, digitizer, compute array and lenders', () => {
    const text = [...arrays(4), 'DAC0 refdac groups=2,1 dummy=1', 'CMP0 comparator', 'D0 digitizer mode=flash bits=2 dac=DAC0 comparator=CMP0', 'N0 network topology=cluster arrays=A0,A1 digitizer=D0'].join('\n');
    // A 32-column lender gives 8 lanes of 4 bitlines: enough for a 2-bit Flash (3 lanes). Shrink it.
    const err = buildError(text.replace('A1 cimarray rows=16 cols=32', 'A1 cimarray rows=16 cols=8'));
    expect(err.message).toMatch(/\bN0\b/);
    expect(err.message).toMatch(/\bD0\b/);
    expect(err.message).toMatch(/\bA0\b/);
    expect(err.message).toMatch(/\bA1\b/);
    expect(err.message).toMatch(/needs 3/);
    expect(err.hint).toMatch(/lender/);
  });

  it('refuses a 5-bit Flash cluster of 30 lenders (31 are needed)', () => {
    const names = Array.from({ length: 31 }, (_, i) => `A${i}`);
    const text = [...arrays(31), 'DAC0 refdac groups=16,8,4,2,1 dummy=1', 'CMP0 comparator', 'D0 digitizer mode=flash bits=5 dac=DAC0 comparator=CMP0', `N0 network topology=cluster arrays=${names.join(',')} digitizer=D0`].join('\n');
    const err = buildError(text);
    expect(err.message).toMatch(/\bN0\b/);
    expect(err.message).toMatch(/31 references/);
    expect(err.message).toMatch(/provide 30/);
  });

  it('refuses DAC groups that cannot make a reference level, naming the refdac instance and the lender', () => {
    // 16+8+4+2+1+1 = 32 units, but 31 units at the top (threshold 1) cannot be formed from 16,8,4,2,2 without the 1.
    const err = buildError([...arrays(2), 'DAC0 refdac groups=16,8,4,2,2 dummy=0', 'CMP0 comparator', 'D0 digitizer mode=sa bits=5 dac=DAC0 comparator=CMP0', 'N0 network topology=pair arrays=A0,A1 digitizer=D0'].join('\n'));
    expect(err.message).toMatch(/threshold 1\b/);
    expect(err.message).toMatch(/\bA1\b/);
    expect(err.message, 'names the refdac whose groups are wrong').toMatch(/\bDAC0\b/);
  });

  it('refuses DAC groups whose units do not add up to 2^N, naming the refdac instance', () => {
    const err = buildError([...arrays(2), 'DAC0 refdac groups=16,8,4,2 dummy=1', 'CMP0 comparator', 'D0 digitizer mode=sa bits=5 dac=DAC0 comparator=CMP0', 'N0 network topology=pair arrays=A0,A1 digitizer=D0'].join('\n'));
    expect(err.message).toMatch(/needs 32/);
    expect(err.message, 'names the refdac whose groups are wrong').toMatch(/\bDAC0\b/);
  });
});
