import type { Assignment, Circuit } from '../../circuit/build.js';
import { idealCode } from '../../analysis/oracle.js';
import { EnergyLedger } from '../../engine/ledger.js';
import { CimsimError } from '../../errors.js';
import { illinois } from '../../numeric/roots.js';
import { combineTileSums, tileWordlineBits, type BwhtTile, type TilePlan } from '../../workload/index.js';
import { startJob, type JobContext } from '../inference.js';

/**
 * A signed (+-1) matrix on the simulated chip: a BWHT block, a dense layer, or one bit slice of a
 * layer's multi-bit weights. Tiles of the matrix (bit 1 where the entry is +1, plus an all-ones
 * column per tile, see docs/workload.md) are written into the compute arrays; every
 * tile x bit plane is one precharge -> pulse -> conversion job through the lender's lanes; the
 * decoded column sums are shift-added digitally into y = sum 2^p (2 S_i - S_ones).
 *
 * Analog-to-count mapping: a conducting cell removes a fixed saturation charge per unit pulse,
 * but the bitline voltage is exponential in that charge (output conductance lambda), so equal
 * cell counts are not equal voltage steps. The column is calibrated on the ideal twin (nominal
 * devices, no mismatch): the unit width is chosen so that all `rows` cells land at the centre of
 * the converter's top code, the ideal level V_S of every count S = 0..rows is recorded, and codes
 * decode through decodeTable.
 */
export interface ColumnCalibration {
  /** Unit wordline pulse width, s. */
  unitWidth_s: number;
  /** levels_V[S] = ideal bitline voltage after S conducting cells, S = 0..rows, V. */
  levels_V: Float64Array;
  /** decode[code] = estimated cell count of `code` (see decodeTable). */
  decode: Float64Array;
  /** Smallest voltage step between consecutive counts, in converter LSB. */
  minStep_LSB: number;
  /** Converter LSB, V. */
  lsb_V: number;
}

/** Ideal level of `count` cells (rows 0..count-1 of an all-ones column pulse for `width` s), V. */
function idealLevel(a: Assignment, count: number, width: number, scratch: EnergyLedger): number {
  const twin = a.ideal;
  const widths = new Float64Array(twin.rows);
  for (let r = 0; r < count; r++) widths[r] = width;
  // Two precharges: the level must not depend on the previous discharge (incomplete precharge).
  let t = twin.timeFs;
  t = twin.precharge(t, scratch);
  t = twin.precharge(t, scratch);
  twin.pulse(t, widths, scratch);
  return twin.vbl[0];
}

/**
 * Code -> cell-count estimate from the ideal levels: the mean of the counts whose ideal level
 * converts to that code (exact when every count has its own code; unbiased reconstruction when
 * several counts share one), or, for a code no ideal level reaches, the count whose level is
 * nearest the code's centre voltage.
 */
export function decodeTable(levelsV: ArrayLike<number>, vtop: number, vbottom: number, bits: number): Float64Array {
  const levels = 1 << bits;
  const lsb = (vtop - vbottom) / levels;
  const sum = new Float64Array(levels);
  const count = new Float64Array(levels);
  for (let s = 0; s < levelsV.length; s++) {
    const c = idealCode(levelsV[s], vtop, vbottom, bits);
    sum[c] += s;
    count[c]++;
  }
  const decode = new Float64Array(levels);
  for (let c = 0; c < levels; c++) {
    if (count[c] > 0) {
      decode[c] = sum[c] / count[c];
      continue;
    }
    const centre = vtop - (c + 0.5) * lsb;
    let best = 0;
    for (let s = 1; s < levelsV.length; s++) if (Math.abs(levelsV[s] - centre) < Math.abs(levelsV[best] - centre)) best = s;
    decode[c] = best;
  }
  return decode;
}

