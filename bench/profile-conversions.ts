/**
 * Profile of the "conversions only" figure, for the misses in docs/performance.md:
 *   node dist/bench/profile-conversions.js prof-conversions [repeats]
 *   node dist/bench/profile-top.js prof-conversions
 * Holds one discharged pulse result on the test chip's compute arrays (bench/lib/held.ts), converts
 * every column once untimed (warm-up), then `repeats` (default 5000) times under the V8 profiler,
 * and writes the profile into the folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { TESTCHIP } from './lib/chip.js';
import { conversionsOnly, heldCircuit } from './lib/held.js';

const dir = process.argv[2] ?? 'prof-conversions';
const repeats = Number(process.argv[3] ?? 5000);
const held = heldCircuit(TESTCHIP, 1);
conversionsOnly(held, 100);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const rate = conversionsOnly(held, repeats);
const { profile } = await session.post('Profiler.stop');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'conversions.cpuprofile'), JSON.stringify(profile));
console.log(`${(rate / 1e3).toFixed(1)} k conversions/s under the profiler (${repeats} x every column of the test chip's compute arrays)`);
