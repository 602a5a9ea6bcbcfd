/**
 * Calibration of the read-port abstraction (src/tech/transistor.ts) against ngspice on a BSIM
 * model card: DC sweeps of the two-transistor stack, a least-squares fit of the alpha-power form
 * (deterministic Nelder-Mead on relative current errors), leakage and weak-inversion parameters
 * from the off-state sweeps, and the capacitances the bitline model needs, measured by charge.
 */
import { CimsimError } from '../errors.js';
import { endChargeOf, type AccessChargeLaw } from '../tech/access-charge.js';
import type { ChannelChargeLaw } from '../tech/channel-charge.js';
import { techDefault } from '../tech/params.js';
import { thermalVoltage } from '../numeric/physics.js';
import { accessCurrent, CMID_RAMP, portCurrent, withOffShare, type AccessModel, type ReadPortModel } from '../tech/transistor.js';
import type { ReadPortCell } from './bitcell.js';
import { accessDcDeck, capMeasureDeck, channelChargeDeck, channelPartitionDeck, drainJunctionDeck, readPortDcDeck, readPortModels, relaxDeck, type SpiceTech } from './deck.js';
import { checkModelCard, runNgspice, valueAt, type NgspiceOptions, type WrTable } from './ngspice.js';

export interface CalibrateOptions {
  /** Model card path. */
  modelCard: string;
  /** NMOS model name (default 'nmos'). */
  nmos?: string;
  /** Read-port width and length, m (default 0.15 um, 65 nm). */
  w?: number;
  l?: number;
  /** Supply, V (default 1.1). */
  vdd?: number;
  /** Temperature, degC (default 27). */
  temp?: number;
  /** Lowest wordline voltage of the fitted region, V (default 0.3, the bottom of the DC sweep). */
  vwlMin?: number;
  /**
   * The wordline level the chip drives, V (a row of the DC sweep: 0.3 + k 0.05 V up to vdd): its
   * points carry half of the read-port fit's weight, the rest of the region the other half, so
   * the law is most accurate where the chip conducts and still describes the edges. Default: none
   * (every point weighs the same).
   */
  vwlOp?: number;
  /** Contacted diffusion length of the read-port devices, m (default rp_diff; 0 = W and L only). */
  diffLength?: number;
  /** The user's bitcell (src/spice/bitcell.ts): its read port replaces nmos, w, l and diffLength. */
  cell?: ReadPortCell;
  ngspice?: NgspiceOptions;
}

export interface CalibrationResult {
  /** The fitted read-port model at `temp`, including the optional calibrated fields. */
  readonly model: Required<ReadPortModel>;
  /** Inputs, SI. */
  readonly modelCard: string;
  readonly nmos: string;
  readonly w: number; // m
  readonly l: number; // m
  readonly diffLength: number; // m, contacted diffusion of the measured ports (of a bitcell: its access drain's AD / W)
  /** `file:subckt` of the bitcell the ports were drawn from, when one was given. */
  readonly cell?: string;
  readonly vdd: number; // V
  readonly temp: number; // degC
  /** Fitted region: VWL in [vwlMin, vdd], VBL in [vblMin, vdd], V. */
  readonly vwlMin: number;
  readonly vblMin: number;
  /** RMS and max relative current error over the fitted region, %. */
  readonly rmsErrorPct: number;
  readonly maxErrorPct: number;
  /** The operating wordline the fit was weighted to, V, and the residuals of its row, %. */
  readonly vwlOp?: number;
  readonly opRmsErrorPct?: number;
  readonly opMaxErrorPct?: number;
  /** Points in the fitted region. */
  readonly fitPoints: number;
  /** The ngspice read-port currents of the fitted region (VWL, VBL in V; current in A). */
  readonly surface: readonly { vwl: number; vbl: number; i: number }[];
  /** Read-port current at VWL = VBL = vdd and at VWL = 0.5 V, VBL = vdd (ngspice), A. */
  readonly ionVdd: number;
  readonly ionHalf: number;
  /** Leakage of a port storing '0' with RWL low (both devices off) at VBL = vdd, A. */
  readonly ioffStack: number;
  /** Bitline (drain) capacitance of one port, RWL low, over VBL vdd -> vdd/2, F. */
  readonly cdrain: number;
  /** Drain junction law (1 + V/pb)^-mj of the access device, fitted to ngspice AC over NODE_SPAN_V, and its rms error (%). */
  readonly junction: { mj: number; pb: number; rmsPct: number };
  /** Wordline (gate) capacitance of one port, VBL = vdd, averaged over storage '1' and '0', F. */
  readonly cwl: number;
  readonly cwl1: number; // F, storage '1'
  readonly cwl0: number; // F, storage '0'
  /** RMS and max error of ln(current) of the access-device fit (currents above 1 nA). */
  readonly accessRmsLogErr: number;
  readonly accessMaxLogErr: number;
  /** RMS and max error of the access device's terminal-charge fit (rp_cgd, rp_cch, rp_cv_*), C. */
  readonly chargeRmsErr_C: number;
  readonly chargeMaxErr_C: number;
  /** RMS error of the drain and source charges with source and drain apart (rp_cv_fsat fit), C. */
  readonly partitionRmsErr_C: number;
  /** Wall time of all ngspice runs, s. */
  readonly spiceTime_s: number;
}


