import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { refreshFigures } from './figures.js';
import { netlistReferenceMarkdown } from './netlist-reference.js';

/**
 * `npm run docs`: writes docs/netlist.md (generated from the parameter tables) and re-renders
 * every figures block of docs/*.md from the command it names (src/docs/figures.ts). Run from the
 * build output (dist/src/docs/generate.js); an optional argument names another output file for
 * the netlist reference.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const target = process.argv[2] ?? path.join(root, 'docs/netlist.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, netlistReferenceMarkdown());
console.log(`wrote ${path.relative(process.cwd(), target) || target}`);
if (process.argv[2] === undefined) {
  const docs = path.join(root, 'docs');
  for (const name of fs.readdirSync(docs).filter((f) => f.endsWith('.md')).sort()) {
    const file = path.join(docs, name);
    const text = fs.readFileSync(file, 'utf8');
    const fresh = refreshFigures(text, root, `docs/${name}`);
    if (fresh !== text) {
      fs.writeFileSync(file, fresh);
      console.log(`refreshed the figures of docs/${name}`);
    }
  }
}
