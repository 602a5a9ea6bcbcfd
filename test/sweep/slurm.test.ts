import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The shipped Slurm scripts (docs/cluster) run for real: the test starts a single-node Slurm on
// localhost (its own munged, slurmctld and slurmd, configured in a temporary directory), submits
// docs/cluster/submit.sh with a 4-task array on the 40-sample fixture, and compares the merged files
// with an unsharded run.

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const MC = path.join(__dirname, 'fixtures/mc.json');
const CLI = path.join(root, 'dist/src/cli/main.js'); // built by `npm test`'s pretest step; the jobs run it with node
const SUBMIT = path.join(root, 'docs/cluster/submit.sh');
const NODE = 'cimsimnode';
const TASKS = 4;
const JOBS_TIMEOUT_MS = 150_000; // idle machine: about 25 s; the rest is room for a busy test run

// The daemons live in sbin, which a non-root PATH may lack.
const searchPath = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter((d) => d);
function findTool(name: string): string | null {
  for (const dir of searchPath) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

// Slurm 22.05 (Debian 12) authenticates with munge only, so munged is needed too.
const TOOLS = ['slurmctld', 'slurmd', 'sbatch', 'scontrol', 'scancel', 'munged'] as const;
const tool = Object.fromEntries(TOOLS.map((t) => [t, findTool(t)])) as Record<(typeof TOOLS)[number], string | null>;
const missing = TOOLS.filter((t) => !tool[t]);
const haveSlurm = missing.length === 0;
const requireTools = process.env.CIMSIM_REQUIRE_TOOLS === '1';
if (!haveSlurm && !requireTools) {
  console.warn(`SKIPPED: ${missing.join(', ')} not found; the Slurm job array scripts are not run (apt-get install -y slurm-wlm munge)`);
}

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Lines of `scontrol -o show job` as key=value maps (values up to the next space). */
function parseJobs(text: string): Record<string, string>[] {
  return text.split('\n').filter((l) => l.trim()).map((line) => Object.fromEntries(
    line.trim().split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  ));
}

const FINAL = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)/;

class SingleNodeSlurm {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-slurm-'));
  readonly conf = path.join(this.dir, 'slurm.conf');
  private readonly daemons: { name: string; child: ChildProcess }[] = [];
  private readonly killAll = (): void => {
    for (const d of this.daemons) d.child.kill('SIGKILL');
  };

