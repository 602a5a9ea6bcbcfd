/**
 * Transistor abstraction of the 8T read port (two stacked NMOS: RWL-gated access device over the
 * storage-node-gated device), fitted as one equivalent device:
 *
 *   saturation (Vds >= Vdsat):   I = k (Vgs - Vt)^alpha (1 + lambda Vds)          [Sakurai-Newton]
 *   linear     (Vds <  Vdsat):   I = k (Vgs - Vt)^alpha (1 + lambda Vdsat) (2 - x) x,  x = Vds / Vdsat
 *   Vdsat = kv (Vgs - Vt)^(alpha/2)
 *   subthreshold (Vgs < Vt):      I = ioff exp((Vgs - Vt0) / (n vT)) / exp(-Vt0 / (n vT)) (1 - exp(-Vds / vT))
 *
 * The linear form is continuous in value and slope with saturation at x = 1. Off cells (RWL low, or
 * storage node low) leak `ioff (1 - exp(-Vds/vT))`. All quantities SI: V, A, s.
 */

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
  /** off-state leakage at Vds = vdd, A */
  ioff: number;
  /** subthreshold slope factor */
  n: number;
  /** thermal voltage kT/q at the operating temperature, V */
  vThermal: number;
}

const BOLTZMANN = 1.380649e-23; // J/K
const ELECTRON_CHARGE = 1.602176634e-19; // C

export function thermalVoltage(tempC: number): number {
  return (BOLTZMANN * (tempC + 273.15)) / ELECTRON_CHARGE;
}

/** Saturation current of the port at overdrive `vov = Vgs - Vt` > 0 and Vds = 0 reference, A. */
export function saturationCurrent(m: ReadPortModel, vgs: number, dvt = 0, betaScale = 1): number {
  const vov = vgs - m.vt - dvt;
  if (vov <= 0) return 0;
  return betaScale * m.k * Math.pow(vov, m.alpha);
}

export function saturationVoltage(m: ReadPortModel, vgs: number, dvt = 0): number {
  const vov = vgs - m.vt - dvt;
  if (vov <= 0) return 0;
  return m.kv * Math.pow(vov, m.alpha / 2);
}

/** Subthreshold (off or weakly on) current, A. Continuous at Vgs = Vt only to within ioff scale. */
export function subthresholdCurrent(m: ReadPortModel, vgs: number, vds: number, dvt = 0): number {
  if (vds <= 0) return 0;
  const vgsEff = Math.min(vgs, m.vt + dvt);
  return m.ioff * Math.exp((vgsEff - dvt) / (m.n * m.vThermal)) * -Math.expm1(-vds / m.vThermal);
}

/** Full drain current of one read port, A (Vgs = wordline voltage, Vds = bitline voltage). */
export function portCurrent(m: ReadPortModel, vgs: number, vds: number, dvt = 0, betaScale = 1): number {
  if (vds <= 0) return 0;
  const isat = saturationCurrent(m, vgs, dvt, betaScale);
  let strong = 0;
  if (isat > 0) {
    const vdsat = saturationVoltage(m, vgs, dvt);
    if (vds >= vdsat) strong = isat * (1 + m.lambda * vds);
    else {
      const x = vds / vdsat;
      strong = isat * (1 + m.lambda * vdsat) * (2 - x) * x;
    }
  }
  return strong + subthresholdCurrent(m, vgs, vds, dvt);
}
