/**
 * Calibration of the sharing-switch charge law (src/tech/tgate-charge.ts) against ngspice: one
 * 1 um device of each type with drain and source tied to a voltage source at V0 (a grid over
 * 0.1..vdd). First, with the device off, the source ramps by 50 mV: the charge it delivers gives
 * the off-state terminal capacitance (overlap + fringe); each pin ramped alone, the other held, gives
 * the pins' difference (with W and L only, BSIM4's geomod default can draw the source pin with more
 * diffusion than the drain pin: sw_*_cj_skew). Then the gate switches on with a 10 ps
 * edge (as in the lane deck): the charge the source delivers is the channel charge plus the
 * feedthrough of the gate edge at V0. The law's channel capacitance, threshold, knee, on-state
 * overlap and turn-on overlap charge are fitted to those charges; from the card come the surface
 * potential (BSIM4: phi = 0.4 V + kT/q ln(ndep / ni) + phin), the body effect (k1) and the
 * gate-edge junction (cjswgd, pbswgd, mjswgd: the deck gives the switches no diffusion areas).
 * Conduction (src/tech/tgate-conduction.ts, how fast the sharing star settles): the same 1 um
 * devices with the gate on, DC, the lower terminal swept 0..vdd and the upper one 10 mV..0.64 V
 * above it; the law's k, threshold, mobility degradation, knee, DIBL and velocity saturation are
 * fitted to the currents (relative error with a floor of 2 % of the largest current).
 */
import { readFileSync } from 'node:fs';
import { junctionCharge, type MosCharge, type TgateTech, turnOnCharge } from '../tech/tgate-charge.js';
import { deviceCurrent, type MosConduction } from '../tech/tgate-conduction.js';
import { CimsimError } from '../errors.js';
import { thermalVoltage } from '../numeric/physics.js';
import { nelderMead } from './calibrate.js';
import { header, sp, WR, type SpiceTech } from './deck.js';
import { checkModelCard, column, runNgspice, type NgspiceOptions, type WrTable } from './ngspice.js';

export interface SwitchCalibrationOptions {
  modelCard: string;
  nmos: string;
  pmos: string;
  l: number; // m, gate length of the switches
  vdd: number; // V
  temp: number; // degC
  ngspice?: NgspiceOptions;
}

export interface SwitchChargePoint {
  v: number; // V, terminal voltage
  measured_C: number; // charge taken at turn-on by a 1 um device, C
  model_C: number;
}

export interface SwitchCurrentPoint {
  v: number; // V, lower terminal
  vds: number; // V, upper terminal - lower terminal
  measured_A: number; // current of a 1 um device from the upper to the lower terminal, A
  model_A: number;
}

export interface SwitchCalibration {
  /** Gate length the devices were measured at, m. */
  l: number;
  n: MosCharge;
  p: MosCharge;
  /** Conduction law (gate on) of each device type. */
  gn: MosConduction;
  gp: MosConduction;
  /** DC currents of the conduction fit. */
  currents: { n: SwitchCurrentPoint[]; p: SwitchCurrentPoint[] };
  /** Worst |model - measured| / (|measured| + 2 % of the device's largest current) over both devices. */
  maxCurrentError: number;
  points: { n: SwitchChargePoint[]; p: SwitchChargePoint[] };
  /** Worst |model - measured| over both devices, C (per um). */
  maxError_C: number;
  /** Spread (max - min) over the grid of the measured off overlap once the junction is taken out, F per um. */
  covOffSpread: number;
}

const RAMP = 0.05; // V, off-state ramp
const GRID = Array.from({ length: 21 }, (_, i) => 0.05 + i * 0.05); // V (scaled to vdd below)

/** Card value of a BSIM parameter in the `.model name` block, or undefined. */
function cardValue(card: string, model: string, key: string): number | undefined {
  const start = card.search(new RegExp(`^\\.model\\s+${model}\\s`, 'im'));
  if (start < 0) return undefined;
  const rest = card.slice(start + 1);
  const next = rest.search(/^\.model/im);
  const block = next < 0 ? rest : rest.slice(0, next);
  const m = new RegExp(`\\b${key}\\s*=\\s*([-+0-9.eE]+)`, 'i').exec(block);
  return m ? Number(m[1]) : undefined;
}

