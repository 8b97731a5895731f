import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { proportionalFee } from '../../../src/core/fees.js';
import type { BookLevel, MarketType, Quote } from '../../../src/core/types.js';

const T0 = 1_700_000_000_000;
const q = (venue: string, symbol: string, market: MarketType, bids: BookLevel[], asks: BookLevel[], ts = T0): Quote => ({ type: 'quote', venue, symbol, market, bids, asks, venueTs: ts, localTs: ts });
const engine = (extra = {}) => new OpportunityEngine({ fees: () => proportionalFee(0.001), ...extra });

test('cross-spot opportunity appears, updates and disappears with one instrument', () => {
  const e = engine();
  e.update(q('a', 'BTC/USDT', 'spot', [[99, 1]], [[100, 1]]), T0);
  e.update(q('b', 'BTC/USDT', 'spot', [[101, 1]], [[102, 1]]), T0);
  let r = e.ranked(T0);
  assert.equal(r.length, 1);
  assert.equal(r[0].id, 'cross-spot:BTC/USDT:a>b');
  // (101 − 100) × 1 − 0.1 − 0.101 = 0.799
  assert.ok(Math.abs(r[0].netProfit - 0.799) < 1e-9);
  // b's bid falls below a's ask: gone.
  e.update(q('b', 'BTC/USDT', 'spot', [[99.5, 1]], [[102, 1]]), T0 + 1);
  assert.equal(e.ranked(T0 + 1).length, 0);
});

test('stale quotes are never ranked', () => {
  const e = engine();
  e.update(q('a', 'ETH/USDT', 'spot', [[99, 1]], [[100, 1]], T0 - 60_000), T0);
  e.update(q('b', 'ETH/USDT', 'spot', [[101, 1]], [[102, 1]]), T0);
  assert.equal(e.ranked(T0, { maxAgeMs: 30_000 }).length, 0);
  assert.equal(e.ranked(T0, { maxAgeMs: 120_000 }).length, 1);
  assert.equal(e.ranked(T0, { maxAgeMs: 120_000 })[0].ageMs, 60_000);
});

test('a crossed or broken book is refused and withdraws its opportunities', () => {
  const e = engine();
  e.update(q('a', 'BTC/USDT', 'spot', [[99, 1]], [[100, 1]]), T0);
  e.update(q('b', 'BTC/USDT', 'spot', [[101, 1]], [[102, 1]]), T0);
  assert.equal(e.ranked(T0).length, 1);
  assert.equal(e.update(q('b', 'BTC/USDT', 'spot', [[103, 1]], [[102, 1]]), T0), 'crossed');
  assert.equal(e.ranked(T0).length, 0);
  assert.equal(e.update(q('b', 'BTC/USDT', 'spot', [[NaN, 1]], [[102, 1]]), T0), 'non-finite');
  assert.equal(e.update(q('b', 'BTC/USDT', 'spot', [[-1, 1]], [[102, 1]]), T0), 'non-positive');
  assert.equal(e.update(q('b', 'BTC/USDT', 'spot', [[101, 0]], [[102, 1]]), T0), 'non-positive');
  assert.equal(e.rejected.get('crossed'), 1);
});

test('an implausible spread is flagged, not ranked', () => {
  const e = engine({ maxPlausiblePct: 20 });
  e.update(q('a', 'NEIRO/USDT', 'spot', [[0.0012, 1e6]], [[0.00121, 1e6]]), T0);
  e.update(q('b', 'NEIRO/USDT', 'spot', [[0.0017, 1e6]], [[0.00171, 1e6]]), T0);
  assert.equal(e.ranked(T0).length, 0);
  assert.deepEqual(e.implausible().map((i) => i.id), ['cross-spot:NEIRO/USDT:a>b']);
});

