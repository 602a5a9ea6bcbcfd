import * as fs from 'node:fs';

/** Largest input file read, bytes: a netlist with inline weights of several 4096 x 4096 arrays fits. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Read a text input (netlist, include, scenario) after checking that it is a regular file of at
 * most `maxBytes`: a device (/dev/zero), FIFO or socket would never end or exhaust memory.
 * Throws an Error with `code` 'ENOTREG', 'EFBIG' or 'EBINARY' (or the file system's own code).
 */
export function readInputText(file: string, maxBytes = MAX_INPUT_BYTES): string {
  const st = fs.statSync(file);
  if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
  if (st.size > maxBytes) throw Object.assign(new Error(`${st.size} bytes`), { code: 'EFBIG', size: st.size });
  const text = fs.readFileSync(file, 'utf8');
  // NUL bytes never occur in text: a program or an image would only give garbled errors.
  if (text.includes('\u0000')) throw Object.assign(new Error('binary'), { code: 'EBINARY' });
  return text;
}

/** Why an input could not be read, in words. */
export function unreadableReason(err: unknown): string {
  const e = err as { code?: string; size?: number; message?: string };
  switch (e.code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a folder';
    case 'EACCES': return 'permission denied';
    case 'ENOTREG': return 'it is not a regular file (a device, FIFO or socket)';
    case 'EFBIG': return `it is ${e.size} bytes, more than the ${MAX_INPUT_BYTES} an input file may have`;
    case 'EBINARY': return 'it is a binary file (it holds NUL bytes), not text';
    case 'ELOOP': return 'its path is a loop of symbolic links';
    case 'ENOTDIR': return 'a part of its path is a file, not a folder';
    case 'ENAMETOOLONG': return 'its path is too long';
    case 'ENXIO': return 'it is a device or socket with nothing behind it';
    case 'EMFILE': case 'ENFILE': return 'too many files are open; close some and retry';
    case 'EPERM': return 'the operation is not permitted';
    case 'ERR_INVALID_ARG_VALUE': case 'ERR_INVALID_ARG_TYPE': return 'the name holds a character no path may hold (a NUL byte)';
    default: return typeof e.code === 'string' ? `the file system refused (${e.code})` : String(e.message ?? err);
  }
}
