/**
 * Figure: event-kernel throughput next to the raw tinyqueue push+pop it is built on, in the same
 * process and run. Workload (both sides): the classic "hold" model - a queue kept at `pending`
 * events; each pop schedules one new event a pseudo-random delay later. Delays are drawn once
 * from a seeded stream so neither side pays for random numbers inside the timed loop.
 */
import TinyQueue from 'tinyqueue';
import { Kernel } from '../src/engine/kernel.js';
import { RandomStream } from '../src/tech/random.js';
import { atLeast, emit, figure, QUICK, seconds } from './lib/figure.js';

const EVENTS = QUICK ? 200_000 : 1_000_000;
const PENDING = 1000; // events held in the queue
const RUNS = QUICK ? 3 : 7;

const rng = new RandomStream(1, 'bench:kernel');
const delays = Int32Array.from({ length: 1 << 16 }, () => 1 + Math.floor(rng.next() * 100_000)); // fs
const MASK = delays.length - 1;

interface RawEvent {
  time: number;
  priority: number;
  seq: number;
}

/** Raw queue: same key (time, priority, seq) and comparator shape as the kernel. Returns events/s. */
function rawQueue(): number {
  const q = new TinyQueue<RawEvent>([], (a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
  let seq = 0;
  for (let i = 0; i < PENDING; i++) q.push({ time: delays[i & MASK], priority: 0, seq: seq++ });
  let popped = 0;
  const s = seconds(() => {
    for (let i = 0; i < EVENTS; i++) {
      const e = q.pop()!;
      popped++;
      q.push({ time: e.time + delays[seq & MASK], priority: 0, seq: seq++ });
    }
  });
  return popped / s;
}

/** Kernel: every event's action schedules its successor. Returns events/s. */
function kernel(): number {
  const k = new Kernel();
  let left = EVENTS;
  let i = 0;
  const action = (kk: Kernel): void => {
    if (--left >= 0) kk.schedule('bench', delays[i++ & MASK], action);
  };
  for (let j = 0; j < PENDING; j++) k.schedule('bench', delays[i++ & MASK], action);
  const s = seconds(() => {
    while (left > 0) k.step();
  });
  return k.eventsRun / s;
}

// Warm up both (JIT), then interleave so drift in machine load hits both sides alike.
rawQueue();
kernel();
const raw: number[] = [];
const kern: number[] = [];
const ratio: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const a = rawQueue();
  const b = kernel();
  raw.push(a);
  kern.push(b);
  ratio.push(b / a);
}
const note = `hold model, ${PENDING} pending events, ${EVENTS} events per run; ratio per run = kernel / raw of that run`;
await emit([
  figure('kernel throughput', 'events/s', kern, undefined, { note }),
  figure('raw tinyqueue push+pop', 'events/s', raw, undefined, { note }),
  figure('kernel / raw queue throughput', 'ratio', ratio, atLeast(0.6), { note }),
]);
