import type { DeviceSpec } from '../netlist/params.js';
import { CAPNODE } from './capnode.js';
import { CIMARRAY } from './cimarray.js';
import { COMPARATOR } from './comparator.js';
import type { DeviceDefinition } from './device.js';
import { DIGITIZER } from './digitizer.js';
import { FLASH_BASELINE } from './flash-baseline.js';
import { NETWORK } from './network.js';
import { REFDAC } from './refdac.js';
import { SAR_BASELINE } from './sar-baseline.js';
import { SINGLE_SLOPE_BASELINE } from './single-slope-baseline.js';
import { SWITCH } from './switch.js';

/**
 * Every device the netlist knows, in documentation order: one line each. Elaboration checks
 * instances against these tables, `cimsim check` and the netlist reference print them, and the
 * circuit builder calls their builders.
 */
export const DEVICES: readonly DeviceDefinition<unknown>[] = [
  CIMARRAY,
  REFDAC,
  COMPARATOR,
  DIGITIZER,
  NETWORK,
  CAPNODE,
  SWITCH,
  SAR_BASELINE,
  FLASH_BASELINE,
  SINGLE_SLOPE_BASELINE,
];

export const DEVICE_SPECS: readonly DeviceSpec[] = DEVICES.map((d) => d.spec);
