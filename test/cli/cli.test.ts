import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = path.resolve(__dirname, '../..');
// montecarlo.json runs 1000 chips and mnist-montecarlo.json 20 chips x 50 images: they are exercised
// through `cimsim sweep` (test/sweep, docs/sweeps.md);
// high-leakage.json is the failing design, tested below.
const scenarios = fs.readdirSync(path.join(root, 'scenarios')).filter((f) => f.endsWith('.json') && f !== 'montecarlo.json' && f !== 'mnist-montecarlo.json' && f !== 'high-leakage.json' && f !== 'tunit-trim.json');

/** Run the CLI in-process, capturing stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await main(args, (t) => out.push(t));
    return { code, out: out.join('\n'), err: err.join('') };
  } finally {
    spy.mockRestore();
  }
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-cli-'));
}

describe('the cimsim command', () => {
  it('prints help and version and exits 0', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Exit codes');
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is built executable: `npx cimsim` may reuse a link in the npm cache that never sets the mode again', () => {
    const bin = path.join(root, 'dist/src/cli/main.js'); // built by `npm test`'s pretest step
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(fs.statSync(bin).mode & 0o111, 'npm run build sets the executable bits of the command').toBe(0o111);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['run', '--no-such-flag', 'x.json'])).code).toBe(2);
    expect((await cli(['run', 'scenarios/default.json', '--seed', '-3'])).code).toBe(2);
  });

  it('check prints the inventory with units and origins', async () => {
    const r = await cli(['check', path.join(root, 'netlists/testchip65.cir')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/arrays\s+4\s+A0 \(cimarray\)/);
    expect(r.out).toMatch(/vdd\s+1\.1 V\s+V\s+tech/);
    expect(r.out).toMatch(/rows\s+64\s+-\s+param/);
  });

  it('check reports a netlist error with file:line:col, a caret and a hint, exit 2, no stack trace', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.cir');
    fs.writeFileSync(file, '* bad\nA0 cimarray rows=64 colz=32\n');
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:2:`);
    expect(r.err).toContain('^');
    expect(r.err).toMatch(/did you mean `cols`/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('run exits 1 when a scenario check fails and still writes its report', async () => {
    const dir = tempDir();
    const scenario = path.join(dir, 'failing.json');
    fs.writeFileSync(scenario, JSON.stringify({
      name: 'failing', netlist: path.join(root, 'netlists/testchip65.cir'), seed: 1,
      analyses: [{ type: 'baselines', points: 64 }],
      checks: [{ metric: 'baselines.sarArea_m2', max: 0 }],
    }));
    const r = await cli(['run', scenario, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAILED');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8'));
    expect(report.passed).toBe(false);
    expect(report.sections.baselines.metrics.sarArea_m2).toBeGreaterThan(0);
  });

  it('run names the path of a mistyped scenario key, exit 2', async () => {
    const dir = tempDir();
    const scenario = path.join(dir, 'typo.json');
    fs.writeFileSync(scenario, JSON.stringify({ name: 'typo', netlist: 'x.cir', analyses: [{ type: 'ramp', pointz: 10 }] }));
    const r = await cli(['run', scenario]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('analyses[0].pointz');
    expect(r.err).toMatch(/did you mean `points`/);
  });

  it('run locates an analysis that cannot run at that analysis in the scenario file, exit 2, with a hint', async () => {
    const dir = tempDir();
    const scenario = path.join(dir, 'lane.json');
    const netlist = path.join(root, 'netlists/testchip65.cir');
    fs.writeFileSync(scenario, `{\n  "name": "lane",\n  "netlist": ${JSON.stringify(netlist)},\n  "analyses": [\n    { "type": "sharing", "lane": { "threshold": 16 } }\n  ]\n}\n`);
    const r = await cli(['run', scenario]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${scenario}:5:5: error: A1.lane0: the lane's sharing switches are ideal`);
    expect(r.err).toContain('hint: declare the refdac with switch=tgate');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('run keeps what the analyses before a failing one computed: their report files, then the located error, exit 2', async () => {
    const dir = tempDir();
    const scenario = path.join(dir, 'partial.json');
    const netlist = path.join(root, 'netlists/testchip65.cir');
    fs.writeFileSync(scenario, JSON.stringify({ name: 'partial', netlist, stimulus: { encoding: 'binary', inferences: 1 }, analyses: [{ type: 'inference' }, { type: 'sharing', lane: { threshold: 40 } }] }, null, 2));
    const out = path.join(dir, 'out');
    const r = await cli(['run', scenario, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/partial\.json:\d+:\d+: error: A1\.lane0: threshold 40 is outside 1\.\.31/);
    expect(r.out).toContain('from the analyses that ran before the error');
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.sections.inference.metrics.maxAbsError_LSB).toBeGreaterThanOrEqual(0);
    expect(report.sections.sharing).toBeUndefined();
    expect(report.passed).toBe(false);
    expect(report.error).toMatch(/threshold 40 is outside/);
  });

  it('run reports invalid JSON at its line and column', async () => {
    const dir = tempDir();
    const scenario = path.join(dir, 'broken.json');
    fs.writeFileSync(scenario, '{\n  "name": "x",\n  "netlist": "a.cir"\n  "analyses": []\n}\n');
    const r = await cli(['run', scenario]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${scenario}:4:`);
  });

  it.each(scenarios)('bundled scenario %s runs and passes its checks', async (name) => {
    const dir = tempDir();
    const r = await cli(['run', path.join(root, 'scenarios', name), '--out', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.schema).toBe('cimsim-report/1');
    expect(report.passed).toBe(true);
  });

  it('the high-leakage scenario fails exactly its end-to-end checks, and its error budget names leakage as the cause', async () => {
    const dir = tempDir();
    const r = await cli(['run', path.join(root, 'scenarios/high-leakage.json'), '--out', dir]);
    expect(r.code).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const failed = report.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { metric: string }) => c.metric);
    expect(failed).toEqual(['inference.maxAbsError_LSB', 'inference.rmsError_LSB']);
    expect(r.out).toContain('Largest single cause: leakage droop while held (leakage)');
  });

  it('a check on an inherited property name (constructor, __proto__) is an unknown metric, not an internal error', async () => {
    const dir = tempDir();
    const scenario = path.join(dir, 's.json');
    for (const metric of ['inference.constructor', 'inference.__proto__', 'inference.toString']) {
      fs.writeFileSync(scenario, JSON.stringify({ name: 'x', netlist: path.join(root, 'netlists/testchip65.cir'), analyses: [{ type: 'discharge', widths_s: [1e-10], activeCells: [1] }], checks: [{ metric, max: 1 }] }));
      const r = await cli(['run', scenario, '--out', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`check on unknown metric "${metric}"`);
    }
  });

  it('--vcd on a scenario without an inference run says no waveforms were written, and writes none', async () => {
    const dir = tempDir();
    const vcd = path.join(dir, 'w.vcd');
    const r = await cli(['run', path.join(root, 'scenarios/ramp.json'), '--out', dir, '--vcd', vcd]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('waveforms to');
    expect(r.err).toContain(`no waveforms written to ${vcd}: only an inference analysis records them`);
    expect(fs.existsSync(vcd)).toBe(false);
  });

  it('the same scenario and seed give bit-identical reports', async () => {
    const a = tempDir();
    const b = tempDir();
    await cli(['run', path.join(root, 'scenarios/sa.json'), '--out', a]);
    await cli(['run', path.join(root, 'scenarios/sa.json'), '--out', b]);
    for (const f of ['report.json', 'inference-conversions.csv', 'inference-energy.csv']) {
      expect(fs.readFileSync(path.join(a, f), 'utf8')).toBe(fs.readFileSync(path.join(b, f), 'utf8'));
    }
  });

  it('options take numbers as netlists write them: --w 150n is 150 nm, --w 150nF is refused with the unit it expects', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'no-such-card.pm');
    // the width parses, so the run stops at the missing card, not at the option
    const ok = await cli(['calibrate', '--model', missing, '--w', '150n', '--vdd', '1.1V']);
    expect(ok.code).toBe(2);
    expect(ok.err).not.toContain('--w');
    expect(ok.err).toContain('no-such-card.pm');
    const bad = await cli(['calibrate', '--model', missing, '--w', '150nF']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--w: dimension mismatch: `150nF` is a capacitance');
  });

  it('calibrate --vwl-op must name a row of the DC sweep, and says so before any ngspice run', async () => {
    const card = path.join(root, 'netlists/models/ptm65_bulk_lp.pm');
    for (const level of ['1.07', '1.2', '0.25']) {
      const r = await cli(['calibrate', '--model', card, '--nmos', 'nmos_lp', '--vwl-op', level]);
      expect(r.code, level).toBe(2);
      expect(r.err).toContain(`the operating wordline ${level} V is not a row of the fitted DC sweep`);
      expect(r.err).toContain('hint: give --vwl-op as one of those levels');
    }
  });
});
