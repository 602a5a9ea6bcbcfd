import * as path from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, ParseErrorCode, type ParseError } from 'jsonc-parser';
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
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || tree === undefined) {
    const e = errors[0] ?? { error: ParseErrorCode.InvalidSymbol, offset: 0, length: 0 };
    const { line, col } = lineCol(text, e.offset);
    throw new CimsimError(`invalid JSON: ${JSON_PROBLEMS[e.error] ?? printParseErrorCode(e.error)}`, { file, line, col }, 'scenarios are JSON: check commas, quotes and brackets (is this a netlist? run `cimsim check` on netlists)', text.split('\n')[line - 1], Math.max(1, e.length));
  }
  const data: unknown = JSON.parse(text);
  // Schema problems are located at the value (or the object) they name.
  const locate = (pointer: (string | number)[], atKey: boolean): { line: number; col: number } => {
    const node = findNodeAtLocation(tree, pointer) ?? tree;
    const key = atKey && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return lineCol(text, (key ?? node).offset);
  };
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
