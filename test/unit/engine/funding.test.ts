import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annualisedPct, fundingOpportunity, hourlyRate } from '../../../src/engine/funding.js';
import { proportionalFee } from '../../../src/core/fees.js';
import type { FundingRate, Quote } from '../../../src/core/types.js';
import { parseIntervalHours } from '../../../src/core/units.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);
const now = 1_700_000_000_000;
const quote = (venue: string, bid: number, ask: number, size: number): Quote => ({ type: 'quote', venue, symbol: 'BTC/USDT:USDT', market: 'perp', bids: [[bid, size]], asks: [[ask, size]], venueTs: now, localTs: now });
const funding = (venue: string, rate: number, intervalHours: number): FundingRate => ({ type: 'funding', venue, symbol: 'BTC/USDT:USDT', rate, intervalHours, venueTs: now, localTs: now });

test('funding is normalised per hour across 1 h and 8 h contracts', () => {
  // 0.01 % every hour vs 0.04 % every 8 h: the hourly contract pays twice as much.
  close(hourlyRate(funding('a', 0.0001, 1)), 0.0001);
  close(hourlyRate(funding('b', 0.0004, 8)), 0.00005);
  close(annualisedPct(funding('a', 0.0001, 1)), 87.6); // 0.0001 × 8760 × 100
  close(annualisedPct(funding('b', 0.0004, 8)), 43.8);
  assert.equal(parseIntervalHours('8h'), 8);
  assert.equal(parseIntervalHours('30m'), 0.5);
  assert.equal(parseIntervalHours('bogus'), undefined);
});

test('funding spread: long the lower payer, short the higher, valued as a round trip (entry, funding, exit at today\'s opposite side)', () => {
  const a = { quote: quote('a', 100.05, 100.1, 5), funding: funding('a', 0.0001, 1), fee: proportionalFee(0.0005) };
  const b = { quote: quote('b', 99.95, 100, 10), funding: funding('b', 0.0004, 8), fee: proportionalFee(0.0005) };
  // long b (0.00005/h) at ask 100, short a (0.0001/h) at bid 100.05; size ≤ a's 5 on both sides → 5
  // entry: buy 5 @ 100 = 500 (fee 0.25), sell 5 @ 100.05 = 500.25 (fee 0.250125)
  // exit at today's opposite side: sell b 5 @ 99.95 = 499.75 (fee 0.249875), buy a back 5 @ 100.1 = 500.5 (fee 0.25025)
  // funding over 72 h with no next time known: b pays 9 × 0.0004 × 500 = 1.8, a receives 72 × 0.0001 × 500.25 = 3.6018
  // net = 0.25 − 0.75 − 1.00025 + 1.8018 = 0.30155
  const r = fundingOpportunity(a, b, 72, now)!;
  assert.equal(r.opp.buy?.venue, 'b');
  assert.equal(r.opp.sell?.venue, 'a');
  close(r.opp.size, 5);
  close(r.netProfit, 0.30155);
  close(r.netSpreadPct, (0.30155 / 500) * 100);
  close(r.opp.fundingSpreadApr as number, 43.8);
  const rt = r.opp.roundTrip as { funding: number; exitFees: number; fundingPayments: { long: number; short: number } };
  close(rt.funding, 1.8018);
  close(rt.exitFees, 0.500125);
  assert.deepEqual(rt.fundingPayments, { long: 9, short: 72 });
  // Over 24 h the funding (0.6006) does not pay for the spreads and fees (1.50025): no opportunity.
  assert.equal(fundingOpportunity(a, b, 24, now), undefined);
});
