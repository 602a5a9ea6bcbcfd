import { describe, expect, it } from 'vitest';
import { KernelError } from '../../src/engine/errors.js';
import { Kernel, type StepRecord } from '../../src/engine/kernel.js';
import { MAX_TIME_FS } from '../../src/engine/time.js';

/** The KernelError `fn` throws; fails the test on success or on any other exception. */
function kernelErrorOf(fn: () => unknown): KernelError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KernelError) return err;
    throw new Error(`expected a KernelError, got ${String(err)}`);
  }
  throw new Error('expected a KernelError, but nothing was thrown');
}

describe('event kernel ordering', () => {
  it('runs events scheduled for the same time in the order they were scheduled', () => {
    const k = new Kernel();
    const order: string[] = [];
    const names = ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11'];
    // Interleave with other times so the heap really has to break ties by sequence number.
    for (const n of names) {
      k.schedule('dev', 1000, () => order.push(n));
      k.schedule('other', 2000, () => order.push(`late-${n}`));
    }
    k.run();
    expect(order.slice(0, names.length)).toEqual(names);
    expect(order.slice(names.length)).toEqual(names.map((n) => `late-${n}`));
  });

  it('runs equal-time events by priority first (lower priority value first), then by insertion', () => {
    const k = new Kernel();
    const order: string[] = [];
    k.schedule('a', 500, () => order.push('p2-first'), 2);
    k.schedule('b', 500, () => order.push('p0-first'), 0);
    k.schedule('c', 500, () => order.push('p1'), 1);
    k.schedule('d', 500, () => order.push('p0-second'), 0);
    k.schedule('e', 500, () => order.push('p2-second'), 2);
    k.schedule('f', 400, () => order.push('earlier-p9'), 9);
    k.run();
    expect(order).toEqual(['earlier-p9', 'p0-first', 'p0-second', 'p1', 'p2-first', 'p2-second']);
  });

  it('gives an event the time now + delay and sets now to that time while its action runs', () => {
    const k = new Kernel();
    const seen: number[] = [];
    k.schedule('x', 300, (kk) => {
      seen.push(kk.now);
      kk.schedule('x', 50, (k2) => seen.push(k2.now));
      kk.scheduleAt('x', 1000, (k2) => seen.push(k2.now));
    });
    k.run();
    expect(seen).toEqual([300, 350, 1000]);
    expect(k.eventsRun).toBe(3);
  });

  it('stops run({until}) before later events, runs events exactly at until, and advances now to until', () => {
    const k = new Kernel();
    const ran: number[] = [];
    for (const t of [100, 200, 300, 301, 1000]) k.scheduleAt('dev', t, (kk) => ran.push(kk.now));
    expect(k.run({ until: 300 })).toBe(300);
    expect(ran).toEqual([100, 200, 300]);
    expect(k.now).toBe(300);
    expect(k.pending).toBe(2);
    expect(k.peekTime()).toBe(301);
    // With nothing due before `until`, time still advances to it.
    expect(k.run({ until: 700 })).toBe(700);
    expect(ran).toEqual([100, 200, 300, 301]);
    expect(k.now).toBe(700);
    // A delay now counts from 700 fs.
    k.schedule('dev', 5, (kk) => ran.push(kk.now));
    k.run();
    expect(ran).toEqual([100, 200, 300, 301, 705, 1000]);
  });

  it('step() runs exactly one event and returns false on an empty queue', () => {
    const k = new Kernel();
    let count = 0;
    k.schedule('a', 1, () => count++);
    k.schedule('a', 2, () => count++);
    expect(k.step()).toBe(true);
    expect(count).toBe(1);
    expect(k.step()).toBe(true);
    expect(k.step()).toBe(false);
    expect(count).toBe(2);
  });

  it('shows every event to every probe, with its time, source and sequence number, in run order', () => {
    const k = new Kernel();
    const a: StepRecord[] = [];
    const b: StepRecord[] = [];
    k.addProbe((r) => a.push(r));
    k.addProbe((r) => b.push(r));
    const e1 = k.schedule('late', 20, () => undefined);
    const e0 = k.schedule('early', 10, (kk) => {
      kk.schedule('child', 0, () => undefined);
    });
    k.run();
    expect(a.map((r) => [r.time, r.source])).toEqual([
      [10, 'early'],
      [10, 'child'],
      [20, 'late'],
    ]);
    expect(a[0].seq).toBe(e0.seq);
    expect(a[2].seq).toBe(e1.seq);
    expect(b).toEqual(a);
    expect(a.length).toBe(k.eventsRun);
  });
});

