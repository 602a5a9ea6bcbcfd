import { CimsimError } from '../errors.js';
import { type BlockingMode, channelBlocks, type ChannelBlocking } from './blocking.js';
import { fwht, hadamardEntry, type HadamardOrder, log2Exact } from './hadamard.js';

/**
 * Mapping of a binarized Walsh-Hadamard transform onto SRAM CiM arrays.
 *
 * Signed entries via an all-ones column: with S_i = sum_{j: H_ij = +1} x_j and S_ones = sum_j x_j,
 *   y_i = sum_j H_ij x_j = S_i - (S_ones - S_i) = 2 S_i - S_ones.
 * The array stores bit 1 where H = +1 (column i, row j) and one extra column of all ones, so every
 * column computes an unsigned partial sum. Inputs are applied bit-serially (plane p of the
 * unsigned codes on the wordlines); after digitization y_i = sum_tiles sum_p 2^p (2 S_i - S_ones).
 */

/** One array-sized piece of a block: a set of inputs (wordlines) x a set of transform rows (columns). */
export interface BwhtTile {
  /** Position in plan.tiles. */
  readonly index: number;
  readonly block: number;
  /** Which chunk of the block's inputs (0 .. rowTilesPerBlock-1). */
  readonly rowTile: number;
  /** Which chunk of the block's transform rows (0 .. colTilesPerBlock-1). */
  readonly colTile: number;
  /** wordlineInputs[r] = global input channel driven on wordline r (zero-padded inputs get no wordline). */
  readonly wordlineInputs: Int32Array;
  /** wordlineBlockPos[r] = position j of that input inside its block (column index of H). */
  readonly wordlineBlockPos: Int32Array;
  /** columnRows[c] = transform row i (0..N-1, in the plan's order) computed on column c. */
  readonly columnRows: Int32Array;
  /** Tile-local column of the all-ones column (= columnRows.length, the last used column). */
  readonly onesColumn: number;
  /** Used wordlines (<= arrayRows). */
  readonly rows: number;
  /** Used columns including the ones column (<= arrayCols). */
  readonly cols: number;
  /** Stored bits, row-major rows x cols: 1 where H[columnRows[c]][wordlineBlockPos[r]] = +1; ones column all 1. */
  readonly cells: Uint8Array;
}

/** Tiles of any signed (+-1) matrix on arrayRows x arrayCols arrays, each with its all-ones column. */
export interface TilePlan {
  /** Outputs per block (N of a BWHT block; all outputs of a dense layer, which is one block). */
  readonly blockSize: number;
  readonly channels: number;
  readonly arrayRows: number;
  readonly arrayCols: number;
  readonly rowTilesPerBlock: number;
  readonly colTilesPerBlock: number;
  readonly tiles: readonly BwhtTile[];
  /** Length of the combined output: blocks * blockSize, index block * blockSize + matrix row. */
  readonly outputs: number;
}

export interface BwhtTilePlan extends TilePlan {
  readonly order: HadamardOrder;
  readonly blocking: ChannelBlocking;
}

export interface PlanTilesOptions {
  readonly blocking?: BlockingMode;
  readonly blockCount?: number;
  readonly order?: HadamardOrder;
}

/**
 * Plan the tiles of a BWHT over `channels` inputs in blocks of `blockSize` on arrays of
 * arrayRows x arrayCols cells. Each block needs ceil(realInputs / arrayRows) row tiles times
 * ceil(N / (arrayCols - 1)) column tiles; every tile carries its own all-ones column so that its
 * (2 S_i - S_ones) is self-contained, and tile results are added digitally.
 */
