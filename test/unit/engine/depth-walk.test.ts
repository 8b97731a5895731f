import { test } from 'node:test';
import assert from 'node:assert/strict';
import { walkCross } from '../../../src/engine/depth-walk.js';
import { figures } from '../../../src/engine/opportunity.js';
import { proportionalFee } from '../../../src/core/fees.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

// Buy venue asks (fee 0.1 %) against sell venue bids (fee 0.2 %), three levels each.
const asks = [[100, 1], [101, 2], [102, 5]] as const;
const bids = [[103, 1.5], [101.5, 1], [100, 4]] as const;
const feeA = proportionalFee(0.001);
const feeB = proportionalFee(0.002);

test('depth walk stops at the slice that no longer adds net profit', () => {
  const w = walkCross(asks, bids, feeA, feeB);
  // slice 1: 1.0 @ 100 → 103: gross 3.0, fees 0.1 + 0.206 → +2.694
  // slice 2: 0.5 @ 101 → 103: gross 1.0, fees 0.0505 + 0.103 → +0.8465
  // slice 3: 1.0 @ 101 → 101.5: gross 0.5, fees 0.101 + 0.203 → +0.196
  // slice 4: 101 → 100 is negative before fees: stop.
  close(w.size, 2.5);
  close(w.buyCost, 100 + 50.5 + 101); // 251.5
  close(w.sellProceeds, 103 + 51.5 + 101.5); // 256
  close(w.buyFee, 0.2515); // 251.5 × 0.001
  close(w.sellFee, 0.512); // 256 × 0.002
  assert.equal(w.buyLevels, 2);
  assert.equal(w.sellLevels, 2);
  const f = figures(w);
  close(f.netProfit, 4.5 - 0.2515 - 0.512); // 3.7365
  close(f.netSpreadPct, (3.7365 / 251.5) * 100); // 1.48569 %
  close(f.grossSpreadPct, (4.5 / 251.5) * 100);
});

test('a positive top-of-book spread that fees eat is no opportunity', () => {
  // 100 → 100.15: gross 0.15 per unit, fees 0.1 + 0.10015 → −0.05015
  const w = walkCross([[100, 1]], [[100.15, 1]], proportionalFee(0.001), proportionalFee(0.001));
  assert.equal(w.size, 0);
  assert.equal(figures(w).netProfit, 0);
});

test('the notional cap limits the buy cost', () => {
  const w = walkCross(asks, bids, feeA, feeB, { maxNotional: 150 });
  // 1 @ 100 = 100, then (150 − 100) / 101 = 0.4950495… @ 101
  close(w.buyCost, 150);
  close(w.size, 1 + 50 / 101);
});

test('the size cap limits the base size', () => {
  const w = walkCross(asks, bids, feeA, feeB, { maxSize: 0.25 });
  close(w.size, 0.25);
  close(w.buyCost, 25);
  close(w.sellProceeds, 25.75);
});

test('empty books give nothing', () => {
  assert.equal(walkCross([], bids, feeA, feeB).size, 0);
  assert.equal(walkCross(asks, [], feeA, feeB).size, 0);
});
