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

test('funding spread: long the lower payer, short the higher, fees on entry and exit', () => {
  const a = { quote: quote('a', 100.05, 100.1, 5), funding: funding('a', 0.0001, 1), fee: proportionalFee(0.0005) };
  const b = { quote: quote('b', 99.95, 100, 10), funding: funding('b', 0.0004, 8), fee: proportionalFee(0.0005) };
  // long b (0.00005/h) at ask 100, short a (0.0001/h) at bid 100.05; size min(10, 5) = 5, notional 500
  // income over 72 h: 500 × 0.00005 × 72 = 1.8; entry basis (100.05 − 100) × 5 = 0.25
  // fees: 2 × 500 × 0.0005 = 0.5 and 2 × 500.25 × 0.0005 = 0.50025 → net 1.04975
  const r = fundingOpportunity(a, b, 72, now)!;
  assert.equal(r.opp.buy?.venue, 'b');
  assert.equal(r.opp.sell?.venue, 'a');
  close(r.opp.size, 5);
  close(r.netProfit, 1.04975);
  close(r.netSpreadPct, (1.04975 / 500) * 100);
  close(r.opp.fundingSpreadApr as number, 43.8);
  // Over 24 h the same pair does not pay for its fees: 0.6 + 0.25 − 1.00025 < 0.
  close(fundingOpportunity(a, b, 24, now)!.netProfit, -0.15025);
});
