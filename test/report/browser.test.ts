import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { reportSweep } from '../../src/report/sweep-summary.js';

// The HTML reports as a browser lays them out (headless Chromium): no plot text outside its plot,
// no table cell cut off, no raw double in a table (every number in engineering notation or a
// compact decimal, its unit in the cell or the header suffix).
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BROWSER = 'chromium-headless-shell';
const browserPresent = !spawnSync(BROWSER, ['--version'], { encoding: 'utf8' }).error;
const requireTools = process.env.CIMSIM_REQUIRE_TOOLS === '1';
if (!browserPresent && !requireTools) console.warn(`SKIPPED: ${BROWSER} not found; the HTML reports' layout is not checked`);

/** Runs in the page after load: lists what a reader would see cut off or unformatted. */
const PROBE = `<script>
(() => {
  const problems = [];
  const outside = (r, box) => r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
  document.querySelectorAll('svg').forEach((svg, k) => {
    const box = svg.getBoundingClientRect();
    if (box.width < 100 || box.height < 100) problems.push('plot ' + k + ' is ' + box.width + ' x ' + box.height + ' px');
    svg.querySelectorAll('text').forEach((t) => {
      if (t.textContent.trim() !== '' && outside(t.getBoundingClientRect(), box)) problems.push('plot ' + k + ': text "' + t.textContent + '" is cut off');
    });
  });
  document.querySelectorAll('td, th').forEach((cell) => {
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push('table cell "' + cell.textContent + '" is cut off');
    // a raw double: an exponent, or more significant digits than any formatter here writes (5)
    const digits = (cell.textContent.match(/\\d+\\.\\d+/g) || []).map((n) => n.replace('.', '').replace(/^0+/, '').length);
    if (/\\de[-+]?\\d/.test(cell.textContent) || digits.some((d) => d > 7)) problems.push('table cell "' + cell.textContent + '" is a raw double');
  });
  const counts = { plots: document.querySelectorAll('svg').length, cells: document.querySelectorAll('td').length };
  document.body.setAttribute('data-probe', JSON.stringify({ problems, counts }));
})();
</script>`;

interface Probe {
  problems: string[];
  counts: { plots: number; cells: number };
}

/** Lays the report out at a laptop's width and returns what the probe found. */
function probe(reportHtml: string, dir: string): Probe {
  const page = join(dir, 'probe.html');
  writeFileSync(page, readFileSync(reportHtml, 'utf8').replace('</body>', `${PROBE}</body>`));
  const r = spawnSync(BROWSER, ['--no-sandbox', '--disable-gpu', '--window-size=1280,900', '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  expect(r.status, r.stderr).toBe(0);
  const attr = /data-probe="([^"]*)"/.exec(r.stdout)?.[1];
  expect(attr, 'the probe script did not run').toBeDefined();
  return JSON.parse(attr!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')) as Probe;
}

describe('HTML reports in a browser: nothing clipped, every number formatted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cimsim-browser-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.runIf(requireTools && !browserPresent)(`finds ${BROWSER} (CIMSIM_REQUIRE_TOOLS=1)`, () => {
    expect(browserPresent, 'apt-get install -y chromium-headless-shell').toBe(true);
  });

  it.runIf(browserPresent).each(['default', 'ramp', 'compare', 'sharing', 'sa', 'flash', 'hybrid', 'discharge', 'bwht-layer'])('scenarios/%s.json', async (name) => {
    const out = join(dir, name);
    const code = await main(['run', join(ROOT, 'scenarios', `${name}.json`), '--out', out, '--quiet'], () => {});
    expect(code).toBe(0);
    const found = probe(join(out, 'report.html'), dir);
    expect(found.counts.plots).toBeGreaterThan(0);
    expect(found.counts.cells).toBeGreaterThan(20);
    expect(found.problems).toEqual([]);
  }, 180_000);

  it.runIf(browserPresent)('a sweep summary (cimsim report)', () => {
    const sweep = join(dir, 'sweep');
    mkdirSync(sweep);
    // 40 chips: an integer error 0..2 LSB, an energy around 109 pJ, a yield against both
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ index: i, seed: `s:${i}`, overrides: {}, metrics: { 'inference.maxAbsError_LSB': (i * 7) % 3, 'inference.energyPerInference_J': (109 + ((i * 13) % 11) / 10) * 1e-12 } }));
    writeFileSync(join(sweep, 'samples.jsonl'), `${lines.join('\n')}\n`);
    reportSweep(sweep, [{ metric: 'inference.maxAbsError_LSB', max: 1 }, { metric: 'inference.energyPerInference_J', max: 110e-12 }]);
    const found = probe(join(sweep, 'summary.html'), dir);
    expect(found.counts.plots).toBe(2);
    expect(found.problems).toEqual([]);
  }, 60_000);

  it.runIf(browserPresent)('the probe sees a clipped label and a raw double when there is one', () => {
    const page = join(dir, 'bad.html');
    writeFileSync(page, '<!doctype html><html><body><svg width="200" height="200" viewBox="0 0 200 200"><text x="190" y="100">ordline</text></svg>'
      + '<table><tr><td>1.9899999999999998e-10</td></tr></table></body></html>');
    const found = probe(page, dir);
    expect(found.problems).toEqual(['plot 0: text "ordline" is cut off', 'table cell "1.9899999999999998e-10" is a raw double']);
  }, 60_000);
});
