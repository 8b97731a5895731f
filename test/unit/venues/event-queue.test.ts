import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from '../../../src/venues/transport/event-queue.js';
import { WatchPipeline } from '../../../src/app/watch/pipeline.js';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { proportionalFee } from '../../../src/core/fees.js';
import type { MarketEvent, Quote } from '../../../src/core/types.js';

test('drainInto hands over the queued burst in order, synchronously, and empties the queue', async () => {
  const q = new EventQueue<number>();
  for (const n of [1, 2, 3, 4]) q.push(n);
  assert.deepEqual(await q.next(), { value: 1, done: false });
  const got: number[] = [];
  assert.equal(q.drainInto((n) => got.push(n)), 3);
  assert.deepEqual(got, [2, 3, 4]);
  assert.equal(q.size, 0);
  assert.equal(q.drainInto(() => assert.fail('nothing is queued')), 0);
  // After a drain the queue still works as an async iterator.
  q.push(5);
  assert.deepEqual(await q.next(), { value: 5, done: false });
});

test('drainInto: events pushed by the callback wait for the next wake-up; closing stops the burst', async () => {
  const q = new EventQueue<number>();
  q.push(1);
  q.push(2);
  const got: number[] = [];
  q.drainInto((n) => {
    got.push(n);
    if (n === 1) q.push(10);
  });
  assert.deepEqual(got, [1, 2]);
  assert.equal(q.size, 1);
  assert.deepEqual(await q.next(), { value: 10, done: false });

  let closedCalls = 0;
  const c = new EventQueue<number>(() => void closedCalls++);
  for (const n of [1, 2, 3]) c.push(n);
  const seen: number[] = [];
  c.drainInto((n) => {
    seen.push(n);
    if (n === 1) void c.return();
  });
  assert.deepEqual(seen, [1], 'no event is delivered after the consumer closed the queue');
  assert.equal(closedCalls, 1);
  assert.deepEqual(await c.next(), { value: undefined, done: true });
});

const quote = (venue: string, bid: number, ask: number, ts: number): Quote => ({ type: 'quote', venue, symbol: 'X/USDT', market: 'spot', bids: [[bid, 1]], asks: [[ask, 1]], venueTs: ts, localTs: ts });

test('pipeline takes a whole burst from a queue-backed stream with one clock read, and every event reaches engine, books and sinks', async () => {
  const q = new EventQueue<MarketEvent>();
  const stream = { venue: 'a', [Symbol.asyncIterator]: () => q };
  let clockReads = 0;
  const seen: string[] = [];
  const engine = new OpportunityEngine({ fees: () => proportionalFee(0) });
  const pipeline = new WatchPipeline({
    engine,
    streams: [stream],
    rank: {},
    maxAgeMs: 60_000,
    tickMs: 1_000_000,
    clock: () => (clockReads++, 1000),
    sinks: [{ onMarketEvent: (e) => void seen.push(e.type === 'quote' ? `${e.venue}:${e.bids[0][0]}` : e.type) }],
  });
  const running = pipeline.run();
  // One synchronous burst, as a socket read delivers it.
  q.push(quote('a', 99, 100, 1000));
  q.push(quote('b', 101, 102, 1000));
  q.push(quote('a', 98, 100, 1000));
  q.push({ type: 'status', venue: 'a', state: 'connected', localTs: 1000 });
  await new Promise((r) => setImmediate(r));
  const readsForBurst = clockReads;
  assert.deepEqual(seen, ['a:99', 'b:101', 'a:98', 'status']);
  assert.equal(pipeline.book('a', 'X/USDT')?.bids[0][0], 98, 'the newest book of venue a is kept');
  assert.equal(pipeline.book('b', 'X/USDT')?.bids[0][0], 101);
  assert.equal(pipeline.book('c', 'X/USDT'), undefined);
  q.end();
  await running;
  // The four events of the burst share one clock read (per-event reads would make it ≥ 4).
  assert.ok(readsForBurst <= 2, `clock read ${readsForBurst} times for one burst of four events`);
  // Every quote of the burst was counted into the engine's message total (the status is not a message).
  assert.equal(pipeline.snapshot?.messages, 3);
});