/** Calibrate the count <-> code mapping of an assignment's columns on its ideal twin (see above). */
export function calibrateColumns(a: Assignment, rows = a.compute.rows): ColumnCalibration {
  const twin = a.ideal;
  const d = a.digitizer;
  const levels = 1 << d.bits;
  const lsb = (d.vtop - d.vbottom) / levels;
  const saved = Uint8Array.from(twin.bits);
  const scratch = new EnergyLedger();
  // Only column 0 stores ones: the other columns have no conducting cell and cost nothing.
  const ones = new Uint8Array(twin.rows * twin.cols);
  for (let r = 0; r < twin.rows; r++) ones[r * twin.cols] = 1;
  twin.setBits(ones);
  // Target: all `rows` cells at the centre of the top code.
  const target = d.vtop - (levels - 0.5) * lsb;
  const { trise, tfall } = twin.wordline;
  const f = (w: number): number => idealLevel(a, rows, w, scratch) - target; // V, decreasing in w
  let lo = (trise + tfall) / 2;
  let flo = f(lo);
  if (flo < 0) {
    twin.setBits(saved);
    throw new CimsimError(`${a.compute.name}: even the shortest pulse discharges ${rows} cells past the converter's full scale`, undefined,
      'lower the wordline voltage (vwl) or widen the converter range (vbottom)');
  }
  let hi = 2 * lo;
  let fhi = f(hi);
  for (let k = 0; k < 40 && fhi > 0; k++) {
    lo = hi;
    flo = fhi;
    hi *= 2;
    fhi = f(hi);
  }
  // Regula falsi (Illinois): the level is smooth and monotone in the width. Stop at 1 uV.
  const width = illinois(f, lo, hi, flo, fhi, { fTol: 1e-6 }); // s
  const levelsV = new Float64Array(rows + 1);
  for (let s = 0; s <= rows; s++) levelsV[s] = idealLevel(a, s, width, scratch);
  twin.setBits(saved);
  twin.precharge(twin.timeFs, scratch);
  let minStep = Infinity;
  for (let s = 1; s <= rows; s++) minStep = Math.min(minStep, (levelsV[s - 1] - levelsV[s]) / lsb);
  const decode = decodeTable(levelsV, d.vtop, d.vbottom, d.bits);
  return { unitWidth_s: width, levels_V: levelsV, decode, minStep_LSB: minStep, lsb_V: lsb };
}

/** The chip as a tiled layer sees it: its assignments in phase order, each with its column calibration. */
export interface TiledChip {
  order: Assignment[];
  calibrations: ColumnCalibration[];
  /** Smallest array: every tile fits every array. */
  rows: number;
  cols: number;
}

/**
 * Order the circuit's assignments and calibrate each (arrays of one nominal design share one
 * calibration). `rowsPerTile` (default: all rows) is how many wordlines a tile drives at most; the
 * unit pulse is calibrated so that many conducting cells reach the converter's top code.
 */
export function tiledChip(circuit: Circuit, rowsPerTile?: number): TiledChip {
  if (circuit.assignments.length === 0) throw new CimsimError('the netlist has no network to compute on', undefined, 'declare a network of arrays');
  const order = [...circuit.assignments].sort((x, y) => x.phase - y.phase);
  // The twin has no mismatch, so arrays with the same nominal design share one calibration.
  const cache = new Map<string, ColumnCalibration>();
  const calibrations = order.map((a) => {
    const d = a.digitizer;
    const x = a.compute;
    const key = JSON.stringify([x.rows, x.cols, x.vpre, x.rpre, x.tpre, x.wordline, x.tunit, x.tgap, d.bits, d.vtop, d.vbottom]);
    let cal = cache.get(key);
    if (cal === undefined) cache.set(key, (cal = calibrateColumns(a, Math.min(rowsPerTile ?? a.compute.rows, a.compute.rows))));
    return cal;
  });
  const rows = Math.min(rowsPerTile ?? Infinity, ...order.map((a) => a.compute.rows));
  return { order, calibrations, rows, cols: Math.min(...order.map((a) => a.compute.cols)) };
}

