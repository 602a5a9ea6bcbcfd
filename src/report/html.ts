/**
 * One self-contained HTML report: inline CSS, inline SVG figures, tables and text. No scripts and
 * no links to the network, so it opens anywhere (offline, in a mail client, archived with the run).
 * The markup is also well-formed XML, so it can be checked and post-processed with XML tools.
 */
import { writeOutputFile } from './write.js';
import { CimsimError } from '../errors.js';
import { escapeXml } from './svgKit.js';

export interface HtmlTableColumn {
  header: string;
  /** Default: 'right' when every cell of the column is a number, else 'left'. */
  align?: 'left' | 'right';
}

export interface HtmlTable {
  /** Header texts (with units, e.g. 'energy (fJ)') or column specs. */
  columns: Array<string | HtmlTableColumn>;
  rows: Array<Array<string | number>>;
  caption?: string;
}

export interface HtmlSection {
  heading: string;
  /** Plain text; blank lines separate paragraphs. */
  text?: string;
  table?: HtmlTable;
  /** Further tables, after the first. */
  tables?: HtmlTable[];
  /** Links to files beside the report (CSV, SVG), relative to it. */
  links?: { href: string; text: string }[];
  /** One or more SVG documents (e.g. from linePlot) shown as figures. */
  svg?: string | string[];
}

export interface HtmlReportOptions {
  title: string;
  /** Line under the title, e.g. netlist, scenario and seed. */
  subtitle?: string;
  sections: HtmlSection[];
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #1a1a1a;
  max-width: 1000px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.subtitle { color: #555; margin-top: 0; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2rem; }
nav ol { padding-left: 1.2rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: #555; padding-bottom: 0.3rem; }
th, td { border: 1px solid #d0d0d0; padding: 0.25rem 0.6rem; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; }
td.txt, th.txt { text-align: left; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; } figure, table { break-inside: avoid; } }
`;

/** Build the report as one HTML string (UTF-8). */
export function htmlReport(options: HtmlReportOptions): string {
  if (typeof options.title !== 'string' || options.title.trim() === '') {
    throw new CimsimError('HTML report needs a title');
  }
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<meta name="generator" content="cimsim"/>`,
    `<title>${escapeXml(options.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(options.title)}</h1>`,
  ];
  if (options.subtitle) out.push(`<p class="subtitle">${escapeXml(options.subtitle)}</p>`);
  if (options.sections.length > 2) {
    out.push('<nav><ol>');
    options.sections.forEach((s, i) => out.push(`<li><a href="#s${i + 1}">${escapeXml(s.heading)}</a></li>`));
    out.push('</ol></nav>');
  }
  options.sections.forEach((section, i) => out.push(sectionHtml(section, i + 1)));
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/** Write the report (creating its folder). */
export function writeHtmlReport(path: string, options: HtmlReportOptions): void {
  writeOutputFile(path, htmlReport(options));
}

function sectionHtml(section: HtmlSection, n: number): string {
  const out: string[] = [`<section id="s${n}">`, `<h2>${escapeXml(section.heading)}</h2>`];
  if (section.text) {
    for (const para of section.text.split(/\n\s*\n/)) {
      if (para.trim() !== '') out.push(`<p>${escapeXml(para.trim())}</p>`);
    }
  }
  if (section.table) out.push(tableHtml(section.table, section.heading));
  for (const t of section.tables ?? []) out.push(tableHtml(t, section.heading));
  if (section.links !== undefined && section.links.length > 0) {
    out.push(`<p class="files">files: ${section.links.map((l) => `<a href="${escapeXml(encodeURI(l.href))}">${escapeXml(l.text)}</a>`).join(', ')}</p>`);
  }
  const svgs = section.svg === undefined ? [] : Array.isArray(section.svg) ? section.svg : [section.svg];
  svgs.forEach((svg, k) => out.push(`<figure>\n${inlineSvg(svg, `${section.heading} figure ${k + 1}`)}\n</figure>`));
  out.push('</section>');
  return out.join('\n');
}

function tableHtml(table: HtmlTable, where: string): string {
  const columns = table.columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  table.rows.forEach((row, r) => {
    if (row.length !== columns.length) {
      throw new CimsimError(`table in '${where}': row ${r + 1} has ${row.length} cells for ${columns.length} columns`);
    }
    row.forEach((cell, c) => {
      if (typeof cell === 'number' && !Number.isFinite(cell)) {
        throw new CimsimError(`table in '${where}': row ${r + 1}, column '${columns[c].header}' is ${cell}`,
          undefined, 'a NaN or infinite result points at a failed computation upstream; report it as text if intended');
      }
    });
  });
  const align = columns.map((col, c) =>
    col.align ?? (table.rows.length > 0 && table.rows.every((row) => typeof row[c] === 'number') ? 'right' : 'left'));
  const cls = (c: number): string => (align[c] === 'right' ? 'num' : 'txt');
  const out: string[] = ['<table>'];
  if (table.caption) out.push(`<caption>${escapeXml(table.caption)}</caption>`);
  out.push(`<thead><tr>${columns.map((col, c) => `<th class="${cls(c)}">${escapeXml(col.header)}</th>`).join('')}</tr></thead>`);
  out.push('<tbody>');
  for (const row of table.rows) {
    out.push(`<tr>${row.map((cell, c) => `<td class="${cls(c)}">${escapeXml(String(cell))}</td>`).join('')}</tr>`);
  }
  out.push('</tbody>', '</table>');
  return out.join('\n');
}

/**
 * An SVG document ready to inline: the XML declaration and the namespace URL (implied inside
 * HTML) are dropped, and anything that could fetch or run something is refused.
 */
function inlineSvg(svg: string, where: string): string {
  const body = svg
    .replace(/^\s*<\?xml[^>]*\?>\s*/, '')
    .replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '')
    .replace(/\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, '')
    .trim();
  if (!body.startsWith('<svg')) throw new CimsimError(`${where} is not an SVG document (it must start with <svg)`);
  const forbidden = body.match(/https?:\/\/|<script|<foreignObject|\son[a-z]+\s*=|(?:xlink:)?href\s*=\s*["'](?!#)|url\(\s*(?!['"]?#)|@import/i);
  if (forbidden) {
    throw new CimsimError(`${where} has an external reference or script ('${forbidden[0]}')`, undefined,
      'the report must be self-contained; embed the resource or drop it');
  }
  return body;
}