/** Runs the ngspice characterisation and fits the read-port model. Deterministic. */
export async function calibrate(opts: CalibrateOptions): Promise<CalibrationResult> {
  const cell = opts.cell;
  const nmos = cell?.access.model ?? opts.nmos ?? 'nmos';
  const tech: SpiceTech = {
    modelCard: opts.modelCard,
    nmos,
    w: cell?.access.w ?? opts.w ?? techDefault('rp_w'),
    l: cell?.access.l ?? opts.l ?? techDefault('rp_l'),
    diffLength: cell ? cell.access.drainDiffusion : opts.diffLength ?? techDefault('rp_diff'),
    vdd: opts.vdd ?? 1.1,
    temp: opts.temp ?? 27,
    cell,
  };
  checkModelCard(opts.modelCard, readPortModels(tech));
  const vdd = tech.vdd;
  const vwlMin = opts.vwlMin ?? 0.3;
  const vblMin = 0.1;
  const vT = thermalVoltage(tech.temp);
  const op = opts.vwlOp;
  const row = op === undefined ? 0 : (op - DC_SWEEP.vwlStart) / DC_SWEEP.vwlStep; // -, index of its wordline row
  if (op !== undefined && (op < vwlMin - 1e-9 || op > vdd + 1e-9 || Math.abs(row - Math.round(row)) > 1e-6 || vdd - vwlMin < DC_SWEEP.vwlStep - 1e-9)) {
    throw new CimsimError(
      `the operating wordline ${op} V is not a row of the fitted DC sweep (VWL ${vwlMin}..${vdd} V in ${DC_SWEEP.vwlStep} V steps from ${DC_SWEEP.vwlStart} V)`,
      undefined,
      'give --vwl-op as one of those levels, normally the wordline high level (VDD for a full-swing wordline)',
    );
  }
  const runs = await characterisationRuns(tech, opts.ngspice);
  const weak = fitWeakInversion(runs.dc, vdd, vT);
  const points = fitPoints(runs.dc.tables.get('surf.txt') as WrTable, vdd, vwlMin, vblMin);
  const onRow = (q: { vwl: number }): boolean => op !== undefined && Math.abs(q.vwl - op) < 1e-9;
  const opPoints = points.filter(onRow);
  // the operating row carries half of the fit's weight: each of its points weighs (others / row)
  const opWeight = (points.length - opPoints.length) / Math.max(1, opPoints.length); // -
  const weighted = points.map((q) => ({ ...q, weight: onRow(q) ? opWeight : 1 }));
  const strong = fitStrongInversion(weighted, { ioff: weak.ioff, n: weak.n, eta: weak.eta, vdsRef: vdd, vThermal: vT }, vdd);
  const opRow = op === undefined ? undefined : residuals(strong.fitted, opPoints);
  const caps = portCapacitances(runs.cap.tables.get('cap.txt') as WrTable, vdd);

  // access device alone: fit on ln(current)
  const access = fitAccess(runs.access.tables.get('accsat.txt') as WrTable, runs.access.tables.get('acclin.txt') as WrTable, 0.2, vdd, vT);
  // wordline charge on the access device's ends: overlap + channel (src/tech/channel-charge.ts)
  const charge = fitChannelCharge(runs.charge.tables.get('qsd.txt') as WrTable, NODE_SPAN_V, 200e-12);
  const partition = fitPartition(runs.partition.tables.get('part.txt') as WrTable, runs.partition.tables.get('partdc.txt') as WrTable, charge, 200e-12);
  charge.cv.fSat = partition.fSat;
  charge.cv.dibl = partition.dibl;
  const tauMid = await relaxationTime(runs.relax, weak.vmidRest, tech, opts.ngspice);

  const model: Required<ReadPortModel> = {
    ...(strong.fitted as Required<ReadPortModel>),
    cgd: charge.cgd,
    cmid: caps.cmid,
    vmidRest: weak.vmidRest,
    ioff0: weak.ioffStack,
    cov: charge.cov,
    ovKappa: charge.ovKappa,
    cch: charge.cch,
    cv: charge.cv,
    tauMid,
    access: access.model,
  };
  return {
    model,
    modelCard: opts.modelCard,
    nmos,
    w: tech.w,
    l: tech.l,
    diffLength: tech.diffLength!,
    cell: cell?.from,
    vdd,
    temp: tech.temp,
    vwlMin,
    vblMin,
    rmsErrorPct: strong.rmsPct,
    maxErrorPct: strong.maxPct,
    vwlOp: op,
    opRmsErrorPct: opRow?.rmsPct,
    opMaxErrorPct: opRow?.maxPct,
    fitPoints: points.length,
    surface: points,
    ionVdd: points.find((q) => Math.abs(q.vwl - vdd) < 1e-9 && Math.abs(q.vbl - vdd) < 1e-9)?.i ?? NaN,
    ionHalf: points.find((q) => Math.abs(q.vwl - 0.5) < 1e-9 && Math.abs(q.vbl - vdd) < 1e-9)?.i ?? NaN,
    ioffStack: weak.ioffStack,
    cdrain: caps.cdrain,
    junction: fitJunction(runs.junction.tables.get('junction.txt') as WrTable),
    cwl: (caps.cwl1 + caps.cwl0) / 2,
    cwl1: caps.cwl1,
    cwl0: caps.cwl0,
    accessRmsLogErr: access.rms,
    accessMaxLogErr: access.max,
    chargeRmsErr_C: charge.rms,
    chargeMaxErr_C: charge.max,
    partitionRmsErr_C: partition.rms,
    spiceTime_s: runs.elapsed_s,
  };
}

