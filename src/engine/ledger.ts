/** Energy categories; every joule is booked once, in one category, against one device. */
export const ENERGY_CATEGORIES = [
  'precharge', // restoring bitlines beyond what discharge/leakage already booked (e.g. first charge)
  'wordline', // charging read wordlines
  'discharge', // supply energy to restore the charge that compute pulses removed
  'leakage', // supply energy to restore the charge that leakage removed
  'dac', // reference-DAC bitline precharge and sharing
  'comparator', // comparator decisions
  'logic', // SA / Flash control logic
  'digital', // digital post-processing (shift-add, encoders)
] as const;

export type EnergyCategory = (typeof ENERGY_CATEGORIES)[number];

/** Accumulates energy by (device, category). Totals are exact sums of what was booked. */
export class EnergyLedger {
  private readonly byKey = new Map<string, number>();
  total_J = 0;

  book(device: string, category: EnergyCategory, energy_J: number): void {
    if (!(energy_J >= 0) || !Number.isFinite(energy_J)) {
      throw new Error(`internal: ${device} booked invalid ${category} energy ${energy_J} J`);
    }
    if (energy_J === 0) return;
    const key = `${device}\u0000${category}`;
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + energy_J);
    this.total_J += energy_J;
  }

  /** Rows of (device, category, energy_J) in a stable order (device, then category order). */
  entries(): { device: string; category: EnergyCategory; energy_J: number }[] {
    const rows = [...this.byKey].map(([key, energy_J]) => {
      const [device, category] = key.split('\u0000') as [string, EnergyCategory];
      return { device, category, energy_J };
    });
    const order = (c: EnergyCategory): number => ENERGY_CATEGORIES.indexOf(c);
    return rows.sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : order(a.category) - order(b.category)));
  }

  byCategory(): Record<EnergyCategory, number> {
    const out = Object.fromEntries(ENERGY_CATEGORIES.map((c) => [c, 0])) as Record<EnergyCategory, number>;
    for (const row of this.entries()) out[row.category] += row.energy_J;
    return out;
  }

  byDevice(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.entries()) out[row.device] = (out[row.device] ?? 0) + row.energy_J;
    return out;
  }
}

/** A timed phase of a device (pulse, precharge, conversion...), fs. */
export interface PhaseRecord {
  device: string;
  phase: string;
  start_fs: number;
  end_fs: number;
}

/** One comparator decision of a conversion: what the lane compared and what it decided. */
export interface DecisionRecord {
  /** Digitizer and the index of the lane (reference DAC + comparator) that decided. */
  digitizer: string;
  lane: number;
  /** Compute array and column being converted. */
  array: string;
  column: number;
  /** Sampling instant of this step and the comparator's decision instant, fs. */
  sampleFs: number;
  decideFs: number;
  vref: number; // V, the lane's shared reference level
  vin: number; // V, the sampled compute bitline
  out: 0 | 1;
  /** The code register after this decision. */
  code: number;
}

/** Records phases (and comparator decisions) when enabled; always counts phases. */
export class PhaseTrace {
  readonly phases: PhaseRecord[] = [];
  readonly decisions: DecisionRecord[] = [];
  count = 0;
  constructor(readonly enabled: boolean) {}

  decision(record: DecisionRecord): void {
    if (this.enabled) this.decisions.push(record);
  }

  record(device: string, phase: string, start_fs: number, end_fs: number): void {
    this.count++;
    if (this.enabled) this.phases.push({ device, phase, start_fs, end_fs });
  }
}
