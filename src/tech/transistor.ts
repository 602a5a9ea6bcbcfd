/**
 * Transistor abstraction of the 8T read port (two stacked NMOS: RWL-gated access device over the
 * storage-node-gated device), fitted as one equivalent device. With f = Vgs - Vt (the overdrive):
 *
 *   saturation (Vds >= Vdsat):   I = k f^alpha (1 + lambda(f) Vds)                 [Sakurai-Newton]
 *   linear     (Vds <  Vdsat):   I = k f^alpha (1 + lambda(f) Vdsat) (1 - (1 - x)^p(f)),  x = Vds / Vdsat
 *   Vdsat = kv f^(alpha/2),  lambda(f) = lambda + lambdaDibl / (f + lambdaF0),  p(f) = max(1, plin + plinSlope f)
 *   weak inversion, added:        I = ioff exp((Vgs + eta (Vds - vdsRef)) / (n vT)) (1 - exp(-Vds / vT)) / (1 + exp((Vgs - vtWeak) / (n vT)))^2
 *
 * lambda(f) is drain-induced barrier lowering in strong inversion: a threshold lowered by eta_s Vds
 * gives k (f + eta_s Vds)^alpha ~ k f^alpha (1 + alpha eta_s Vds / f), so the drain matters more
 * near threshold; lambdaF0 keeps it finite there. Linearised, the law stays a sum of a function of
 * Vgs and a function of Vgs times Vds, which the column's fast path integrates per time piece
 * (src/devices/column.ts). p(f): the stack's linear region sharpens with overdrive (plin = 2 and
 * plinSlope = 0 give the classic (2 - x) x).
 *
 * The weak term is the subthreshold exponential and fades out above vtWeak (the squared logistic).
 * With `knee` > 0 the strong law's overdrive Vgs - Vt becomes softPlus(Vgs - Vt, knee), which
 * carries it through moderate inversion (calibrated fits put vtWeak below Vt, where the exponential
 * stops, and let the knee take over); with knee = 0 and vtWeak = Vt it is the plain form above. `eta` is the drain-induced barrier lowering of the
 * off current (ioff is given at Vds = vdsRef, normally VDD). The linear form is continuous in value
 * with saturation at x = 1 and flat there. Off cells (RWL low) leak about `ioff` at Vds = vdsRef.
 *
 * Optional fields (absent = the plain form above with plin = 2, eta = 0) were added by the ngspice
 * calibration; see docs/calibration.md. The capacitive fields describe wordline-edge effects on
 * the bitline that are NOT currents: coupling through the access device's gate-drain capacitance
 * and charging of the internal stack node of the cells (src/devices/column.ts).
 * All quantities SI: V, A, F, s.
 */

import { illinois } from '../numeric/roots.js';
import { softPlus } from '../numeric/smooth.js';
import type { ChannelChargeLaw } from './channel-charge.js';
import { techDefault } from './params.js';

const LAMBDA_F0 = techDefault('rp_lambda_f0'); // V, when a model has no lambdaF0

export interface ReadPortModel {
  /** threshold at the operating temperature and corner, V */
  vt: number;
  alpha: number;
  /** A/V^alpha */
  k: number;
  /** V^(1-alpha/2) */
  kv: number;
  /** 1/V */
  lambda: number;
  /** off-state leakage at Vds = vdd, A (the whole law's: see ioffStrong) */
  ioff: number;
  /** the part of ioff that the strong law's soft-knee tail carries (set by withOffShare()), A */
  ioffStrong?: number;
  /** subthreshold slope factor */
  n: number;
  /** thermal voltage kT/q at the operating temperature, V */
  vThermal: number;
  /** linear-region exponent at zero overdrive (default 2) */
  plin?: number;
  /** change of the linear-region exponent per volt of overdrive, 1/V (default 0) */
  plinSlope?: number;
  /** strong-inversion drain-induced barrier lowering: lambda(f) = lambda + lambdaDibl / (f + lambdaF0), - (default 0) */
  lambdaDibl?: number;
  /** overdrive at which lambdaDibl's term stops growing, V (default: the rp_lambda_f0 table default) */
  lambdaF0?: number;
  /** soft knee of the strong-inversion overdrive through moderate inversion, V (default 0: hard threshold) */
  knee?: number;
  /** gate voltage above which the weak-inversion exponential stops growing, V (default vt) */
  vtWeak?: number;
  /** subthreshold DIBL coefficient, V/V (default 0) */
  eta?: number;
  /** Vds at which ioff is specified, V (default: no DIBL correction) */
  vdsRef?: number;
  /** wordline-to-bitline coupling capacitance of one port (access device, off or saturated), F */
  cgd?: number;
  /** capacitance of the internal stack node of one port, both gates at 0, averaged over CMID_RAMP, F */
  cmid?: number;
  /** rest voltage of the internal node of a '0' cell after a long idle with RWL low, V */
  vmidRest?: number;
  /** leakage of a port storing '0' (both devices off) at Vds = vdsRef, A (stack effect; default ioff) */
  ioff0?: number;
  /** bias-dependent overlap capacitance of each end of the access device (src/tech/overlap-charge.ts), F */
  cov?: number;
  /** depletion parameter of that overlap, V */
  ovKappa?: number;
  /** channel (inversion) capacitance of the access device, Cox W Leff, F */
  cch?: number;
  /** where that channel forms (default: the access device's current law vt, body, 2 n vT knee) */
  cv?: ChannelChargeLaw;
  /** relaxation time constant of a '0' cell's internal node back to vmidRest with RWL low, s */
  tauMid?: number;
  /** the access device alone (charges the internal node of '0' cells); see accessCurrent() */
  access?: AccessModel;
}

