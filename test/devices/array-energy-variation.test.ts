import { describe, expect, it } from 'vitest';
import { EnergyLedger } from '../../src/engine/ledger.js';
import { RandomStream } from '../../src/tech/random.js';
import { RefDacLane } from '../../src/devices/refdac.js';
import { technologyFrom } from '../../src/tech/technology.js';
import { saturationCurrent } from '../../src/tech/transistor.js';
import { arrayOf, circuit, design, only, widths } from './circuit.js';

describe('array energy booking', () => {
  it('books VDD * C * dV in total (discharge + leakage + precharge) across pulses, holds and precharges that restore the bitlines', () => {
    // tpre short enough that one precharge is incomplete, so several are needed and prepaid energy matters.
    const net = 'A0 cimarray rows=16 cols=8 weights=checker vwl=0.8 tunit=100ps tpre=60ps';
    const a = arrayOf(circuit(net, only('leakage', 'capMismatch', 'cellVt')), 'A0');
    const ledger = new EnergyLedger();
    const vdd = 1.1; // V
    const rise = new Float64Array(8); // V restored per column, summed over precharges
    const fall = new Float64Array(8); // V lost per column
    const track = (into: Float64Array, before: Float64Array, sign: number): void => {
      for (let c = 0; c < 8; c++) into[c] += sign * (a.vbl[c] - before[c]);
    };
    let t = 0;
    for (let cycle = 0; cycle < 3; cycle++) {
      let before = a.vbl.slice();
      t = a.pulse(t, widths(16, { 0: 100e-12, 3: 300e-12, 7: 200e-12, 12: 100e-12 }), ledger);
      track(fall, before, -1);
      before = a.vbl.slice();
      a.holdTo(t + 2_000_000, ledger); // 2 ns of leakage droop
      track(fall, before, -1);
      // Precharge repeatedly, with no hold in between, until every bitline is back at vpre exactly.
      for (let k = 0; k < 200 && a.vbl.some((v) => v !== a.vpre); k++) {
        before = a.vbl.slice();
        t = a.precharge(a.timeFs, ledger);
        track(rise, before, +1);
      }
      expect(Array.from(a.vbl)).toEqual(new Array(8).fill(a.vpre));
    }
    let restored_J = 0;
    for (let c = 0; c < 8; c++) {
      restored_J += vdd * a.cbl[c] * rise[c];
      expect(Math.abs(rise[c] - fall[c])).toBeLessThan(1e-12); // back where it started
    }
    const byCat = ledger.byCategory();
    const booked = byCat.discharge + byCat.leakage + byCat.precharge; // J
    expect(byCat.discharge).toBeGreaterThan(0);
    expect(byCat.leakage).toBeGreaterThan(0);
    expect(Math.abs(booked - restored_J) / restored_J).toBeLessThan(1e-12);
  });

  it('books wordline energy of pulsed rows x cols x C_wl,cell x Vwl^2', () => {
    const net = 'A0 cimarray rows=16 cols=8 weights=ones vwl=0.8';
    const a = arrayOf(circuit(net, only()), 'A0');
    const ledger = new EnergyLedger();
    a.pulse(0, widths(16, { 1: 200e-12, 2: 400e-12, 9: 200e-12 }), ledger);
    const cwl = design(net).tech.cwl_cell.value as number; // F per cell
    const expected = 3 * 8 * cwl * 0.8 * 0.8; // J
    expect(Math.abs(ledger.byCategory().wordline - expected) / expected).toBeLessThan(1e-12);
  });
});

