import * as fs from 'node:fs';
import * as path from 'node:path';
import { CimsimError } from '../errors.js';

// Every file cimsim writes goes through here, so that a full disk, a read-only or missing folder, or
// a path that names a file where a folder is needed is an input problem the user can act on (exit 2)
// rather than an internal error, and so that a file is either the old one or the new one, complete.

/** The file-system condition behind a failed write, in words, with what to do. */
export function outputProblem(err: unknown, target: string, action = 'write'): CimsimError {
  const code = (err as { code?: string }).code;
  const what = `cannot ${action} ${target}`;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new CimsimError(`${what}: no space left on the device (or quota exceeded)`, undefined, 'free disk space, or choose another output location, and run again');
    case 'EFBIG':
      return new CimsimError(`${what}: the file would exceed the size this process may write (ulimit -f)`, undefined, 'raise the file-size limit or choose another output location');
    case 'EACCES':
    case 'EPERM':
      return new CimsimError(`${what}: permission denied`, undefined, 'choose an output location you may write to');
    case 'EROFS':
      return new CimsimError(`${what}: the file system is read-only`, undefined, 'choose an output location on a writable file system');
    case 'ENOTDIR':
    case 'EEXIST':
      return new CimsimError(`${what}: a part of the path is a file where a folder is needed`, undefined, 'give a folder path (or a new name) for the output');
    case 'EISDIR':
      return new CimsimError(`${what}: it is a folder`, undefined, 'give a file name, not a folder');
    case 'ENAMETOOLONG':
      return new CimsimError(`${what}: the path is too long`, undefined, 'choose a shorter output path');
    case 'ELOOP':
      return new CimsimError(`${what}: the path has a loop of symbolic links`, undefined, 'choose another output path');
    default:
      if (typeof code === 'string') return new CimsimError(`${what}: the file system refused (${code})`, undefined, 'check the output location and run again');
      throw err;
  }
}

/** Create an output folder (and its parents); a file in the way or a read-only disk is exit 2. */
export function ensureOutputDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw outputProblem(e, dir, 'create the folder');
  }
  if (!fs.statSync(dir).isDirectory()) throw outputProblem({ code: 'ENOTDIR' }, dir, 'create the folder');
}

/**
 * Write a whole file atomically: into a temporary file beside it, then renamed over it, so a full
 * disk or a kill leaves either the previous complete file or the new one, never a torn one.
 * Devices and pipes (/dev/stdout, a FIFO) cannot be renamed over and are written directly.
 */
export function writeOutputFile(file: string, text: string): void {
  ensureOutputDir(path.dirname(path.resolve(file)));
  let special = false;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw outputProblem({ code: 'EISDIR' }, file);
    special = !st.isFile();
  } catch (e) {
    if (e instanceof CimsimError) throw e;
    // ENOENT: a new file.
  }
  if (special) {
    try {
      fs.writeFileSync(file, text);
    } catch (e) {
      throw outputProblem(e, file);
    }
    return;
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw outputProblem(e, file);
  }
}
