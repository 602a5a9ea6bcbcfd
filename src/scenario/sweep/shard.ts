import { CimsimError } from '../../errors.js';

/** Shard `index` of `count` runs the samples whose index % count === index. */
export interface Shard {
  index: number;
  count: number;
}

/** Parse `i/N` (0 <= i < N). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
  if (shard === undefined || shard.count < 1 || shard.index >= shard.count) {
    throw new CimsimError(`bad shard "${text}"`, undefined, 'write --shard i/N with 0 <= i < N, e.g. --shard 0/4');
  }
  return shard;
}

/**
 * Shard from the environment: a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT,
 * offset by SLURM_ARRAY_TASK_MIN) or a Kubernetes indexed Job (JOB_COMPLETION_INDEX with the
 * count from `count` or CIMSIM_SHARD_COUNT). Undefined when neither is set.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env, count?: number): Shard | undefined {
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
    return parseShard(`${Number(env.SLURM_ARRAY_TASK_ID) - min}/${Number(env.SLURM_ARRAY_TASK_COUNT)}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const n = count ?? (env.CIMSIM_SHARD_COUNT !== undefined ? Number(env.CIMSIM_SHARD_COUNT) : undefined);
    if (n === undefined) throw new CimsimError('JOB_COMPLETION_INDEX is set but the shard count is not', undefined, 'set CIMSIM_SHARD_COUNT to the Job\'s completions');
    return parseShard(`${env.JOB_COMPLETION_INDEX}/${n}`);
  }
  return undefined;
}