export function planTiles(blockSize: number, channels: number, arrayRows: number, arrayCols: number, opts: PlanTilesOptions = {}): BwhtTilePlan {
  log2Exact(blockSize);
  checkArray(arrayRows, arrayCols);
  const order = opts.order ?? 'sequency';
  const blocking = channelBlocks(channels, blockSize, opts.blocking ?? 'zero-pad', opts.blockCount);
  const n = blockSize;
  const tiles: BwhtTile[] = [];
  let rowTilesPerBlock = 0;
  blocking.blocks.forEach((blk, b) => {
    const pos: number[] = [];
    for (let j = 0; j < n; j++) if (blk.inputs[j] >= 0) pos.push(j);
    const blockPos = Int32Array.from(pos);
    const rowTiles = pushBlockTiles(tiles, b, blockPos.map((j) => blk.inputs[j]), blockPos, n, (i, j) => hadamardEntry(n, i, j, order), arrayRows, arrayCols);
    rowTilesPerBlock = Math.max(rowTilesPerBlock, rowTiles);
  });
  return {
    blockSize: n, channels, arrayRows, arrayCols, order, blocking,
    rowTilesPerBlock, colTilesPerBlock: Math.ceil(n / (arrayCols - 1)), tiles, outputs: blocking.coefficients,
  };
}

/**
 * Plan the tiles of a dense signed matrix y = M x (M[o][i] = +-1, row-major `outputs` x `inputs`)
 * on arrayRows x arrayCols arrays: one block, ceil(inputs / arrayRows) row tiles (their partial
 * sums added digitally) times ceil(outputs / (arrayCols - 1)) column tiles.
 */
export function planMatrixTiles(matrix: Int8Array, outputs: number, inputs: number, arrayRows: number, arrayCols: number): TilePlan {
  checkArray(arrayRows, arrayCols);
  if (matrix.length !== outputs * inputs) throw new CimsimError(`a ${outputs} x ${inputs} matrix has ${outputs * inputs} entries, got ${matrix.length}`);
  const tiles: BwhtTile[] = [];
  const all = Int32Array.from({ length: inputs }, (_, j) => j);
  const rowTiles = pushBlockTiles(tiles, 0, all, all, outputs, (o, i) => matrix[o * inputs + i], arrayRows, arrayCols);
  return { blockSize: outputs, channels: inputs, arrayRows, arrayCols, rowTilesPerBlock: rowTiles, colTilesPerBlock: Math.ceil(outputs / (arrayCols - 1)), tiles, outputs };
}

/**
 * Append the tiles of one block: its inputs (global channel `inputs[r]` at matrix column
 * `blockPos[r]`) in chunks of arrayRows, its `outputs` matrix rows in chunks of arrayCols - 1, each
 * tile storing 1 where entry(row, column) = +1 plus its all-ones column. Returns the row tiles.
 */
function pushBlockTiles(tiles: BwhtTile[], block: number, inputs: Int32Array, blockPos: Int32Array, outputs: number, entry: (row: number, column: number) => number, arrayRows: number, arrayCols: number): number {
  const dataCols = arrayCols - 1;
  const rowTiles = Math.ceil(inputs.length / arrayRows);
  for (let rt = 0; rt < rowTiles; rt++) {
    const pos = blockPos.slice(rt * arrayRows, (rt + 1) * arrayRows);
    const wordlineInputs = inputs.slice(rt * arrayRows, (rt + 1) * arrayRows);
    for (let ct = 0; ct * dataCols < outputs; ct++) {
      const first = ct * dataCols;
      const columnRows = Int32Array.from({ length: Math.min(dataCols, outputs - first) }, (_, c) => first + c);
      const cols = columnRows.length + 1;
      const cells = new Uint8Array(pos.length * cols);
      for (let r = 0; r < pos.length; r++) {
        for (let c = 0; c < columnRows.length; c++) cells[r * cols + c] = entry(columnRows[c], pos[r]) === 1 ? 1 : 0;
        cells[r * cols + cols - 1] = 1;
      }
      tiles.push({
        index: tiles.length, block, rowTile: rt, colTile: ct,
        wordlineInputs, wordlineBlockPos: pos, columnRows,
        onesColumn: columnRows.length, rows: pos.length, cols, cells,
      });
    }
  }
  return rowTiles;
}

