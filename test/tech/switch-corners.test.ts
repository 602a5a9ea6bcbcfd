import { describe, expect, it } from 'vitest';
import { allNonidealities } from '../../src/circuit/nonidealities.js';
import { circuit } from '../devices/circuit.js';

// The sharing switches reach the technology through Technology, so corners reach them too.
describe('sharing-switch laws at process corners', () => {
  const at = (corner: string) => circuit('A0 cimarray rows=4 cols=32', allNonidealities(false), 1, { 'tech.corner': corner }).tech;

  it('are the table values at tt', () => {
    const t = at('tt');
    const d = t.sharingSwitch;
    expect(d.n.vt0).toBe(0.4442); // sw_n_vt0 of the default technology
    expect(d.vdd).toBe(t.vdd);
  });

  it('move the NMOS with the first letter and the PMOS with the second, by corner_dvt and corner_dk', () => {
    const tt = at('tt').sharingSwitch;
    const fs = at('fs');
    const dvt = 0.03; // V, corner_dvt default
    const dk = 0.06; // corner_dk default
    expect(fs.sharingSwitch.n.vt0).toBeCloseTo(tt.n.vt0 - dvt, 12);
    expect(fs.sharingSwitch.p.vt0).toBeCloseTo(tt.p.vt0 + dvt, 12);
    expect(fs.sharingSwitch.conduction!.n.k).toBeCloseTo(tt.conduction!.n.k * (1 + dk), 12);
    expect(fs.sharingSwitch.conduction!.p.k).toBeCloseTo(tt.conduction!.p.k * (1 - dk), 12);
    expect(fs.sharingSwitch.conduction!.n.vt0).toBeCloseTo(tt.conduction!.n.vt0 - dvt, 12);
  });
});