describe('event kernel guards', () => {
  it('rejects a negative delay with a KernelError naming the source', () => {
    const err = kernelErrorOf(() => new Kernel().schedule('A0.precharge', -1, () => undefined));
    expect(err.source).toBe('A0.precharge');
    expect(err.message).toMatch(/^A0\.precharge: negative delay/);
  });

  it('rejects a time in the past through scheduleAt', () => {
    const k = new Kernel();
    k.run({ until: 1000 });
    const err = kernelErrorOf(() => k.scheduleAt('D0', 999, () => undefined));
    expect(err.source).toBe('D0');
    expect(err.message).toMatch(/D0: negative delay -1 fs/);
  });

  it.each([
    ['NaN', Number.NaN],
    ['+Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('rejects a non-finite delay (%s) with a KernelError naming the source', (_label, delay) => {
    const err = kernelErrorOf(() => new Kernel().schedule('CMP3', delay, () => undefined));
    expect(err.source).toBe('CMP3');
    expect(err.message).toMatch(/^CMP3: delay is not finite/);
  });

  it('rejects a delay that is not a whole number of femtoseconds', () => {
    const err = kernelErrorOf(() => new Kernel().schedule('A1', 2.5, () => undefined));
    expect(err.source).toBe('A1');
    expect(err.message).toMatch(/A1: delay 2\.5 fs is not a whole number/);
  });

  it('accepts the last exact time but rejects an event past Number.MAX_SAFE_INTEGER fs', () => {
    const k = new Kernel();
    expect(() => k.scheduleAt('edge', MAX_TIME_FS, () => undefined)).not.toThrow();
    k.run({ until: MAX_TIME_FS - 10 });
    const err = kernelErrorOf(() => k.schedule('N0', 11, () => undefined));
    expect(err.source).toBe('N0');
    expect(err.message).toMatch(/N0: event time .* overflows the exact range/);
    // A huge delay from time 0 overflows too (the sum is checked, not just the delay).
    const err2 = kernelErrorOf(() => new Kernel().schedule('N1', Number.MAX_SAFE_INTEGER + 1, () => undefined));
    expect(err2.source).toBe('N1');
  });

  it('stops a device that keeps rescheduling itself at the same time, naming it, after maxDeltaPasses events', () => {
    const k = new Kernel({ maxDeltaPasses: 50 });
    let runs = 0;
    const loop = (kk: Kernel): void => {
      runs++;
      kk.schedule('SA0.loop', 0, loop);
    };
    k.schedule('SA0.loop', 7, loop);
    const err = kernelErrorOf(() => k.run());
    expect(err.source).toBe('SA0.loop');
    expect(err.timeFs).toBe(7);
    expect(err.message).toMatch(/more than 50 events at one time point/);
    expect(runs).toBe(50);
  });

  it('allows exactly maxDeltaPasses events at one time point and resets the count when time moves', () => {
    const k = new Kernel({ maxDeltaPasses: 10 });
    for (let i = 0; i < 10; i++) k.schedule('burst', 5, () => undefined);
    for (let i = 0; i < 10; i++) k.schedule('burst', 6, () => undefined);
    expect(() => k.run()).not.toThrow();
    expect(k.eventsRun).toBe(20);
  });
});