  /** Environment for Slurm commands: ours, without Slurm variables of an enclosing job or of the user. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(SLURM_|SBATCH_|SQUEUE_|SCONTROL_)/.test(k)) env[k] = v;
    // the jobs inherit this environment (sbatch --export=ALL): npx and node on PATH
    env.PATH = [path.dirname(process.execPath), ...searchPath].join(path.delimiter);
    return { ...env, SLURM_CONF: this.conf, ...extra };
  }

  async start(): Promise<void> {
    const d = this.dir;
    fs.chmodSync(d, 0o711); // munged wants its socket's directory traversable
    for (const sub of ['state', 'spool', 'log']) fs.mkdirSync(path.join(d, sub));
    fs.writeFileSync(path.join(d, 'munge.key'), randomBytes(128), { mode: 0o600 });
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    // Bind the daemons to loopback only when the host name resolves to a loopback address (they bind
    // to that address); otherwise they listen on every interface, still reached only via loopback.
    const self = await lookup(os.hostname(), { family: 4 }).then((a) => a.address, () => '');
    const loopback = self.startsWith('127.');
    const addr = loopback ? self : '127.0.0.1';
    const user = os.userInfo().username; // root, or the current user running everything as itself
    const cpus = Math.max(2, os.availableParallelism()); // the array script asks for 2 CPUs per task
    fs.writeFileSync(this.conf, [
      'ClusterName=cimsimtest',
      `SlurmctldHost=localhost(${addr})`,
      `SlurmUser=${user}`,
      `SlurmdUser=${user}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      ...(loopback ? ['CommunicationParameters=NoInAddrAny,NoCtldInAddrAny'] : []),
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${d}/munge.sock`,
      `StateSaveLocation=${d}/state`,
      `SlurmdSpoolDir=${d}/spool`,
      `SlurmctldPidFile=${d}/slurmctld.pid`,
      `SlurmdPidFile=${d}/slurmd.pid`,
      `SlurmctldLogFile=${d}/log/slurmctld.log`,
      `SlurmdLogFile=${d}/log/slurmd.log`,
      'MailProg=/bin/true',
      // no cgroups, no accounting database: what runs in a container or a bare CI machine
      'ProctrackType=proctrack/pgid',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      // schedule within a second of a task ending (the defaults wait 2-3 s per array task)
      'SchedulerParameters=sched_interval=1,batch_sched_delay=0,sched_min_interval=0',
      // a merge whose array failed is cancelled instead of pending forever
      'DependencyParameters=kill_invalid_depend',
      'KillWait=2',
      'ReturnToService=2',
      'SlurmdParameters=config_overrides',
      `NodeName=${NODE} NodeAddr=${addr} CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=test Nodes=${NODE} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'));

    // -f: munged refuses to run as root otherwise
    this.spawn('munged', tool.munged!, ['-F', '-f', `--socket=${d}/munge.sock`, `--key-file=${d}/munge.key`,
      `--log-file=${d}/log/munged.log`, `--pid-file=${d}/munged.pid`, `--seed-file=${d}/munged.seed`]);
    await this.until('munged to create its socket', 10_000, async () => fs.existsSync(path.join(d, 'munge.sock')));
    this.spawn('slurmctld', tool.slurmctld!, ['-D', '-i']);
    this.spawn('slurmd', tool.slurmd!, ['-D', '-N', NODE]);
    await this.until(`node ${NODE} to be idle`, 30_000, async () => {
      const r = await this.scontrol(['-o', 'show', 'node', NODE]).catch(() => '');
      return /State=IDLE\b/.test(r);
    });
  }

  private spawn(name: string, file: string, args: string[]): void {
    const out = fs.openSync(path.join(this.dir, 'log', `${name}.out`), 'a');
    const child = spawn(file, args, { cwd: this.dir, env: this.env(), stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.daemons.push({ name, child });
    // a vitest worker that exits without afterAll must not leave daemons behind
    if (this.daemons.length === 1) process.once('exit', this.killAll);
  }

  async scontrol(args: string[]): Promise<string> {
    return (await run(tool.scontrol!, args, { env: this.env() })).stdout;
  }

  /** Polls `ready` every 250 ms; fails with the daemons' logs after `ms`. */
  async until(what: string, ms: number, ready: () => Promise<boolean>): Promise<void> {
    const end = Date.now() + ms;
    while (!(await ready())) {
      const dead = this.daemons.find((d) => d.child.exitCode !== null || d.child.signalCode !== null);
      if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}) while waiting for ${what}\n${this.logs()}`);
      if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}\n${this.logs()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The last lines of the job outputs and of each daemon's log, for failure messages. */
  logs(): string {
    const jobsDir = path.join(this.dir, 'jobs');
    const jobs = fs.existsSync(jobsDir) ? fs.readdirSync(jobsDir).sort().map((f) => path.join(jobsDir, f)) : [];
    // a daemon's log file, or its stderr when it died before opening the log
    const daemons = ['munged', 'slurmctld', 'slurmd'].map((name) => {
      const log = path.join(this.dir, 'log', `${name}.log`);
      return fs.existsSync(log) && fs.statSync(log).size > 0 ? log : path.join(this.dir, 'log', `${name}.out`);
    });
    return [...jobs, ...daemons].filter((f) => fs.existsSync(f))
      .map((f) => `--- ${f}\n${fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-25).join('\n')}`).join('\n');
  }

  /** Cancels the jobs still queued or running, then stops slurmd, slurmctld and munged. */
  async stop(jobIds: string[]): Promise<void> {
    if (jobIds.length && this.daemons.some((d) => d.name === 'slurmctld' && d.child.exitCode === null)) {
      await run(tool.scancel!, jobIds, { env: this.env() }).catch(() => undefined);
      // let slurmd kill the job processes before it goes away itself
      await this.until('cancelled jobs to end', 15_000, async () => {
        for (const id of jobIds) {
          const jobs = parseJobs(await this.scontrol(['-o', 'show', 'job', id]).catch(() => ''));
          if (!jobs.every((j) => FINAL.test(j.JobState ?? ''))) return false;
        }
        return true;
      }).catch(() => undefined);
    }
    for (const d of [...this.daemons].reverse()) {
      if (d.child.exitCode !== null || d.child.signalCode !== null) continue;
      const exited = new Promise((r) => d.child.once('exit', r));
      d.child.kill('SIGTERM');
      const timer = setTimeout(() => d.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    this.killStrays();
    process.removeListener('exit', this.killAll);
  }

  /** Kills, by pid, what a dead slurmd left running (slurmstepd, job processes): they carry our SLURM_CONF. */
  private killStrays(): void {
    if (!fs.existsSync('/proc')) return;
    const mark = `SLURM_CONF=${this.conf}`;
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number)) {
      if (pid === process.pid) continue;
      try {
        if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(mark)) process.kill(pid, 'SIGKILL');
      } catch {
        // gone already, or another user's process
      }
    }
  }
}

describe('the shipped Slurm job array and merge scripts on a single-node Slurm', () => {
  it.runIf(requireTools && !haveSlurm)('finds the Slurm daemons and munge (CIMSIM_REQUIRE_TOOLS=1)', () => {
    expect(missing, 'install slurm-wlm and munge (apt-get install -y slurm-wlm munge)').toEqual([]);
  });

  const slurm = haveSlurm ? new SingleNodeSlurm() : null;
  const out = slurm ? path.join(slurm.dir, 'mc') : '';
  const jobIds: string[] = [];
  let passed = false;

  beforeAll(async () => {
    if (!slurm) return;
    expect(fs.existsSync(CLI), 'run `npm run build` first (npm test does): the jobs run dist/src/cli/main.js with node').toBe(true);
    try {
      await slurm.start();
    } catch (e) {
      await slurm.stop([]);
      throw e;
    }
  });

  afterAll(async () => {
    if (!slurm) return;
    await slurm.stop(jobIds);
    if (passed) fs.rmSync(slurm.dir, { recursive: true, force: true });
    else console.warn(`Slurm test directory kept for inspection: ${slurm.dir}`);
  });

  it.runIf(haveSlurm)('runs 4 array tasks then the merge, giving the files of one unsharded sweep', async () => {
    const s = slurm!;
    const started = Date.now();
    fs.mkdirSync(path.join(s.dir, 'jobs'));
    const submitted = await run('bash', [SUBMIT, `--array=0-${TASKS - 1}`], {
      cwd: s.dir, // submit.sh itself moves to the checkout
      env: s.env({
        SCENARIO: MC,
        OUT: out,
        SBATCH_OUTPUT: path.join(s.dir, 'jobs', 'job-%j.out'), // keeps job logs out of the checkout
      }),
    });
    const array = /^array job (\d+)$/m.exec(submitted.stdout)?.[1];
    const merge = /^merge job (\d+)$/m.exec(submitted.stdout)?.[1];
    expect(array && merge, `submit.sh printed no job ids:\n${submitted.stdout}${submitted.stderr}`).toBeTruthy();
    jobIds.push(array!, merge!);

    // the reference runs on this machine meanwhile
    const local = path.join(s.dir, 'local');
    const reference = run(process.execPath, [CLI, 'sweep', MC, '--workers', '2', '--out', local]);
    reference.catch(() => undefined); // awaited below; not an unhandled rejection if Slurm fails first

    let tasks: Record<string, string>[] = [];
    let mergeJob: Record<string, string> = {};
    await s.until(`job array ${array} and merge job ${merge}`, JOBS_TIMEOUT_MS, async () => {
      tasks = parseJobs(await s.scontrol(['-o', 'show', 'job', array!]));
      mergeJob = parseJobs(await s.scontrol(['-o', 'show', 'job', merge!]))[0] ?? {};
      return FINAL.test(mergeJob.JobState ?? '');
    });
    await reference;
    const seconds = (Date.now() - started) / 1000;

    const states = tasks.map((t) => `${t.ArrayTaskId}:${t.JobState}:${t.ExitCode}`).sort();
    expect(states, s.logs()).toEqual(Array.from({ length: TASKS }, (_, i) => `${i}:COMPLETED:0:0`));
    expect(`${mergeJob.JobState}:${mergeJob.ExitCode}`, s.logs()).toBe('COMPLETED:0:0');
    // afterok: the merge started only once the last task had ended (times are whole seconds)
    const lastEnd = Math.max(...tasks.map((t) => Date.parse(t.EndTime)));
    expect(Date.parse(mergeJob.StartTime), `merge StartTime ${mergeJob.StartTime}, last task EndTime ${new Date(lastEnd).toISOString()}`).toBeGreaterThanOrEqual(lastEnd);

    // each task took its shard from the array variables: task i holds the indices i, i+4, ...
    for (let i = 0; i < TASKS; i++) {
      const lines = fs.readFileSync(path.join(out, `shard-${i}`, 'samples.jsonl'), 'utf8').trimEnd().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { index: number }).index)).toEqual(Array.from({ length: 10 }, (_, k) => i + TASKS * k));
    }
    // the merge job summarized against the scenario's checks, as the unsharded sweep did
    for (const f of ['samples.jsonl', 'samples.csv', 'summary.json', 'summary.csv']) {
      expect(sha256(path.join(out, 'all', f)), `${f} merged by Slurm vs unsharded`).toBe(sha256(path.join(local, f)));
    }
    console.log(`Slurm: ${TASKS} array tasks and the merge ran in ${seconds.toFixed(1)} s (submission to merge end)`);
    passed = true;
  }, JOBS_TIMEOUT_MS + 30_000);
});