/** The read-port DC sweep's grid, V: wordline rows from vwlStart in vwlStep up to VDD, bitline in vblStep from 0. */
const DC_SWEEP = { vwlStart: 0.3, vwlStep: 0.05, vblStep: 0.05 } as const;

/** Every ngspice deck of the characterisation, run in turn. */
async function characterisationRuns(tech: SpiceTech, ngspice: NgspiceOptions | undefined) {
  const vdd = tech.vdd;
  const dc = await runNgspice(
    readPortDcDeck({ ...tech, ...DC_SWEEP, vwlStop: vdd, subStop: 0.5, subStep: 0.025 }),
    { ...ngspice, expectFiles: ['surf.txt', 'off.txt', 'off0.txt', 'sub.txt'] },
  );
  const cap = await runNgspice(capMeasureDeck({ ...tech, ports: CAP_PORTS, tRamp: CAP_RAMP_S }), { ...ngspice, expectFiles: ['cap.txt'] });
  const access = await runNgspice(accessDcDeck({ ...tech, vgStart: 0.2 }), { ...ngspice, expectFiles: ['accsat.txt', 'acclin.txt'] });
  const junction = await runNgspice(drainJunctionDeck({ ...tech, vd: NODE_SPAN_V }), { ...ngspice, expectFiles: ['junction.txt'] });
  const relax = await runNgspice(relaxDeck({ ...tech, vmid0: RELAX_FROM, tStop: 5e-6 }), { ...ngspice, expectFiles: ['relax.txt'] });
  const charge = await runNgspice(channelChargeDeck({ ...tech, vsd: NODE_SPAN_V, tRamp: 200e-12 }), { ...ngspice, expectFiles: ['qsd.txt'] });
  const partition = await runNgspice(channelPartitionDeck({ ...tech, pairs: PARTITION_PAIRS, tRamp: 200e-12 }), { ...ngspice, expectFiles: ['part.txt', 'partdc.txt'] });
  const elapsed_s = [dc, cap, access, junction, relax, charge, partition].reduce((t, r) => t + r.elapsed_s, 0);
  return { dc, cap, access, junction, relax, charge, partition, elapsed_s };
}

