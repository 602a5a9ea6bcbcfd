import { CimsimError } from '../errors.js';

/**
 * Reader for NumPy .npy files holding little-endian float32 arrays in C order.
 * Layout (numpy.lib.format): magic "\x93NUMPY", major, minor version bytes, header length
 * (uint16 LE for version 1.x, uint32 LE for 2.x/3.x), an ASCII (UTF-8 for 3.x) Python dict literal
 * {'descr': '<f4', 'fortran_order': False, 'shape': (d0, d1, ), } padded with spaces and '\n',
 * then the raw data.
 */
export interface NpyArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parse .npy bytes. `file` only labels error messages. */
export function readNpy(bytes: Uint8Array, file = '<npy>'): NpyArray {
  const fail = (msg: string, hint?: string): never => {
    throw new CimsimError(msg, { file, line: 1, col: 1 }, hint);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail('not a .npy file (missing \\x93NUMPY magic)', 'save the array with numpy.save(path, array.astype(numpy.float32))');
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated .npy header');
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    return fail(`unsupported .npy format version ${major}.${bytes[7]}`, 'versions 1.0, 2.0 and 3.0 are supported');
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(`truncated .npy header: needs ${headerLen} bytes, file has ${bytes.length - headerStart}`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const dict = parseHeader(header, fail);

  if (dict.descr !== '<f4') {
    const hint = /^[<>|=]?f8$/.test(dict.descr)
      ? 'this is float64; convert with array.astype(numpy.float32) before numpy.save'
      : dict.descr === '>f4'
        ? 'this is big-endian float32; convert with array.astype("<f4")'
        : 'only little-endian float32 (<f4) is read; convert with array.astype(numpy.float32)';
    fail(`unsupported .npy dtype '${dict.descr}' (expected '<f4')`, hint);
  }
  if (dict.fortranOrder) {
    fail('.npy array is in Fortran (column-major) order', 'save numpy.ascontiguousarray(array) so the data are in C order');
  }
  const count = dict.shape.reduce((a, b) => a * b, 1);
  const expectedBytes = count * 4;
  if (bytes.length - dataStart !== expectedBytes) {
    fail(`.npy data size ${bytes.length - dataStart} bytes does not match shape (${dict.shape.join(', ')}) x 4 bytes = ${expectedBytes}`,
      'the file is truncated or was not written by numpy.save');
  }
  // Copy through a DataView: the data offset need not be 4-byte aligned in the caller's buffer.
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + 4 * i, true);
  return { shape: dict.shape, data };
}

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

function parseHeader(header: string, fail: (msg: string, hint?: string) => never): NpyHeader {
  const text = header.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) fail(`malformed .npy header: ${JSON.stringify(text.slice(0, 80))}`);
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr) fail(".npy header has no 'descr' entry", 'structured dtypes (a list of fields) are not supported');
  if (!fortran) fail(".npy header has no 'fortran_order' entry");
  if (!shape) fail(".npy header has no 'shape' tuple");
  const dims = shape![1].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const nums = dims.map((d) => {
    if (!/^\d+L?$/.test(d)) fail(`bad dimension '${d}' in .npy shape`);
    return parseInt(d, 10);
  });
  return { descr: descr![1], fortranOrder: fortran![1] === 'True', shape: nums };
}

/** A .npy (version 1.0) of little-endian float32 in C order, as numpy.save writes it. */
export function writeNpy(shape: readonly number[], data: ArrayLike<number>): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`internal: shape (${shape.join(', ')}) holds ${count} values, got ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  // magic + version + length + header + '\n' is a multiple of 64 bytes
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const bytes = new Uint8Array(10 + header.length + 4 * count);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  for (let i = 0; i < count; i++) view.setFloat32(10 + header.length + 4 * i, data[i], true);
  return bytes;
}
