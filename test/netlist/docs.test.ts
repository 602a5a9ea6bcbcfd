import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEVICE_SPECS } from '../../src/devices/registry.js';
import { netlistReferenceMarkdown } from '../../src/docs/netlist-reference.js';
import { TECH_PARAMS } from '../../src/tech/params.js';
import { elab } from './helpers.js';

describe('docs/netlist.md', () => {
  const generated = netlistReferenceMarkdown();

  test('the committed file equals the text generated from the parameter tables (run `npm run docs` after changing a table)', () => {
    expect(fs.readFileSync('docs/netlist.md', 'utf8')).toBe(generated);
  });

  test('every device type and every parameter has a row', () => {
    for (const d of DEVICE_SPECS) {
      expect(generated).toContain(`### \`${d.type}\``);
      for (const p of d.params) expect(generated).toContain(`| \`${p.name}\` | `);
    }
    for (const p of TECH_PARAMS) expect(generated).toContain(`| \`${p.name}\` | `);
  });

  test('the example netlist of the guide elaborates', () => {
    const example = /```spice\n([\s\S]*?)```/.exec(generated)?.[1];
    expect(example).toBeDefined();
    const d = elab(example as string);
    expect(d.title).toBe('pair-sa');
    expect(d.instances.map((i) => i.name)).toEqual(['A0', 'A1', 'R0', 'C0', 'D0', 'N0']);
  });
});