/** Weak inversion from the DC run: ioff, DIBL eta, slope factor n, and the stacked '0' cell's leakage and rest level. */
function fitWeakInversion(dc: { tables: ReadonlyMap<string, WrTable> }, vdd: number, vT: number): { ioff: number; n: number; eta: number; ioffStack: number; vmidRest: number } {
  const off = dc.tables.get('off.txt') as WrTable;
  const ioff = valueAt(off, '-i(vbl)', vdd);
  if (!(ioff > 0)) throw new CimsimError(`ngspice gave a non-positive off current (${ioff} A)`, undefined, 'check the model card and the supply voltage');
  const offPts = off.rows.filter((r) => r[0] >= 0.3 * vdd && r[1] > 0);
  const dLnIoff = slope(offPts.map((r) => r[0]), offPts.map((r) => Math.log(r[1])));
  const nvt = 1 / subthresholdSlope(dc.tables.get('sub.txt') as WrTable);
  const off0 = dc.tables.get('off0.txt') as WrTable;
  return { ioff, n: nvt / vT, eta: dLnIoff * nvt, ioffStack: valueAt(off0, '-i(vbl)', vdd), vmidRest: valueAt(off0, 'v(p_m)', vdd) };
}

/** The DC surface's points inside the fitted region (VWL >= vwlMin, VBL >= vblMin). */
function fitPoints(surf: WrTable, vdd: number, vwlMin: number, vblMin: number): { vwl: number; vbl: number; i: number }[] {
  const nBl = Math.round(vdd / DC_SWEEP.vblStep) + 1;
  const points: { vwl: number; vbl: number; i: number }[] = [];
  surf.rows.forEach((r, idx) => {
    const vwl = DC_SWEEP.vwlStart + DC_SWEEP.vwlStep * Math.floor(idx / nBl);
    if (vwl >= vwlMin - 1e-9 && r[0] >= vblMin - 1e-9) points.push({ vwl, vbl: r[0], i: r[1] });
  });
  if (points.length < 20) throw new CimsimError(`ngspice DC sweep gave only ${points.length} points in the fitted region`);
  return points;
}

/** Strong and moderate inversion: Nelder-Mead on relative current errors over `points`, each squared error times its weight. */
function fitStrongInversion(
  points: { vwl: number; vbl: number; i: number; weight: number }[],
  base: Pick<ReadPortModel, 'ioff' | 'n' | 'eta' | 'vdsRef' | 'vThermal'>,
  vdd: number,
): { fitted: ReadPortModel; rmsPct: number; maxPct: number } {
  const lawOf = (p: number[]): ReadPortModel => ({
    ...base,
    vt: p[0],
    alpha: p[1],
    k: Math.exp(p[2]),
    kv: p[3],
    lambda: p[4],
    plin: p[5],
    knee: p[6],
    vtWeak: p[7],
    lambdaDibl: p[8],
    lambdaF0: p[9],
    plinSlope: p[10],
  });
  const toModel = (p: number[]): ReadPortModel => withOffShare(lawOf(p));
  let region = points.filter((q) => q.vwl >= 0.5 - 1e-9); // the points the cost sums over (stage 1: strong inversion)
  const cost = (p: number[]): number => {
    if (p[1] < 0.3 || p[1] > 2.5 || p[3] <= 0.02 || p[4] < 0 || p[4] > 2 || p[5] < 1 || p[5] > 6 || p[0] > vdd || p[6] < 0.005 || p[6] > 0.3 || p[7] < 0 || p[7] > vdd) return 1e9;
    if (p[8] < 0 || p[8] > 2 || p[9] < 0.005 || p[9] > 0.3 || p[10] < -10 || p[10] > 10) return 1e9;
    const m = toModel(p);
    let s = 0;
    let total = 0;
    for (const q of region) {
      const e = portCurrent(m, q.vwl, q.vbl) / q.i - 1;
      const w = q.weight;
      s += w * e * e;
      total += w;
    }
    return s / total;
  };
  // Four stages keep the 11-parameter fit well conditioned: (1) the strong law above 0.5 V with a
  // near-hard threshold and one lambda; (2) knee and vtWeak through moderate inversion
  // (0.3..1.1 V) with the rest held; (3) those eight together; (4) all eleven, adding the
  // overdrive-dependent output slope (strong-inversion DIBL: lambda_dibl, lambda_f0) and linear
  // exponent (plin_slope). lambda is bounded at 2 /V: with one lambda for all overdrives it trades
  // the strong region for the much stronger drain dependence near threshold, which lambda(f) now
  // carries.
  const fixed = [0, 0.02, 0]; // lambda_dibl, lambda_f0, plin_slope held in stages 1-3
  const eight = (q: number[]): number => cost([...q, ...fixed]);
  let best8 = nelderMead(eight, [0.35, 1.0, Math.log(1.2e-4), 0.5, 0.2, 2, 0.005, 0.35], [0.05, 0.1, 0.3, 0.1, 0.1, 0.3, 0, 0], 4000);
  best8 = nelderMead(eight, best8, [0.01, 0.02, 0.05, 0.02, 0.02, 0.05, 0, 0], 4000);
  region = points;
  const held = best8.slice(0, 6);
  const costTail = (q: number[]): number => eight([...held, q[0], q[1]]);
  const tail = nelderMead(costTail, [0.04, best8[0] - 0.05], [0.02, 0.05], 2000);
  best8 = [...held, ...tail];
  for (let k = 0; k < 2; k++) best8 = nelderMead(eight, best8, [0.01, 0.02, 0.05, 0.02, 0.02, 0.05, 0.005, 0.01], 8000);
  let best = [...best8, ...fixed];
  for (let k = 0; k < 4; k++) best = nelderMead(cost, best, [0.01, 0.02, 0.05, 0.02, 0.02, 0.05, 0.005, 0.01, 0.05, 0.005, 0.3], 8000);
  const fitted = toModel(best);
  return { fitted, ...residuals(fitted, points) };
}

