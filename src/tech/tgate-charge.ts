/**
 * Charge a transmission gate holds on its terminals (the bitline side of its channel and
 * overlaps), off and on. A sharing switch that turns on takes its channel charge (electrons of the
 * NMOS, holes of the PMOS) from the nodes it joins, and its gate edges couple through the
 * overlaps; charge conservation over the joined nodes then fixes where they settle.
 * Terminal charge of one device of width W, gate at vg, both terminals at v:
 *   overlap  cov W (v - vg) per terminal (cov_on with the channel formed: LDD accumulated,
 *            cov_off with the device off: LDD depleted), and cft W vdd taken at turn-on by the
 *            overlap's nonlinear part near zero gate-drain voltage;
 *   junction the gate-edge sidewall junction to the bulk, cj W (1 + vr/pb)^-mj, on and off alike;
 *            the pins differ: a card's layout default (BSIM4 geomod) can give the source pin (b)
 *            more diffusion than the drain pin (a), by cj_skew W with the same grading, half of
 *            it added to pin b and taken from pin a (so the pins' sum is the symmetric law's);
 *   channel  -/+ cch W s(overdrive) for NMOS/PMOS, s(x) = n phi_t ln(1 + exp(x / (n phi_t)))
 *            (strong inversion with a smooth knee), threshold with body effect
 *            vt = vt0 + gamma (sqrt(phi + vsb) - sqrt(phi)).
 * Values per metre of width are given by the technology per micrometre (see TgateTech).
 */

import { thermalVoltage } from '../numeric/physics.js';
import { softPlus, softStep } from '../numeric/smooth.js';
import type { MosConduction } from './tgate-conduction.js';


/** Charge law of one device type, per micrometre of width. */
export interface MosCharge {
  cch: number; // F per um of width: channel capacitance Cox Leff
  vt0: number; // V, threshold magnitude at zero body bias
  gamma: number; // sqrt(V), body-effect coefficient
  phi: number; // V, surface potential 2 phi_F
  knee: number; // -, knee width of the soft overdrive in units of kT/q
  covOn: number; // F per um, overlap + fringe per terminal with the channel on
  covOff: number; // F per um, overlap + fringe per terminal with the device off
  cft: number; // F per um per terminal: charge of the overlap's nonlinear part (LDD) taken at turn-on, per volt of gate swing
  cj: number; // F per um per terminal, gate-edge junction capacitance at zero bias
  cjSkew: number; // F per um, pin b's (source) junction capacitance at zero bias less pin a's (drain)
  pb: number; // V, junction built-in potential
  mj: number; // -, junction grading coefficient
}

/** Both devices of a gate and the levels that drive them. */
export interface TgateTech {
  n: MosCharge;
  p: MosCharge;
  /** Conduction law of each device (gate on); absent = the netlist's fixed ron settles the star. */
  conduction?: { n: MosConduction; p: MosConduction };
  vdd: number; // V, NMOS gate on-level, PMOS bulk and gate off-level
  tempC: number; // degC
}

/** Widths of one switch, um. */
export interface TgateSize {
  wn: number; // um
  wp: number; // um
}


/** Threshold magnitude with the source-to-bulk voltage vsb, V. */
export function threshold(m: MosCharge, vsb: number): number {
  return m.vt0 + m.gamma * (Math.sqrt(m.phi + Math.max(vsb, -0.9 * m.phi)) - Math.sqrt(m.phi));
}

/**
 * Channel charge magnitude of a device per um at terminal voltage v, C, with the gate driven
 * `drive` volts towards on (NMOS gate at drive, PMOS gate at vdd - drive; default fully on).
 */
export function channelCharge(m: MosCharge, type: 'n' | 'p', v: number, t: TgateTech, drive = t.vdd): number {
  const phiT = thermalVoltage(t.tempC);
  const od = type === 'n' ? drive - v - threshold(m, v) : v - (t.vdd - drive) - threshold(m, t.vdd - v);
  return m.cch * softPlus(od, m.knee * phiT);
}

/** Terminal-side charge of one device per um, gate on, both terminals at v, C. */
export function deviceChargeOn(m: MosCharge, type: 'n' | 'p', v: number, t: TgateTech): number {
  const q = channelCharge(m, type, v, t);
  const j = 2 * junctionCharge(m, type, v, t);
  return type === 'n' ? -q + 2 * m.covOn * (v - t.vdd) - 2 * m.cft * t.vdd + j : q + 2 * m.covOn * v + 2 * m.cft * t.vdd + j;
}

/** Junction charge of one terminal per um at terminal voltage v (bulk at 0 / vdd), C. */
export function junctionCharge(m: MosCharge, type: 'n' | 'p', v: number, t: TgateTech, cj = m.cj): number {
  const vr = Math.max(type === 'n' ? v : t.vdd - v, -0.5 * m.pb); // V, reverse bias
  const q = ((cj * m.pb) / (1 - m.mj)) * ((1 + vr / m.pb) ** (1 - m.mj) - 1);
  return type === 'n' ? q : -q;
}

/** Terminal-side charge of one terminal of a device per um, device off, terminal at v, C. */
export function terminalChargeOff(m: MosCharge, type: 'n' | 'p', v: number, t: TgateTech): number {
  return (type === 'n' ? m.covOff * v : m.covOff * (v - t.vdd)) + junctionCharge(m, type, v, t);
}

/** Terminal-side charge of a whole gate (both terminals at v), on, C. */
export function tgateChargeOn(s: TgateSize, v: number, t: TgateTech): number {
  return s.wn * deviceChargeOn(t.n, 'n', v, t) + s.wp * deviceChargeOn(t.p, 'p', v, t);
}

