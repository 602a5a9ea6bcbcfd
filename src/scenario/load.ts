import * as path from 'node:path';
import { printParseErrorCode, ParseErrorCode, visit } from 'jsonc-parser';
import { CimsimError } from '../errors.js';
import { DEVICE_SPECS } from '../devices/registry.js';
import { elaborateFile } from '../netlist/index.js';
import { readInputText, unreadableReason } from '../netlist/read.js';
import type { Design } from '../netlist/params.js';
import { TECH_PARAMS } from '../tech/params.js';
import { validateScenario } from './schema.js';
import type { Scenario } from './types.js';

/** Read a scenario file; JSON syntax errors come back as file:line:col. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readInputText(file);
  } catch (err) {
    throw new CimsimError(`cannot read scenario ${file}: ${unreadableReason(err)}`, undefined, 'check the path; bundled scenarios live in scenarios/');
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
    throw new CimsimError(`invalid JSON: ${JSON_PROBLEMS[e.error] ?? printParseErrorCode(e.error)}`, { file, line, col }, 'scenarios are JSON: check commas, quotes and brackets (is this a netlist? run `cimsim check` on netlists)', text.split('\n')[line - 1], Math.max(1, e.length));
  }
  // Schema problems are located at the value (or, for an unknown key, the key) they name.
  const locate = (pointer: (string | number)[], atKey: boolean): { line: number; col: number } => lineCol(text, offsetOf(text, pointer, atKey));
  return validateScenario(data, file, (pointer, atKey) => ({ file, ...locate(pointer, atKey) }), text);
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

/** Netlist path of a scenario, resolved relative to the scenario file. */
export function netlistPath(scenarioFile: string, scenario: Scenario): string {
  return path.resolve(path.dirname(scenarioFile), scenario.netlist);
}

/** Elaborate a scenario's netlist with its overrides plus extra ones (sweeps, Monte Carlo). */
export function elaborateScenario(scenarioFile: string, scenario: Scenario, extra: Record<string, number | string> = {}): Design {
  return elaborateFile(netlistPath(scenarioFile, scenario), { devices: DEVICE_SPECS, tech: TECH_PARAMS, overrides: { ...(scenario.overrides ?? {}), ...extra } });
}
