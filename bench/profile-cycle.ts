/**
 * Profile of the characterized full cycle, for the misses in docs/performance.md:
 *   node dist/bench/profile-cycle.js prof-cycle [inferences]
 *   node dist/bench/profile-top.js prof-cycle
 * Runs `inferences` (default 1000) binary inferences of the test chip once to characterize the
 * column table, then the same run on a fresh build of the same chip under the V8 profiler (no
 * detailed solve left to run), and writes the profile into the folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { buildCircuit } from '../src/circuit/build.js';
import { characterization } from '../src/devices/column-table.js';
import { runInference } from '../src/scenario/inference.js';
import { loadDesign, TESTCHIP } from './lib/chip.js';

const dir = process.argv[2] ?? 'prof-cycle';
const inferences = Number(process.argv[3] ?? 1000);
const design = loadDesign(TESTCHIP);
const stimulus = { encoding: 'binary' as const, inferences, density: 0.5 };
runInference(buildCircuit(design, { seed: 1 }), stimulus);
const solves = characterization().solves;
const circuit = buildCircuit(design, { seed: 1 });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const t0 = performance.now();
const run = runInference(circuit, stimulus);
const elapsed_s = (performance.now() - t0) / 1e3;
const { profile } = await session.post('Profiler.stop');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'cycle.cpuprofile'), JSON.stringify(profile));
console.log(`${run.conversions} conversions in ${elapsed_s.toFixed(3)} s under the profiler (${(run.conversions / elapsed_s / 1e3).toFixed(1)} k conv/s); ${solves} detailed solves characterized the table first, ${characterization().solves - solves} during the profile`);
