// Round trips of the kinds that leave a position open (basis, cross-perp, funding): entry + exit
// at today's opposite side + discrete funding, after four taker fees. Every figure by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestRoundTrip, fundingCarry, roundTripAt } from '../../../src/engine/round-trip.js';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { proportionalFee } from '../../../src/core/fees.js';
import type { BookLevel, FundingRate, MarketType, Quote } from '../../../src/core/types.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);
const H = 3_600_000;
const now = 1_700_000_000_000;
const q = (venue: string, symbol: string, market: MarketType, bids: BookLevel[], asks: BookLevel[]): Quote => ({ type: 'quote', venue, symbol, market, bids, asks, venueTs: now, localTs: now });
const fr = (venue: string, rate: number, intervalHours: number, nextFundingTs?: number): FundingRate => ({ type: 'funding', venue, symbol: 'BTC/USDT:USDT', rate, intervalHours, nextFundingTs, venueTs: now, localTs: now });
const fee = proportionalFee(0.001, 0.001, 'published');

test('funding payments are discrete: an 8 h payment falls wholly in or out of a short horizon', () => {
  // 0.04 % on 1,000 notional = 0.4 per payment, received by the short, paid by the long.
  close(fundingCarry(fr('b', 0.0004, 8, now + 1 * H), 'short', 1000, now, 2).amount, 0.4); // payment at +1 h ≤ 2 h
  assert.equal(fundingCarry(fr('b', 0.0004, 8, now + 3 * H), 'short', 1000, now, 2).payments, 0); // +3 h > 2 h
  // 24 h from a payment at +1 h: +1, +9, +17 h (the next, +25 h, is out) → 3 payments, the long pays 1.2
  const c = fundingCarry(fr('b', 0.0004, 8, now + 1 * H), 'long', 1000, now, 24);
  assert.equal(c.payments, 3);
  close(c.amount, -1.2);
  assert.equal(c.schedule, 'next-funding-time');
  // No next time: floor(24 / 8) = 3 payments, and the ledger says how they were counted.
  assert.equal(fundingCarry(fr('b', 0.0004, 8), 'short', 1000, now, 24).schedule, 'interval-only');
});

test('basis: a positive entry is a loss once both legs are closed at today\'s opposite side', () => {
  const spot = { quote: q('a', 'BTC/USDT', 'spot', [[99.9, 1]], [[100, 1]]), fee };
  const perp = { quote: q('b', 'BTC/USDT:USDT', 'perp', [[100.5, 1]], [[100.6, 1]]), fee, funding: fr('b', 0.0001, 8, now + 1 * H) };
  // entry: buy spot 1 @ 100 (fee 0.1), short perp 1 @ 100.5 (fee 0.1005): +0.5 gross, +0.2995 net
  // exit: sell spot @ 99.9 (fee 0.0999), buy perp back @ 100.6 (fee 0.1006): −0.7 gross, −0.9005 net
  // funding: payments at +1, +9, +17 h → 3 × 0.0001 × 100.5 = 0.03015 received by the short
  // net = 0.2995 − 0.9005 + 0.03015 = −0.57085; converged (both closed at 100.5): 0.5 − 0.2005 − 0.201 + 0.03015 = 0.12865
  const rt = roundTripAt(spot, perp, 1, now, 24)!;
  close(rt.netProfit, -0.57085);
  close(rt.netIfConverged, 0.12865);
  assert.equal(bestRoundTrip(spot, perp, now, 24), undefined);
});

test('basis with a rich funding rate pays over the horizon; sized where the round trip is best', () => {
  // Perp funding 0.3 % every 8 h, next payment in 1 h, horizon 24 h → 3 payments.
  const spot = { quote: q('a', 'BTC/USDT', 'spot', [[99.9, 1], [99, 5]], [[100, 1], [101, 5]]), fee };
  const perp = { quote: q('b', 'BTC/USDT:USDT', 'perp', [[100.5, 1], [99.5, 5]], [[100.6, 1], [101.6, 5]]), fee, funding: fr('b', 0.003, 8, now + 1 * H) };
  // size 1: −0.57085 − 0.03015 (funding at the low rate above) + 3 × 0.003 × 100.5 = −0.6010 + 0.9045 = 0.3035
  // size 6: entry spot 100 + 505 = 605, perp 100.5 + 497.5 = 598 → −7 gross; exit spot 99.9 + 495 = 594.9,
  //   perp back 100.6 + 508 = 608.6 → −13.7 gross; fees 0.001 × (605 + 598 + 594.9 + 608.6) = 2.4065;
  //   funding 3 × 0.003 × 598 = 5.382 → net −7 − 13.7 − 2.4065 + 5.382 = −17.7245. Best: size 1.
  const best = bestRoundTrip(spot, perp, now, 24)!;
  close(best.size, 1);
  close(best.netProfit, 0.3035);
  close(roundTripAt(spot, perp, 6, now, 24)!.netProfit, -17.7245);
});

test('the engine ranks basis and cross-perp by the round trip and drops entries that do not survive it', () => {
  const engine = new OpportunityEngine({ fees: () => fee, fundingHorizonHours: 24 });
  engine.update(q('a', 'BTC/USDT', 'spot', [[99.9, 1]], [[100, 1]]), now);
  engine.update(q('b', 'BTC/USDT:USDT', 'perp', [[100.5, 1]], [[100.6, 1]]), now);
  // The entry pays (+0.2995 after fees) but the round trip loses (see above, without funding: −0.601).
  assert.deepEqual(engine.ranked(now).map((o) => o.id), []);
  engine.updateFunding(fr('b', 0.003, 8, now + 1 * H), now);
  const [o] = engine.ranked(now);
  assert.equal(o.id, 'basis:BTC/USDT:a>b');
  close(o.netProfit, 0.3035);
  const rt = o.roundTrip as { netProfitIfConverged: number; fundingPayments: { short: number } };
  assert.equal(rt.fundingPayments.short, 3);
  // converged: +0.5 gross − 0.2005 entry fees − 0.201 exit fees at 100.5 + 0.9045 funding = 1.0030
  close(rt.netProfitIfConverged, 1.003);
  assert.equal((o.exitLegs as unknown[]).length, 2);
  assert.match(o.convergence as string, /today's opposite side/);
  assert.deepEqual(o.legs.map((l) => l.feeSource), ['published', 'published']);
});
