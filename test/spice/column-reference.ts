/**
 * Independent reference for the column discharge, used only by the tests: fixed-step RK4 on
 *   dV/dt = -(K I(Vwl(t), V) + (rows - K) Ioff(V)) / C
 * with the wordline-edge charges of the calibrated model applied between steps (coupling through
 * the access devices' gate-drain capacitance, charging of the internal nodes of '0' cells).
 */
import { internalNodeVoltage, portCurrent, subthresholdCurrent, type ReadPortModel } from '../../src/tech/transistor.js';

export interface ColumnCase {
  rows: number;
  ones: number;
  /** Total bitline capacitance, F. */
  cbl: number;
  /** Precharge, V. */
  vpre: number;
  /** Pulse amplitude (V), 50 % width, edges and start (s). */
  vwl: number;
  width: number;
  rise: number;
  fall: number;
  delay: number;
}

/** Piecewise-linear wordline voltage, V. */
export function wordline(c: ColumnCase, t: number): number {
  const t1 = c.delay + c.rise;
  const t2 = t1 + c.width - (c.rise + c.fall) / 2;
  const t3 = t2 + c.fall;
  if (t <= c.delay || t >= t3) return 0;
  if (t < t1) return (c.vwl * (t - c.delay)) / c.rise;
  if (t <= t2) return c.vwl;
  return (c.vwl * (t3 - t)) / c.fall;
}

/** Bitline voltage at the end of the falling edge, V. `edges` = false drops the edge charges. */
export function integrateColumn(m: ReadPortModel, c: ColumnCase, edges = true, dt = 0.05e-12): number {
  const tEnd = c.delay + c.rise + (c.width - (c.rise + c.fall) / 2) + c.fall;
  const steps = Math.ceil(tEnd / dt);
  const h = tEnd / steps;
  const zeros = c.rows - c.ones;
  const slope = (t: number, v: number): number =>
    -(c.ones * portCurrent(m, wordline(c, t), v) + zeros * subthresholdCurrent(m, 0, v)) / c.cbl;
  let v = c.vpre;
  let vmid = m.vmidRest ?? 0;
  for (let i = 0; i < steps; i++) {
    const t = i * h;
    const k1 = slope(t, v);
    const k2 = slope(t + h / 2, v + (h / 2) * k1);
    const k3 = slope(t + h / 2, v + (h / 2) * k2);
    const k4 = slope(t + h, v + h * k3);
    v += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    if (edges) {
      const w0 = wordline(c, t);
      const w1 = wordline(c, t + h);
      v += (c.rows * (m.cgd ?? 0) * (w1 - w0)) / c.cbl;
      const next = internalNodeVoltage(m, w1, v, vmid);
      // charge conservation between the bitline and the '0' cells' internal nodes
      const cm = zeros * (m.cmid ?? 0);
      if (next !== vmid) {
        if (next === v) {
          const shared = (c.cbl * v + cm * vmid) / (c.cbl + cm); // node tied to the bitline
          v = shared;
          vmid = shared;
        } else {
          v -= (cm * (next - vmid)) / c.cbl;
          vmid = next;
        }
      }
    }
  }
  return v;
}
