/**
 * Shared gate for the ngspice golden tests: without ngspice they skip with a visible message,
 * unless CIMSIM_REQUIRE_NGSPICE=1, in which case they fail.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { findNgspice } from '../../src/spice/ngspice.js';

export const NGSPICE = findNgspice();
export const REQUIRE_NGSPICE = process.env.CIMSIM_REQUIRE_NGSPICE === '1';
/** Bundled public PTM 65 nm card, relative to the repository root. */
export const PTM65 = resolve(dirname(fileURLToPath(import.meta.url)), '../../netlists/models/ptm65_bulk.pm');

if (!NGSPICE) {
  const msg = 'ngspice not found: ngspice golden tests are skipped (apt-get install -y ngspice; set CIMSIM_REQUIRE_NGSPICE=1 to make this a failure)';
  if (REQUIRE_NGSPICE) throw new Error(msg.replace('are skipped', 'cannot run'));
  console.warn(`\n*** ${msg} ***\n`);
}

/** True when the ngspice tests should run (use with describe.skipIf(!HAVE_NGSPICE)). */
export const HAVE_NGSPICE = NGSPICE !== null;
