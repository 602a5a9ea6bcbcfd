import { endCharge, spread, spreadSlope, type ChannelChargeLaw, type EndCharge } from './channel-charge.js';
import { overlapCap, overlapCharge } from './overlap-charge.js';
import { softPlus } from '../numeric/smooth.js';

/**
 * Charge the wordline puts on one end of the read port's access device (the end at va, the other
 * at vb, gate at vg; all V):
 *
 *   Q_a = cgd (va - vg) - cov H(vg - va) - P_f(x_a, x_b)
 *
 * fixed overlap and fringe (cgd), the bias-dependent overlap (cov, src/tech/overlap-charge.ts) and
 * the end's share of the inversion channel (src/tech/channel-charge.ts), whose overdrives are
 * x = softPlus(vg - vt - body V + dibl spread(va - vb), knee). The first two are local to the end;
 * the channel couples the two ends. Each term was fitted by cimsim calibrate to the card's terminal
 * charge (docs/calibration.md); the small-signal capacitances are checked against ngspice AC
 * (test/spice/access-charge.test.ts).
 */
export interface AccessChargeLaw {
  cgd: number; // F, fixed overlap and fringe per end
  cov: number; // F, bias-dependent overlap per end
  ovKappa: number; // V
  cch: number; // F, channel capacitance
  cv: ChannelChargeLaw;
}

/** Capacitances of end a: dQ_a/dva, dQ_a/dvb and dQ_a/dvg, F (reused to avoid allocation). */
export interface EndCapacitance {
  self: number;
  other: number;
  gate: number;
}

const scratch: EndCharge = { q: 0, dOwn: 0, dOther: 0 };

/** The capacitances of the end at va (see AccessChargeLaw), written into `out`. */
export function endCapacitance(law: AccessChargeLaw, vg: number, va: number, vb: number, out: EndCapacitance): EndCapacitance {
  const { vt, body, knee, fSat, dibl } = law.cv;
  const ov = law.cov === 0 ? 0 : law.cov * overlapCap(vg - va, law.ovKappa); // F
  out.self = law.cgd + ov;
  out.other = 0;
  out.gate = -law.cgd - ov;
  if (law.cch === 0) return out;
  const lower = dibl * spread(va - vb); // V, threshold lowering by the voltage between the ends
  const sl = dibl * spreadSlope(va - vb); // -, d lower / d va (= -d lower / d vb)
  const ua = vg - vt - body * va + lower;
  const ub = vg - vt - body * vb + lower;
  // soft-plus overdrives and their slopes, one exponential per end
  const za = ua / knee;
  const zb = ub / knee;
  const ea = za > 30 ? 0 : Math.exp(za);
  const eb = zb > 30 ? 0 : Math.exp(zb);
  const sa = za > 30 ? 1 : ea / (1 + ea); // -, softStep(ua, knee)
  const sb = zb > 30 ? 1 : eb / (1 + eb); // -
  const e = endCharge(law.cch, za > 30 ? ua : knee * Math.log1p(ea), zb > 30 ? ub : knee * Math.log1p(eb), scratch, fSat);
  out.self -= e.dOwn * sa * (sl - body) + e.dOther * sb * sl;
  out.other -= -e.dOwn * sa * sl - e.dOther * sb * (body + sl);
  out.gate -= e.dOwn * sa + e.dOther * sb;
  return out;
}

/** Q_a itself, C (see AccessChargeLaw): what a measurement of terminal charge compares with. */
export function endChargeOf(law: AccessChargeLaw, vg: number, va: number, vb: number): number {
  const { vt, body, knee, fSat, dibl } = law.cv;
  const lower = dibl * spread(va - vb); // V
  const x = softPlus(vg - vt - body * va + lower, knee);
  const y = softPlus(vg - vt - body * vb + lower, knee);
  const p = law.cch === 0 ? 0 : endCharge(law.cch, x, y, scratch, fSat).q;
  return law.cgd * (va - vg) - (law.cov === 0 ? 0 : law.cov * overlapCharge(vg - va, law.ovKappa)) - p;
}
