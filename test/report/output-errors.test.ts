import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from '../../src/report/write.js';

// Output problems are the user's environment, not cimsim's bugs: each must be exit 2 with what to
// do, and must not cost what was already computed or leave a torn file behind.

const root = path.resolve(__dirname, '../..');
const CLI = path.join(root, 'dist/src/cli/main.js'); // built by `npm test`'s pretest step
const SA = path.join(root, 'scenarios/sa.json');
const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cimsim-out-'));

/** Run the CLI in a shell; `fileLimitKiB` sets `ulimit -f` (SIGXFSZ ignored, so writes fail with EFBIG). */
function cimsim(args: string[], fileLimitKiB?: number): { code: number | null; out: string; err: string } {
  const quoted = [CLI, ...args].map((a) => `'${a}'`).join(' ');
  const limit = fileLimitKiB === undefined ? '' : `trap '' XFSZ; ulimit -f ${fileLimitKiB}; `;
  const r = spawnSync('bash', ['-c', `${limit}exec '${process.execPath}' ${quoted}`], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('output files that cannot be written', () => {
  it('--out naming an existing file: exit 2, says a folder is needed', () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    const r = cimsim(['run', SA, '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot create the folder ${file}: a part of the path is a file`);
    expect(r.err).not.toMatch(/internal error|EEXIST|ENOTDIR/);
  });

  it('a full device (--vcd /dev/full): exit 2 naming the file and the cause, the summary already printed', () => {
    const r = cimsim(['run', SA, '--out', tempDir(), '--vcd', '/dev/full']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot write /dev/full: no space left on the device');
    expect(r.out).toContain('all checks passed');
  });

  it('the file-size limit reached mid-report: exit 2, the summary printed, report.json complete, no temporary file left', () => {
    const dir = tempDir();
    const r = cimsim(['run', SA, '--out', dir], 100);
    expect(r.code).toBe(2);
    expect(r.out).toContain('all checks passed');
    expect(r.err).toMatch(/cannot write .*inference-conversions\.csv: the file would exceed the size/);
    expect(r.err).toContain('report files were written before this one (report.json');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).passed).toBe(true);
    // The failed file is absent rather than torn; nothing but finished files remains.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.') || f === 'inference-conversions.csv')).toEqual([]);
  });
});

describe('output through a pipe', () => {
  it('is not cut at the pipe buffer (64 KiB) when the command exits', () => {
    const dir = tempDir();
    const netlist = path.join(dir, 'many.cir');
    const params = Array.from({ length: 3000 }, (_, i) => `.param p${i}=${i}`).join('\n');
    fs.writeFileSync(netlist, `* 3000 parameters: check prints each\n${params}\nA0 cimarray rows=16 cols=8\n.end\n`);
    const r = cimsim(['check', netlist]); // stdout is a pipe here
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(128 * 1024);
    expect(r.out).toContain('p2999');
    expect(r.out.trimEnd().split('\n').at(-1)).toMatch(/^tgap\s+50 ps/);
  });
});

describe('writeOutputFile', () => {
  it('replaces a file whole, and writes devices in place', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sub', 'x.txt');
    writeOutputFile(file, 'first\n');
    writeOutputFile(file, 'second\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('second\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['x.txt']);
    expect(() => writeOutputFile('/dev/null', 'discarded')).not.toThrow();
    expect(() => writeOutputFile(dir, 'x')).toThrow(/it is a folder/);
  });
});
