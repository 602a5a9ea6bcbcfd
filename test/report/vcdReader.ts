/**
 * A small VCD reader written for the tests only, from IEEE 1364-2005 section 18, sharing no code
 * with the writer. It understands $timescale, $scope/$upscope, $var, #time, $dumpvars blocks,
 * scalar (`1!`), vector (`b1010 !`) and real (`r1.5 !`) changes.
 */
export interface VcdVar {
  path: string; // scope.scope.name
  type: string; // real, wire, ...
  size: number;
  code: string;
}

export interface ParsedVcd {
  timescale: string;
  vars: Map<string, VcdVar>; // by path
  /** path -> changes in file order: [time, raw value text] */
  changes: Map<string, Array<[number, string]>>;
  /** Times of `#` lines in file order. */
  times: number[];
  /** Codes listed in the first $dumpvars block. */
  dumpvarsCodes: Set<string>;
}

export function parseVcd(text: string): ParsedVcd {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  const scope: string[] = [];
  const vars = new Map<string, VcdVar>();
  const codeToPaths = new Map<string, string[]>();
  const changes = new Map<string, Array<[number, string]>>();
  const times: number[] = [];
  const dumpvarsCodes = new Set<string>();
  let timescale = '';
  let time = 0;
  let inDumpvars = false;
  let seenDumpvars = false;
  let k = 0;
  const untilEnd = (): string[] => {
    const body: string[] = [];
    while (tokens[k] !== '$end') {
      if (k >= tokens.length) throw new Error('unterminated section');
      body.push(tokens[k++]);
    }
    k++;
    return body;
  };
  const record = (code: string, value: string): void => {
    const paths = codeToPaths.get(code);
    if (!paths) throw new Error(`change for undeclared code '${code}'`);
    if (inDumpvars && !seenDumpvars) dumpvarsCodes.add(code);
    for (const p of paths) changes.get(p)!.push([time, value]);
  };
  while (k < tokens.length) {
    const t = tokens[k++];
    if (t === '$timescale') timescale = untilEnd().join('');
    else if (t === '$date' || t === '$version' || t === '$comment') untilEnd();
    else if (t === '$scope') scope.push(untilEnd()[1]);
    else if (t === '$upscope') {
      untilEnd();
      scope.pop();
    } else if (t === '$var') {
      const [type, size, code, name] = untilEnd();
      const path = [...scope, name].join('.');
      vars.set(path, { path, type, size: Number(size), code });
      codeToPaths.set(code, [...(codeToPaths.get(code) ?? []), path]);
      changes.set(path, []);
    } else if (t === '$enddefinitions') untilEnd();
    else if (t === '$dumpvars' || t === '$dumpall' || t === '$dumpon' || t === '$dumpoff') inDumpvars = true;
    else if (t === '$end') {
      if (inDumpvars) seenDumpvars = true;
      inDumpvars = false;
    } else if (t.startsWith('#')) {
      time = Number(t.slice(1));
      times.push(time);
    } else if (t[0] === 'r' || t[0] === 'R' || t[0] === 'b' || t[0] === 'B') {
      record(tokens[k++], t.slice(1));
    } else if ('01xXzZ'.includes(t[0])) {
      record(t.slice(1), t[0]);
    } else {
      throw new Error(`unexpected token '${t}'`);
    }
  }
  return { timescale, vars, changes, times, dumpvarsCodes };
}

/** Value of a signal at `time` (last change at or before it), or undefined before its first change. */
export function valueAt(vcd: ParsedVcd, path: string, time: number): string | undefined {
  const list = vcd.changes.get(path);
  if (!list) throw new Error(`no signal ${path}`);
  let value: string | undefined;
  for (const [t, v] of list) {
    if (t > time) break;
    value = v;
  }
  return value;
}

/** Vector text to a number, zero-extending on the left as the standard says. */
export function bitsToNumber(bits: string): number {
  if (!/^[01]+$/.test(bits)) return NaN;
  return parseInt(bits, 2);
}
