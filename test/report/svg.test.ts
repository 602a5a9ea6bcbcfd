import { XMLParser, XMLValidator } from 'fast-xml-parser';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { barChart, histogram, histogramBins, linePlot, stepPlot } from '../../src/report/svg.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['g', 'text', 'rect', 'line', 'path', 'circle'].includes(name),
});

function parseSvg(svg: string): Node {
  expect(XMLValidator.validate(svg)).toBe(true);
  return (parser.parse(svg) as { svg: Node }).svg;
}

/** All elements named `tag` anywhere under `node`. */
function findAll(node: unknown, tag: string, out: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, tag, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Node)) {
      if (key === tag) (Array.isArray(value) ? value : [value]).forEach((v) => out.push(v as Node));
      if (!key.startsWith('@')) findAll(value, tag, out);
    }
  }
  return out;
}

function metadata(svg: Node): Record<string, unknown> {
  const meta = svg.metadata as Node;
  return JSON.parse(meta['#text'] as string);
}

interface Area { left: number; top: number; right: number; bottom: number }

function plotArea(svg: Node): Area {
  const rect = findAll(svg, 'rect').find((r) => r['@class'] === 'plot-area')!;
  const left = Number(rect['@x']);
  const top = Number(rect['@y']);
  return { left, top, right: left + Number(rect['@width']), bottom: top + Number(rect['@height']) };
}

function axisLabels(svg: Node, axis: 'x' | 'y'): Array<{ value: number; shown: number; pos: number }> {
  const group = findAll(svg, 'g').find((g) => g['@class'] === `axis ${axis}`)!;
  return (group.text as Node[])
    .filter((t) => t['@class'] === 'tick-label')
    .map((t) => ({
      value: Number(t['@data-value']),
      // d3-format writes U+2212 for minus.
      shown: Number(String(t['#text']).replace('\u2212', '-')),
      pos: Number(axis === 'x' ? t['@x'] : t['@y']),
    }));
}

function pathPoints(d: string): Array<[number, number]> {
  expect(d).toMatch(/^M[-\d.,]+(L[-\d.,]+)*$/);
  return d.slice(1).split('L').map((p) => p.split(',').map(Number) as [number, number]);
}

const NASTY = `a<b & "c" 'd' ]]> \u0001`;

