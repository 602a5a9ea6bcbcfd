import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { CimsimError } from '../../src/errors.js';
import { barChart, htmlReport, linePlot } from '../../src/report/index.js';

const plotA = linePlot({
  title: 'Bitline voltage',
  x: { label: 'pulse width', unit: 'ps' },
  y: { label: 'bitline voltage', unit: 'mV' },
  series: [{ name: 'col 3', x: [0, 100, 200], y: [1100, 800, 560] }],
});
const plotB = barChart({
  title: 'Energy',
  categories: ['precharge', 'comparator'],
  series: [{ name: 'SA', values: [120, 45] }],
  y: { label: 'energy', unit: 'fJ' },
});

const report = {
  title: 'Run <demo> & check',
  subtitle: 'netlist pair.cir, seed 42',
  sections: [
    { heading: 'Summary', text: 'First paragraph with <tags> & "quotes".\n\nSecond paragraph.' },
    {
      heading: 'Energy',
      table: { columns: ['block', 'energy (fJ)'], rows: [['precharge', 120], ['comparator <cmp>', 45.5]] },
      svg: plotB,
    },
    { heading: 'Waveforms', svg: [plotA, plotB] },
  ],
};

/** The <svg> elements of an HTML string, as the text between <svg and its </svg>. */
function svgBlocks(html: string): string[] {
  return html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

describe('HTML report', () => {
  const html = htmlReport(report);

  it('is well-formed XML (XHTML-style markup) with an HTML5 doctype', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(XMLValidator.validate(html)).toBe(true);
  });

  it('contains every SVG of every section, inline, with the same embedded data', () => {
    const blocks = svgBlocks(html);
    expect(blocks).toHaveLength(3);
    const meta = (s: string): string => s.match(/<metadata class="cimsim-data">([^<]*)<\/metadata>/)![1];
    expect(blocks.map(meta)).toEqual([plotB, plotA, plotB].map(meta));
    // Apart from the dropped namespace URL each figure is the plot verbatim.
    expect(html).toContain(plotA.replace(' xmlns="http://www.w3.org/2000/svg"', ''));
  });

  it('has no network references, scripts or external style sheets', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|src=/i);
    for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="#s\d+"$/);
  });

  it('escapes the title, text and table cells and keeps paragraphs apart', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(html);
    expect(parsed.html.head.title).toBe('Run <demo> & check');
    expect(html).toContain('<p>First paragraph with &lt;tags&gt; &amp; &quot;quotes&quot;.</p>');
    expect(html).toContain('<p>Second paragraph.</p>');
    expect(html).toContain('<td class="txt">comparator &lt;cmp&gt;</td>');
    // A column holding only numbers is right-aligned.
    expect(html).toContain('<td class="num">45.5</td>');
  });

  it('refuses SVG that would fetch or run something, and NaN table cells', () => {
    const withScript = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const withImage = '<svg><image href="http://example.com/x.png"/></svg>';
    const withHandler = '<svg onload="x()"></svg>';
    for (const svg of [withScript, withImage, withHandler]) {
      expect(() => htmlReport({ title: 't', sections: [{ heading: 'h', svg }] })).toThrow(CimsimError);
    }
    expect(() => htmlReport({ title: 't', sections: [{ heading: 'h', table: { columns: ['x'], rows: [[NaN]] } }] }))
      .toThrow(/NaN/);
  });
});
