import type { SourceLoc } from './netlist/params.js';

/** Exit codes of the `cimsim` command (documented in the README). */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * An error in the user's input (netlist, scenario, command line, model card). The CLI prints it
 * as `file:line:col: message`, the offending line with a caret, and the hint; never a stack trace.
 */
export class CimsimError extends Error {
  constructor(
    message: string,
    readonly loc?: SourceLoc,
    readonly hint?: string,
    /** The offending source line, for the caret display. */
    readonly sourceLine?: string,
    /** Caret width (characters under the offending token). */
    readonly span = 1,
  ) {
    super(message);
    this.name = 'CimsimError';
  }

  /** Human-readable, multi-line rendering used by the CLI. */
  format(): string {
    const where = this.loc ? `${escapeControls(this.loc.file)}:${this.loc.line}:${this.loc.col}: ` : '';
    const lines = [`${where}error: ${escapeControls(clipQuoted(this.message))}`];
    if (this.sourceLine !== undefined && this.loc) {
      // Tabs and control characters would shift the caret or drive the terminal: one visible cell each.
      const visible = this.sourceLine.replace(/\t/g, ' ').replace(CONTROL, '?');
      const shown = sourceWindow(visible, this.loc.col - 1, Math.max(1, this.span));
      lines.push(`  ${shown.text}`);
      lines.push(`  ${' '.repeat(shown.caretAt)}${'^'.repeat(shown.caretWidth)}`);
    }
    if (this.hint) lines.push(`hint: ${escapeControls(clipQuoted(this.hint))}`);
    return lines.join('\n');
  }
}

/** C0 and C1 control characters and DEL: what a netlist must never send raw to a terminal. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters as \xNN (newlines of a multi-line message stay). */
function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\n' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** Longest `quoted` input echoed in a message, characters; longer ones show their start and length. */
const MAX_QUOTED = 60;
/** Widest source line shown under a message, characters; longer lines show a window round the column. */
const MAX_SOURCE = 120;

/** An 80,000-digit number or a 40,000-character name must not flood the terminal. */
function clipQuoted(text: string): string {
  return text.replace(/`([^`]*)`/g, (whole, inner: string) => (inner.length <= MAX_QUOTED ? whole : `\`${inner.slice(0, MAX_QUOTED - 20)}...\` (${inner.length} characters)`));
}

function sourceWindow(line: string, col: number, span: number): { text: string; caretAt: number; caretWidth: number } {
  if (line.length <= MAX_SOURCE) return { text: line, caretAt: col, caretWidth: span };
  const start = Math.max(0, Math.min(col - 20, line.length - MAX_SOURCE));
  const end = Math.min(line.length, start + MAX_SOURCE);
  const lead = start > 0 ? '...' : '';
  const text = `${lead}${line.slice(start, end)}${end < line.length ? '...' : ''}`;
  const caretAt = lead.length + col - start;
  return { text, caretAt, caretWidth: Math.max(1, Math.min(span, end - col)) };
}

/** Closest candidate by edit distance, for "did you mean" hints (null when nothing is close). */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
