import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quote } from '../../../src/core/types.js';
import type { TickResult } from '../../../src/engine/live-ranker.js';
import { BatchRecorder } from '../../../src/app/watch/recorder.js';
import type { HistoryStore } from '../../../src/store/types.js';

function fakeStore() {
  const batches: Quote[][] = [];
  const opps: { n: number; now: number; gap: number }[] = [];
  let closed = false;
  const store = {
    path: ':fake:',
    recordQuotes: (q: readonly Quote[]) => void batches.push([...q]),
    recordFunding: () => undefined,
    recordOpportunities: (o: readonly unknown[], now: number, gap: number) => void opps.push({ n: o.length, now, gap }),
    close: () => void (closed = true),
  } as unknown as HistoryStore;
  return { store, batches, opps, closed: () => closed };
}
const q = (symbol: string, bid: number): Quote => ({ type: 'quote', venue: 'v', symbol, market: 'spot', bids: [[bid, 1]], asks: [[bid + 1, 1]], venueTs: 0, localTs: 0 });

test('batches: nothing is written on the hot path; a flush writes one batch; close flushes and closes', async () => {
  const f = fakeStore();
  const warnings: string[] = [];
  const r = new BatchRecorder(f.store, { flushMs: 60_000, maxBuffered: 100, gapMs: 2000, withDepth: false, clock: () => 5, warn: (m) => warnings.push(m) });
  r.onMarketEvent(q('A', 1));
  r.onMarketEvent(q('B', 2));
  assert.equal(f.batches.length, 0, 'not written per message');
  r.onTick({ now: 7, events: [], live: [], stale: [] } as TickResult);
  r.flush();
  assert.deepEqual(f.batches.map((b) => b.map((x) => x.symbol)), [['A', 'B']]);
  assert.deepEqual(f.opps, [{ n: 0, now: 7, gap: 2000 }]);
  r.onMarketEvent(q('C', 3));
  await r.close();
  assert.deepEqual(f.batches.map((b) => b.length), [2, 1], 'close flushed the last batch');
  assert.ok(f.closed());
  assert.deepEqual(warnings, []);
});

test('backpressure: above maxBuffered, quotes are conflated to the newest per instrument, with one warning', async () => {
  const f = fakeStore();
  const warnings: string[] = [];
  const r = new BatchRecorder(f.store, { flushMs: 60_000, maxBuffered: 4, gapMs: 2000, withDepth: false, clock: () => 0, warn: (m) => warnings.push(m) });
  // B0 A1 B2 A3 B4: 5 > 4 → conflated to the newest of each, B@4 and A@3 (3 dropped)
  for (let i = 0; i < 5; i++) r.onMarketEvent(q(i % 2 ? 'A' : 'B', i));
  assert.equal(r.dropped, 3);
  // + A5 A6 A7: 5 again → B@4, A@7 (3 more dropped); then A8 A9 fit
  for (let i = 5; i < 10; i++) r.onMarketEvent(q('A', i));
  assert.equal(r.dropped, 6);
  r.flush();
  const written = f.batches.flat();
  assert.deepEqual(written.map((x) => `${x.symbol}@${x.bids[0][0]}`), ['B@4', 'A@7', 'A@8', 'A@9']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /falling behind/);
  await r.close();
});
