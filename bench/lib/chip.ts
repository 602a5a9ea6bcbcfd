/** Netlists and circuits the figures share: the bundled test chip and generated variants. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNetlist, netlistFromText, type Design } from '../../src/index.js';

/** Repository root (dist/bench/lib -> ../../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const TESTCHIP = join(ROOT, 'netlists/testchip65.cir');
export const BENCH_NETLISTS = join(ROOT, 'bench/netlists');
const TECH_FILE = join(ROOT, 'netlists/tech/cmos65.tech');

export function loadDesign(file: string, overrides: Record<string, string> = {}): Design {
  return loadNetlist(file, overrides);
}

/**
 * A ring of `arrays` arrays of rows x cols (test-chip devices: same pulse, DAC, comparator and
 * 5-bit SA digitizer), as netlist text.
 */
export function ringNetlist(arrays: number, rows = 64, cols = 32): string {
  const names = Array.from({ length: arrays }, (_, i) => `A${i}`);
  return [
    `.title bench ring: ${arrays} arrays of ${rows}x${cols}`,
    `.include ${TECH_FILE}`,
    ...names.map((n) => `${n} cimarray rows=${rows} cols=${cols} weights=random:0.5 tunit=25ps vwl=0.45 trise=5ps tfall=5ps`),
    'DAC0 refdac groups=16,8,4,2,1 dummy=1 ron=500 tdacpre=150ps tshare=100ps',
    'CMP0 comparator in_w=1u in_l=0.1u noise=0.5mV t0=30ps tau=11ps tcmp=150ps energy=20fJ',
    'D0 digitizer mode=sa bits=5 dac=DAC0 comparator=CMP0 vbottom={vdd - 0.64}',
    `N0 network topology=ring arrays=${names.join(',')} digitizer=D0`,
    '.end',
    '',
  ].join('\n');
}

export function elaborateNetlist(text: string, name = 'generated.cir'): Design {
  return netlistFromText(text, join(BENCH_NETLISTS, name));
}
