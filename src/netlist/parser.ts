import * as path from 'node:path';
import { CimsimError, closest } from '../errors.js';
import { errorAt, lex, type LogicalLine, type Token } from './lexer.js';
import { unreadableReason } from './read.js';

/**
 * Parser: logical lines -> statements, with `.include` files expanded in place. The parser knows
 * the syntax only; which device types and parameters exist is checked at elaboration.
 */

/** A value as written: one word (comma-joined words for lists), a {expression} or a "string". */
export interface Value {
  readonly kind: 'word' | 'brace' | 'string';
  /** One token, or several when a list was written with spaces after commas. */
  readonly parts: readonly Token[];
}

export interface Assign {
  readonly key: Token;
  readonly value: Value;
}

/** Which file a statement came from. */
export interface FileInfo {
  /** Path as shown in messages (relative paths joined onto the including file's folder). */
  readonly display: string;
  /** 0 for the main file. */
  readonly depth: number;
}

export type Statement =
  | { readonly kind: 'title'; readonly text: string; readonly dir: Token; readonly file: FileInfo }
  | { readonly kind: 'param' | 'tech'; readonly dir: Token; readonly assigns: readonly Assign[]; readonly file: FileInfo }
  | { readonly kind: 'instance'; readonly name: Token; readonly type: Token; readonly assigns: readonly Assign[]; readonly file: FileInfo };

/** How the parser reads included files; returns the text or throws a Node error. */
export type FileReader = (absolutePath: string) => string;

export interface ParsedNetlist {
  readonly statements: readonly Statement[];
  /** Display paths of every file read, main first. */
  readonly files: readonly string[];
}

/** Deepest `.include` nesting accepted (the main file is depth 0). */
export const MAX_INCLUDE_DEPTH = 16;

const DIRECTIVES = ['.param', '.tech', '.include', '.title', '.end'];

/** Directives of other simulators that users will try, with what to write instead. */
const FOREIGN: Readonly<Record<string, string>> = {
  '.temp': 'set the temperature with `.tech temp=85` (degrees C)',
  '.lib': 'use `.include file` to read another netlist file',
  '.inc': 'write `.include file`',
  '.options': 'cimsim has no simulator options in netlists; scenario files set run options',
  '.option': 'cimsim has no simulator options in netlists; scenario files set run options',
  '.model': 'device models are technology parameters: `.tech key=value`',
  '.subckt': 'cimsim netlists are flat; repeat instances or use .include',
  '.params': 'write `.param name=value`',
};

export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse a netlist text and, recursively, the files it includes. */
export function parseNetlist(text: string, display: string, absolute: string, read: FileReader): ParsedNetlist {
  const statements: Statement[] = [];
  const files: string[] = [];
  parseInto(text, { display, depth: 0 }, absolute, [], read, statements, files);
  return { statements, files };
}

function parseInto(text: string, file: FileInfo, absolute: string, stack: readonly { abs: string; display: string }[],
  read: FileReader, out: Statement[], files: string[]): void {
  if (!files.includes(file.display)) files.push(file.display);
  const chain = [...stack, { abs: absolute, display: file.display }];
  let parsed = 0; // statements of this file so far
  const own = <T>(step: () => T): T => {
    try {
      return step();
    } catch (err) {
      if (parsed === 0 && file.depth > 0 && err instanceof CimsimError) throw new NotANetlist(err.loc?.line ?? 1);
      throw err;
    }
  };
  let lines: LogicalLine[];
  try {
    lines = lex(text, file.display);
  } catch (err) {
    // A lexer error on the first line with content is the same case as a first statement that fails.
    const firstContent = text.split('\n').findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('*')) + 1;
    if (file.depth > 0 && err instanceof CimsimError && err.loc?.line === firstContent) throw new NotANetlist(firstContent);
    throw err;
  }
  for (const line of lines) {
    const first = line.tokens[0];
    if (first.kind === 'word' && first.text.startsWith('.')) {
      const dir = first.text.toLowerCase();
      if (dir === '.end') return;
      if (dir === '.include') {
        includeFile(line, file, chain, read, out, files);
      } else {
        out.push(own(() => parseDirective(line, dir, file)));
      }
    } else {
      out.push(own(() => parseInstance(line, file)));
    }
    parsed++;
  }
}

function includeFile(line: LogicalLine, file: FileInfo, chain: readonly { abs: string; display: string }[],
  read: FileReader, out: Statement[], files: string[]): void {
  const [dir, target, extra] = line.tokens;
  if (target === undefined) throw errorAt(dir, '`.include` needs a file name', 'write `.include "tech/cmos65.tech"` (relative to this file)');
  if (target.kind !== 'word' && target.kind !== 'string') throw errorAt(target, 'expected a file name after `.include`', 'write `.include "file.cir"`');
  if (extra !== undefined) throw errorAt(extra, 'unexpected text after the `.include` file name', 'put one `.include` per line; quote names that contain spaces');
  if (target.text === '') throw errorAt(target, '`.include` file name is empty');
  const current = chain[chain.length - 1];
  const abs = path.resolve(path.dirname(current.abs), target.text);
  const display = path.isAbsolute(target.text) ? target.text : path.join(path.dirname(file.display), target.text);
  const cycleAt = chain.findIndex((c) => c.abs === abs);
  if (cycleAt >= 0) {
    const cycle = [...chain.slice(cycleAt).map((c) => c.display), display].join(' -> ');
    throw errorAt(target, `include cycle: ${cycle}`, 'a file must not include itself, directly or through other files');
  }
  if (file.depth + 1 > MAX_INCLUDE_DEPTH) {
    throw errorAt(target, `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels`, `the chain is ${chain.map((c) => c.display).join(' -> ')} -> ...; flatten it`);
  }
  let text: string;
  try {
    text = read(abs);
  } catch (err) {
    const why = unreadableReason(err);
    throw errorAt(target, `cannot read include file \`${display}\`: ${why}`, `paths are relative to the including file's folder (${path.dirname(file.display) || '.'})`);
  }
  try {
    parseInto(text, { display, depth: file.depth + 1 }, abs, chain, read, out, files);
  } catch (err) {
    // A file that fails at its first statement is no netlist (a password file, a binary): say so
    // at the `.include`, without echoing its contents.
    if (err instanceof NotANetlist) {
      throw errorAt(target, `include file \`${display}\` is not a cimsim netlist: its first statement (line ${err.line}) does not parse`,
        'include only netlist and technology files (.cir, .tech); paths are relative to the including file');
    }
    throw err;
  }
}

