import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CimsimError } from '../../errors.js';
import { writeOutputFile } from '../../report/write.js';
import { elaborateScenario } from '../load.js';
import type { Scenario } from '../types.js';
import type { Shard } from './shard.js';

/**
 * What a sweep output directory holds (`sweep.json`, written before the first sample): which
 * sweep it is - a hash of the scenario and of every value its netlist elaborates to - how many
 * samples the whole sweep has, and which shard of it this directory is. `--resume` and `merge`
 * compare it, so samples of different scenarios, seeds or netlists never mix and an incomplete
 * set of shards is never merged.
 */
export const MANIFEST = 'sweep.json';
const FORMAT = 'cimsim-sweep/1';

export interface SweepManifest {
  format: typeof FORMAT;
  /** Scenario name (for messages). */
  scenario: string;
  /** sha256 of the scenario and of the elaborated netlist's values. */
  identity: string;
  /** Samples of the whole (unsharded) sweep. */
  samples: number;
  shard: Shard | null;
  /** Indices a partial merge (--allow-partial) did not have. */
  missing?: number[];
}

/** The identity of a sweep: the scenario as parsed and every value its netlist elaborates to. */
export function sweepIdentity(scenarioFile: string, scenario: Scenario, analysisIndex: number): string {
  const design = elaborateScenario(scenarioFile, scenario);
  const values = (params: Readonly<Record<string, { value: unknown }>>): Record<string, unknown> => Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.value]));
  const payload = {
    scenario,
    analysisIndex,
    tech: values(design.tech),
    instances: design.instances.map((i) => ({ name: i.name, type: i.type, params: values(i.params) })),
  };
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

export function writeManifest(dir: string, m: SweepManifest): void {
  writeOutputFile(path.join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

/** The manifest of an output directory; undefined when it has none. */
export function readManifest(dir: string): SweepManifest | undefined {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return undefined;
  let m: Partial<SweepManifest> | null;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SweepManifest> | null;
  } catch {
    throw new CimsimError(`${file}: not valid JSON`, { file, line: 1, col: 1 }, 'the file is written by cimsim sweep; re-run the sweep into a fresh --out directory');
  }
  if (m === null || m.format !== FORMAT || typeof m.identity !== 'string' || !Number.isInteger(m.samples)) {
    throw new CimsimError(`${file}: not a ${FORMAT} manifest`, { file, line: 1, col: 1 }, 'the file is written by cimsim sweep; re-run the sweep into a fresh --out directory');
  }
  return m as SweepManifest;
}