/** BSIM4 surface potential of a card's model, V (ni of silicon at 300 K, 1.45e10 cm^-3). */
export function surfacePotential(card: string, model: string, tempC: number): number {
  const ndep = cardValue(card, model, 'ndep') ?? 1.7e17; // cm^-3 (BSIM4 default)
  const phin = cardValue(card, model, 'phin') ?? 0;
  const vt = thermalVoltage(tempC);
  return 0.4 + vt * Math.log(ndep / 1.45e10) + phin;
}

async function measure(type: 'n' | 'p', model: string, o: SwitchCalibrationOptions): Promise<ChargeData[]> {
  const vs = GRID.map((g) => (g * o.vdd) / 1.1).filter((v) => v + RAMP <= o.vdd + 1e-9);
  const gOff = type === 'n' ? 0 : o.vdd;
  const gOn = o.vdd - gOff;
  const t: SpiceTech = { modelCard: o.modelCard, nmos: o.nmos, w: 1e-6, l: o.l, vdd: o.vdd, temp: o.temp };
  const bulk = type === 'n' ? '0' : 'vddn';
  const ramp = (v: number): string => `PWL(0 ${sp(v)} 10p ${sp(v)} 20p ${sp(v + RAMP)})`;
  const lines = [
    ...header(`sharing-switch charge, ${type}MOS 1 um`, t),
    `Vvdd vddn 0 ${sp(o.vdd)}`,
    `Vg g 0 PWL(0 ${sp(gOff)} 40p ${sp(gOff)} 50p ${sp(gOn)})`,
    `Vgoff goff 0 ${sp(gOff)}`,
  ];
  const meas: string[] = [];
  vs.forEach((v, k) => {
    lines.push(`Vx${k} x${k} 0 ${ramp(v)}`);
    // no junction areas, as in the lane deck
    lines.push(`M${k} x${k} g x${k} ${bulk} ${model} W=1u L=${sp(o.l)}`);
    meas.push(`meas tran qoff${k} integ i(vx${k}) from=0 to=35p`, `meas tran qon${k} integ i(vx${k}) from=35p to=90p`);
    // each pin ramped alone, the other held at v, device off: the drain (a) and source (b) pins
    lines.push(`Vpa${k} pa${k} 0 ${ramp(v)}`, `Vqa${k} qa${k} 0 ${sp(v)}`, `Ma${k} pa${k} goff qa${k} ${bulk} ${model} W=1u L=${sp(o.l)}`);
    lines.push(`Vpb${k} pb${k} 0 ${sp(v)}`, `Vqb${k} qb${k} 0 ${ramp(v)}`, `Mb${k} pb${k} goff qb${k} ${bulk} ${model} W=1u L=${sp(o.l)}`);
    meas.push(`meas tran qpa${k} integ i(vpa${k}) from=0 to=35p`, `meas tran qpb${k} integ i(vqb${k}) from=0 to=35p`);
  });
  const deck = [...lines, '.control', 'tran 0.1p 90p', ...meas, '.endc', '.end', ''].join('\n');
  const run = await runNgspice(deck, o.ngspice);
  return vs.map((v, k) => {
    const [qoff, qon, qa, qb] = ['qoff', 'qon', 'qpa', 'qpb'].map((m) => run.measures[`${m}${k}`]);
    if (qoff === undefined || qon === undefined || qa === undefined || qb === undefined) throw new CimsimError(`ngspice gave no switch-charge measurement for ${type}MOS at ${v} V`);
    // i(Vx) flows into the source's + terminal: its integral is the charge the device terminals gave up
    return { v: v + RAMP, qOn: qon, cOff: -qoff / (2 * RAMP), cSkew: (qa - qb) / RAMP };
  });
}

/** One grid point of the charge measurements (terminal voltage after the ramp, V). */
interface ChargeData {
  v: number; // V
  qOn: number; // C, charge taken at turn-on by a 1 um device with both pins at v
  cOff: number; // F, off capacitance per pin (mean of the two) over the ramp
  cSkew: number; // F, off capacitance of pin b less pin a over the ramp
}

