/**
 * Current through a conducting transmission gate (gate on) between its terminals at va and vb. Per
 * device, in the coordinate u of the distance of a channel point from the device's own rail
 * (u = v for the NMOS, u = vdd - v for the PMOS):
 *   g(u)  = k s / (1 + theta s), s = soft-plus(vdd - u - vt(u)): the small-Vds conductance of a
 *           channel whose local potential is u (mobility degradation theta), per um of width;
 *   vt(u) = vt0 + gamma (sqrt(phi + u) - sqrt(phi)) - eta |va - vb| (body effect, DIBL);
 *   I     = int_{ub}^{ua} g(u) du / (1 + |va - vb| / vsat): the gradual-channel integral (pinch-off
 *           included) with velocity saturation.
 * gamma and phi are the charge law's (src/tech/tgate-charge.ts, from the card); k, vt0, theta,
 * knee, eta and vsat are fitted to ngspice DC currents (src/spice/switch-calibrate.ts).
 */
import { thermalVoltage } from '../numeric/physics.js';
import { softPlus } from '../numeric/smooth.js';
import type { TgateSize } from './tgate-charge.js';

const SIMPSON = 6; // intervals of the composite Simpson rule over the channel (even)

/** Conduction law of one device type, per micrometre of width. */
export interface MosConduction {
  k: number; // S per V of overdrive, per um of width
  vt0: number; // V, threshold magnitude at zero body bias (conduction)
  gamma: number; // sqrt(V), body effect (the charge law's)
  phi: number; // V, surface potential (the charge law's)
  theta: number; // 1/V, mobility degradation
  knee: number; // -, knee width of the soft overdrive in units of kT/q
  eta: number; // V/V, threshold lowering per volt across the channel (DIBL)
  vsat: number; // V, velocity-saturation voltage
}

/** Both devices' conduction and the levels that drive them. */
export interface TgateConductionTech {
  n: MosConduction;
  p: MosConduction;
  vdd: number; // V
  tempC: number; // degC
}


/** Small-Vds conductance per um at channel coordinate u with the threshold lowered by dvt and the gate driven `drive` V towards on, S. */
function conductance(m: MosConduction, u: number, dvt: number, drive: number, w: number): number {
  const vt = m.vt0 + m.gamma * (Math.sqrt(m.phi + Math.max(u, -0.9 * m.phi)) - Math.sqrt(m.phi)) - dvt;
  const s = softPlus(drive - u - vt, w);
  return (m.k * s) / (1 + m.theta * s);
}

/**
 * Current of one device per um of width from terminal a to terminal b (voltages va, vb), A, with
 * the gate driven `drive` volts towards on (NMOS gate at drive, PMOS gate at vdd - drive).
 */
export function deviceCurrent(m: MosConduction, type: 'n' | 'p', va: number, vb: number, vdd: number, tempC: number, drive = vdd): number {
  const vds = va - vb;
  if (vds === 0) return 0;
  const w = m.knee * thermalVoltage(tempC);
  const ua = type === 'n' ? va : vdd - va;
  const ub = type === 'n' ? vb : vdd - vb;
  const dvt = m.eta * Math.abs(vds);
  // composite Simpson over the channel from ub to ua (signed: the current follows va - vb)
  const h = (ua - ub) / SIMPSON;
  let sum = conductance(m, ua, dvt, drive, w) + conductance(m, ub, dvt, drive, w);
  for (let i = 1; i < SIMPSON; i++) sum += (i % 2 === 1 ? 4 : 2) * conductance(m, ub + i * h, dvt, drive, w);
  const integral = (sum * h) / 3; // A per um, signed as ua - ub
  return ((type === 'n' ? 1 : -1) * integral) / (1 + Math.abs(vds) / m.vsat);
}

/** Current through one transmission gate from a to b, A (widths in um), its gate `on` (0..1 of vdd towards on). */
export function tgateCurrent(s: TgateSize, va: number, vb: number, t: TgateConductionTech, on = 1): number {
  let i = 0;
  if (s.wn > 0) i += s.wn * deviceCurrent(t.n, 'n', va, vb, t.vdd, t.tempC, on * t.vdd);
  if (s.wp > 0) i += s.wp * deviceCurrent(t.p, 'p', va, vb, t.vdd, t.tempC, on * t.vdd);
  return i;
}

/** Small-signal on-resistance of one gate with both terminals at v, Ohm (widths in um). */
export function tgateOnResistance(s: TgateSize, v: number, t: TgateConductionTech): number {
  const dv = 1e-4; // V
  return (2 * dv) / (tgateCurrent(s, v + dv, v - dv, t));
}
