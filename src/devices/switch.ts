import { CAPNODE, type CapNodeDesign } from './capnode.js';
import { located, type Declared, type DeviceDefinition } from './device.js';
import { CimsimError } from '../errors.js';

/** A transmission gate (NMOS + PMOS, or one of them) between two capnodes, on from ton to toff. */
export interface SwitchDesign extends Declared {
  a: CapNodeDesign;
  b: CapNodeDesign;
  wn: number; // m, NMOS width (0 = none)
  wp: number; // m, PMOS width (0 = none)
  ton: number; // s, middle of the gate's rising edge: conduction starts
  toff: number; // s, start of the gate's falling edge: the switch opens
  tedge: number; // s, gate edge: the gate ramps linearly over it, in the model and in the ngspice deck
}

export const SWITCH: DeviceDefinition<SwitchDesign> = {
  spec: {
    type: 'switch',
    summary: 'transmission gate between two capnodes of a switched-capacitor network, the technology\'s sharing-switch devices',
    role: 'periphery',
    params: [
      { name: 'a', kind: 'ref', unit: '', default: '', refTypes: ['capnode'], description: 'one terminal (a capnode)' },
      { name: 'b', kind: 'ref', unit: '', default: '', refTypes: ['capnode'], description: 'the other terminal (a capnode)' },
      { name: 'wn', kind: 'number', unit: 'm', default: 1e-6, min: 0, max: 1e-3, description: 'NMOS width (0 = PMOS only)' },
      { name: 'wp', kind: 'number', unit: 'm', default: 1e-6, min: 0, max: 1e-3, description: 'PMOS width (0 = NMOS only)' },
      { name: 'ton', kind: 'number', unit: 's', default: 20e-12, min: 0, max: 1e-6, description: 'switch closes (middle of the gate rising edge)' },
      { name: 'toff', kind: 'number', unit: 's', default: 220e-12, min: 0, max: 1e-6, description: 'switch opens (start of the gate falling edge)' },
      { name: 'tedge', kind: 'number', unit: 's', default: 20e-12, min: 1e-12, max: 1e-9, description: 'gate edge duration' },
    ],
  },
  build: (p, context) => located(p, () => {
    const a = context.device(p.str('a'), CAPNODE);
    const b = context.device(p.str('b'), CAPNODE);
    const [wn, wp, ton, toff, tedge] = [p.num('wn'), p.num('wp'), p.num('ton'), p.num('toff'), p.num('tedge')];
    if (a === b) throw new CimsimError(`switch ${p.name} joins ${a.name} to itself`, undefined, 'a switch joins two different capnodes');
    if (wn === 0 && wp === 0) throw new CimsimError(`switch ${p.name} has no device (wn = wp = 0)`, undefined, 'give wn or wp a width');
    if (ton < tedge / 2) throw new CimsimError(`switch ${p.name} closes at ${ton} s, before half its edge (${tedge / 2} s) has passed since t = 0`, undefined, 'the rising edge is centred on ton and starts at ton - tedge/2: give ton >= tedge/2');
    if (!(toff > ton + tedge / 2)) throw new CimsimError(`switch ${p.name} opens at ${toff} s, before it has closed (ton ${ton} s, half an edge ${tedge / 2} s)`, undefined, 'toff must come after ton + tedge/2');
    return { name: p.name, loc: p.loc, a, b, wn, wp, ton, toff, tedge };
  }),
};