/** Gate-edge junction of the card, per um: cjswgd, pbswgd, mjswgd (BSIM4 defaults if absent). */
export function gateEdgeJunction(card: string, model: string): { cj: number; pb: number; mj: number } {
  return { cj: (cardValue(card, model, 'cjswgd') ?? 5e-10) * 1e-6, pb: cardValue(card, model, 'pbswgd') ?? 1, mj: cardValue(card, model, 'mjswgd') ?? 0.33 };
}

/**
 * Fit one device type's law to its turn-on charges. covOff is the mean measured off capacitance
 * less the card's gate-edge junction over the same ramp; cjSkew is the pins' measured difference,
 * fitted with that junction's grading.
 */
function fitDevice(type: 'n' | 'p', data: ChargeData[], phi: number, gamma: number, card: { cj: number; pb: number; mj: number }, o: SwitchCalibrationOptions): { m: MosCharge; pts: SwitchChargePoint[]; covOffSpread: number } {
  const other: MosCharge = { cch: 0, vt0: 0.4, gamma: 0, phi: 1, knee: 1, covOn: 0, covOff: 0, cft: 0, cj: 0, cjSkew: 0, pb: 1, mj: 0.5 };
  const bare: MosCharge = { ...other, ...card };
  const tBare: TgateTech = { n: bare, p: bare, vdd: o.vdd, tempC: o.temp };
  // junction capacitance averaged over the ramp v - RAMP .. v, F per um
  const cjOver = (v: number): number => (junctionCharge(bare, type, v, tBare) - junctionCharge(bare, type, v - RAMP, tBare)) / RAMP;
  // the pins' difference has the gate-edge junction's grading: least squares for its zero-bias value
  const shape = data.map((d) => (junctionCharge(bare, type, d.v, tBare, 1) - junctionCharge(bare, type, d.v - RAMP, tBare, 1)) / RAMP); // per F/um of cj
  const cjSkew = data.reduce((sum, d, k) => sum + d.cSkew * shape[k], 0) / shape.reduce((sum, x) => sum + x * x, 0);
  const junction = { ...card, cjSkew };
  const ovOff = data.map((d) => d.cOff - cjOver(d.v));
  const covOff = ovOff.reduce((s, x) => s + x, 0) / ovOff.length;
  const covOffSpread = Math.max(...ovOff) - Math.min(...ovOff);
  const lawOf = (p: number[]): MosCharge => ({ cch: p[0] * 1e-15, vt0: p[1], gamma, phi, knee: Math.max(0.3, Math.abs(p[3])), covOn: p[4] * 1e-15, covOff, cft: (p[5] * 1e-15) / o.vdd, ...junction });
  const techOf = (m: MosCharge): TgateTech => ({ n: type === 'n' ? m : other, p: type === 'p' ? m : other, vdd: o.vdd, tempC: o.temp });
  const size = type === 'n' ? { wn: 1, wp: 0 } : { wn: 0, wp: 1 };
  const cost = (p: number[]): number => {
    const m = lawOf(p);
    return data.reduce((s, d) => s + ((turnOnCharge(size, d.v, techOf(m)) - d.qOn) * 1e15) ** 2, 0);
  };
  let best = nelderMead(cost, [1.0, 0.4, 0.3, 1.5, 0.5, 0], [0.2, 0.05, 0.1, 0.3, 0.1, 0.05], 8000);
  for (let k = 0; k < 3; k++) best = nelderMead(cost, best, [0.05, 0.01, 0.02, 0.05, 0.02, 0.01], 8000); // restarts
  const m = lawOf(best);
  return { m, covOffSpread, pts: data.map((d) => ({ v: d.v, measured_C: d.qOn, model_C: turnOnCharge(size, d.v, techOf(m)) })) };
}

const VDS = [0.01, 0.1, 0.2, 0.4, 0.64]; // V, drain above source in the conduction sweep (0.64 V: vtop - vbottom of the bundled chip)
const VSTEP = 0.025; // V, source step of the conduction sweep

