import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIGURE_BLOCKS, refreshFigures } from '../../src/docs/figures.js';

// Every figures block in docs/ is what its command gives now: a quoted figure that drifts from the
// code fails here (run `npm run docs` to refresh them).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort();

describe('generated figures in docs/', () => {
  it('every block name a renderer knows is used by some document', () => {
    const all = docs.map((f) => readFileSync(join(ROOT, 'docs', f), 'utf8')).join('\n');
    for (const name of Object.keys(FIGURE_BLOCKS)) expect(all, name).toContain(`<!-- figures:${name} -->`);
  });

  it.each(docs)('docs/%s holds the figures its commands give now', (name) => {
    const text = readFileSync(join(ROOT, 'docs', name), 'utf8');
    expect(refreshFigures(text, ROOT, `docs/${name}`)).toBe(text);
  }, 120_000);

  it('names an unknown block with the known ones', () => {
    expect(() => refreshFigures('<!-- figures:nope -->\n<!-- /figures -->', ROOT, 'x.md')).toThrow(/x\.md: unknown figures block "nope" \(known: default-inference/);
  });
});
