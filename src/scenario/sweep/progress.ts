import cliProgress from 'cli-progress';

/** Progress on stderr: a bar on a terminal, a plain line every ~5 s (and at the end) otherwise. */
export interface Progress {
  tick(): void;
  stop(): void;
}

export function progress(total: number, done: number, label: string, enabled = true, what = 'samples'): Progress {
  if (!enabled) return { tick: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} ${what} | eta {eta}s` }, cliProgress.Presets.shades_classic);
    bar.start(total, done);
    return { tick: () => bar.increment(), stop: () => bar.stop() };
  }
  let count = done;
  let last = Date.now();
  const start = last;
  const line = (): void => {
    process.stderr.write(`${label}: ${count}/${total} ${what}, ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  };
  return {
    tick: () => {
      count++;
      if (Date.now() - last >= 5000) {
        last = Date.now();
        line();
      }
    },
    stop: line,
  };
}

/** What a long analysis inside `cimsim run` reports its progress to: `total` steps of `what`. */
export type ProgressFactory = (label: string, total: number, what: string) => Progress;