/** A tile's bits laid out on an array of rows x cols, built once per tile and array shape (runs write it per job). */
const layouts = new WeakMap<BwhtTile, Map<string, Uint8Array>>();
function storedBits(tile: BwhtTile, rows: number, cols: number): Uint8Array {
  let byShape = layouts.get(tile);
  if (byShape === undefined) layouts.set(tile, (byShape = new Map()));
  let stored = byShape.get(`${rows}x${cols}`);
  if (stored === undefined) {
    stored = new Uint8Array(rows * cols);
    for (let r = 0; r < tile.rows; r++) {
      for (let c = 0; c < tile.cols; c++) stored[r * cols + c] = tile.cells[r * tile.cols + c];
    }
    byShape.set(`${rows}x${cols}`, stored);
  }
  return stored;
}

/** A tiled layer's results per input position. */
export interface TiledRun {
  /** Per position: decoded chip conversions, shift-added over planes and added over tiles. */
  outputs: Float64Array[];
  /** Per position: the same from the ideal twin's codes (converter quantization only). */
  quantized: Float64Array[];
  conversions: number;
}

/**
 * Run `plan` over input vectors of unsigned `bits`-bit codes (row-major, plan.channels per
 * position) on the chip, then run the kernel until every job is done. Tile k runs on assignment
 * k mod (assignments), in phase order; its bits are written into the compute array (and its twin)
 * when its job has the array; each tile x bit plane is one precharge -> pulse -> conversion, and
 * each plane's decoded column sums are shift-added digitally (energy booked per column). SRAM
 * write energy and time are not modelled.
 */
export function runTiles(ctx: JobContext, chip: TiledChip, plan: TilePlan, codes: Int32Array, bits: number): TiledRun {
  const channels = plan.channels;
  if (codes.length === 0 || codes.length % channels !== 0) {
    throw new CimsimError(`${codes.length} input codes are not a whole number of ${channels}-channel vectors`);
  }
  const positions = codes.length / channels;
  const chipSums: Float64Array[][][] = [];
  const idealSums: Float64Array[][][] = [];
  let conversions = 0;
  for (let pos = 0; pos < positions; pos++) {
    const q = codes.subarray(pos * channels, (pos + 1) * channels);
    const planeBits = Array.from({ length: bits }, (_, p) => Uint8Array.from(q, (v) => (v >>> p) & 1));
    const sums = plan.tiles.map(() => Array.from({ length: bits }, () => new Float64Array(0)));
    const ideal = plan.tiles.map(() => Array.from({ length: bits }, () => new Float64Array(0)));
    chipSums.push(sums);
    idealSums.push(ideal);
    for (const tile of plan.tiles) {
      const k = tile.index % chip.order.length;
      const a = chip.order[k];
      const cal = chip.calibrations[k];
      const stored = storedBits(tile, a.compute.rows, a.compute.cols);
      const planes = planeBits.map((pl) => {
        const wl = tileWordlineBits(tile, pl);
        const widths = new Float64Array(a.compute.rows);
        for (let r = 0; r < tile.rows; r++) widths[r] = wl[r] ? cal.unitWidth_s : 0;
        return { widths };
      });
      const columns = Array.from({ length: tile.cols }, (_, c) => c);
      // The tile is written when the job has the array, before its first precharge.
      const onStart = (): void => {
        a.compute.setBits(stored);
        a.ideal.setBits(stored);
      };
      const onConverted = (p: number, first: number): void => {
        sums[tile.index][p] = Float64Array.from(columns, (c) => cal.decode[ctx.log.code[first + c]]);
        ideal[tile.index][p] = Float64Array.from(columns, (c) => cal.decode[ctx.log.idealCode[first + c]]);
        // Shift-add of this plane into the output accumulators.
        if (bits > 1) ctx.ledger.book(a.digitizer.name, 'digital', tile.cols * a.digitizer.edigital);
      };
      conversions += startJob(ctx, { a, planes, columns, onConverted, onStart });
    }
  }
  ctx.kernel.run();
  return { outputs: chipSums.map((s) => combineTileSums(plan, s)), quantized: idealSums.map((s) => combineTileSums(plan, s)), conversions };
}