/** d(tgateChargeOn)/dv, F (numerical, central difference of 0.1 mV). */
export function tgateCapOn(s: TgateSize, v: number, t: TgateTech): number {
  const h = 1e-4;
  return (tgateChargeOn(s, v + h, t) - tgateChargeOn(s, v - h, t)) / (2 * h);
}

/** d(tgateTerminalOff)/dv: off-state capacitance of one terminal of a gate at v, F. */
export function tgateCapOff(s: TgateSize, v: number, t: TgateTech): number {
  const h = 1e-4;
  return (tgateTerminalOff(s, v + h, t) - tgateTerminalOff(s, v - h, t)) / (2 * h);
}

/** Terminal-side charge of one terminal of a gate, off, at v, C. */
export function tgateTerminalOff(s: TgateSize, v: number, t: TgateTech): number {
  return s.wn * terminalChargeOff(t.n, 'n', v, t) + s.wp * terminalChargeOff(t.p, 'p', v, t);
}

/**
 * Charge a gate takes from its terminals (both at v) when it turns on, C: the ngspice measurement
 * of the calibration (positive for an NMOS: the source supplies electrons and the gate edge).
 */
export function turnOnCharge(s: TgateSize, v: number, t: TgateTech): number {
  return -(tgateChargeOn(s, v, t) - 2 * tgateTerminalOff(s, v, t));
}

/** Which pin of a switch a node is on: 'a' is drawn as the drain, 'b' as the source. */
export type TgatePin = 'a' | 'b';

/**
 * The pin's share of the junction skew of a gate at terminal voltage v, C: +half of cj_skew's
 * junction charge on pin b, -half on pin a (on and off alike: the junction does not switch).
 */
export function tgatePinSkew(s: TgateSize, pin: TgatePin, v: number, t: TgateTech): number {
  const n = junctionCharge(t.n, 'n', v, t, t.n.cjSkew);
  const p = junctionCharge(t.p, 'p', v, t, t.p.cjSkew);
  return (pin === 'b' ? 0.5 : -0.5) * (s.wn * n + s.wp * p);
}

/** d(tgatePinSkew)/dv, F. */
export function tgatePinSkewCap(s: TgateSize, pin: TgatePin, v: number, t: TgateTech): number {
  const n = junctionCap(t.n, 'n', v, t, t.n.cjSkew);
  const p = junctionCap(t.p, 'p', v, t, t.p.cjSkew);
  return (pin === 'b' ? 0.5 : -0.5) * (s.wn * n + s.wp * p);
}

/**
 * Terminal-side charge of one terminal of a gate at v while its gate is `on` (0 = off, 1 = on,
 * between: on an edge, the gate `on x vdd` towards on), C. The channel follows the gate drive; the
 * overlap passes linearly from its off to its on charge. At 0 and 1 it is tgateTerminalOff and
 * half of tgateChargeOn (the subthreshold channel just above 0, below 1e-20 C per um, is dropped
 * there: a step of under 1 uV on a femtofarad node).
 */
export function tgateTerminalAt(s: TgateSize, on: number, v: number, t: TgateTech): number {
  if (on >= 1) return 0.5 * tgateChargeOn(s, v, t);
  if (on <= 0) return tgateTerminalOff(s, v, t);
  const drive = on * t.vdd;
  const n = t.n;
  const p = t.p;
  const qn = -0.5 * channelCharge(n, 'n', v, t, drive) + (1 - on) * n.covOff * v + on * (n.covOn * (v - t.vdd) - n.cft * t.vdd) + junctionCharge(n, 'n', v, t);
  const qp = 0.5 * channelCharge(p, 'p', v, t, drive) + (1 - on) * p.covOff * (v - t.vdd) + on * (p.covOn * v + p.cft * t.vdd) + junctionCharge(p, 'p', v, t);
  return s.wn * qn + s.wp * qp;
}

/** d(tgateTerminalAt)/dv, F (analytic: the networks' Newton solves call it in every step). */
export function tgateCapAt(s: TgateSize, on: number, v: number, t: TgateTech): number {
  const n = t.n;
  const p = t.p;
  const off = on <= 0;
  const a = off ? 0 : Math.min(on, 1);
  const drive = a * t.vdd;
  const phiT = thermalVoltage(t.tempC);
  // channel: d(cch softPlus(od))/dv = cch softStep(od) dod/dv, od as in channelCharge
  const vtSlope = (m: MosCharge, vsb: number): number => (vsb > -0.9 * m.phi ? m.gamma / (2 * Math.sqrt(m.phi + vsb)) : 0);
  const chN = off ? 0 : n.cch * softStep(drive - v - threshold(n, v), n.knee * phiT) * (-1 - vtSlope(n, v));
  const chP = off ? 0 : p.cch * softStep(v - (t.vdd - drive) - threshold(p, t.vdd - v), p.knee * phiT) * (1 + vtSlope(p, t.vdd - v));
  const cn = -0.5 * chN + (1 - a) * n.covOff + a * n.covOn + junctionCap(n, 'n', v, t);
  const cp = 0.5 * chP + (1 - a) * p.covOff + a * p.covOn + junctionCap(p, 'p', v, t);
  return s.wn * cn + s.wp * cp;
}

/** d(junctionCharge)/dv per um, F: cj (1 + vr/pb)^-mj, 0 where the reverse bias is clamped. */
function junctionCap(m: MosCharge, type: 'n' | 'p', v: number, t: TgateTech, cj = m.cj): number {
  const vr = type === 'n' ? v : t.vdd - v; // V, reverse bias
  return vr < -0.5 * m.pb ? 0 : cj * (1 + vr / m.pb) ** -m.mj;
}