/** The internal-node voltage ramp over which rp_cmid is measured (cimsim calibrate), V. */
export const CMID_RAMP = { lo: 0.1, hi: 0.6 } as const;

/**
 * The access device of the read port on its own (RWL gate, bitline and internal node as drain and
 * source, whichever is higher is the drain), in an EKV-style smooth alpha-power form:
 *   u = Vg - vt - body Vs + eta Vds,   F = 2 n vT ln(1 + exp(u / (2 n vT)))   (F -> u in strong inversion)
 *   I = k F^alpha (1 + lambda Vds) (1 - exp(-Vds / (vT + vdx F)))
 * The soft-plus F joins weak and strong inversion; `body` lumps the body effect of the raised
 * source; the last factor is the linear region (Vds small). All SI.
 */
export interface AccessModel {
  vt: number; // V
  body: number; // -
  k: number; // A/V^alpha
  alpha: number; // -
  n: number; // -
  vdx: number; // -
  lambda: number; // 1/V
  eta: number; // V/V, drain-induced barrier lowering
  vThermal: number; // V
}

/** Drain current of the access device from node `va` to node `vb` (A, positive when va > vb). */
export function accessCurrent(a: AccessModel, vg: number, va: number, vb: number): number {
  if (va === vb) return 0;
  const sign = va > vb ? 1 : -1;
  const vd = sign > 0 ? va : vb;
  const vs = sign > 0 ? vb : va;
  const vds = vd - vs;
  const f = softPlus(vg - a.vt - a.body * vs + a.eta * vds, 2 * a.n * a.vThermal);
  return sign * a.k * Math.pow(f, a.alpha) * (1 + a.lambda * vds) * -Math.expm1(-vds / (a.vThermal + a.vdx * f));
}

/** Current of accessCurrent() and its partial derivatives in the two end voltages. */
export interface AccessPartials {
  i: number; // A, from va to vb
  dva: number; // A/V, dI/dVa
  dvb: number; // A/V, dI/dVb
}

/**
 * accessCurrent() with its partials in closed form (one evaluation of the law instead of three for
 * a difference quotient): the internal node of a '1' cell needs both conductances at every step.
 */
export function accessPartials(a: AccessModel, vg: number, va: number, vb: number, out: AccessPartials): void {
  const sign = va >= vb ? 1 : -1;
  const vs = sign > 0 ? vb : va;
  const vds = sign * (va - vb); // V, >= 0
  const w = 2 * a.n * a.vThermal; // V, knee of the soft-plus
  const x = vg - a.vt - a.body * vs + a.eta * vds; // V
  const z = x / w;
  const ez = z > 30 ? 0 : Math.exp(z);
  const f = z > 30 ? x : w * Math.log1p(ez); // V, soft-plus overdrive
  const df = z > 30 ? 1 : ez / (1 + ez); // dF/dx, -
  const p = Math.pow(f, a.alpha); // V^alpha
  const dp = f > 0 ? (a.alpha * p) / f : 0; // d(F^alpha)/dF
  const lin = 1 + a.lambda * vds; // -
  const d = a.vThermal + a.vdx * f; // V
  const em = Math.expm1(-vds / d); // -
  const e = -em; // -, linear-region factor
  const eu = 1 + em; // -, exp(-Vds / d)
  // dI0 = k [ (dp L E - P L eu vds vdx / d^2) dF + (P lambda E + P L eu / d) dVds ]
  const perF = a.k * (dp * lin * e - (p * lin * eu * vds * a.vdx) / (d * d)); // A/V
  const perVds = a.k * (p * a.lambda * e + (p * lin * eu) / d); // A/V
  const dDrain = perF * df * a.eta + perVds; // A/V, dI0/dVd
  const dSource = -perF * df * (a.body + a.eta) - perVds; // A/V, dI0/dVs
  out.i = sign * a.k * p * lin * e;
  out.dva = sign > 0 ? dDrain : -dSource;
  out.dvb = sign > 0 ? dSource : -dDrain;
}

/**
 * Current from ground into a bitline below ground (v < 0, V) through a port storing '1': the stack
 * conducts in reverse, storage device (gate vq) from ground to the internal node, access device
 * (gate vg, minus the cell's threshold shift dvt) from there to the bitline, each by the access
 * law (the same device). The internal node is solved so both carry the same current (Illinois
 * regula falsi, 1 uV). A, >= 0. The fitted port law is a forward law: reversed it missed ngspice
 * by -45 % (VWL 0.3 V) to +20 % (1.1 V); the solved stack is within about 10-15 % (docs/validation.md).
 */
