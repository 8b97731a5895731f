import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderBook } from '../../../src/backtest/order-book.js';

function book() {
  const fills: [maker: number, taker: number, price: number, qty: number][] = [];
  const b = new OrderBook((m, t, p, q) => fills.push([m, t, p, q]));
  return { b, fills };
}

test('price priority first, then time priority within a price level', () => {
  const { b, fills } = book();
  b.limit(1, 'sell', 101, 5);
  b.limit(2, 'sell', 100, 3);
  b.limit(3, 'sell', 100, 4); // same price, later: behind order 2
  b.limit(4, 'sell', 102, 1);
  assert.equal(b.bestAsk(), 100);
  // market buy 10: order 2 (3 @100), order 3 (4 @100), then order 1 (3 of 5 @101)
  assert.equal(b.market(99, 'buy', 10), 10);
  assert.deepEqual(fills, [[2, 99, 100, 3], [3, 99, 100, 4], [1, 99, 101, 3]]);
  assert.equal(b.remaining(1), 2);
  assert.deepEqual(b.depth('sell'), [[101, 2], [102, 1]]);
});

test('an incoming limit trades what it crosses at the resting prices and rests the remainder', () => {
  const { b, fills } = book();
  b.limit(1, 'buy', 99, 2);
  b.limit(2, 'buy', 98, 2);
  // sell 5 @ 98.5: takes 2 @99 from order 1, stops at 98 (below its limit), rests 3 @98.5
  assert.equal(b.limit(3, 'sell', 98.5, 5), 2);
  assert.deepEqual(fills, [[1, 3, 99, 2]]);
  assert.equal(b.bestAsk(), 98.5);
  assert.equal(b.bestBid(), 98);
  assert.equal(b.remaining(3), 3);
  assert.equal(b.has(1), false);
});

test('partial fills keep an order at the front of its queue', () => {
  const { b, fills } = book();
  b.limit(1, 'buy', 100, 10);
  b.limit(2, 'buy', 100, 10);
  b.market(7, 'sell', 4);
  b.market(8, 'sell', 8);
  // order 1: 4 then 6 (done); order 2: 2
  assert.deepEqual(fills, [[1, 7, 100, 4], [1, 8, 100, 6], [2, 8, 100, 2]]);
  assert.equal(b.remaining(2), 8);
});

test('cancel removes an order from the middle of a queue; an emptied level disappears', () => {
  const { b, fills } = book();
  b.limit(1, 'sell', 100, 1);
  b.limit(2, 'sell', 100, 1);
  b.limit(3, 'sell', 100, 1);
  assert.equal(b.cancel(2), true);
  assert.equal(b.cancel(2), false);
  b.market(9, 'buy', 2);
  assert.deepEqual(fills.map((f) => f[0]), [1, 3]);
  assert.equal(b.bestAsk(), undefined);
  b.limit(4, 'buy', 50, 1);
  b.cancel(4);
  assert.equal(b.bestBid(), undefined);
  assert.equal(b.size, 0);
});

test('a market order larger than the book fills what there is; IOC never rests', () => {
  const { b } = book();
  b.limit(1, 'sell', 100, 2);
  assert.equal(b.market(5, 'buy', 3), 2);
  assert.equal(b.size, 0);
  b.limit(2, 'sell', 101, 2);
  assert.equal(b.ioc(6, 'buy', 100.5, 5), 0);
  assert.equal(b.size, 1);
});

test('bad orders are refused', () => {
  const { b } = book();
  assert.throws(() => b.limit(1, 'buy', 100, 0), /quantity/);
  assert.throws(() => b.limit(1, 'buy', NaN, 1), /price/);
  b.limit(1, 'buy', 100, 1);
  assert.throws(() => b.limit(1, 'buy', 100, 1), /already/);
});

test('thousands of random operations keep the book consistent with a naive model', () => {
  // A slow reference: a list of resting orders matched by sorting (price, then arrival).
  let seed = 7;
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const { b, fills } = book();
  type R = { id: number; side: 'buy' | 'sell'; price: number; qty: number; seq: number };
  let model: R[] = [];
  let seq = 0;
  const modelTake = (side: 'buy' | 'sell', limit: number, qty: number, taker: number) => {
    const out: [number, number, number, number][] = [];
    const opp = model.filter((o) => o.side !== side && (side === 'buy' ? o.price <= limit : o.price >= limit));
    opp.sort((x, y) => (side === 'buy' ? x.price - y.price : y.price - x.price) || x.seq - y.seq);
    for (const o of opp) {
      if (qty <= 1e-12) break;
      const q = Math.min(o.qty, qty);
      o.qty -= q;
      qty -= q;
      out.push([o.id, taker, o.price, q]);
    }
    model = model.filter((o) => o.qty > 1e-12);
    return { out, left: qty };
  };
  for (let k = 1; k <= 3000; k++) {
    const r = rnd();
    fills.length = 0;
    if (r < 0.6) {
      const side = rnd() < 0.5 ? 'buy' : 'sell';
      const price = 95 + Math.floor(rnd() * 11);
      const qty = 1 + Math.floor(rnd() * 5);
      b.limit(k, side, price, qty);
      const { out, left } = modelTake(side, price, qty, k);
      assert.deepEqual(fills, out, `limit ${k}`);
      if (left > 1e-12) model.push({ id: k, side, price, qty: left, seq: seq++ });
    } else if (r < 0.85 && model.length) {
      const victim = model[Math.floor(rnd() * model.length)];
      assert.equal(b.cancel(victim.id), true);
      model = model.filter((o) => o !== victim);
    } else {
      const side = rnd() < 0.5 ? 'buy' : 'sell';
      const qty = 1 + Math.floor(rnd() * 8);
      b.market(k, side, qty);
      assert.deepEqual(fills, modelTake(side, side === 'buy' ? Infinity : -Infinity, qty, k).out, `market ${k}`);
    }
    assert.equal(b.size, model.length);
  }
});
