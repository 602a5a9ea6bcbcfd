import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupCpuQuota, defaultWorkerCount } from '../../src/scenario/sweep/cpus.js';

/** A fake file-system root holding /proc/self/cgroup and cgroup files, as a container sees them. */
function fakeRoot(cgroupTable: string, files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-cgroup-'));
  const all = { 'proc/self/cgroup': cgroupTable, ...files };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('default sweep worker count under a cgroup CPU quota', () => {
  it('cgroup v2: cpu.max quota/period, the smallest along the path to the root', () => {
    const root = fakeRoot('0::/kubepods/pod1/c1\n', {
      'sys/fs/cgroup/cpu.max': 'max 100000\n',
      'sys/fs/cgroup/kubepods/cpu.max': '800000 100000\n', // 8 CPUs for all pods
      'sys/fs/cgroup/kubepods/pod1/c1/cpu.max': '150000 100000\n', // 1.5 CPUs for this container
    });
    expect(cgroupCpuQuota(root)).toBe(1.5);
    expect(defaultWorkerCount(root)).toBe(1); // never more workers than whole CPUs granted
  });

  it('cgroup v1: cfs quota over period; -1 means no limit', () => {
    const limited = fakeRoot('4:cpu,cpuacct:/docker/abc\n3:memory:/docker/abc\n', {
      'sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '200000\n',
      'sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
    });
    expect(cgroupCpuQuota(limited)).toBe(2);
    expect(defaultWorkerCount(limited)).toBe(Math.min(2, os.availableParallelism()));
    const free = fakeRoot('4:cpu,cpuacct:/\n', {
      'sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n',
      'sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
    });
    expect(cgroupCpuQuota(free)).toBeUndefined();
    expect(defaultWorkerCount(free)).toBe(os.availableParallelism());
  });

  it('a hybrid system reads the v2 half under /sys/fs/cgroup/unified; no /proc means no quota', () => {
    const hybrid = fakeRoot('1:cpu:/\n0::/job\n', { 'sys/fs/cgroup/unified/job/cpu.max': '300000 100000\n' });
    expect(cgroupCpuQuota(hybrid)).toBe(3);
    expect(cgroupCpuQuota(fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-noproc-')))).toBeUndefined();
  });

  it('a quota below one CPU still gets one worker', () => {
    const root = fakeRoot('0::/\n', { 'sys/fs/cgroup/cpu.max': '50000 100000\n' });
    expect(cgroupCpuQuota(root)).toBe(0.5);
    expect(defaultWorkerCount(root)).toBe(1);
  });
});
