// Depth used once: rows that share book levels say so, and --exclusive hands the books out in rank order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { markSharedDepth, remaining } from '../../../src/engine/depth-share.js';
import { proportionalFee } from '../../../src/core/fees.js';
import type { BookLevel, Quote } from '../../../src/core/types.js';

const T = 1_700_000_000_000;
const q = (venue: string, bids: BookLevel[], asks: BookLevel[]): Quote => ({ type: 'quote', venue, symbol: 'BTC/USDT', market: 'spot', bids, asks, venueTs: T, localTs: T });

function books() {
  const e = new OpportunityEngine({ fees: () => proportionalFee(0) });
  e.update(q('a', [[99, 5]], [[100, 1], [101, 1]]), T);
  e.update(q('b', [[102, 1]], [[103, 5]]), T);
  e.update(q('c', [[101.5, 1]], [[104, 5]]), T);
  return e;
}

test('two rows buying the same asks are marked; listed alone they promise more than the books hold', () => {
  const r = markSharedDepth(books().ranked(T));
  // a>b: 1 @ 100 sold @ 102 = 2; a>c: 1 @ 100 sold @ 101.5 = 1.5 — both on a's one unit at 100.
  assert.deepEqual(r.map((o) => [o.id, o.netProfit]), [['cross-spot:BTC/USDT:a>b', 2], ['cross-spot:BTC/USDT:a>c', 1.5]]);
  assert.deepEqual(r[0].sharesDepthWith, ['cross-spot:BTC/USDT:a>c']);
  assert.deepEqual(r[1].sharesDepthWith, ['cross-spot:BTC/USDT:a>b']);
});

test('--exclusive: the books used once in rank order; the total equals what the books hold', () => {
  const r = books().exclusive(T);
  // a>b keeps a's 100; a>c gets what is left, 1 @ 101 sold @ 101.5 = 0.5. Total 2.5, not 3.5:
  // exactly b's bid against a's first ask (2) plus c's bid against a's second ask (0.5).
  assert.deepEqual(r.map((o) => [o.id, o.netProfit, o.legs[0].vwap]), [['cross-spot:BTC/USDT:a>b', 2, 100], ['cross-spot:BTC/USDT:a>c', 0.5, 101]]);
  assert.equal(r.reduce((s, o) => s + o.netProfit, 0), 2.5);
  assert.ok(r.every((o) => o.exclusive === true));
});

test('remaining: a book side less what was taken from its top', () => {
  assert.deepEqual(remaining([[100, 1], [101, 2]], 1.5), [[101, 1.5]]);
  assert.deepEqual(remaining([[100, 1]], 0), [[100, 1]]);
  assert.deepEqual(remaining([[100, 1]], 2), []);
});
