import { CimsimError } from '../errors.js';
import type { SourceLoc } from './params.js';

/**
 * Lexer: text -> logical lines of tokens. `*` starts a comment line, `;` an inline comment,
 * a line starting with `+` continues the previous logical line. Every token keeps the
 * physical line it came from, so errors point at the exact line and column (1-based).
 */

export type TokenKind = 'word' | 'eq' | 'brace' | 'string';

export interface Token {
  readonly kind: TokenKind;
  /** word: as written; brace: the expression between the braces; string: the quoted text. */
  readonly text: string;
  /** Position of the first character (the `{` or `"` for braces and strings). */
  readonly loc: SourceLoc;
  /** Characters the token covers in the source, braces and quotes included. */
  readonly span: number;
  /** The physical source line (comment stripped), for the caret display. */
  readonly sourceLine: string;
}

export interface LogicalLine {
  readonly tokens: readonly Token[];
  /** Comment-stripped text of each physical line, the continuation `+` removed. */
  readonly segments: readonly { readonly line: number; readonly text: string; readonly startCol: number }[];
}

/** A CimsimError pointing at a token, or at `span` characters from `offset` inside it. */
export function errorAt(tok: Token, message: string, hint?: string, offset = 0, span = 0): CimsimError {
  const loc = { file: tok.loc.file, line: tok.loc.line, col: tok.loc.col + offset };
  return new CimsimError(message, loc, hint, tok.sourceLine, span > 0 ? span : Math.max(1, tok.span - offset));
}

/** Index where an inline `;` comment starts (outside quotes and braces), or the line length. */
function commentStart(line: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') quoted = false;
    } else if (c === '"' && depth === 0) quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) return i;
  }
  return line.length;
}

const WORD_STOP = new Set([' ', '\t', '=', '{', '}', '"']);

/** Tokens of one physical line from column `from` (0-based index into `text`). */
function tokenizeLine(text: string, from: number, file: string, line: number, sourceLine: string): Token[] {
  const tokens: Token[] = [];
  let i = from;
  const at = (col0: number): SourceLoc => ({ file, line, col: col0 + 1 });
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '=') {
      tokens.push({ kind: 'eq', text: '=', loc: at(i), span: 1, sourceLine });
      i++;
    } else if (c === '{') {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      if (j >= text.length) {
        throw new CimsimError('unclosed `{`: an expression must end with `}` on the same line', at(i),
          'close the expression with `}`; expressions cannot span continuation lines', sourceLine, text.length - i);
      }
      tokens.push({ kind: 'brace', text: text.slice(i + 1, j), loc: at(i), span: j - i + 1, sourceLine });
      i = j + 1;
    } else if (c === '"') {
      const j = text.indexOf('"', i + 1);
      if (j < 0) {
        throw new CimsimError('unclosed `"`: a quoted string must end on the same line', at(i), 'add the closing `"`', sourceLine, text.length - i);
      }
      tokens.push({ kind: 'string', text: text.slice(i + 1, j), loc: at(i), span: j - i + 1, sourceLine });
      i = j + 1;
    } else if (c === '}') {
      throw new CimsimError('unexpected `}` without a matching `{`', at(i), 'expressions are written {like * this}', sourceLine, 1);
    } else {
      let j = i;
      while (j < text.length && !WORD_STOP.has(text[j])) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), loc: at(i), span: j - i, sourceLine });
      i = j;
    }
  }
  return tokens;
}

/** Split source text into logical lines (comments removed, continuations joined). */
export function lex(text: string, file: string): LogicalLine[] {
  const out: { tokens: Token[]; segments: { line: number; text: string; startCol: number }[] }[] = [];
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let n = 0; n < physical.length; n++) {
    const raw = physical[n];
    const lineNo = n + 1;
    const stripped = raw.slice(0, commentStart(raw)).replace(/\s+$/, '');
    const first = stripped.search(/\S/);
    if (first < 0) continue;
    if (stripped[first] === '*') continue;
    if (stripped[first] === '+') {
      const current = out[out.length - 1];
      if (current === undefined) {
        throw new CimsimError('continuation line `+` with no line before it to continue', { file, line: lineNo, col: first + 1 },
          'a `+` at the start of a line continues the previous statement; remove it here', stripped, 1);
      }
      current.tokens.push(...tokenizeLine(stripped, first + 1, file, lineNo, stripped));
      current.segments.push({ line: lineNo, text: stripped.slice(first + 1), startCol: first + 2 });
      continue;
    }
    const tokens = tokenizeLine(stripped, first, file, lineNo, stripped);
    out.push({ tokens, segments: [{ line: lineNo, text: stripped.slice(first), startCol: first + 1 }] });
    // `.end` stops reading: what follows need not even be well-formed.
    if (tokens[0].kind === 'word' && tokens[0].text.toLowerCase() === '.end') break;
  }
  return out;
}

/** Tokens of a single value given outside a file (an override), located in a pseudo-file. */
export function lexValue(text: string, file: string): Token[] {
  return tokenizeLine(text, 0, file, 1, text);
}
