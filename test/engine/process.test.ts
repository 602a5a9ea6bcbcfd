import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/engine/kernel.js';
import { acquire, release, Scheduler, until, type ProcessBody } from '../../src/engine/process.js';

// Processes wait for times and for their booked turn on resources; times below are in fs and the
// expected schedules are worked out by hand in the comments.

function setup(): { kernel: Kernel; scheduler: Scheduler; log: string[] } {
  const kernel = new Kernel({ maxDeltaPasses: 1000 });
  return { kernel, scheduler: new Scheduler(kernel), log: [] };
}

describe('processes and resources', () => {
  it('a second user of a resource starts when the first gives it back, at the time the first decided', () => {
    const { kernel, scheduler, log } = setup();
    const r = scheduler.resource('A');
    // The "device" decides how long the work takes: 700 fs for job 1, 300 fs for job 2.
    function* job(name: string, workFs: number): ProcessBody {
      yield acquire(r);
      const start = kernel.now;
      log.push(`${name} start ${start}`);
      yield until(start + workFs);
      yield release([r]);
      log.push(`${name} done ${kernel.now}`);
    }
    scheduler.start('j1', [r], job('j1', 700));
    scheduler.start('j2', [r], job('j2', 300));
    kernel.run();
    expect(log).toEqual(['j1 start 0', 'j1 done 700', 'j2 start 700', 'j2 done 1000']);
  });

  it('a release with a later free time delays the next turn without an event of its own', () => {
    const { kernel, scheduler, log } = setup();
    const r = scheduler.resource('A');
    scheduler.start('j1', [r], (function* (): ProcessBody {
      yield acquire(r);
      yield until(100);
      yield release([r], 400); // e.g. a restoring precharge of 300 fs
    })());
    scheduler.start('j2', [r], (function* (): ProcessBody {
      yield acquire(r);
      log.push(`j2 at ${kernel.now}`);
      yield release([r]);
    })());
    kernel.run();
    expect(log).toEqual(['j2 at 400']);
  });

  it('two arrays that lend to each other never deadlock: turns follow the start order', () => {
    // Job X computes on A for 200 fs, then needs B for 100 fs; job Y computes on B, then needs A.
    // Started X then Y: X holds A from 0, takes B at 200, gives B back at 300 and A at 300;
    // Y had booked B behind X, so it starts at 300 and takes A at 500, ending at 600.
    const { kernel, scheduler, log } = setup();
    const A = scheduler.resource('A');
    const B = scheduler.resource('B');
    const job = (name: string, own: typeof A, lender: typeof A): ProcessBody => (function* () {
      yield acquire(own);
      log.push(`${name} computes at ${kernel.now}`);
      yield until(kernel.now + 200);
      yield acquire(lender);
      log.push(`${name} converts at ${kernel.now}`);
      yield until(kernel.now + 100);
      yield release([lender, own]);
    })();
    scheduler.start('X', [A, B], job('X', A, B));
    scheduler.start('Y', [B, A], job('Y', B, A));
    kernel.run();
    expect(log).toEqual(['X computes at 0', 'X converts at 200', 'Y computes at 300', 'Y converts at 500']);
    expect(kernel.now).toBe(600);
  });

  it('waits for every resource of one acquire: the latest free time wins', () => {
    const { kernel, scheduler, log } = setup();
    const [A, B, C] = ['A', 'B', 'C'].map((n) => scheduler.resource(n));
    const hold = (r: typeof A, untilFs: number): ProcessBody => (function* () {
      yield acquire(r);
      yield until(untilFs);
      yield release([r]);
    })();
    scheduler.start('a', [A], hold(A, 250));
    scheduler.start('b', [B], hold(B, 900));
    scheduler.start('c', [A, B, C], (function* (): ProcessBody {
      yield acquire(A, B, C);
      log.push(`all three at ${kernel.now}`);
      yield release([A, B, C]);
    })());
    kernel.run();
    expect(log).toEqual(['all three at 900']);
  });

  it('refuses a resource that was not booked, and a process that ends holding one', () => {
    const first = setup();
    const r = first.scheduler.resource('A');
    first.scheduler.start('p', [], (function* (): ProcessBody {
      yield acquire(r);
    })());
    expect(() => first.kernel.run()).toThrow(/acquires A without having booked it/);
    const second = setup();
    const s = second.scheduler.resource('A');
    second.scheduler.start('q', [s], (function* (): ProcessBody {
      yield acquire(s);
    })());
    expect(() => second.kernel.run()).toThrow(/process ended holding A/);
  });

  it('many processes started at one instant begin in one event, in start order', () => {
    const { kernel, scheduler, log } = setup(); // guard: 1000 events per instant
    const r = scheduler.resource('A');
    for (let i = 0; i < 5000; i++) {
      scheduler.start(`j${i}`, [r], (function* (): ProcessBody {
        yield acquire(r);
        if (i < 3 || i === 4999) log.push(`j${i} at ${kernel.now}`);
        yield until(kernel.now + 10);
        yield release([r]);
      })());
    }
    kernel.run();
    expect(log).toEqual(['j0 at 0', 'j1 at 10', 'j2 at 20', 'j4999 at 49990']);
  });

  it('a process that keeps waking itself at the same instant trips the delta-pass guard', () => {
    const { kernel, scheduler } = setup();
    scheduler.start('spin', [], (function* (): ProcessBody {
      for (;;) yield until(kernel.now);
    })());
    expect(() => kernel.run()).toThrow(/more than 1000 events at one time point/);
  });
});
