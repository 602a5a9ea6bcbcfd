import { codeDensityLinearity, enob, findTransitions, transitionLinearity, transferCurve } from '../../analysis/index.js';
import type { Assignment, Circuit } from '../../circuit/build.js';
import { ConversionLog } from '../../engine/conversion-log.js';
import { EnergyLedger } from '../../engine/ledger.js';
import type { HeldBitlines } from '../../devices/digitizer.js';
import { CimsimError } from '../../errors.js';
import { lineFigure, stepFigure } from '../../report/index.js';
import { section, type Section } from '../section.js';

/** An ideal held source: "column" i holds voltage v[i] (a ramp or sine test input). */
function source(v: Float64Array): HeldBitlines {
  return { name: 'test-source', voltageAt: (c) => v[c] };
}

export function pickAssignment(circuit: Circuit, network: string | undefined): Assignment {
  const a = network === undefined ? circuit.assignments[0] : circuit.assignments.find((x) => x.network.toLowerCase() === network.toLowerCase());
  if (a === undefined) {
    throw new CimsimError(network ? `no network named ${network}` : 'the netlist has no network to digitize with', undefined, `networks: ${[...new Set(circuit.assignments.map((x) => x.network))].join(', ') || 'none'}`);
  }
  return a;
}

/** Convert test voltages through an assignment's digitizer; returns codes (and books energy). */
export function convertVoltages(a: Assignment, volts: Float64Array, ledger = new EnergyLedger()): Int32Array {
  const log = new ConversionLog();
  const columns = Array.from({ length: volts.length }, (_, i) => i);
  a.digitizer.convert(source(volts), columns, volts, 0, 0, ledger, log);
  return Int32Array.from(log.code);
}

/**
 * IEEE 1241 ramp test of the memory-immersed converter: a slow ramp across full scale (plus a
 * margin) gives the code-density DNL/INL; bisection on single conversions gives the transition
 * levels and their DNL/INL. The input variable is the discharge x = vtop - V (codes grow with x).
 */
export function rampAnalysis(circuit: Circuit, options: { network?: string; points?: number; margin_LSB?: number }): Section {
  const a = pickAssignment(circuit, options.network);
  const d = a.digitizer;
  const lsb = (d.vtop - d.vbottom) / (1 << d.bits);
  const margin = (options.margin_LSB ?? 2) * lsb;
  const points = options.points ?? 64 * (1 << d.bits);
  const xLow = -margin;
  const xHigh = d.vtop - d.vbottom + margin;
  const x = Float64Array.from({ length: points }, (_, i) => xLow + ((i + 0.5) * (xHigh - xLow)) / points);
  const codes = convertVoltages(a, x.map((xi) => d.vtop - xi));
  // Code density over the whole ramp; codes 0 and 2^N-1 collect the margins, which the method ignores.
  const density = codeDensityLinearity(codes, d.bits, { input: 'ramp', range_V: [xLow, xHigh] });
  const transitions = findTransitions((xi) => convertVoltages(a, Float64Array.of(d.vtop - xi))[0], d.bits, xLow, xHigh, lsb / 1e4);
  const levels = transitionLinearity(transitions, d.bits);
  const s = section('ramp');
  let agreement = 0;
  for (let k = 0; k < density.dnl_LSB.length; k++) {
    agreement = Math.max(agreement, Math.abs(density.dnl_LSB[k] - levels.dnl_LSB[k]), Math.abs(density.inl_LSB[k] - levels.inl_LSB[k]));
  }
  Object.assign(s.metrics, {
    points_count: points,
    lsb_V: lsb,
    maxAbsDnl_LSB: density.maxAbsDnl_LSB,
    maxAbsInl_LSB: density.maxAbsInl_LSB,
    transitionMaxAbsDnl_LSB: levels.maxAbsDnl_LSB,
    transitionMaxAbsInl_LSB: levels.maxAbsInl_LSB,
    methodDisagreement_LSB: agreement,
    missingCodes_count: density.missingCodes.length,
  });
  const codeAxis = Float64Array.from({ length: 1 << d.bits }, (_, k) => k);
  s.tables.push({
    name: 'linearity',
    columns: [{ key: 'code', header: 'code' }, { key: 'dnl', header: 'dnl_density_LSB' }, { key: 'inl', header: 'inl_density_LSB' }, { key: 'dnlT', header: 'dnl_transition_LSB' }, { key: 'inlT', header: 'inl_transition_LSB' }, { key: 't', header: 'transition_V' }],
    rows: Array.from(codeAxis, (k) => ({ code: k, dnl: density.dnl_LSB[k], inl: density.inl_LSB[k], dnlT: levels.dnl_LSB[k], inlT: levels.inl_LSB[k], t: k > 0 ? transitions[k - 1] : '' })),
  });
  const curve = transferCurve(x, codes, Math.min(points, 8 * (1 << d.bits)));
  const discharge_mV = Array.from(curve.binCenter_V, (v) => v * 1e3);
  const lsb_mV = ((d.vtop - d.vbottom) / (1 << d.bits)) * 1e3;
  s.plots.push({
    name: 'transfer-curve',
    figure: stepFigure({ title: 'Transfer curve (ramp) and the ideal quantizer', x: { label: 'bitline discharge vtop - V', unit: 'mV' }, y: { label: 'code', unit: 'LSB' }, series: [
      { name: 'mean code', x: discharge_mV, y: Array.from(curve.meanCode, (c) => (Number.isNaN(c) ? 0 : c)) },
      { name: 'ideal', x: discharge_mV, y: discharge_mV.map((mv) => Math.min((1 << d.bits) - 1, Math.max(0, Math.floor(mv / lsb_mV)))), dashed: true },
    ] }),
  });
  // DNL and INL in separate panels (the convention), each with both methods
  for (const [name, density_LSB, transition_LSB] of [['dnl', density.dnl_LSB, levels.dnl_LSB], ['inl', density.inl_LSB, levels.inl_LSB]] as const) {
    s.plots.push({
      name,
      figure: lineFigure({ title: `${name.toUpperCase()} (code density and transition levels)`, x: { label: 'code', unit: 'LSB' }, y: { label: name.toUpperCase(), unit: 'LSB' }, markers: true, series: [
        { name: 'code density', x: codeAxis, y: density_LSB },
        { name: 'transition levels', x: codeAxis, y: transition_LSB, dashed: true },
      ] }),
    });
  }
  return s;
}