describe('SVG plots', () => {
  const lineOptions = {
    title: `Bitline voltage vs pulse width ${NASTY}`,
    x: { label: 'pulse width', unit: 'ps', domain: [0, 400] as [number, number] },
    y: { label: 'bitline voltage', unit: 'mV', domain: [0, 1200] as [number, number] },
    markers: true,
    series: [
      { name: `4 ones ${NASTY}`, x: [0, 50, 150, 400], y: [1100, 930, 700, 310] },
      { name: 'ideal', x: [0, 400], y: [1100, 0], dashed: true },
    ],
  };

  it('writes a line plot that is well-formed XML with its data, escaped, in <metadata>', () => {
    const svg = parseSvg(linePlot(lineOptions));
    const data = metadata(svg);
    const series = data.series as Array<{ name: string; x: number[]; y: number[] }>;
    expect(series.map((s) => s.x)).toEqual(lineOptions.series.map((s) => s.x));
    expect(series.map((s) => s.y)).toEqual(lineOptions.series.map((s) => s.y));
    // JSON escapes the control character (not allowed raw in XML 1.0), so the name survives exactly.
    expect(series[0].name).toBe(lineOptions.series[0].name);
    expect(svg['@viewBox']).toBe('0 0 640 400');
    expect(svg['@width']).toBe('640');
  });

  it('labels the axes with their units', () => {
    const text = linePlot(lineOptions);
    expect(text).toContain('>pulse width (ps)<');
    expect(text).toContain('>bitline voltage (mV)<');
  });

  it('maps line points through the linear scales: px = left + (v - d0) / (d1 - d0) * width', () => {
    const svg = parseSvg(linePlot(lineOptions));
    const area = plotArea(svg);
    const path = findAll(svg, 'path').find((p) => p['@class'] === 'line')!;
    const points = pathPoints(path['@d'] as string);
    const s = lineOptions.series[0];
    expect(points).toHaveLength(s.x.length);
    points.forEach(([px, py], i) => {
      expect(px).toBeCloseTo(area.left + (s.x[i] / 400) * (area.right - area.left), 2);
      expect(py).toBeCloseTo(area.bottom - (s.y[i] / 1200) * (area.bottom - area.top), 2);
    });
    const markers = findAll(svg, 'circle');
    expect(markers).toHaveLength(lineOptions.series[0].x.length + lineOptions.series[1].x.length);
  });

  it('puts tick labels in increasing order, inside the plot area, at the scale position of their value', () => {
    const svg = parseSvg(linePlot(lineOptions));
    const area = plotArea(svg);
    const xs = axisLabels(svg, 'x');
    const ys = axisLabels(svg, 'y');
    expect(xs.length).toBeGreaterThanOrEqual(3);
    expect(ys.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < xs.length; i++) {
      expect(xs[i].value).toBeGreaterThan(xs[i - 1].value);
      expect(xs[i].pos).toBeGreaterThan(xs[i - 1].pos);
    }
    for (let i = 1; i < ys.length; i++) {
      expect(ys[i].value).toBeGreaterThan(ys[i - 1].value);
      expect(ys[i].pos).toBeLessThan(ys[i - 1].pos); // SVG y grows downwards
    }
    for (const t of xs) {
      expect(t.shown).toBeCloseTo(t.value, 9);
      expect(t.pos).toBeGreaterThanOrEqual(area.left - 0.01);
      expect(t.pos).toBeLessThanOrEqual(area.right + 0.01);
      expect(t.pos).toBeCloseTo(area.left + (t.value / 400) * (area.right - area.left), 2);
    }
    for (const t of ys) {
      expect(t.shown).toBeCloseTo(t.value, 9);
      expect(t.pos).toBeGreaterThanOrEqual(area.top - 0.01);
      expect(t.pos).toBeLessThanOrEqual(area.bottom + 0.01);
      expect(t.pos).toBeCloseTo(area.bottom - (t.value / 1200) * (area.bottom - area.top), 2);
    }
  });

  it('rounds an automatic domain outwards so every point lies inside the plot area', () => {
    const rng = seedrandom('svg-nice');
    const x = Array.from({ length: 50 }, () => 13 + rng() * 71);
    const y = Array.from({ length: 50 }, () => -0.37 + rng() * 0.9);
    const svg = parseSvg(linePlot({ x: { label: 'input', unit: 'mV' }, y: { label: 'error', unit: 'LSB' }, series: [{ name: 's', x, y }] }));
    const area = plotArea(svg);
    const points = pathPoints(findAll(svg, 'path')[0]['@d'] as string);
    for (const [px, py] of points) {
      expect(px).toBeGreaterThanOrEqual(area.left - 0.01);
      expect(px).toBeLessThanOrEqual(area.right + 0.01);
      expect(py).toBeGreaterThanOrEqual(area.top - 0.01);
      expect(py).toBeLessThanOrEqual(area.bottom + 0.01);
    }
    // Negative tick labels read as numbers and stay ordered.
    const ys = axisLabels(svg, 'y');
    expect(ys[0].shown).toBeLessThan(0);
    ys.forEach((t) => expect(t.shown).toBeCloseTo(t.value, 9));
  });

  it('maps points on a log axis as left + log10(v / d0) / log10(d1 / d0) * width', () => {
    const x = [1e-3, 2e-2, 0.5, 7, 100];
    const svg = parseSvg(linePlot({
      x: { label: 'input difference', unit: 'mV', scale: 'log', domain: [1e-3, 1e3] },
      y: { label: 'decision time', unit: 'ps', domain: [0, 200] },
      series: [{ name: 'comparator', x, y: [150, 110, 70, 40, 20] }],
    }));
    const area = plotArea(svg);
    const points = pathPoints(findAll(svg, 'path')[0]['@d'] as string);
    points.forEach(([px], i) => {
      expect(px).toBeCloseTo(area.left + (Math.log10(x[i] / 1e-3) / 6) * (area.right - area.left), 2);
    });
    const xs = axisLabels(svg, 'x');
    expect(xs.map((t) => t.value)).toEqual([1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]);
  });

  it('draws a step plot whose level holds from each x to the next', () => {
    const x = [0, 100, 250, 300];
    const y = [0, 1, 2, 3];
    const svg = parseSvg(stepPlot({
      x: { label: 'input', unit: 'mV', domain: [0, 400] },
      y: { label: 'output code', unit: 'LSB', domain: [0, 4] },
      series: [{ name: 'transfer', x, y }],
    }));
    const area = plotArea(svg);
    const w = area.right - area.left;
    const h = area.bottom - area.top;
    const points = pathPoints(findAll(svg, 'path')[0]['@d'] as string);
    const expected: Array<[number, number]> = [];
    x.forEach((xi, i) => {
      if (i > 0) expected.push([xi, y[i - 1]]);
      expected.push([xi, y[i]]);
    });
    expect(points).toHaveLength(expected.length);
    points.forEach(([px, py], i) => {
      expect(px).toBeCloseTo(area.left + (expected[i][0] / 400) * w, 2);
      expect(py).toBeCloseTo(area.bottom - (expected[i][1] / 4) * h, 2);
    });
    expect(metadata(svg).kind).toBe('step');
  });

  it('draws grouped and stacked bar charts whose bar heights are value / domain * plot height', () => {
    const categories = ['bitline precharge', 'comparator', 'SA logic', `odd ${NASTY}`];
    const series = [{ name: 'SA', values: [120, 45, 12, 30] }, { name: 'Flash', values: [140, 310, 4, 30] }];
    for (const stacked of [false, true]) {
      const svg = parseSvg(barChart({ title: 'Energy per conversion', categories, series, stacked, y: { label: 'energy', unit: 'fJ', domain: [0, 500] } }));
      const data = metadata(svg);
      expect(data.series).toEqual(series);
      expect(data.categories).toEqual(categories);
      const area = plotArea(svg);
      const h = area.bottom - area.top;
      const bars = findAll(svg, 'rect').filter((r) => r['@class'] === 'bar');
      expect(bars).toHaveLength(8);
      for (const [c, category] of categories.entries()) {
        // Attributes cannot hold U+0001 at all; the writer puts U+FFFD in its place.
        const inCategory = bars.filter((b) => b['@data-category'] === category.replace('\u0001', '\uFFFD'));
        let below = 0;
        series.forEach((s, k) => {
          const bar = inCategory.find((b) => b['@data-series'] === s.name)!;
          expect(Number(bar['@height'])).toBeCloseTo((s.values[c] / 500) * h, 1);
          const bottom = Number(bar['@y']) + Number(bar['@height']);
          expect(bottom).toBeCloseTo(area.bottom - (stacked ? (below / 500) * h : 0), 1);
          below += s.values[c];
        });
      }
    }
  });

  it('draws histogram bins at their edges and annotates mean and sigma with the unit', () => {
    const bins = [{ x0: -2.5, x1: -1.5, count: 3 }, { x0: -1.5, x1: -0.5, count: 20 }, { x0: -0.5, x1: 0.5, count: 50 },
      { x0: 0.5, x1: 1.5, count: 22 }, { x0: 1.5, x1: 2.5, count: 5 }];
    const text = histogram({
      title: 'Code error',
      bins,
      x: { label: 'code error', unit: 'LSB', domain: [-3, 3] },
      y: { label: 'occurrences', unit: 'count', domain: [0, 60] },
      stats: { mean: 0.04, sigma: 0.9 },
    });
    const svg = parseSvg(text);
    expect(metadata(svg).bins).toEqual(bins);
    expect(metadata(svg).stats).toEqual({ mean: 0.04, sigma: 0.9 });
    const area = plotArea(svg);
    const w = area.right - area.left;
    const h = area.bottom - area.top;
    const rects = findAll(svg, 'rect').filter((r) => r['@class'] === 'bin');
    rects.forEach((r, i) => {
      expect(Number(r['@x'])).toBeCloseTo(area.left + ((bins[i].x0 + 3) / 6) * w, 1);
      expect(Number(r['@width'])).toBeCloseTo(w / 6, 1);
      expect(Number(r['@height'])).toBeCloseTo((bins[i].count / 60) * h, 1);
    });
    expect(text).toContain('\u03bc = 0.04 LSB, \u03c3 = 0.9 LSB');
    const mean = findAll(svg, 'line').find((l) => l['@class'] === 'mean')!;
    expect(Number(mean['@x1'])).toBeCloseTo(area.left + (3.04 / 6) * w, 1);
  });

  it('counts samples into bins as a direct count per interval does', () => {
    const rng = seedrandom('bins');
    const samples = Array.from({ length: 500 }, () => Math.round((rng() + rng() + rng() - 1.5) * 4));
    const bins = histogramBins(samples, { binWidth: 1, origin: -6.5 });
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(500);
    for (const b of bins) {
      const centre = (b.x0 + b.x1) / 2;
      expect(b.count).toBe(samples.filter((v) => v === centre).length);
    }
    const even = histogramBins([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { binCount: 5 });
    expect(even.map((b) => b.count)).toEqual([2, 2, 2, 2, 3]);
    expect(even.map((b) => b.x0)).toEqual([0, 2, 4, 6, 8]);
  });

  it('contains no external reference: no links, images, scripts or fonts to fetch', () => {
    const all = [
      linePlot(lineOptions),
      stepPlot(lineOptions),
      barChart({ categories: ['a', 'b'], series: [{ name: 's', values: [1, 2] }], y: { label: 'energy', unit: 'fJ' } }),
      histogram({ bins: [{ x0: 0, x1: 1, count: 2 }], x: { label: 'v', unit: 'mV' } }),
    ];
    for (const svg of all) {
      const body = svg.replace(' xmlns="http://www.w3.org/2000/svg"', '');
      expect(body).not.toMatch(/https?:|href|<script|<image|<foreignObject|@import|url\((?!#)/i);
    }
  });

  it('refuses axes without units and data that is not finite or not positive on a log axis', () => {
    const base = { x: { label: 'time', unit: 'ps' }, y: { label: 'v', unit: 'mV' }, series: [{ name: 's', x: [1, 2], y: [1, 2] }] };
    expect(() => linePlot({ ...base, x: { label: 'time', unit: '' } })).toThrow(/has no unit/);
    expect(() => linePlot({ ...base, series: [{ name: 's', x: [1, NaN], y: [1, 2] }] })).toThrow(CimsimError);
    expect(() => linePlot({ ...base, series: [{ name: 's', x: [1, 2], y: [1, Infinity] }] })).toThrow(/finite/);
    expect(() => linePlot({ ...base, x: { label: 'time', unit: 'ps', scale: 'log' }, series: [{ name: 's', x: [0, 2], y: [1, 2] }] })).toThrow(/log axis/);
    expect(() => linePlot({ ...base, series: [{ name: 's', x: [1, 2, 3], y: [1, 2] }] })).toThrow(/3 x values/);
    expect(() => barChart({ categories: ['a'], series: [{ name: 's', values: [-1] }], stacked: true, y: { label: 'e', unit: 'fJ' } })).toThrow(/negative/);
  });
});
