// Round trips in the replay: a cross-perp position entered, carrying funding at its schedule,
// closed at the horizon — every figure by hand. Fees: 0.05 % taker everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proportionalFee } from '../../../src/core/fees.js';
import type { BookLevel, FundingRate, Quote } from '../../../src/core/types.js';
import { ArbReplay } from '../../../src/backtest/arb-replay.js';
import { parseBalances } from '../../../src/app/backtest-arb.js';

const near = (a: number | undefined, b: number) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
const H = 3_600_000;
const SYM = 'BTC/USDT:USDT';
const q = (venue: string, t: number, bids: BookLevel[], asks: BookLevel[]): Quote => ({ type: 'quote', venue, symbol: SYM, market: 'perp', bids, asks, venueTs: t, localTs: t });
const f = (venue: string, rate: number): FundingRate => ({ type: 'funding', venue, symbol: SYM, rate, intervalHours: 8, nextFundingTs: 8 * H, venueTs: 0, localTs: 0 });
const A = (t: number) => q('A', t, [[99.9, 1]], [[100, 1]]);
const B = (t: number) => q('B', t, [[101, 1]], [[101.1, 1]]);

test('cross-perp: entry, three funding payments while held, exit at the 24 h horizon', () => {
  const r = new ArbReplay({ fees: () => proportionalFee(0.0005), latencyMs: 0, maxAgeMs: 48 * H, minProfit: 0, balances: parseBalances(['A:USDT=1000', 'B:USDT=1000']), kinds: ['cross-perp'], horizonHours: 24 });
  // A pays −0.1 % every 8 h (its longs receive), B +0.1 % (its shorts receive): long A, short B.
  r.pushFunding(f('A', -0.001));
  r.pushFunding(f('B', 0.001));
  r.push(A(0));
  r.push(B(1));
  for (const t of [8 * H + 1000, 16 * H + 1000, 24 * H + 1000]) {
    r.push(A(t));
    r.push(B(t + 1));
  }
  const out = r.finish();
  // The position closed at the horizon; the engine still reports the spread, so the last quote
  // opens a second one, which the end of the data closes at once (below).
  assert.equal(out.trades.length, 2);
  const t = out.trades[0];
  assert.deepEqual([t.kind, t.buyVenue, t.sellVenue, t.exitReason, t.fundingPayments], ['cross-perp', 'A', 'B', 'horizon', 6]);
  // Entry at t=1: long A 1 @100 (fee 0.05), short B 1 @101 (fee 0.0505).
  // Funding at 8 h, 16 h, 24 h (paid at the first quote after each): long A receives 0.001 × mid
  // 99.95 = 0.09995, short B receives 0.001 × mid 101.05 = 0.10105 → 3 × 0.201 = 0.603.
  // Exit when the horizon has passed (first quote at or after 1 + 24 h): sell A @99.9 (fee
  // 0.04995), buy back B @101.1 (fee 0.05055).
  // Price P&L (1 − 1.2) = −0.2; fees 0.201; realised −0.2 − 0.201 + 0.603 = 0.202.
  near(t.capturedSpread, -0.2);
  near(t.fees, 0.201);
  near(t.funding, 0.603);
  near(t.realisedProfit, 0.202);
  assert.equal(t.outcome, 'caught');
  // The second: entered and closed on the same books, no funding: −0.2 − 0.201 = −0.401, a miss.
  const u = out.trades[1];
  assert.deepEqual([u.exitReason, u.fundingPayments, u.outcome, u.cause], ['end-of-data', 0, 'missed', 'price-moved']);
  near(u.realisedProfit, -0.401);
  // Perp P&L and funding settle in USDT on each venue: A 1000 − 0.05 + 0.29985 − 0.1 − 0.04995
  // − 0.05 − 0.1 − 0.04995 (the second round trip's fees and price P&L on A).
  near(out.endBalances.A.USDT, 1000.0999 - 0.19995);
  near(out.pnl.funding, 0.603);
  near(out.pnl.total, 0.202 - 0.401);
  near(out.pnl.revaluation, 0);
});

test('round trips are not replayed unless asked: the default kinds are cross-spot only', () => {
  const r = new ArbReplay({ fees: () => proportionalFee(0.0005), latencyMs: 0, maxAgeMs: 48 * H, minProfit: 0, balances: parseBalances(['A:USDT=1000', 'B:USDT=1000']) });
  r.pushFunding(f('A', -0.001));
  r.pushFunding(f('B', 0.001));
  r.push(A(0));
  r.push(B(1));
  assert.equal(r.finish().opportunities, 0);
});