describe('reference DAC charge sharing', () => {
  function lane(settling: boolean, seed: number): RefDacLane {
    const rng = new RandomStream(seed, 'caps');
    const unit = 20.6e-15; // F, one bitline
    const groupUnits = [16, 8, 4, 2, 1];
    // Mismatched groups (5 % per group) so conservation is not hidden by symmetry.
    const groupCaps = Float64Array.from(groupUnits, (u) => u * unit * (1 + 0.05 * rng.normal()));
    return new RefDacLane({
      name: 'A1.lane0',
      groupCaps,
      groupUnits,
      dummyCap: unit * 1.03,
      dummyUnits: 1,
      tauPrecharge: 30e-12,
      ron: 2000,
      tdacpre: 60e-12, // incomplete precharge: each reference starts from the previous state
      tshare: 20e-12, // incomplete sharing when settling is on
      swCgate: 0.36e-15,
      swCov: 0.05e-15,
      swVt: 0.35,
      vdd: 1.1,
      tempC: 27,
      vtop: 1.1,
      vbottom: 0.46,
      bits: 5,
      nonideal: { settling, injection: false, ktc: false },
      noise: new RandomStream(seed, 'noise'),
    });
  }

  it.each([true, false])('conserves sum C*V across every sharing step (settling %s, injection and noise off)', (settling) => {
    const l = lane(settling, 7);
    const o = (l as unknown as { o: { groupCaps: Float64Array; dummyCap: number; vtop: number; vbottom: number } }).o;
    const nodeV = l.nodeV; // V, groups then dummy, state between steps
    const left = l.prechargeLeft; // precharge error left after tdacpre, per node
    const caps = [...o.groupCaps, o.dummyCap]; // F
    const thresholds = [16, 24, 20, 22, 21, 1, 31, 5, 13, 27];
    for (const t of thresholds) {
      const mask = l.masks[t];
      // Charge just before the sharing switches close: each node precharged toward its level (dummy: vtop).
      let qBefore = 0; // C
      for (let i = 0; i < 6; i++) {
        const target = i === 5 || (mask >> i) & 1 ? o.vtop : o.vbottom;
        qBefore += caps[i] * (target + (nodeV[i] - target) * left[i]);
      }
      const vSel = l.reference(t);
      let qAfter = 0;
      for (let i = 0; i < 6; i++) qAfter += caps[i] * nodeV[i];
      expect(Math.abs(qAfter - qBefore) / qBefore, `threshold ${t}`).toBeLessThan(1e-13);
      expect(nodeV[5]).toBe(vSel); // the comparator reads the dummy bitline
      if (!settling) {
        // Complete sharing of complete precharges: V = sum(C_i V_i) / sum(C_i).
        const cTot = o.groupCaps.reduce((s, c) => s + c, o.dummyCap);
        expect(Math.abs(vSel - qBefore / cTot)).toBeLessThan(1e-14);
      }
    }
  });

  it('selects binary groups so that the ideal reference of threshold T is vtop - T * LSB', () => {
    const l = lane(false, 1);
    for (let t = 1; t < 32; t++) {
      // Units at vtop = 32 - T, dummy included: group g (16, 8, 4, 2, 1) is high iff its bit of 31 - T is set.
      const expected = (0b10000 & (31 - t) ? 1 : 0) | (0b1000 & (31 - t) ? 2 : 0) | (0b100 & (31 - t) ? 4 : 0) | (0b10 & (31 - t) ? 8 : 0) | (0b1 & (31 - t) ? 16 : 0);
      expect(l.masks[t], `threshold ${t}`).toBe(expected);
      expect(Math.abs(l.idealReference(t) - (1.1 - (t * 0.64) / 32))).toBeLessThan(1e-15);
    }
  });
});

