import { describe, expect, it } from 'vitest';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { holdVoltage } from '../../src/devices/bitline.js';
import { portCurrent } from '../../src/tech/transistor.js';
import { arrayOf, circuit, design, only, rk4, simpson, trapezoid, widths } from './circuit.js';

const K_B = 1.380649e-23; // J/K
const Q_E = 1.602176634e-19; // C
/** Wordline-edge physics off (coupling, '0'-cell internal nodes, junction nonlinearity): the current-only model these closed forms describe. */
const NO_EDGES = '.tech rp_cgd=0 rp_cch=0 rp_cmid=0 cbl_junction=0 rp_knee=0 rp_lambda_dibl=0\n'; // plus a hard threshold and one output slope: the closed forms' law

/** A number from the elaborated .tech table (SI). */
function techValue(text: string, name: string): number {
  return design(text).tech[name].value as number;
}

describe('bitline discharge in saturation', () => {
  // lambda = 0 and no weak-inversion current: the alpha-power law alone, I = k (Vwl(t) - Vt)^alpha.
  const NET = '.tech rp_lambda=0 rp_ioff=0\n' + NO_EDGES + 'A0 cimarray rows=1 cols=4 weights=ones vwl=0.6 tunit=25ps trise=5ps tfall=5ps';

  it('drops a single-cell bitline by the integral of k (Vwl(t) - Vt)^alpha over the wordline trapezoid, divided by C', () => {
    const c = circuit(NET, only());
    const a = arrayOf(c, 'A0');
    const vt = techValue(NET, 'rp_vt');
    const k = techValue(NET, 'rp_k'); // A/V^alpha
    const alpha = techValue(NET, 'rp_alpha');
    const cap = techValue(NET, 'cbl_cell') + techValue(NET, 'cbl_fixed'); // F, one row
    const vwl = 0.6; // V, above the fitted threshold
    const trise = 5e-12;
    const tfall = 5e-12; // s
    const flat = 25e-12 - (trise + tfall) / 2; // s, 50 %-width pulse
    // Closed form: flat top k vov^a t, each ramp k vov^(a+1) t_ramp / ((a+1) vwl).
    const vov = vwl - vt;
    const charge = k * Math.pow(vov, alpha) * flat + (k * Math.pow(vov, alpha + 1) * (trise + tfall)) / ((alpha + 1) * vwl); // C
    // Independent quadrature of the same integral (split at the turn-on and turn-off points).
    const wl = trapezoid(vwl, trise, flat, tfall);
    const i = (t: number): number => k * Math.pow(Math.max(0, wl(t) - vt), alpha);
    const tOn = (vt / vwl) * trise;
    const tOff = trise + flat + (1 - vt / vwl) * tfall;
    const quad = simpson(i, tOn, trise, 20000) + simpson(i, trise, trise + flat, 2) + simpson(i, trise + flat, tOff, 20000);
    expect(Math.abs(quad - charge) / charge).toBeLessThan(1e-7);

    const v0 = a.vbl[0];
    expect(v0).toBe(1.1);
    const end = a.pulse(0, widths(1, { 0: 25e-12 }), new EnergyLedger());
    expect(end).toBe(30_000); // fs: 25 ps + (trise + tfall) / 2
    for (let col = 0; col < 4; col++) {
      const drop = v0 - a.vbl[col]; // V
      // Float32 per-cell current storage limits agreement to ~1e-7 relative.
      expect(Math.abs(drop - charge / cap) / (charge / cap)).toBeLessThan(1e-6);
    }
    expect(v0 - a.vbl[0]).toBeGreaterThan(0.02); // a real discharge, not a rounding artefact
  });

  it('adds the drops of cells pulsed together on one bitline (superposition in saturation with lambda 0)', () => {
    const net = '.tech rp_lambda=0 rp_ioff=0\n' + NO_EDGES + 'A0 cimarray rows=8 cols=2 weights=ones vwl=0.5 trise=5ps tfall=5ps';
    const one = arrayOf(circuit(net, only()), 'A0');
    one.pulse(0, widths(8, { 2: 20e-12 }), new EnergyLedger());
    const dropOne = 1.1 - one.vbl[0];
    const three = arrayOf(circuit(net, only()), 'A0');
    three.pulse(0, widths(8, { 0: 20e-12, 2: 20e-12, 5: 20e-12 }), new EnergyLedger());
    expect(Math.abs(1.1 - three.vbl[0] - 3 * dropOne) / (3 * dropOne)).toBeLessThan(1e-6);
  });
});

