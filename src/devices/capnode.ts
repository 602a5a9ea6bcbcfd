import type { Declared, DeviceDefinition } from './device.js';

/** A named circuit node with its capacitance to ground and its voltage when the run starts. */
export interface CapNodeDesign extends Declared {
  c: number; // F
  v0: number; // V
}

export const CAPNODE: DeviceDefinition<CapNodeDesign> = {
  spec: {
    type: 'capnode',
    summary: 'a node of a switched-capacitor network: capacitance to ground and initial voltage (joined by switch instances)',
    role: 'periphery',
    params: [
      { name: 'c', kind: 'number', unit: 'F', default: 20e-15, min: 1e-18, max: 1e-9, description: 'capacitance to ground' },
      { name: 'v0', kind: 'number', unit: 'V', default: 0, min: -1, max: 3.3, description: 'voltage at t = 0' },
    ],
  },
  build: (p) => ({ name: p.name, loc: p.loc, c: p.num('c'), v0: p.num('v0') }),
};