function checkArray(arrayRows: number, arrayCols: number): void {
  if (!Number.isInteger(arrayRows) || arrayRows < 1) throw new CimsimError(`array rows ${arrayRows} must be a positive integer`);
  if (!Number.isInteger(arrayCols) || arrayCols < 2) {
    throw new CimsimError(`array columns ${arrayCols} must be an integer >= 2`, undefined,
      'one column of every tile holds the all-ones reference column');
  }
}

/** Wordline levels (0/1) of a tile for one bit plane: planeBits is indexed by global input channel. */
export function tileWordlineBits(tile: BwhtTile, planeBits: ArrayLike<number>): Uint8Array {
  const wl = new Uint8Array(tile.rows);
  for (let r = 0; r < tile.rows; r++) wl[r] = planeBits[tile.wordlineInputs[r]] ? 1 : 0;
  return wl;
}

/** Ideal column sums of a tile (what a perfect array + digitizer reports): S_c = sum_r cell[r][c] * wl[r]. */
export function idealColumnSums(tile: BwhtTile, wordlineBits: ArrayLike<number>): Int32Array {
  if (wordlineBits.length !== tile.rows) {
    throw new CimsimError(`tile ${tile.index} has ${tile.rows} wordlines, got ${wordlineBits.length} levels`);
  }
  const s = new Int32Array(tile.cols);
  for (let r = 0; r < tile.rows; r++) {
    if (!wordlineBits[r]) continue;
    for (let c = 0; c < tile.cols; c++) s[c] += tile.cells[r * tile.cols + c];
  }
  return s;
}

/**
 * Ideal sums for every tile and bit plane of unsigned codes q (indexed by input channel):
 * result[tile][plane] = column sums. The oracle the lead's simulated digitization is checked against.
 */
export function idealTileSums(plan: TilePlan, q: ArrayLike<number>, bits: number): Int32Array[][] {
  if (q.length !== plan.channels) throw new CimsimError(`expected ${plan.channels} codes, got ${q.length}`);
  const planes: Uint8Array[] = [];
  for (let p = 0; p < bits; p++) planes.push(Uint8Array.from(Array.from(q, (v) => (v >>> p) & 1)));
  return plan.tiles.map((t) => planes.map((pl) => idealColumnSums(t, tileWordlineBits(t, pl))));
}

/**
 * Digital combination: y[block*N + i] = sum_tiles sum_p 2^p (2 S_i - S_ones), where
 * sums[tile.index][p][c] is the digitized sum of tile column c for bit plane p (LSB first).
 * Exact for integer sums (Float64 arithmetic, |y| << 2^53).
 */
export function combineTileSums(plan: TilePlan, sums: readonly (readonly ArrayLike<number>[])[]): Float64Array {
  if (sums.length !== plan.tiles.length) {
    throw new CimsimError(`combineTileSums: ${sums.length} tile results for ${plan.tiles.length} tiles`);
  }
  const y = new Float64Array(plan.outputs);
  const n = plan.blockSize;
  for (const tile of plan.tiles) {
    const planes = sums[tile.index];
    for (let p = 0; p < planes.length; p++) {
      const s = planes[p];
      if (s.length !== tile.cols) {
        throw new CimsimError(`tile ${tile.index} plane ${p}: ${s.length} column sums for ${tile.cols} columns`);
      }
      const weight = 2 ** p;
      const ones = s[tile.onesColumn];
      for (let c = 0; c < tile.columnRows.length; c++) {
        y[tile.block * n + tile.columnRows[c]] += weight * (2 * s[c] - ones);
      }
    }
  }
  return y;
}

/**
 * Exact integer BWHT of quantized codes in consecutive blocks of N (length a multiple of N),
 * by the fast transform: the reference for combineTileSums.
 */
export function bwhtExactInt(xQuantized: Int32Array, n: number, order: HadamardOrder = 'sequency'): Int32Array {
  const y = fwht(xQuantized, n, order);
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    if (Math.abs(y[i]) > 2 ** 31 - 1) {
      throw new CimsimError(`BWHT output ${y[i]} does not fit in a 32-bit integer`, undefined, 'use fewer activation bits or a smaller block');
    }
    out[i] = y[i];
  }
  return out;
}
