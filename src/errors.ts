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
    const where = this.loc ? `${this.loc.file}:${this.loc.line}:${this.loc.col}: ` : '';
    const lines = [`${where}error: ${this.message}`];
    if (this.sourceLine !== undefined && this.loc) {
      lines.push(`  ${this.sourceLine}`);
      lines.push(`  ${' '.repeat(Math.max(0, this.loc.col - 1))}${'^'.repeat(Math.max(1, this.span))}`);
    }
    if (this.hint) lines.push(`hint: ${this.hint}`);
    return lines.join('\n');
  }
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
