/**
 * Self-time summary of V8 CPU profiles, for the misses in docs/performance.md:
 *   node --cpu-prof --cpu-prof-dir=prof dist/bench/conversions.js
 *   node dist/bench/profile-top.js prof [count]
 * Prints the functions with the most self time (percent of all samples, summed over the profiles
 * in the folder), with their file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (us) by "function file:line", largest first. */
export function selfTimes(profiles: CpuProfile[]): [string, number][] {
  const self = new Map<string, number>();
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      const cf = byId.get(id)!.callFrame;
      const where = cf.url ? `${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}` : '';
      const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
      self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0));
    });
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}

const dir = process.argv[2];
if (dir) {
  const count = Number(process.argv[3] ?? 15);
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile);
  const rows = selfTimes(profiles);
  const total = rows.reduce((a, [, t]) => a + t, 0);
  for (const [k, t] of rows.slice(0, count)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
}
