import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CimsimError } from '../errors.js';
import { readNpy } from './npy.js';

/** Largest tensor file read: 256 MiB (a network for these arrays is far smaller). */
const MAX_BYTES = 256 * 1024 * 1024;

/**
 * A tensor of a network file, read from `.npy` (float32, C order), `.csv` (one matrix row per
 * line, numbers separated by commas) or `.hex` (a +-1 matrix, one row per line, hex digits read
 * most significant bit first: bit 1 = +1, bit 0 = -1). `shape` is what the layer needs (rows,
 * or rows x columns; a first dimension of -1 takes the file's count); a file of another shape, or
 * with a value that is not a number, is refused with its file and line:col (CSV, hex).
 */
export function loadTensor(file: string, wanted: readonly number[], what: string): Float64Array {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_BYTES) throw new CimsimError(`${what} file ${file} is larger than 256 MiB`, undefined, 'check the file: the tensors of a network for these arrays are far smaller');
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof CimsimError) throw e;
    throw new CimsimError(`cannot read ${what} file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, undefined, 'paths in a network file are relative to the network file');
  }
  const ext = path.extname(file).toLowerCase();
  const shape = wanted[0] === -1 ? [firstDimension(bytes, ext, file), ...wanted.slice(1)] : wanted;
  const count = shape.reduce((a, b) => a * b, 1);
  if (ext === '.npy') {
    const t = readNpy(bytes, file);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new CimsimError(`${what} file ${file} holds shape (${t.shape.join(', ')}), the layer needs (${shape.join(', ')})`, { file, line: 1, col: 1 }, 'save the tensor with that shape (outputs first for weights)');
    }
    return Float64Array.from(t.data);
  }
  if (ext === '.csv') return parseCsv(bytes.toString('utf8'), file, shape, count, what);
  if (ext === '.hex') return parseHex(bytes.toString('utf8'), file, shape, what);
  throw new CimsimError(`${what} file ${file} must end in .npy, .csv or .hex`, undefined, 'numpy.save(path, array.astype(numpy.float32)) writes .npy');
}

/** The count of a tensor's first dimension as the file holds it (rows of a CSV or hex file). */
function firstDimension(bytes: Buffer, ext: string, file: string): number {
  if (ext === '.npy') return readNpy(bytes, file).shape[0] ?? 1;
  return lines(bytes.toString('utf8')).length;
}

function lines(text: string): string[] {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (all.length > 0 && all[all.length - 1].trim() === '') all.pop();
  return all;
}

function parseCsv(text: string, file: string, shape: readonly number[], count: number, what: string): Float64Array {
  const rows = lines(text);
  const cols = shape.length === 2 ? shape[1] : 1;
  const want = shape.length === 2 ? shape[0] : count;
  if (rows.length !== want) {
    throw new CimsimError(`${what} file ${file} has ${rows.length} lines, the layer needs ${want}`, { file, line: Math.min(rows.length + 1, want + 1), col: 1 }, `one line per ${shape.length === 2 ? 'matrix row' : 'value'}`);
  }
  const out = new Float64Array(count);
  rows.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== cols) {
      throw new CimsimError(`${what} file ${file}: line ${r + 1} has ${cells.length} values, the layer needs ${cols}`, { file, line: r + 1, col: 1 }, 'values are separated by commas', line);
    }
    let col = 1;
    cells.forEach((cell, c) => {
      const v = Number(cell.trim());
      if (cell.trim() === '' || !Number.isFinite(v)) {
        throw new CimsimError(`${what} file ${file}: \`${cell.trim().slice(0, 20)}\` is not a finite number`, { file, line: r + 1, col }, 'write plain decimal numbers such as -1, 3 or 0.25', line, Math.max(1, cell.length));
      }
      out[r * cols + c] = v;
      col += cell.length + 1;
    });
  });
  return out;
}

function parseHex(text: string, file: string, shape: readonly number[], what: string): Float64Array {
  if (shape.length !== 2) throw new CimsimError(`${what} file ${file}: hex files hold +-1 weight matrices, not a ${shape.length}-dimensional tensor`, undefined, 'use .npy or .csv for scales and biases');
  const [rows, cols] = shape;
  const lineList = lines(text);
  const digits = Math.ceil(cols / 4);
  if (lineList.length !== rows) {
    throw new CimsimError(`${what} file ${file} has ${lineList.length} lines, the layer needs ${rows} (one per output)`, { file, line: Math.min(lineList.length + 1, rows + 1), col: 1 });
  }
  const out = new Float64Array(rows * cols);
  lineList.forEach((line, r) => {
    const hex = line.trim();
    if (hex.length !== digits) {
      throw new CimsimError(`${what} file ${file}: line ${r + 1} has ${hex.length} hex digits, ${cols} inputs need ${digits}`, { file, line: r + 1, col: 1 }, 'bit 1 = +1, bit 0 = -1, most significant bit first; pad the last digit with zeros', line);
    }
    for (let k = 0; k < digits; k++) {
      const d = parseInt(hex[k], 16);
      if (Number.isNaN(d)) throw new CimsimError(`${what} file ${file}: \`${hex[k]}\` is not a hex digit`, { file, line: r + 1, col: line.indexOf(hex) + k + 1 }, 'use 0-9 and a-f', line);
      for (let b = 0; b < 4 && 4 * k + b < cols; b++) out[r * cols + 4 * k + b] = (d >> (3 - b)) & 1 ? 1 : -1;
    }
  });
  return out;
}