/** RMS and max relative error of the read-port law against `points`, %. */
function residuals(m: ReadPortModel, points: readonly { vwl: number; vbl: number; i: number }[]): { rmsPct: number; maxPct: number } {
  let sq = 0;
  let worst = 0;
  for (const q of points) {
    const e = Math.abs(portCurrent(m, q.vwl, q.vbl) / q.i - 1);
    sq += e * e;
    worst = Math.max(worst, e);
  }
  return { rmsPct: 100 * Math.sqrt(sq / points.length), maxPct: 100 * worst };
}

const CAP_PORTS = 32; // ports on the measured bitline
const CAP_RAMP_S = 200e-12; // s, ramp of the capacitance measurement

/** Drain, wordline and internal-node capacitances per port from the charge ramps, F. */
function portCapacitances(cap: WrTable, vdd: number): { cdrain: number; cwl1: number; cwl0: number; cmid: number } {
  const t0 = CAP_RAMP_S / 10;
  const t1 = CAP_RAMP_S * 1.1;
  const dq = (name: string): number => valueAt(cap, name, t1) - valueAt(cap, name, t0);
  return {
    cdrain: -dq('qbl') / (vdd / 2) / CAP_PORTS,
    cwl1: dq('qwl1') / vdd / CAP_PORTS,
    cwl0: dq('qwl0') / vdd / CAP_PORTS,
    cmid: dq('qmid') / (CMID_RAMP.hi - CMID_RAMP.lo) / CAP_PORTS,
  };
}

/**
 * Relaxation time of a '0' cell's internal node with RWL low, s. A high-threshold cell relaxes
 * 100x slower than the card's device: the run grows until it does.
 */
async function relaxationTime(first: { tables: ReadonlyMap<string, WrTable> }, vmidRest: number, tech: SpiceTech, ngspice: NgspiceOptions | undefined): Promise<number> {
  let tauMid = relaxTime(first.tables.get('relax.txt') as WrTable, vmidRest);
  for (let tStop = 5e-5; Number.isNaN(tauMid) && tStop <= 5e-3; tStop *= 10) {
    const longer = await runNgspice(relaxDeck({ ...tech, vmid0: RELAX_FROM, tStop }), { ...ngspice, expectFiles: ['relax.txt'] });
    tauMid = relaxTime(longer.tables.get('relax.txt') as WrTable, vmidRest);
  }
  if (Number.isNaN(tauMid)) throw new CimsimError(`the internal node of a '0' cell did not relax toward ${vmidRest.toFixed(3)} V within 5 ms`, undefined, 'check the card: the cell leaks almost nothing');
  return tauMid;
}

const RELAX_FROM = 0.6; // V: internal node after a read, a typical follower level