describe('process variation, corners and seeds', () => {
  it('spreads per-cell thresholds with the Pelgrom sigma A_VT / sqrt(W L) (inferred from single-cell bitline drops)', () => {
    // One cell per column, lambda 0 and no weak inversion: drop = k vov^a (tflat + tramps vov / ((a+1) Vwl)) / C.
    const net = '.tech rp_lambda=0 rp_lambda_dibl=0 rp_ioff=0 rp_knee=0\nA0 cimarray rows=1 cols=4096 weights=ones vwl=0.7 trise=5ps tfall=5ps';
    const d = design(net);
    const tv = (n: string): number => d.tech[n].value as number;
    const [vt, k, alpha, avt, w, l] = ['rp_vt', 'rp_k', 'rp_alpha', 'avt', 'rp_w', 'rp_l'].map(tv);
    const cap = tv('cbl_cell') + tv('cbl_fixed'); // F
    const vwl = 0.7;
    const width = 25e-12;
    const flat = width - 5e-12; // s
    const drop = (vov: number): number => (k * Math.pow(vov, alpha) * (flat + (10e-12 * vov) / ((alpha + 1) * vwl))) / cap;
    const dvts: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const a = arrayOf(circuit(net, only('cellVt'), seed), 'A0');
      const v0 = a.vbl.slice();
      a.pulse(0, widths(1, { 0: width }), new EnergyLedger());
      for (let c = 0; c < a.cols; c++) {
        const target = v0[c] - a.vbl[c];
        let lo = 0;
        let hi = vwl;
        for (let it = 0; it < 80; it++) {
          const mid = (lo + hi) / 2;
          if (drop(mid) < target) lo = mid;
          else hi = mid;
        }
        dvts.push(vwl - vt - (lo + hi) / 2);
      }
    }
    const n = dvts.length;
    const mean = dvts.reduce((s, x) => s + x, 0) / n;
    const std = Math.sqrt(dvts.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const sigma = avt / Math.sqrt(w * l); // V, ~35.5 mV
    // Sample std of n normals has relative sd 1/sqrt(2(n-1)) ~ 0.55 %; allow 5 of those.
    expect(Math.abs(std / sigma - 1)).toBeLessThan(5 / Math.sqrt(2 * (n - 1)));
    expect(Math.abs(mean)).toBeLessThan((5 * sigma) / Math.sqrt(n));
  });

  it('orders the read current ff > tt > ss, in the model and in a bitline drop', () => {
    const drops: number[] = [];
    const currents: number[] = [];
    for (const corner of ['ff', 'tt', 'ss']) {
      const net = `.tech corner=${corner}\nA0 cimarray rows=64 cols=2 weights=ones vwl=0.8`;
      const c = circuit(net, only());
      currents.push(saturationCurrent(c.tech.readPort, 1.1));
      const a = arrayOf(c, 'A0');
      a.pulse(0, widths(64, { 0: 100e-12 }), new EnergyLedger());
      drops.push(1.1 - a.vbl[0]);
    }
    expect(currents[0]).toBeGreaterThan(currents[1]);
    expect(currents[1]).toBeGreaterThan(currents[2]);
    expect(drops[0]).toBeGreaterThan(drops[1]);
    expect(drops[1]).toBeGreaterThan(drops[2]);
  });

  it('lowers the read current at high overdrive as temperature rises (-40, 27, 85, 125 degC)', () => {
    const at = (temp: number): { isat: number; drop: number } => {
      const net = `.tech temp=${temp}\nA0 cimarray rows=64 cols=2 weights=ones vwl=1.1`;
      const c = circuit(net, only());
      const a = arrayOf(c, 'A0');
      a.pulse(0, widths(64, { 0: 50e-12 }), new EnergyLedger());
      return { isat: saturationCurrent(technologyFrom(design(net).tech).readPort, 1.1), drop: 1.1 - a.vbl[0] };
    };
    const runs = [-40, 27, 85, 125].map(at);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].isat).toBeLessThan(runs[i - 1].isat);
      expect(runs[i].drop).toBeLessThan(runs[i - 1].drop);
    }
  });

  it('builds bit-identical arrays from the same seed and different ones from different seeds', () => {
    const net = 'A0 cimarray rows=32 cols=16 weights=random:0.5';
    const run = (seed: number): { cbl: Float64Array; vbl: Float64Array; bits: Uint8Array } => {
      const a = arrayOf(circuit(net, only('cellVt', 'cellBeta', 'capMismatch', 'leakage'), seed), 'A0');
      const w = new Float64Array(32).fill(150e-12);
      a.pulse(0, w, new EnergyLedger());
      a.holdTo(a.timeFs + 1_000_000, new EnergyLedger());
      return { cbl: a.cbl.slice(), vbl: a.vbl.slice(), bits: a.bits.slice() };
    };
    const first = run(42);
    const again = run(42);
    const other = run(43);
    expect(again.cbl).toEqual(first.cbl);
    expect(again.vbl).toEqual(first.vbl);
    expect(again.bits).toEqual(first.bits);
    for (let c = 0; c < 16; c++) expect(Object.is(again.vbl[c], first.vbl[c])).toBe(true);
    expect(other.cbl.some((c, i) => c !== first.cbl[i])).toBe(true);
    expect(other.vbl.some((v, i) => v !== first.vbl[i])).toBe(true);
    expect(other.bits.some((b, i) => b !== first.bits[i])).toBe(true);
  });
});