describe('bitline discharge against an independent RK4 of the full read-port model', () => {
  /** Fixed-step RK4 of dV/dt = -sum_i I_port(Vwl_i(t), V) / C over the whole pulse set. */
  function reference(text: string, rows: number, pulses: Record<number, number>, steps: number): { v: number; a: ReturnType<typeof arrayOf> } {
    const c = circuit(text, only());
    const a = arrayOf(c, 'A0');
    const m = c.tech.readPort;
    const { vwl, trise, tfall } = a.wordline;
    const wls = Object.values(pulses).map((w) => trapezoid(vwl, trise, w - (trise + tfall) / 2, tfall));
    const span = Math.max(...Object.values(pulses)) + (trise + tfall) / 2;
    const f = (t: number, v: number): number => -wls.reduce((s, wl) => s + portCurrent(m, wl(t), v), 0) / a.cbl[0];
    const v = rk4(f, a.vpre, 0, span, steps);
    a.pulse(0, widths(rows, pulses), new EnergyLedger());
    return { v, a };
  }

  it('matches a fine fixed-step RK4 within 1e-4 V for a discharge deep into the linear region', () => {
    const net = NO_EDGES + 'A0 cimarray rows=64 cols=2 weights=ones vwl=1.1 trise=20ps tfall=20ps';
    const pulses = { 0: 100e-12, 1: 200e-12, 2: 150e-12, 3: 60e-12 };
    const { v, a } = reference(net, 64, pulses, 220_000); // 1 fs steps
    // The column must really end in the linear region (below Vdsat at full wordline, ~0.44 V).
    expect(v).toBeLessThan(0.3);
    for (const col of [0, 1]) expect(Math.abs(a.vbl[col] - v)).toBeLessThan(1e-4);
  });

  // Default technology (lambda > 0, weak inversion on): the array may use its saturation closed
  // form here, which must describe the same port model as the integrator.
  it.each([0.5, 0.6, 0.8])('matches the same RK4 within 1e-4 V while a column stays in saturation at a wordline of %s V', (vwl) => {
    const net = `${NO_EDGES}A0 cimarray rows=64 cols=2 weights=ones vwl=${vwl} trise=5ps tfall=5ps`;
    const { v, a } = reference(net, 64, { 0: 50e-12 }, 55_000);
    expect(1.1 - v).toBeGreaterThan(0.01);
    expect(Math.abs(a.vbl[0] - v), `vwl = ${vwl} V: array ${a.vbl[0]} V, RK4 ${v} V`).toBeLessThan(1e-4);
  });
});