/** V, the range a bitline or internal node spans, below ground included: the terminal-charge and drain-junction measurements sweep it. */
const NODE_SPAN_V = Array.from({ length: 15 }, (_, i) => Math.round((-0.3 + 0.1 * i) * 10) / 10);

/** Source and drain of the partition measurement, V: saturated and linear, as reads bias them. */
const PARTITION_PAIRS: readonly (readonly [number, number])[] = [[0, 1.1], [0.1, 1.1], [0.3, 1.1], [0.5, 1.1], [0.1, 0.6], [0, 0.3]];

/**
 * How the channel splits between source and drain held apart (rp_cv_fsat, rp_cv_dibl): devices
 * with source and drain apart, the conduction charge (DC current at the ramp's gate voltage,
 * integrated) taken out of each terminal's charge, the rest compared on both terminals with
 * cgd Vg + cov [H(Vg - V) - H(-V)] + P_f(x, y) - P_f(x0, y0) (x0, y0: the overdrives at Vg = 0)
 * for Vg >= 0.3 V. Two unknowns: the drain share in saturation and the threshold lowering per volt
 * between the ends, which the tied measurement cannot see. Deterministic Nelder-Mead.
 */
function fitPartition(t: WrTable, dc: WrTable, law: ChargeFit, tRamp: number): { fSat: number; dibl: number; rms: number } {
  const vgTop = dc.rows[dc.rows.length - 1][0]; // V, end of the DC sweep
  const dcAt = (name: string, vg: number): number => valueAt(dc, name, Math.min(vg, vgTop));
  const pts: { vg: number; vd: number; vs: number; qd: number; qs: number }[] = [];
  PARTITION_PAIRS.forEach(([vs, vd], i) => {
    const id = dc.columns[1 + 2 * i];
    const is = dc.columns[2 + 2 * i];
    let cd = 0; // C, conduction charge through the drain source so far
    let cs = 0;
    for (let k = 1; k < t.rows.length; k++) {
      const [t0, g0] = t.rows[k - 1];
      const [t1, g1] = t.rows[k];
      cd += 0.5 * (dcAt(id, g0) + dcAt(id, g1)) * (t1 - t0);
      cs += 0.5 * (dcAt(is, g0) + dcAt(is, g1)) * (t1 - t0);
      if (k % 5 !== 0 || t1 < tRamp / 10 || g1 < 0.3) continue;
      pts.push({ vg: g1, vd, vs, qd: t.rows[k][2 + 2 * i] - cd, qs: t.rows[k][3 + 2 * i] - cs });
    }
  });
  /** Charge drawn from the end at v (the other at w) while the gate rose 0 -> vg, C. */
  const drawn = (vg: number, v: number, w: number, cv: ChannelChargeLaw): number => {
    const l = { ...law, cv };
    return endChargeOf(l, 0, v, w) - endChargeOf(l, vg, v, w);
  };
  const cost = (p: number[]): number => {
    if (p[0] < 0 || p[0] > 0.5 || p[1] < 0 || p[1] > 1) return 1e30;
    const cv = { ...law.cv, fSat: p[0], dibl: p[1] };
    let s = 0;
    for (const q of pts) s += ((drawn(q.vg, q.vd, q.vs, cv) - q.qd) / 1e-18) ** 2 + ((drawn(q.vg, q.vs, q.vd, cv) - q.qs) / 1e-18) ** 2;
    return s;
  };
  const best = nelderMead(cost, [0.4, 0.05], [0.05, 0.03], 1000);
  return { fSat: best[0], dibl: best[1], rms: Math.sqrt(cost(best) / (2 * pts.length)) * 1e-18 };
}

/** Fit c0 (1 + V/pb)^-mj to the small-signal junction (deterministic Nelder-Mead on relative error). */
function fitJunction(t: WrTable): { mj: number; pb: number; rmsPct: number } {
  const c = NODE_SPAN_V.map((_, i) => t.rows[0][1 + i]); // F
  if (c.some((x) => !(x > 0))) throw new CimsimError('ngspice gave a non-positive drain junction capacitance', undefined, 'check the model card\'s junction parameters (cj, cjsw, mj, pb)');
  const law = (p: number[], v: number): number => p[0] * 1e-16 * Math.pow(1 + v / p[2], -p[1]);
  const cost = (p: number[]): number => {
    if (p[0] <= 0 || p[1] < 0 || p[1] > 1 || p[2] < 0.4) return 1e30;
    let s = 0;
    NODE_SPAN_V.forEach((v, i) => (s += (law(p, v) / c[i] - 1) ** 2));
    return s / c.length;
  };
  let best = nelderMead(cost, [c[3] / 1e-16, 0.33, 1], [0.2, 0.05, 0.2], 2000);
  best = nelderMead(cost, best, [0.05, 0.01, 0.05], 2000);
  return { mj: best[1], pb: best[2], rmsPct: 100 * Math.sqrt(cost(best)) };
}

