import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FundingRate, Quote } from '../../../src/core/types.js';
import { Recording } from '../../../src/backtest/arb-recording.js';
import { Depth } from '../../../src/backtest/arb-depth.js';
import { proportionalFee } from '../../../src/core/fees.js';

test('a recording gives back its quotes and funding rates in order, books level for level', () => {
  const q = (venue: string, t: number, bids: [number, number][], asks: [number, number][], market: Quote['market'] = 'spot'): Quote => ({ type: 'quote', venue, symbol: 'BTC/USDT', market, bids, asks, venueTs: t, localTs: t + 3 });
  const f: FundingRate = { type: 'funding', venue: 'okx', symbol: 'BTC/USDT:USDT', rate: 0.0001, intervalHours: 8, venueTs: 5, localTs: 5 };
  const events = [q('a', 1, [[99, 1], [98, 2]], [[100, 1]]), f, q('b', 6, [], [[101, 0.5]], 'perp'), q('a', 7, [[99.5, 3]], [])];
  const r = new Recording();
  for (const e of events) r.add(e);
  // Enough quotes to make the columns grow past their first size.
  for (let i = 0; i < 3000; i++) r.add(q('c', 10 + i, [[1, i]], [[2, i]]));
  const back = [...r.events()];
  assert.equal(r.length, 3004);
  assert.deepEqual(back.slice(0, 4), events);
  assert.deepEqual(back[3003], q('c', 3009, [[1, 2999]], [[2, 2999]]));
});

test('depth taken by one fill is gone for the next', () => {
  // Asks 1 @100, 2 @101; take 2: 1 @100 + 1 @101 = 201, fees 0.1 % = 0.201; then 1 left @101.
  const d = new Depth([[100, 1], [101, 2]]);
  const t = d.take(2, proportionalFee(0.001));
  assert.deepEqual([t.filled, t.value], [2, 201]);
  assert.ok(Math.abs(t.fee - 0.201) < 1e-12);
  assert.deepEqual(d.available(() => true), [[101, 1]]);
  assert.deepEqual(d.available((p) => p <= 100), []);
});