test('basis buys spot and shorts the perp, never the reverse', () => {
  const e = engine();
  e.update(q('a', 'BTC/USDT', 'spot', [[99, 1]], [[100, 1]]), T0);
  e.update(q('b', 'BTC/USDT:USDT', 'perp', [[101, 1]], [[102, 1]]), T0);
  // The round trip (entry +1, exit at today's opposite side −3, four fees 0.402) needs funding to pay:
  // 1 % every 8 h from +1 h over the 24 h horizon → 3 × 0.01 × 101 = 3.03 → net −2.402 + 3.03 = 0.628.
  e.updateFunding({ type: 'funding', venue: 'b', symbol: 'BTC/USDT:USDT', rate: 0.01, intervalHours: 8, nextFundingTs: T0 + 3_600_000, venueTs: T0, localTs: T0 }, T0);
  let r = e.ranked(T0);
  assert.deepEqual(r.map((o) => o.id), ['basis:BTC/USDT:a>b']);
  assert.ok(Math.abs(r[0].netProfit - 0.628) < 1e-9, String(r[0].netProfit));
  assert.deepEqual(r[0].legs.map((l) => l.market), ['BTC/USDT', 'BTC/USDT:USDT']);
  // Perp far below spot: selling spot short is not offered.
  e.update(q('b', 'BTC/USDT:USDT', 'perp', [[90, 1]], [[91, 1]]), T0);
  assert.equal(e.ranked(T0).length, 0);
});

test('inverse perps are ignored (sized in USD contracts, not base units)', () => {
  const e = engine();
  e.update(q('a', 'BTC/USD:BTC', 'perp', [[99, 1]], [[100, 1]]), T0);
  e.update(q('b', 'BTC/USD:BTC', 'perp', [[105, 1]], [[106, 1]]), T0);
  assert.equal(e.ranked(T0).length, 0);
});

test('ranking filters and orders by profit or percent', () => {
  const e = engine();
  e.update(q('a', 'X/USDT', 'spot', [[99, 10]], [[100, 10]]), T0);
  e.update(q('b', 'X/USDT', 'spot', [[101, 10]], [[102, 10]]), T0); // 10 × (1 − 0.201) = 7.99 profit, 0.799 %
  e.update(q('a', 'Y/USDT', 'spot', [[9, 1]], [[10, 1]]), T0);
  e.update(q('b', 'Y/USDT', 'spot', [[10.5, 1]], [[11, 1]]), T0); // 0.5 − 0.0205 = 0.4795 profit, 4.795 %
  assert.deepEqual(e.ranked(T0).map((o) => o.symbol), ['X/USDT', 'Y/USDT']);
  assert.deepEqual(e.ranked(T0, { sort: 'pct' }).map((o) => o.symbol), ['Y/USDT', 'X/USDT']);
  assert.deepEqual(e.ranked(T0, { minNetPct: 1 }).map((o) => o.symbol), ['Y/USDT']);
  assert.deepEqual(e.ranked(T0, { minProfit: 1 }).map((o) => o.symbol), ['X/USDT']);
  assert.deepEqual(e.ranked(T0, { minSize: 50 }).map((o) => o.symbol), ['X/USDT']);
  assert.equal(e.ranked(T0, { top: 1 }).length, 1);
});

test('funding arriving before the first quote is kept and applied', () => {
  const e = engine({ fundingHorizonHours: 24 * 30 });
  e.updateFunding({ type: 'funding', venue: 'a', symbol: 'BTC/USDT:USDT', rate: 0.001, intervalHours: 8, venueTs: T0, localTs: T0 }, T0);
  e.updateFunding({ type: 'funding', venue: 'b', symbol: 'BTC/USDT:USDT', rate: -0.001, intervalHours: 8, venueTs: T0, localTs: T0 }, T0);
  e.update(q('a', 'BTC/USDT:USDT', 'perp', [[100, 1]], [[100.1, 1]]), T0);
  e.update(q('b', 'BTC/USDT:USDT', 'perp', [[100, 1]], [[100.1, 1]]), T0);
  const r = e.ranked(T0);
  assert.deepEqual(r.map((o) => o.id), ['funding:BTC/USDT:USDT:b>a']);
});
