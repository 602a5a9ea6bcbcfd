import { printParseErrorCode, ParseErrorCode, visit } from 'jsonc-parser';
import { CimsimError } from '../errors.js';
import type { SourceLoc } from '../netlist/params.js';
import { readInputText, unreadableReason } from '../netlist/read.js';

/** A JSON input file: its value, its text, and where in the text a value (or its key) is. */
export interface JsonFile {
  data: unknown;
  text: string;
  /** Location of the value at `pointer` (or of its key, for an unknown key), for messages. */
  locate(pointer: readonly (string | number)[], atKey?: boolean): SourceLoc;
}

/**
 * Read a JSON input file (scenario, network description). A byte-order mark is accepted; a
 * syntax error comes back as file:line:col with the line shown.
 */
export function readJsonFile(file: string, o: { what: string; unreadableHint: string; syntaxHint: string }): JsonFile {
  let text: string;
  try {
    text = readInputText(file);
  } catch (err) {
    throw new CimsimError(`cannot read ${o.what} ${file}: ${unreadableReason(err)}`, undefined, o.unreadableHint);
  }
  // Editors on Windows save UTF-8 with a byte-order mark; netlists accept one too.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Located by streaming through the text (no syntax tree), only when JSON.parse refuses it.
    let first: { error: ParseErrorCode; offset: number; length: number } | undefined;
    visit(text, { onError: (error, offset, length) => void (first ??= { error, offset, length }) }, { disallowComments: true, allowTrailingComma: false });
    const e = first ?? { error: ParseErrorCode.InvalidSymbol, offset: 0, length: 0 };
    const { line, col } = lineCol(text, e.offset);
    throw new CimsimError(`invalid JSON: ${JSON_PROBLEMS[e.error] ?? printParseErrorCode(e.error)}`, { file, line, col }, o.syntaxHint, text.split('\n')[line - 1], Math.max(1, e.length));
  }
  const body = text;
  return { data, text, locate: (pointer, atKey = false) => ({ file, ...lineCol(body, offsetOf(body, pointer, atKey)) }) };
}

/** Plain words for the JSON syntax problems people make. */
const JSON_PROBLEMS: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.PropertyNameExpected]: 'expected a quoted key',
  [ParseErrorCode.ValueExpected]: 'expected a value',
  [ParseErrorCode.ColonExpected]: 'expected `:` after the key',
  [ParseErrorCode.CommaExpected]: 'expected `,` between entries',
  [ParseErrorCode.CloseBraceExpected]: 'expected `}`',
  [ParseErrorCode.CloseBracketExpected]: 'expected `]`',
  [ParseErrorCode.EndOfFileExpected]: 'text after the end of the JSON value',
  [ParseErrorCode.UnexpectedEndOfString]: 'a string is not closed',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not JSON',
};

/**
 * Character offset of the value at `pointer` (or of its key), found by streaming through the text:
 * no syntax tree is built, so a 10 MB scenario is located in constant memory. 0 when not found.
 */
function offsetOf(text: string, pointer: readonly (string | number)[], atKey: boolean): number {
  const want = JSON.stringify(pointer);
  const parent = JSON.stringify(pointer.slice(0, -1));
  const last = pointer[pointer.length - 1];
  let found = -1;
  const at = (offset: number, path: () => (string | number)[]): void => {
    if (found < 0 && JSON.stringify(path()) === want) found = offset;
  };
  visit(text, {
    onObjectBegin: (offset, _l, _sl, _sc, path) => at(offset, path),
    onArrayBegin: (offset, _l, _sl, _sc, path) => at(offset, path),
    onLiteralValue: (_v, offset, _l, _sl, _sc, path) => at(offset, path),
    onObjectProperty: (property, offset, _l, _sl, _sc, path) => {
      if (found < 0 && atKey && property === last && JSON.stringify(path()) === parent) found = offset;
    },
  });
  return Math.max(0, found);
}

/** 1-based line and column of a character offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}

