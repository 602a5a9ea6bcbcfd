import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// A container limited to 2 CPUs by its cgroup quota still sees every core of the host; one worker
// per host core would then fight over the quota. The default worker count is the smaller of the
// cores this process may run on (affinity, Node's availableParallelism) and the CPU quota of its
// cgroup and every cgroup above it (v2 cpu.max, v1 cpu.cfs_quota_us / cpu.cfs_period_us).

/** CPUs granted by the cgroup quota (may be fractional); undefined when there is no quota. */
export function cgroupCpuQuota(root = '/'): number | undefined {
  let table: string;
  try {
    table = fs.readFileSync(path.join(root, 'proc/self/cgroup'), 'utf8');
  } catch {
    return undefined; // not Linux, or /proc not mounted
  }
  let quota: number | undefined;
  const take = (q: number | undefined): void => {
    if (q !== undefined && q > 0 && (quota === undefined || q < quota)) quota = q;
  };
  for (const line of table.split('\n')) {
    // "hierarchy-id:controllers:path"; v2 is "0::/path", v1 lists its controllers (e.g. "4:cpu,cpuacct:/path")
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (m === null) continue;
    const [, , controllers, cgroupPath] = m;
    if (controllers === '') {
      // unified mount, or the v2 half of a hybrid system
      for (const mount of ['', 'unified']) {
        for (const dir of ancestors(path.join(root, 'sys/fs/cgroup', mount), cgroupPath)) take(readV2(dir));
      }
    } else if (controllers.split(',').includes('cpu')) {
      for (const mount of ['cpu,cpuacct', 'cpu', 'cpuacct,cpu']) {
        for (const dir of ancestors(path.join(root, 'sys/fs/cgroup', mount), cgroupPath)) take(readV1(dir));
      }
    }
  }
  return quota;
}

/** Worker threads a sweep starts when --workers is not given: cores allowed, capped by the quota. */
export function defaultWorkerCount(root = '/'): number {
  const quota = cgroupCpuQuota(root);
  const cores = os.availableParallelism();
  return quota === undefined ? cores : Math.max(1, Math.min(cores, Math.floor(quota)));
}

/** The cgroup's folder and each one above it up to the mount point (a limit anywhere applies). */
function ancestors(mount: string, cgroupPath: string): string[] {
  const dirs: string[] = [];
  let rel = path.posix.normalize(`/${cgroupPath}`);
  for (;;) {
    dirs.push(path.join(mount, rel));
    if (rel === '/') return dirs;
    rel = path.posix.dirname(rel);
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** cgroup v2 cpu.max: "<quota> <period>" in us, or "max <period>" for no limit. */
function readV2(dir: string): number | undefined {
  const [quota, period] = (readText(path.join(dir, 'cpu.max')) ?? '').split(/\s+/);
  const q = Number(quota);
  const p = Number(period);
  return quota !== 'max' && q > 0 && p > 0 ? q / p : undefined;
}

/** cgroup v1: cpu.cfs_quota_us (-1 for no limit) over cpu.cfs_period_us, both us. */
function readV1(dir: string): number | undefined {
  const q = Number(readText(path.join(dir, 'cpu.cfs_quota_us')));
  const p = Number(readText(path.join(dir, 'cpu.cfs_period_us')));
  return q > 0 && p > 0 ? q / p : undefined;
}