describe('leakage droop of a held bitline', () => {
  // cells storing '1' leak rp_ioff each with their wordline low ('0' cells leak less, rp_ioff0)
  const NET = 'A0 cimarray rows=64 cols=3 weights=ones';
  // Without drain-induced barrier lowering (rp_eta = 0) the leakage is Vds-independent.
  const NET_NO_DIBL = `.tech rp_eta=0\n${NET}`;

  it('follows the holdVoltage closed form and an independent RK4 of dV/dt = -L (1 - exp(-V/vT)) / C', () => {
    const c = circuit(NET_NO_DIBL, only('leakage'));
    const a = arrayOf(c, 'A0');
    const vT = (K_B * (27 + 273.15)) / Q_E; // V at 27 degC
    const ioff = techValue(NET, 'rp_ioff'); // A per cell (no mismatch: the nominal value, float64)
    const leak = 64 * ioff; // A, every cell off
    const cap = 64 * techValue(NET, 'cbl_cell') + techValue(NET, 'cbl_fixed'); // F
    const f = (_t: number, v: number): number => (-leak * -Math.expm1(-v / vT)) / cap;
    let previous = 1.1;
    for (const tNs of [0.1, 1, 10, 50, 100, 200]) {
      const t = tNs * 1e-9;
      const ref = rk4(f, 1.1, 0, t, 20_000);
      const closed = holdVoltage(1.1, leak, cap, vT, t);
      expect(Math.abs(closed - ref), `closed form at ${tNs} ns`).toBeLessThan(1e-9);
      const fromArray = a.voltageAt(0, Math.round(t * 1e15));
      expect(Math.abs(fromArray - ref), `array at ${tNs} ns`).toBeLessThan(1e-9);
      // Strictly falling while the voltage is representable well above rounding.
      if (previous > 1e-6) expect(fromArray).toBeLessThan(previous);
      previous = fromArray;
    }
    expect(previous).toBeLessThan(0.2); // the run reaches the regime where 1 - exp(-V/vT) matters
  });

  it('stays finite and matches RK4 after holds far longer than the droop time constant (0.5 us, 1 us, 10 us)', () => {
    const a = arrayOf(circuit(NET_NO_DIBL, only('leakage')), 'A0');
    const vT = (K_B * (27 + 273.15)) / Q_E; // V
    const leak = 64 * Math.fround(techValue(NET, 'rp_ioff')); // A
    const cap = 64 * techValue(NET, 'cbl_cell') + techValue(NET, 'cbl_fixed'); // F
    const f = (_t: number, v: number): number => (-leak * -Math.expm1(-v / vT)) / cap;
    for (const tUs of [0.5, 1, 10]) {
      const t = tUs * 1e-6;
      const ref = rk4(f, 1.1, 0, t, 200_000);
      expect.soft(holdVoltage(1.1, leak, cap, vT, t), `holdVoltage after ${tUs} us (RK4 ${ref} V)`).toBeCloseTo(ref, 9);
      expect.soft(a.voltageAt(0, Math.round(t * 1e15)), `A0.voltageAt after ${tUs} us (RK4 ${ref} V)`).toBeCloseTo(ref, 9);
    }
  });

  it('with DIBL (default rp_eta) follows an independent RK4 of dV/dt = -L exp(k (V - VDD)) (1 - exp(-V/vT)) / C', () => {
    const a = arrayOf(circuit(NET, only('leakage')), 'A0');
    const vT = (K_B * (27 + 273.15)) / Q_E; // V
    const k = techValue(NET, 'rp_eta') / (techValue(NET, 'rp_n') * vT); // 1/V
    expect(k).toBeGreaterThan(1); // the calibrated card has real DIBL
    const leak = 64 * techValue(NET, 'rp_ioff'); // A at Vds = VDD
    const cap = 64 * techValue(NET, 'cbl_cell') + techValue(NET, 'cbl_fixed'); // F
    const f = (_t: number, v: number): number => (-leak * Math.exp(k * (v - 1.1)) * -Math.expm1(-v / vT)) / cap;
    for (const tNs of [0.4, 2, 10, 50, 200, 1000]) {
      const t = tNs * 1e-9;
      const ref = rk4(f, 1.1, 0, t, 40_000);
      const got = a.voltageAt(0, Math.round(t * 1e15));
      // Exact while V >> vT; near ground the closed form is a lower bound within a few vT.
      // Above 0.15 V the neglected factor 1 - exp(-V/vT) changes the rate by < 0.3 %: within 0.1 mV.
      if (ref > 0.15) expect(Math.abs(got - ref), `at ${tNs} ns`).toBeLessThan(1e-4);
      else {
        expect(got).toBeLessThanOrEqual(ref + 1e-9);
        expect(ref - got).toBeLessThan(4 * vT);
      }
    }
    // DIBL slows the droop: after 10 ns the bitline is higher than with Vds-independent leakage.
    const constant = arrayOf(circuit(`.tech rp_eta=0\n${NET}`, only('leakage')), 'A0');
    expect(a.voltageAt(0, 10_000_000)).toBeGreaterThan(constant.voltageAt(0, 10_000_000));
  });

  it('gives the same droop committed in two holds as in one, and books VDD C dV as leakage energy', () => {
    const a = arrayOf(circuit(NET, only('leakage')), 'A0');
    const b = arrayOf(circuit(NET, only('leakage')), 'A0');
    const la = new EnergyLedger();
    const lb = new EnergyLedger();
    a.holdTo(3_000_000, la); // 3 ns
    a.holdTo(20_000_000, la); // 20 ns
    b.holdTo(20_000_000, lb);
    for (let col = 0; col < 3; col++) expect(Math.abs(a.vbl[col] - b.vbl[col])).toBeLessThan(1e-12);
    const dv = 1.1 - b.vbl[0];
    expect(dv).toBeGreaterThan(0.01);
    const expected = 1.1 * 3 * b.cbl[0] * dv; // J, VDD * C * dV over 3 columns
    expect(Math.abs(lb.byCategory().leakage - expected) / expected).toBeLessThan(1e-12);
    expect(Math.abs(la.total_J - lb.total_J) / lb.total_J).toBeLessThan(1e-9);
  });

  it('does not droop when leakage is switched off', () => {
    const a = arrayOf(circuit(NET, only()), 'A0');
    expect(a.voltageAt(0, 1e9)).toBe(1.1);
  });
});
