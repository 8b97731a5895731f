// The stressed funding figure: the short leg at its recent LOW, the long leg at its recent HIGH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFundingStress } from '../../../src/engine/funding-stress.js';
import type { Opportunity } from '../../../src/core/types.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);
const opp = (): Opportunity => ({
  id: 'funding:BTC/USDT:USDT:b>a', kind: 'funding', symbol: 'BTC/USDT:USDT', size: 5, quote: 'USDT', grossSpreadPct: 0, netSpreadPct: 0, netProfit: 0.30155, ageMs: 0, ts: '', tsMs: 0,
  legs: [
    { side: 'buy', venue: 'b', market: 'BTC/USDT:USDT', price: 100, vwap: 100, size: 5, fee: 0.25 },
    { side: 'sell', venue: 'a', market: 'BTC/USDT:USDT', price: 100.05, vwap: 100.05, size: 5, fee: 0.250125 },
  ],
  roundTrip: { funding: 1.8018, fundingPayments: { long: 9, short: 72 } },
});

test('expected vs stressed: same payments and notionals, each leg at its worst recent rate', () => {
  const ranges = new Map([
    ['b', { low: 0.0002, high: 0.0006, count: 21, days: 7 }],
    ['a', { low: 0.00004, high: 0.0002, count: 168, days: 7 }],
  ]);
  const o = withFundingStress(opp(), (v) => ranges.get(v)) as Opportunity & { fundingStress: { netProfit: number; funding: number; longRate: number; shortRate: number } };
  // long b pays 9 × 0.0006 × 500 = 2.7; short a receives 72 × 0.00004 × 500.25 = 1.44072 → funding −1.25928
  // stressed net = 0.30155 − 1.8018 + (−1.25928) = −2.75953
  close(o.fundingStress.funding, -1.25928);
  close(o.fundingStress.netProfit, -2.75953);
  assert.equal(o.fundingStress.longRate, 0.0006);
  assert.equal(o.fundingStress.shortRate, 0.00004);
  assert.equal(o.netProfit, 0.30155, 'ranking stays on the expected figure');
});

test('a leg without history makes the stressed figure unknown, never optimistic', () => {
  const o = withFundingStress(opp(), (v) => (v === 'a' ? { low: 0, high: 0, count: 1, days: 7 } : undefined));
  assert.equal(o.fundingStress, null);
  assert.match(o.fundingStressReason as string, /funding history unknown for b BTC\/USDT:USDT/);
});
