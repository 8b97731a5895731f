import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Opportunity } from '../../../src/core/types.js';
import { LiveRanker } from '../../../src/engine/live-ranker.js';

/** A minimal two-leg opportunity; only the fields the ranker reads matter. */
function opp(id: string, netProfit: number, ageMs: number, buy = 'a', sell = 'b'): Opportunity {
  return {
    id, kind: 'cross-spot', symbol: 'BTC/USDT', size: 1, quote: 'USDT', grossSpreadPct: 0.2, netSpreadPct: netProfit / 100, netProfit,
    buy: { venue: buy, price: 100, vwap: 100, fee: 0 }, sell: { venue: sell, price: 101, vwap: 101, fee: 0 },
    legs: [
      { side: 'buy', venue: buy, market: 'BTC/USDT', price: 100, vwap: 100, size: 1, fee: 0 },
      { side: 'sell', venue: sell, market: 'BTC/USDT', price: 101, vwap: 101, size: 1, fee: 0 },
    ],
    ageMs, ts: '', tsMs: 0,
  };
}

test('open → update → close with lifetime; unchanged figures give no update', () => {
  const r = new LiveRanker({ maxAgeMs: 1000 });
  let t = r.tick([opp('x', 5, 10)], 1000);
  assert.deepEqual(t.events.map((e) => e.event), ['open']);
  assert.equal(t.live[0].firstSeenMs, 1000);
  // Same figures, only older: no event (age alone is not an update).
  t = r.tick([opp('x', 5, 110)], 1100);
  assert.deepEqual(t.events, []);
  assert.equal(t.live[0].lifetimeMs, 100);
  t = r.tick([opp('x', 6, 10)], 1200);
  assert.deepEqual(t.events.map((e) => e.event), ['update']);
  assert.equal(t.live[0].updates, 1);
  t = r.tick([], 1500);
  assert.equal(t.events.length, 1);
  const c = t.events[0];
  assert.equal(c.event, 'close');
  assert.equal(c.event === 'close' && c.reason, 'gone');
  // lifetime = close time − first seen = 1500 − 1000
  assert.equal(c.tracked.lifetimeMs, 500);
});

test('a stale opportunity is never live: it closes with reason stale and reopens fresh', () => {
  const r = new LiveRanker({ maxAgeMs: 1000 });
  r.tick([opp('x', 5, 10)], 0);
  // ageMs 1001 > maxAge 1000 → stale
  let t = r.tick([opp('x', 5, 1001)], 100);
  assert.equal(t.live.length, 0);
  assert.equal(t.stale.length, 1);
  assert.deepEqual(t.events.map((e) => [e.event, e.event === 'close' ? e.reason : '']), [['close', 'stale']]);
  // exactly maxAge is still fresh (the engine's rank uses the same "> maxAge" rule)
  t = r.tick([opp('x', 5, 1000)], 200);
  assert.deepEqual(t.events.map((e) => e.event), ['open']);
  assert.equal(t.live[0].firstSeenMs, 200, 'a reopened opportunity starts a new lifetime');
});

test('a leg on a down venue makes the opportunity venue-down, not live', () => {
  const r = new LiveRanker({ maxAgeMs: 10_000 });
  r.tick([opp('x', 5, 10, 'okx', 'binance'), opp('y', 4, 10, 'bybit', 'gate')], 0);
  const t = r.tick([opp('x', 5, 10, 'okx', 'binance'), opp('y', 4, 10, 'bybit', 'gate')], 100, new Set(['binance']));
  assert.deepEqual(t.live.map((x) => x.opp.id), ['y']);
  assert.deepEqual(t.events.map((e) => [e.event, e.tracked.opp.id, e.event === 'close' ? e.reason : '']), [['close', 'x', 'venue-down']]);
});

test('--top keeps the best n; closeAll ends everything with reason end', () => {
  const r = new LiveRanker({ maxAgeMs: 1000, top: 2 });
  const t = r.tick([opp('a', 9, 0), opp('b', 8, 0), opp('c', 7, 0)], 0);
  assert.deepEqual(t.live.map((x) => x.opp.id), ['a', 'b']);
  const end = r.closeAll(250);
  assert.deepEqual(end.map((e) => [e.tracked.opp.id, e.event === 'close' && e.reason, e.tracked.lifetimeMs]), [['a', 'end', 250], ['b', 'end', 250]]);
  assert.equal(r.size, 0);
});
