import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { netlistReferenceMarkdown } from './netlist-reference.js';

/**
 * `npm run docs`: writes docs/netlist.md (generated from the parameter tables). Run from the
 * build output (dist/src/docs/generate.js); an optional argument names another output file.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ?? path.resolve(here, '../../../docs/netlist.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, netlistReferenceMarkdown());
console.log(`wrote ${path.relative(process.cwd(), target) || target}`);