export function reverseStackCurrent(a: AccessModel, vg: number, vq: number, v: number, dvt = 0): number {
  if (v >= 0) return 0;
  const ga = vg - dvt; // V, the access device's effective gate
  const lo = v; // stackGap(lo) > 0: access device carries nothing, storage device some
  const hi = 0; // stackGap(hi) < 0
  const fLo = stackGap(a, vq, ga, lo, v);
  const fHi = stackGap(a, vq, ga, hi, v);
  if (!(fLo > 0) || !(fHi < 0)) return accessCurrent(a, ga, 0, v);
  const vm = illinois((x) => stackGap(a, vq, ga, x, v), lo, hi, fLo, fHi, { xTol: 1e-6 }); // V
  return accessCurrent(a, ga, vm, v);
}

/** Storage-device current into the internal node at vm less the access device's out of it to v, A. */
function stackGap(a: AccessModel, vq: number, ga: number, vm: number, v: number): number {
  return accessCurrent(a, vq, 0, vm) - accessCurrent(a, ga, vm, v);
}


/**
 * Effective overdrive of the strong-inversion law, V: Vgs - Vt, floored at 0 (knee = 0), or with a
 * soft knee softPlus(Vgs - Vt, knee), which carries the law through moderate inversion.
 */
export function overdrive(m: ReadPortModel, vgs: number, dvt = 0): number {
  const vov = vgs - m.vt - dvt;
  const knee = m.knee ?? 0;
  return knee > 0 ? softPlus(vov, knee) : Math.max(0, vov);
}

/** Saturation current of the port at Vds = 0 reference, A (0 below threshold without a knee). */
export function saturationCurrent(m: ReadPortModel, vgs: number, dvt = 0, betaScale = 1): number {
  const f = overdrive(m, vgs, dvt);
  return f > 0 ? betaScale * m.k * Math.pow(f, m.alpha) : 0;
}

export function saturationVoltage(m: ReadPortModel, vgs: number, dvt = 0): number {
  const f = overdrive(m, vgs, dvt);
  return f > 0 ? m.kv * Math.pow(f, m.alpha / 2) : 0;
}

/** Weak-inversion (off or near-threshold) current, A; fades out above vtWeak (default Vt). */
export function subthresholdCurrent(m: ReadPortModel, vgs: number, vds: number, dvt = 0): number {
  if (vds <= 0) return 0;
  const nvt = m.n * m.vThermal;
  const dibl = m.eta && m.vdsRef !== undefined ? m.eta * (vds - m.vdsRef) : 0;
  const cut = 1 + Math.exp(Math.min(40, (vgs - (m.vtWeak ?? m.vt) - dvt) / nvt));
  return (weakPrefactor(m) * Math.exp((vgs - dvt + dibl) / nvt) * -Math.expm1(-vds / m.vThermal)) / (cut * cut);
}

/** Prefactor of the weak term, A: the off current less what the strong law's soft-knee tail carries. */
export function weakPrefactor(m: ReadPortModel): number {
  return Math.max(0, m.ioff - (m.ioffStrong ?? 0));
}

/**
 * The model with `ioffStrong` set: the strong law's soft knee leaves a tail below threshold that
 * runs nearly parallel to the weak exponential (slope 1/knee against 1/(n vT)), so the weak term
 * carries only the rest of the measured off current and the whole law gives ioff at Vgs = 0,
 * Vds = vdsRef (normally vdd).
 */
export function withOffShare(m: ReadPortModel): ReadPortModel {
  const probe = { ...m, ioff: 0, ioffStrong: 0 };
  return { ...m, ioffStrong: m.vdsRef === undefined ? 0 : portCurrent(probe, 0, m.vdsRef) };
}

/** Output slope lambda(f) of the strong law at overdrive f (V), 1/V (see the file comment). */
export function outputSlope(m: ReadPortModel, f: number): number {
  const dibl = m.lambdaDibl ?? 0;
  return dibl === 0 ? m.lambda : m.lambda + dibl / (f + (m.lambdaF0 ?? LAMBDA_F0));
}

/** Full drain current of one read port, A (Vgs = wordline voltage, Vds = bitline voltage). */
export function portCurrent(m: ReadPortModel, vgs: number, vds: number, dvt = 0, betaScale = 1): number {
  if (vds <= 0) return 0;
  const f = overdrive(m, vgs, dvt);
  let strong = 0;
  if (f > 0 && betaScale > 0) {
    const fa = Math.pow(f, m.alpha); // one pow serves both: Vdsat = kv f^(alpha/2)
    const isat = betaScale * m.k * fa;
    const vdsat = m.kv * Math.sqrt(fa);
    const lambda = outputSlope(m, f);
    if (vds >= vdsat) strong = isat * (1 + lambda * vds);
    else {
      const x = vds / vdsat;
      const p = Math.max(1, (m.plin ?? 2) + (m.plinSlope ?? 0) * f);
      strong = isat * (1 + lambda * vdsat) * (1 - Math.pow(1 - x, p));
    }
  }
  return strong + subthresholdCurrent(m, vgs, vds, dvt);
}