/** An included file whose very first statement does not parse. */
class NotANetlist extends Error {
  constructor(readonly line: number) {
    super('not a netlist');
  }
}

function parseDirective(line: LogicalLine, dir: string, file: FileInfo): Statement {
  const tok = line.tokens[0];
  if (dir === '.title') {
    // The title is the raw text after the keyword (continuations joined by a space).
    const [head, ...more] = line.segments;
    const afterKeyword = head.text.slice(tok.loc.col - head.startCol + tok.span);
    const text = [afterKeyword, ...more.map((s) => s.text)].map((s) => s.trim()).filter((s) => s !== '').join(' ');
    return { kind: 'title', text, dir: tok, file };
  }
  if (dir === '.param' || dir === '.tech') {
    const assigns = parseAssigns(line.tokens, 1);
    if (assigns.length === 0) throw errorAt(tok, `\`${dir}\` needs at least one name=value`, dir === '.param' ? 'e.g. `.param ncols=32 cbl={0.3fF*64}`' : 'e.g. `.tech vdd=1.0 temp=85`');
    return { kind: dir === '.param' ? 'param' : 'tech', dir: tok, assigns, file };
  }
  const foreign = FOREIGN[dir];
  if (foreign !== undefined) throw errorAt(tok, `\`${tok.text}\` is not supported by cimsim netlists`, foreign);
  const guess = closest(dir, DIRECTIVES);
  throw errorAt(tok, `unknown directive \`${tok.text}\``,
    guess !== null ? `did you mean \`${guess}\`?` : `directives are ${DIRECTIVES.join(' ')}`);
}

function parseInstance(line: LogicalLine, file: FileInfo): Statement {
  const [name, type] = line.tokens;
  const firstLineHint = file.depth === 0 && name.loc.line === 1
    ? 'unlike SPICE, the first line is not a title: write `.title ...` or start it with `*`' : undefined;
  if (name.kind !== 'word' || !NAME_RE.test(name.text)) {
    throw errorAt(name, `expected an instance name or a directive, found \`${name.text}\``,
      firstLineHint ?? 'instance lines read `<name> <type> key=value ...`; names start with a letter or `_` and contain letters, digits and `_`');
  }
  if (type === undefined) {
    throw errorAt(name, `instance \`${name.text}\` needs a device type after its name`, firstLineHint ?? 'e.g. `A0 cimarray rows=64 cols=32`');
  }
  if (type.kind !== 'word' || !NAME_RE.test(type.text)) {
    throw errorAt(type, `expected a device type after \`${name.text}\`, found \`${type.text}\``, firstLineHint ?? 'e.g. `A0 cimarray rows=64 cols=32`');
  }
  try {
    return { kind: 'instance', name, type, assigns: parseAssigns(line.tokens, 2), file };
  } catch (err) {
    if (firstLineHint !== undefined && err instanceof CimsimError) {
      throw new CimsimError(err.message, err.loc, firstLineHint, err.sourceLine, err.span);
    }
    throw err;
  }
}

/** `key=value key={expr} key="text" list=a,b, c` from token index `from`. */
function parseAssigns(tokens: readonly Token[], from: number): Assign[] {
  const out: Assign[] = [];
  let i = from;
  while (i < tokens.length) {
    const key = tokens[i];
    const eq = tokens[i + 1];
    if (key.kind !== 'word' || !NAME_RE.test(key.text)) {
      throw errorAt(key, `expected \`name=value\`, found \`${key.kind === 'brace' ? `{${key.text}}` : key.text}\``,
        'parameters are written name=value with no positional values');
    }
    if (eq === undefined || eq.kind !== 'eq') {
      throw errorAt(key, `expected \`=\` after \`${key.text}\``, `write ${key.text}=value`);
    }
    const first = tokens[i + 2];
    if (first === undefined || first.kind === 'eq') {
      throw errorAt(eq, `expected a value after \`${key.text}=\``, 'values are numbers (0.3fF), names, {expressions} or "strings"');
    }
    const parts: Token[] = [first];
    i += 3;
    // A list written with spaces after commas (`groups=16, 8, 4`) is joined back into one value.
    while (first.kind === 'word' && i < tokens.length && tokens[i].kind === 'word') {
      const last = parts[parts.length - 1];
      const next = tokens[i];
      const nextIsKey = tokens[i + 1]?.kind === 'eq';
      if ((last.text.endsWith(',') && !nextIsKey) || next.text.startsWith(',')) {
        parts.push(next);
        i++;
      } else break;
    }
    out.push({ key, value: { kind: first.kind as Value['kind'], parts } });
  }
  return out;
}

/** Raise when a file cannot be read at all (used for the main file by elaborateFile). */
export function unreadable(file: string, err: unknown): CimsimError {
  const why = unreadableReason(err);
  return new CimsimError(`cannot read netlist \`${file}\`: ${why}`, undefined, 'check the path (relative to the current folder)');
}
