import seedrandom from 'seedrandom';

/**
 * Seeded random streams. Every purpose (mismatch of one instance, noise of one digitizer, a
 * stimulus) gets its own stream derived from the scenario seed and a label, so adding a device or
 * reordering code never changes another device's numbers. Same seed + label => same sequence.
 */
export class RandomStream {
  private readonly uniform: () => number;
  private spare = NaN;

  constructor(seed: number | string, label: string) {
    this.uniform = seedrandom.alea(`${seed}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uniform();
  }

  /** Standard normal (Box-Muller, both values used). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const value = this.spare;
      this.spare = NaN;
      return value;
    }
    let u = this.uniform();
    while (u <= 0) u = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/** Seed of Monte Carlo sample `index` of a scenario seeded `seed`: rerunnable alone. */
export function sampleSeed(seed: number, index: number): string {
  return `${seed}:mc${index}`;
}
