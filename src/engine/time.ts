/**
 * Simulated time is held as an integer number of femtoseconds in a JS number.
 * Integers are exact up to Number.MAX_SAFE_INTEGER (2^53 - 1 fs, about 9.007 s),
 * so event ordering never suffers float drift. Conversions round to the nearest fs.
 */
export type Femtoseconds = number;

export const FS_PER_S = 1e15;
/** Largest representable simulated time, fs (~9.007 s). */
export const MAX_TIME_FS: Femtoseconds = Number.MAX_SAFE_INTEGER;

/** Seconds -> integer femtoseconds (rounded). */
export function toFs(seconds: number): Femtoseconds {
  return Math.round(seconds * FS_PER_S);
}

/** Integer femtoseconds -> seconds. */
export function toSeconds(fs: Femtoseconds): number {
  return fs / FS_PER_S;
}