/**
 * DC conduction of a 1 um device, gate on: the lower terminal swept 0..vdd, the upper one VDS above
 * it (one device per VDS); the current from the upper to the lower terminal.
 */
async function measureConduction(type: 'n' | 'p', model: string, o: SwitchCalibrationOptions): Promise<{ v: number; vds: number; i: number }[]> {
  const t: SpiceTech = { modelCard: o.modelCard, nmos: o.nmos, w: 1e-6, l: o.l, vdd: o.vdd, temp: o.temp };
  const lines = [
    ...header(`sharing-switch conduction, ${type}MOS 1 um`, t),
    `Vvdd vddn 0 ${sp(o.vdd)}`,
    `Vg g 0 ${sp(type === 'n' ? o.vdd : 0)}`,
    'Vs s 0 0',
  ];
  VDS.forEach((d, k) => {
    lines.push(`Vd${k} d${k} s ${sp(d)}`, `M${k} d${k} g s ${type === 'n' ? '0' : 'vddn'} ${model} W=1u L=${sp(o.l)}`);
  });
  const deck = [...lines, '.control', ...WR, `dc Vs 0 ${sp(o.vdd)} ${sp(VSTEP)}`, `wrdata cond.txt ${VDS.map((_, k) => `i(vd${k})`).join(' ')}`, '.endc', '.end', ''].join('\n');
  const run = await runNgspice(deck, { ...o.ngspice, expectFiles: ['cond.txt'] });
  const table = run.tables.get('cond.txt') as WrTable;
  const out: { v: number; vds: number; i: number }[] = [];
  VDS.forEach((d, k) => {
    const col = column(table, `i(vd${k})`);
    table.rows.forEach((row, r) => {
      // i(Vd) flows into its + terminal (the upper one) through the source: minus the device current
      if (row[0] + d <= o.vdd + 1e-9) out.push({ v: row[0], vds: d, i: -col[r] });
    });
  });
  return out;
}

/** Fit one device type's conduction law to its DC currents (relative error, floor 2 % of the largest current). */
function fitConduction(type: 'n' | 'p', data: { v: number; vds: number; i: number }[], charge: MosCharge, o: SwitchCalibrationOptions): { m: MosConduction; pts: SwitchCurrentPoint[]; maxErr: number } {
  const floor = 0.02 * Math.max(...data.map((d) => Math.abs(d.i))); // A
  const lawOf = (p: number[]): MosConduction => ({ k: p[0] * 1e-3, vt0: p[1], gamma: charge.gamma, phi: charge.phi, theta: Math.abs(p[2]), knee: Math.max(0.3, Math.abs(p[3])), eta: p[4], vsat: Math.max(0.05, Math.abs(p[5])) });
  const model = (m: MosConduction, d: { v: number; vds: number }): number => deviceCurrent(m, type, d.v + d.vds, d.v, o.vdd, o.temp);
  const cost = (p: number[]): number => {
    const m = lawOf(p);
    return data.reduce((s, d) => s + ((model(m, d) - d.i) / (Math.abs(d.i) + floor)) ** 2, 0);
  };
  let best = nelderMead(cost, [5, 0.4, 0.5, 1.5, 0.05, 1], [1, 0.05, 0.2, 0.3, 0.03, 0.3], 8000);
  for (let k = 0; k < 3; k++) best = nelderMead(cost, best, [0.2, 0.01, 0.05, 0.05, 0.01, 0.05], 8000); // restarts
  const m = lawOf(best);
  const pts = data.map((d) => ({ v: d.v, vds: d.vds, measured_A: d.i, model_A: model(m, d) }));
  return { m, pts, maxErr: Math.max(...pts.map((x) => Math.abs(x.model_A - x.measured_A) / (Math.abs(x.measured_A) + floor))) };
}

