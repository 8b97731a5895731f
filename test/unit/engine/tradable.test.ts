// Tradable sizes: rounded down to the markets' amount step, refused under minimum amount or notional.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tradableSize } from '../../../src/engine/tradable.js';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { proportionalFee } from '../../../src/core/fees.js';
import type { MarketLimits, Quote } from '../../../src/core/types.js';

const T = 1_700_000_000_000;
const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

test('rounded down to the coarser step; refused under either minimum', () => {
  assert.equal(tradableSize(1.23456, 64000, { step: 0.001 }, { step: 0.00001 }), 1.234);
  assert.equal(tradableSize(0.3, 10, { step: 0.1 }, undefined), 0.3); // no float-noise floor to 0.2
  assert.equal(tradableSize(0.0009, 64000, { step: 0.0001, minAmount: 0.001 }, undefined), 0);
  // 0.001 BTC × 64,000 = 64 USDT < the perp's 100 USDT minimum notional
  assert.equal(tradableSize(0.001, 64000, { minNotional: 5 }, { minNotional: 100 }), 0);
  assert.equal(tradableSize(0.7, 100, undefined, undefined), 0.7);
});

function engine(limits: MarketLimits) {
  const e = new OpportunityEngine({ fees: () => proportionalFee(0.001), marketLimits: () => limits });
  const q = (venue: string, bids: [number, number][], asks: [number, number][]): Quote => ({ type: 'quote', venue, symbol: 'BTC/USDT', market: 'spot', bids, asks, venueTs: T, localTs: T });
  e.update(q('a', [[99, 5]], [[100, 1.23456]]), T);
  e.update(q('b', [[102, 5]], [[103, 5]]), T);
  return e;
}

test('the engine prices the rounded size, and drops what the venues would refuse', () => {
  const [o] = engine({ step: 0.01 }).ranked(T);
  // walk size 1.23456 → step 0.01 → 1.23; (102 − 100) × 1.23 − 0.001 × (123 + 125.46) = 2.46 − 0.24846 = 2.21154
  close(o.size, 1.23);
  close(o.netProfit, 2.21154);
  // 1.23 × 100 = 123 < 200: the venue would refuse the order, so nothing is listed.
  assert.equal(engine({ step: 0.01, minNotional: 200 }).ranked(T).length, 0);
});
