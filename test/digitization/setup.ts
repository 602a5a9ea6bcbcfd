import type { Assignment } from '../../src/circuit/build.js';
import { ConversionLog } from '../../src/engine/conversion-log.js';
import type { Nonidealities } from '../../src/circuit/nonidealities.js';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { circuit } from '../devices/circuit.js';

export const VTOP = 1.1; // V (digitizer default {vdd})
export const VBOTTOM = 0.46; // V (default {vdd - 0.64})

/** Binary groups MSB first for N bits. */
export function groups(bits: number): string {
  return Array.from({ length: bits }, (_, i) => 1 << (bits - 1 - i)).join(',');
}

/**
 * A cluster: A0 computes, `lenders` arrays of 2^N columns each lend one reference lane.
 * `cmp` is extra comparator parameter text (e.g. "tcmp=1ns metastable=zero").
 */
export function clusterNetlist(bits: number, mode: string, split: number, lenders: number, cmp: string): string {
  const names = Array.from({ length: lenders }, (_, i) => `A${i + 1}`);
  return [
    'A0 cimarray rows=64 cols=32 weights=random:0.5',
    ...names.map((n) => `${n} cimarray rows=16 cols=${1 << bits} weights=zeros`),
    `DAC0 refdac groups=${groups(bits)} dummy=1`,
    `CMP0 comparator ${cmp}`,
    `D0 digitizer mode=${mode} bits=${bits} split=${split} dac=DAC0 comparator=CMP0`,
    `N0 network topology=cluster arrays=A0,${names.join(',')} digitizer=D0`,
  ].join('\n');
}

export function assignment(text: string, nonideal: Nonidealities, seed: number | string = 1, overrides?: Record<string, number | string>): Assignment {
  return circuit(text, nonideal, seed, overrides).assignments[0];
}

/** Convert held voltages v (one per column) through an assignment's digitizer. */
export function convert(a: Assignment, volts: number[]): ConversionLog {
  const v = Float64Array.from(volts);
  const log = new ConversionLog();
  a.digitizer.convert({ name: 'test-source', voltageAt: (c) => v[c] }, volts.map((_, i) => i), v, 0, 0, new EnergyLedger(), log);
  return log;
}