/** Measure both devices in ngspice and fit the sharing-switch charge law. */
export async function calibrateSwitch(o: SwitchCalibrationOptions): Promise<SwitchCalibration> {
  checkModelCard(o.modelCard, [o.nmos, o.pmos]);
  const card = readFileSync(o.modelCard, 'utf8');
  const n = fitDevice('n', await measure('n', o.nmos, o), surfacePotential(card, o.nmos, o.temp), cardValue(card, o.nmos, 'k1') ?? 0.5, gateEdgeJunction(card, o.nmos), o);
  const p = fitDevice('p', await measure('p', o.pmos, o), surfacePotential(card, o.pmos, o.temp), cardValue(card, o.pmos, 'k1') ?? 0.5, gateEdgeJunction(card, o.pmos), o);
  const maxError_C = Math.max(...[...n.pts, ...p.pts].map((x) => Math.abs(x.model_C - x.measured_C)));
  const gn = fitConduction('n', await measureConduction('n', o.nmos, o), n.m, o);
  const gp = fitConduction('p', await measureConduction('p', o.pmos, o), p.m, o);
  return {
    l: o.l, n: n.m, p: p.m, gn: gn.m, gp: gp.m, points: { n: n.pts, p: p.pts }, maxError_C, covOffSpread: Math.max(n.covOffSpread, p.covOffSpread),
    currents: { n: gn.pts, p: gp.pts }, maxCurrentError: Math.max(gn.maxErr, gp.maxErr),
  };
}

/** `.tech` lines of a calibration (names of src/tech/params.ts), with their source. */
export function switchTechLines(r: SwitchCalibration, cardName: string): string[] {
  const src = `ngspice on ${cardName}, switch-calibrate (1 um device, 10 ps gate edge)`;
  const f = (x: number): string => Number(x.toPrecision(4)).toString();
  const out: string[] = [`.tech sw_l=${f(r.l)} ; m, gate length of the sharing switches the sw_* laws below were measured at`];
  const dc = `ngspice on ${cardName}, switch-calibrate (1 um device, gate on, DC, Vds ${VDS.join('/')} V)`;
  for (const [k, m, g] of [['n', r.n, r.gn], ['p', r.p, r.gp]] as const) {
    out.push(
      `.tech sw_${k}_cch=${f(m.cch)} ; F per um of width, fit to ${src}`,
      `.tech sw_${k}_vt0=${f(m.vt0)} ; V, fit to ${src}`,
      `.tech sw_${k}_gamma=${f(m.gamma)} ; sqrt(V), card: BSIM4 k1`,
      `.tech sw_${k}_phi=${f(m.phi)} ; V, card: BSIM4 0.4 V + kT/q ln(ndep/ni) + phin`,
      `.tech sw_${k}_knee=${f(m.knee)} ; -, fit to ${src}`,
      `.tech sw_${k}_cov_on=${f(m.covOn)} ; F per um per terminal, fit to ${src}`,
      `.tech sw_${k}_cov_off=${f(m.covOff)} ; F per um per terminal, ${src}: 50 mV ramp, device off, less the junction`,
      `.tech sw_${k}_cft=${f(m.cft)} ; F per um per terminal, fit to ${src}`,
      `.tech sw_${k}_cj=${f(m.cj)} ; F per um per terminal, card: BSIM4 cjswgd (gate-edge junction; the deck gives no diffusion areas)`,
      `.tech sw_${k}_cj_skew=${f(m.cjSkew)} ; F per um, ${src}: each pin ramped alone by 50 mV, device off, source (b) less drain (a)`,
      `.tech sw_${k}_pb=${f(m.pb)} ; V, card: BSIM4 pbswgd`,
      `.tech sw_${k}_mj=${f(m.mj)} ; -, card: BSIM4 mjswgd`,
      `.tech sw_${k}_gk=${f(g.k)} ; S per V of overdrive per um of width, fit to ${dc}`,
      `.tech sw_${k}_gvt0=${f(g.vt0)} ; V, fit to ${dc}`,
      `.tech sw_${k}_gtheta=${f(g.theta)} ; 1/V, fit to ${dc}`,
      `.tech sw_${k}_gknee=${f(g.knee)} ; -, fit to ${dc}`,
      `.tech sw_${k}_geta=${f(g.eta)} ; V/V, fit to ${dc}`,
      `.tech sw_${k}_gvsat=${f(g.vsat)} ; V, fit to ${dc}`,
    );
  }
  return out;
}
