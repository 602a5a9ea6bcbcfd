import TinyQueue from 'tinyqueue';
import { KernelError } from './errors.js';
import { MAX_TIME_FS, type Femtoseconds } from './time.js';

/** What happens when an event fires. `kernel.now` is the event's time. */
export type Action = (kernel: Kernel) => void;

/** A scheduled event. Ordered by (time, priority, seq): seq breaks every tie. */
export interface ScheduledEvent {
  readonly time: Femtoseconds;
  readonly priority: number;
  readonly seq: number;
  /** Name of the device that scheduled it; used in error messages and traces. */
  readonly source: string;
  readonly action: Action;
}

/** Seen by probes after each event: which device acted and when. */
export interface StepRecord {
  readonly time: Femtoseconds;
  readonly source: string;
  readonly seq: number;
}

export type Probe = (record: StepRecord) => void;

export interface KernelOptions {
  /** Most events allowed at one time point before the kernel gives up (delta-cycle guard). */
  maxDeltaPasses?: number;
}

const DEFAULTS: Required<KernelOptions> = { maxDeltaPasses: 100_000 };

function before(a: ScheduledEvent, b: ScheduledEvent): number {
  return a.time - b.time || a.priority - b.priority || a.seq - b.seq;
}

/**
 * Discrete-event kernel. `step()` runs exactly one event; `run({ until })` loops over it.
 * Equal-time events run by priority (lower first), then in the order they were scheduled.
 */
export class Kernel {
  private readonly queue = new TinyQueue<ScheduledEvent>([], before);
  private readonly probes: Probe[] = [];
  private readonly maxDeltaPasses: number;
  private nextSeq = 0;
  private deltaTime = -1;
  private deltaCount = 0;
  /** Current simulated time, fs. */
  now: Femtoseconds = 0;
  /** Events run so far. */
  eventsRun = 0;

  constructor(options: KernelOptions = {}) {
    this.maxDeltaPasses = options.maxDeltaPasses ?? DEFAULTS.maxDeltaPasses;
  }

  /** Schedule `action` `delayFs` after now. Delay must be a finite, non-negative integer. */
  schedule(source: string, delayFs: Femtoseconds, action: Action, priority = 0): ScheduledEvent {
    if (!Number.isFinite(delayFs)) throw new KernelError(`delay is not finite (${delayFs})`, source, this.now);
    if (delayFs < 0) throw new KernelError(`negative delay ${delayFs} fs`, source, this.now);
    if (!Number.isInteger(delayFs)) throw new KernelError(`delay ${delayFs} fs is not a whole number of femtoseconds`, source, this.now);
    const time = this.now + delayFs;
    if (time > MAX_TIME_FS) {
      throw new KernelError(`event time ${time} fs overflows the exact range (max ${MAX_TIME_FS} fs, about 9 s)`, source, this.now);
    }
    const event: ScheduledEvent = { time, priority, seq: this.nextSeq++, source, action };
    this.queue.push(event);
    return event;
  }

  /** Schedule at an absolute time (fs), which must not be in the past. */
  scheduleAt(source: string, timeFs: Femtoseconds, action: Action, priority = 0): ScheduledEvent {
    return this.schedule(source, timeFs - this.now, action, priority);
  }

  /** Observe every event after it runs, without devices knowing. */
  addProbe(probe: Probe): void {
    this.probes.push(probe);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Time of the next event, or undefined when the queue is empty. */
  peekTime(): Femtoseconds | undefined {
    return this.queue.peek()?.time;
  }

  /** Run one event. Returns false when there was nothing to run. */
  step(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    if (event.time === this.deltaTime) {
      if (++this.deltaCount > this.maxDeltaPasses) {
        throw new KernelError(
          `more than ${this.maxDeltaPasses} events at one time point; a device keeps rescheduling itself with zero delay`,
          event.source,
          event.time,
        );
      }
    } else {
      this.deltaTime = event.time;
      this.deltaCount = 1;
    }
    this.now = event.time;
    event.action(this);
    this.eventsRun++;
    for (const probe of this.probes) probe({ time: event.time, source: event.source, seq: event.seq });
    return true;
  }

  /** Run events until the queue is empty or the next event lies after `until` (fs). */
  run(options: { until?: Femtoseconds } = {}): Femtoseconds {
    const until = options.until ?? Infinity;
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined || next.time > until) break;
      this.step();
    }
    if (Number.isFinite(until) && this.now < until) this.now = until;
    return this.now;
  }
}
