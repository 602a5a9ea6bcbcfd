import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The packed package imports as 'cimsim' in a fresh project: `npm pack`, unpack into the project's
// node_modules, give it its dependencies (linked from this checkout's node_modules: tests never touch
// the network), and run the example of docs/api.md.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the packed package', () => {
  it('runs the docs/api.md example in a fresh project', () => {
    expect(existsSync(join(ROOT, 'dist/src/index.js')), 'run `npm run build` first (npm test does)').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'cimsim-pack-'));
    const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    const project = join(dir, 'project');
    const modules = join(project, 'node_modules');
    mkdirSync(modules, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', modules]);
    renameSync(join(modules, 'package'), join(modules, 'cimsim'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies)) {
      mkdirSync(dirname(join(modules, dep)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep));
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'try-cimsim', private: true, type: 'module' }));
    const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(doc)![1];
    writeFileSync(join(project, 'example.mjs'), example);
    const out = execFileSync(process.execPath, ['example.mjs'], { cwd: project, encoding: 'utf8' });
    expect(out).toBe('256 conversions, worst error 1 LSB\nsa.json checks: pass\n');
    // the package holds the library, not the bench or the tests
    const shipped = readdirSync(join(modules, 'cimsim'));
    expect(shipped.sort()).toEqual(['README.md', 'dist', 'docs', 'netlists', 'package.json', 'scenarios']);
    expect(readdirSync(join(modules, 'cimsim/dist'))).toEqual(['src']);
    expect(existsSync(join(modules, 'cimsim/dist/src/index.d.ts'))).toBe(true);
  }, 120_000);
});