/** The access device's terminal-charge law as fitted, with its residuals (C). */
interface ChargeFit extends AccessChargeLaw {
  rms: number;
  max: number;
}

/**
 * Fit the wordline charge on the access device's ends, with S and D tied at V and the gate 0 -> Vg:
 * Q(Vg, V) = 2 cgd Vg + 2 cov [H(Vg - V) - H(-V)] + cch [softPlus(Vg - vt - body V, knee) - softPlus(-vt - body V, knee)]
 * (fixed overlap and fringe of both ends, their bias-dependent overlap (src/tech/overlap-charge.ts)
 * and the inversion channel, which the Ward-Dutton partition then splits). Deterministic
 * Nelder-Mead on absolute charge errors (aC scale).
 */
function fitChannelCharge(t: WrTable, vsd: readonly number[], tRamp: number): ChargeFit {
  const pts: { vg: number; v: number; q: number }[] = [];
  t.rows.forEach((r, k) => {
    if (k % 5 !== 0 || r[0] < tRamp / 10) return;
    vsd.forEach((v, i) => pts.push({ vg: r[1], v, q: r[2 + i] }));
  });
  const AC = 1e-18; // C
  // p: cgd (aF), cch (aF), vt, body, knee, cov (aF), kappa; both ends at v, gate 0 -> vg
  const lawOf = (p: number[]): AccessChargeLaw => ({ cgd: p[0] * AC, cch: p[1] * AC, cov: p[5] * AC, ovKappa: p[6], cv: { vt: p[2], body: p[3], knee: p[4], fSat: techDefault('rp_cv_fsat'), dibl: 0 } }); // ends tied: no partition, fSat unused
  const model = (p: number[], vg: number, v: number): number => {
    const l = lawOf(p);
    return 2 * (endChargeOf(l, 0, v, v) - endChargeOf(l, vg, v, v));
  };
  const cost = (p: number[]): number => {
    if (p[0] < 0 || p[1] < 0 || p[3] <= 0 || p[4] <= 1e-3 || p[5] < 0 || p[6] < 1e-3) return 1e30;
    let s = 0;
    for (const q of pts) s += ((model(p, q.vg, q.v) - q.q) / AC) ** 2;
    return s;
  };
  let best = nelderMead(cost, [25, 160, 0.4, 1.2, 0.05, 20, 0.03], [5, 20, 0.05, 0.1, 0.02, 5, 0.01], 8000);
  for (let k = 0; k < 4; k++) best = nelderMead(cost, best, [1, 5, 0.01, 0.02, 0.01, 1, 0.005], 8000);
  let max = 0;
  for (const q of pts) max = Math.max(max, Math.abs(model(best, q.vg, q.v) - q.q));
  return { ...lawOf(best), rms: Math.sqrt(cost(best) / pts.length) * AC, max };
}

/**
 * Steepest slope of ln(I) against VWL over any 0.15 V window of the sub-threshold sweep, 1/V.
 * Below that window a leakage floor that the gate does not control (drain-to-gate tunnelling,
 * junctions) flattens ln(I); above it moderate inversion bends it. On a high-performance device the
 * steepest window starts at VWL = 0; on a high-threshold, long device it starts at ~0.3 V.
 */
function subthresholdSlope(sub: WrTable): number {
  const pts = sub.rows.filter((r) => r[1] > 0);
  let best = -Infinity;
  for (let i = 0; i < pts.length; i++) {
    const window = pts.filter((r) => r[0] >= pts[i][0] - 1e-9 && r[0] <= pts[i][0] + 0.15 + 1e-9);
    if (window.length < 4 || window[window.length - 1][0] < pts[i][0] + 0.15 - 1e-9) continue;
    best = Math.max(best, slope(window.map((r) => r[0]), window.map((r) => Math.log(r[1]))));
  }
  if (!(best > 0)) throw new CimsimError('ngspice gave no sub-threshold region: the off current does not rise with the wordline voltage', undefined, 'check the model card and --nmos');
  return best;
}