/**
 * Amplitude of each DFT bin 1 .. n/2 of `x` (rectangular window), in dB relative to a sine of
 * amplitude `fullScale`; a floor of -200 dBFS stands for an empty bin.
 */
function amplitudeSpectrum(x: ArrayLike<number>, fullScale: number): number[] {
  const n = x.length;
  const out: number[] = [];
  for (let k = 1; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      const phase = (2 * Math.PI * k * i) / n;
      re += x[i] * Math.cos(phase);
      im -= x[i] * Math.sin(phase);
    }
    const amplitude = ((k === n / 2 ? 1 : 2) * Math.hypot(re, im)) / n;
    out.push(Math.max(-200, 20 * Math.log10(amplitude / fullScale)));
  }
  return out;
}

/** Coherent sine test: ENOB and SINAD by the IEEE 1241 four-parameter fit. */
export function sineAnalysis(circuit: Circuit, options: { network?: string; points?: number; cycles?: number; amplitude_LSB?: number }): Section {
  const a = pickAssignment(circuit, options.network);
  const d = a.digitizer;
  const levels = 1 << d.bits;
  const lsb = (d.vtop - d.vbottom) / levels;
  const points = options.points ?? 4096;
  const cycles = options.cycles ?? 67; // odd and prime to the record: every phase visited once
  const amplitude = (options.amplitude_LSB ?? levels / 2 - 0.5) * lsb;
  const centre = (d.vtop - d.vbottom) / 2;
  const x = Float64Array.from({ length: points }, (_, i) => centre + amplitude * Math.sin((2 * Math.PI * cycles * i) / points));
  const codes = convertVoltages(a, x.map((xi) => d.vtop - xi));
  // Sample rate is nominal (1 per record step): ENOB depends only on the codes and the fit.
  const result = enob(codes, d.bits, points, cycles);
  const spectrum = amplitudeSpectrum(codes, levels / 2); // dBFS per bin 1 .. points/2
  const signal_dB = spectrum[cycles - 1];
  const spur_dB = Math.max(...spectrum.filter((_, k) => k !== cycles - 1));
  const s = section('sine');
  Object.assign(s.metrics, {
    points_count: points, enob_bits: result.enob_bits, enobFromSinad_bits: result.enobFromSinad_bits, sinad_dB: result.sinad_dB,
    sfdr_dB: signal_dB - spur_dB, signal_dBFS: signal_dB, noiseRms_LSB: result.noiseRms_LSB,
  });
  s.notes.push(
    `enob_bits is IEEE Std 1241's ENOB = log2(FSR / (NAD sqrt(12))), FSR = 2^${d.bits} LSB and NAD the rms residual of the four-parameter sine fit; enobFromSinad_bits = (SINAD - 1.76 dB) / 6.02 dB, which reads low by the tone's distance from full scale (here ${(-signal_dB).toFixed(2)} dB below it)`,
    `spectrum: ${points}-point DFT of the codes with a rectangular window (the record holds exactly ${cycles} periods: coherent, no leakage); SFDR = the tone over the largest other bin (DC excluded)`,
  );
  s.plots.push({
    name: 'spectrum',
    figure: lineFigure({ title: `Output spectrum (ENOB ${result.enob_bits.toFixed(2)} bit, SINAD ${result.sinad_dB.toFixed(2)} dB, SFDR ${(signal_dB - spur_dB).toFixed(1)} dB)`, x: { label: 'frequency / sample rate', unit: '1' }, y: { label: 'amplitude', unit: 'dBFS' }, series: [
      { name: 'codes', x: spectrum.map((_, k) => (k + 1) / points), y: spectrum },
    ] }),
  });
  return s;
}
