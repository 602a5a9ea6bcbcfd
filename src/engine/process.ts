import { KernelError } from './errors.js';
import type { Kernel } from './kernel.js';
import type { Femtoseconds } from './time.js';

/**
 * Processes and resources on the event kernel, after SimPy's model: a process is a generator that
 * yields what it waits for (a time, or its turn on resources); the scheduler resumes it when that
 * comes, so each step's time follows from what the devices returned before (a pulse's end, a
 * conversion's end), not from a plan made in advance.
 *
 * Resources are granted in booking order: a process books its turn on every resource it will use
 * when it starts, and takes a resource only when every earlier booking has released it. Started in
 * plan order, jobs can then never overtake one another on a shared array, which keeps two arrays
 * that lend to each other (a pair) from deadlocking, and makes the schedule depend only on the
 * order jobs were started, never on ties between equal event times: at one instant, processes run
 * in the order they were started.
 */

/** What a process waits for. */
export type Wait =
  | { kind: 'until'; timeFs: Femtoseconds }
  | { kind: 'acquire'; resources: readonly Resource[] }
  | { kind: 'release'; resources: readonly Resource[]; freeFromFs: Femtoseconds };

/** Resume at `timeFs` (fs, not in the past). */
export const until = (timeFs: Femtoseconds): Wait => ({ kind: 'until', timeFs });
/** Resume once this process holds every resource (immediately if it does already). */
export const acquire = (...resources: Resource[]): Wait => ({ kind: 'acquire', resources });
/** Give resources back; the next booking may take them from `freeFromFs` on (fs, default now). Does not wait. */
export const release = (resources: readonly Resource[], freeFromFs?: Femtoseconds): Wait => ({ kind: 'release', resources, freeFromFs: freeFromFs ?? -1 });

export type ProcessBody = Generator<Wait, void, void>;

/** A device one process uses at a time (an array computing or lending its bitlines). */
export class Resource {
  /** Processes that booked a turn, in booking order, from `head` on; turns[head] holds or is next. */
  private readonly turns: Process[] = [];
  private head = 0;
  holder: Process | undefined;
  /** Earliest time the next turn may start, fs. */
  freeFromFs: Femtoseconds = 0;

  constructor(readonly name: string) {}

  book(p: Process): void {
    this.turns.push(p);
  }

  /** The process whose turn is now (holding or next), if any. */
  get current(): Process | undefined {
    return this.turns[this.head];
  }

  /** End the current turn (O(1); the spent part of the list is dropped now and then). */
  endTurn(): void {
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.turns.length) {
      this.turns.splice(0, this.head);
      this.head = 0;
    }
  }
}

interface Process {
  readonly name: string;
  /** Resources it booked a turn on. */
  readonly booked: ReadonlySet<Resource>;
  /** Start order; equal-time events of different processes run in this order. */
  readonly order: number;
  readonly body: ProcessBody;
  /** The acquire this process is blocked on, if any. */
  waiting: readonly Resource[] | undefined;
  /** A resume is already scheduled for this process. */
  resumeScheduled: boolean;
}

export class Scheduler {
  private readonly resources = new Map<string, Resource>();
  private started = 0;
  /** Processes started at the current instant, not yet begun. */
  private starting: Process[] = [];

  constructor(readonly kernel: Kernel) {}

  /** The resource named `name` (one per name). */
  resource(name: string): Resource {
    let r = this.resources.get(name);
    if (r === undefined) this.resources.set(name, (r = new Resource(name)));
    return r;
  }

  /**
   * Start a process now; it books its turn on `uses` behind every process started before it.
   * Processes started at one instant begin in one event, in start order: a run that queues 10^5
   * jobs at t = 0 is one event there, not 10^5 (which the delta-pass guard would rightly refuse).
   */
  start(name: string, uses: readonly Resource[], body: ProcessBody): void {
    const booked = new Set(uses);
    const p: Process = { name, booked, order: this.started++, body, waiting: undefined, resumeScheduled: true };
    for (const r of booked) r.book(p);
    this.starting.push(p);
    if (this.starting.length > 1) return;
    this.kernel.scheduleAt(name, this.kernel.now, () => {
      const batch = this.starting;
      this.starting = [];
      for (const q of batch) {
        q.resumeScheduled = false;
        this.advance(q);
      }
    }, p.order);
  }

  private resumeAt(p: Process, timeFs: Femtoseconds): void {
    p.resumeScheduled = true;
    this.kernel.scheduleAt(p.name, timeFs, () => {
      p.resumeScheduled = false;
      this.advance(p);
    }, p.order);
  }

  /** Run the process until it waits for something not yet there. */
  private advance(p: Process): void {
    if (p.waiting !== undefined) {
      if (!this.take(p, p.waiting)) return;
      p.waiting = undefined;
    }
    for (;;) {
      const next = p.body.next();
      if (next.done) {
        const held = [...p.booked].filter((r) => r.holder === p).map((r) => r.name);
        if (held.length > 0) throw new KernelError(`process ended holding ${held.join(', ')}`, p.name, this.kernel.now);
        return;
      }
      const w = next.value;
      if (w.kind === 'until') {
        this.resumeAt(p, w.timeFs);
        return;
      }
      if (w.kind === 'release') {
        for (const r of w.resources) this.give(p, r, w.freeFromFs < 0 ? this.kernel.now : w.freeFromFs);
        continue;
      }
      if (!this.take(p, w.resources)) {
        p.waiting = w.resources;
        return;
      }
    }
  }

  /** Take every resource if all are this process's turn and free by now; else arrange a retry. */
  private take(p: Process, resources: readonly Resource[]): boolean {
    let freeFrom = this.kernel.now;
    for (const r of resources) {
      if (r.holder === p) continue;
      if (!p.booked.has(r)) throw new KernelError(`acquires ${r.name} without having booked it`, p.name, this.kernel.now);
      if (r.holder !== undefined || r.current !== p) return false; // a release will retry
      freeFrom = Math.max(freeFrom, r.freeFromFs);
    }
    if (freeFrom > this.kernel.now) {
      if (!p.resumeScheduled) this.resumeAt(p, freeFrom);
      return false;
    }
    for (const r of resources) r.holder = p;
    return true;
  }

  private give(p: Process, r: Resource, freeFromFs: Femtoseconds): void {
    if (r.holder !== p) throw new KernelError(`releases ${r.name}, which it does not hold`, p.name, this.kernel.now);
    r.holder = undefined;
    r.endTurn();
    r.freeFromFs = freeFromFs;
    const next = r.current;
    if (next?.waiting !== undefined && next.waiting.includes(r) && !next.resumeScheduled) {
      this.resumeAt(next, Math.max(this.kernel.now, freeFromFs));
    }
  }
}