/** Time for the internal node to close 1 - 1/e of its gap to vRest, s (NaN: not within the run). */
function relaxTime(t: WrTable, vRest: number): number {
  const target = vRest + (RELAX_FROM - vRest) / Math.E;
  for (const row of t.rows) if (row[1] <= target) return row[0];
  return NaN;
}

/** Fits the access-device model to the two DC sweeps (gate from vg0 to vdd in 50 mV steps). */
function fitAccess(sat: WrTable, lin: WrTable, vg0: number, vdd: number, vT: number): { model: AccessModel; rms: number; max: number } {
  const points: { vg: number; vd: number; vs: number; i: number }[] = [];
  const nS = Math.round(0.8 / 0.05) + 1;
  sat.rows.forEach((r, idx) => points.push({ vg: vg0 + 0.05 * Math.floor(idx / nS), vd: vdd, vs: r[0], i: r[1] }));
  const nD = Math.round(vdd / 0.05) + 1;
  lin.rows.forEach((r, idx) => points.push({ vg: vg0 + 0.05 * Math.floor(idx / nD), vd: r[0], vs: 0, i: r[1] }));
  // below ~1 nA junction and gate leakage of the card dominate; not what charges the node
  const used = points.filter((q) => q.i > 1e-9 && q.vd - q.vs > 0.01);
  const toModel = (p: number[]): AccessModel => ({ vt: p[0], body: p[1], k: Math.exp(p[2]), alpha: p[3], n: p[4], vdx: p[5], lambda: p[6], eta: p[7], vThermal: vT });
  const cost = (p: number[]): number => {
    if (p[1] < 0.8 || p[1] > 2.5 || p[3] < 0.5 || p[3] > 2.5 || p[4] < 0.6 || p[4] > 3 || p[5] < 0.01 || p[5] > 3 || p[6] < 0 || p[6] > 3 || p[7] < 0 || p[7] > 0.5) return 1e9;
    const m = toModel(p);
    let s = 0;
    for (const q of used) {
      const e = Math.log(accessCurrent(m, q.vg, q.vd, q.vs) / q.i);
      s += e * e;
    }
    return s / used.length;
  };
  let best = nelderMead(cost, [0.35, 1.3, Math.log(2e-4), 1.2, 1.0, 0.5, 0.2, 0.05], [0.05, 0.1, 0.3, 0.1, 0.1, 0.1, 0.1, 0.03], 8000);
  best = nelderMead(cost, best, [0.01, 0.02, 0.05, 0.02, 0.02, 0.02, 0.02, 0.01], 8000);
  const model = toModel(best);
  let sq = 0;
  let max = 0;
  for (const q of used) {
    const e = Math.abs(Math.log(accessCurrent(model, q.vg, q.vd, q.vs) / q.i));
    sq += e * e;
    max = Math.max(max, e);
  }
  return { model, rms: Math.sqrt(sq / used.length), max };
}

/** Least-squares slope of y on x. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/** Deterministic Nelder-Mead minimisation (standard coefficients 1, 2, 0.5, 0.5). */
export function nelderMead(f: (p: number[]) => number, start: number[], step: number[], maxIter: number): number[] {
  const dim = start.length;
  let simplex = [start.slice()];
  for (let i = 0; i < dim; i++) {
    const p = start.slice();
    p[i] += step[i];
    simplex.push(p);
  }
  let values = simplex.map(f);
  for (let iter = 0; iter < maxIter; iter++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[dim] - values[0]) <= 1e-12 * (Math.abs(values[0]) + 1e-15)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j] += simplex[i][j] / dim;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (simplex[dim][j] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[dim], values[dim]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[dim - 1]) {
      [simplex[dim], values[dim]] = [reflected, fr];
    } else {
      const contracted = fr < values[dim] ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[dim])) {
        [simplex[dim], values[dim]] = [contracted, fc];
      } else {
        for (let i = 1; i <= dim; i++) {
          simplex[i] = simplex[i].map((x, j) => simplex[0][j] + 0.5 * (x - simplex[0][j]));
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  let bestIdx = 0;
  for (let i = 1; i <= dim; i++) if (values[i] < values[bestIdx]) bestIdx = i;
  return simplex[bestIdx];
}
