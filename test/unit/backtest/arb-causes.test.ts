// The replay explains itself: hand-computed cases for latency, depth taken by an earlier fill,
// transfers that arrive only after their ETA, and the P&L split. Fees: 0.1 % taker everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proportionalFee } from '../../../src/core/fees.js';
import type { BookLevel, Quote } from '../../../src/core/types.js';
import { ArbReplay, type ArbOptions } from '../../../src/backtest/arb-replay.js';
import { transferRules } from '../../../src/backtest/arb-transfer.js';
import { summariseArb } from '../../../src/backtest/arb-summary.js';
import { parseBalances } from '../../../src/app/backtest-arb.js';

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
const q = (venue: string, t: number, bids: BookLevel[], asks: BookLevel[]): Quote => ({ type: 'quote', venue, symbol: 'BTC/USDT', market: 'spot', bids, asks, venueTs: t, localTs: t });
const fees = () => proportionalFee(0.001);
const run = (quotes: Quote[], o: Partial<ArbOptions> & { balances: ArbOptions['balances'] }) => {
  const r = new ArbReplay({ fees, latencyMs: 0, maxAgeMs: 3_600_000, minProfit: 0, ...o });
  for (const x of quotes) r.push(x);
  return r.finish();
};

// An opportunity that lives 1.2 s: B's bid 101 over A's ask 100 from t = 1000 until B's bid
// drops to 99.5 at t = 2200. Size 1: buy 100 + fee 0.1, sell 101 − fee 0.101 → net 0.799.
const LIVES_1200 = [q('A', 0, [[99, 1]], [[100, 1]]), q('B', 1000, [[101, 1]], [[102, 1]]), q('B', 2200, [[99.5, 1]], [[102, 1]]), q('A', 5000, [[101, 1]], [[102, 1]])];

test('an opportunity living 1.2 s is caught at 1 s latency and missed at 1.5 s', () => {
  const at1000 = run(LIVES_1200, { latencyMs: 1000, balances: parseBalances(['A:USDT=1000', 'B:BTC=1']) });
  assert.equal(at1000.trades.length, 1);
  const t = at1000.trades[0];
  // Sent at 1000, executed at 2000: the books are still those of t = 1000.
  assert.deepEqual([t.seenTs, t.execTs, t.outcome, t.cause], [1000, 2000, 'caught', undefined]);
  near(t.realisedProfit, 0.799);
  const at1500 = run(LIVES_1200, { latencyMs: 1500, balances: parseBalances(['A:USDT=1000', 'B:BTC=1']) });
  const m = at1500.trades[0];
  // Executed at 2500: B's bid is 99.5, under the sell limit 101 → nothing traded.
  assert.deepEqual([m.execTs, m.filledSize, m.outcome, m.cause, m.causeVenue], [2500, 0, 'missed', 'price-moved', 'B']);
  const s = summariseArb(at1500, 1500);
  assert.deepEqual([s.caught, s.missed, s.misses['price-moved'].count], [0, 1, 1]);
  near(s.misses['price-moved'].profitLost, 0.799);
  assert.equal(s.captureRatePct, 0);
  assert.equal(summariseArb(at1000, 1000).captureRatePct, 100);
});

test('P&L split: captured spread − fees + revaluation = end value − start value, in USDT', () => {
  const r = run(LIVES_1200, { latencyMs: 1000, balances: parseBalances(['A:USDT=1000', 'B:BTC=1']) });
  const p = r.pnl;
  // Start: 1000 USDT + 1 BTC at the first BTC mid (99 + 100) / 2 = 99.5 → 1099.5.
  // End: A 899.9 USDT + 1 BTC, B 0 BTC + 100.899 USDT; last BTC mid (101 + 102) / 2 = 101.5
  // → 899.9 + 101.5 + 100.899 = 1102.299. Total 2.799 = spread 1 − fees 0.201 + revaluation 2
  // (the 1 BTC held rose 2).
  assert.equal(p.currency, 'USDT');
  near(p.startValue, 1099.5);
  near(p.endValue, 1102.299);
  near(p.capturedSpread, 1);
  near(p.fees, 0.201);
  assert.equal(p.transferCosts, 0);
  near(p.revaluation, 2);
  near(p.endValues.A, 899.9 + 101.5);
});

test('depth already taken by an earlier fill: the second opportunity on the same ask is missed', () => {
  // A asks 1 @100. B bids 1 @101 arrives first: A>B fills 1 (net 0.799) and takes A's ask. C bids
  // 1 @101.5 arrives next: A>C is seen on A's same book, now empty → missed, depth-taken on A.
  const r = run([q('A', 0, [[99, 1]], [[100, 1]]), q('B', 1, [[101, 1]], [[102, 1]]), q('C', 2, [[101.5, 1]], [[102, 1]])], { balances: parseBalances(['A:USDT=1000', 'B:BTC=1', 'C:BTC=1']) });
  assert.equal(r.trades.length, 2);
  const [first, second] = r.trades;
  assert.deepEqual([first.sellVenue, first.outcome], ['B', 'caught']);
  near(first.realisedProfit, 0.799);
  assert.deepEqual([second.sellVenue, second.filledSize, second.outcome, second.cause, second.causeVenue], ['C', 0, 'missed', 'depth-taken', 'A']);
  assert.equal(summariseArb(r, 0).misses['depth-taken'].where.A, 1);
});

test('--rebalance transfer: inventory arrives at the sell venue only once its ETA has passed', () => {
  const ETA = 600_000;
  const rules = transferRules({ fees: new Map([['BTC', 0.01], ['USDT', 1]]), etaMs: ETA });
  // A's ask holds 5 BTC, so A's book is never the limit: only B's inventory is.
  const A = (t: number) => q('A', t, [[99, 5]], [[100, 5]]);
  const B = (t: number) => q('B', t, [[101, 1]], [[102, 1]]);
  // t=1: fill 1 BTC (A pays 100.1 USDT, B receives 100.899). A withdraws 1 BTC to B (0.99 arrives
  // at 1 + ETA); B sends its 100.899 USDT back (99.899 arrives at 1 + ETA).
  // t=300000 and t=600000 (ETA − 1 ms after sending): B holds no BTC → inventory misses.
  // t=600001: arrived → 0.99 BTC sold: buy 99 + 0.099, sell 99.99 − 0.09999 → 0.79101.
  const r = run([A(0), B(1), B(300_000), B(600_000), B(600_001)], { balances: parseBalances(['A:USDT=1000', 'B:BTC=1']), transfers: rules });
  assert.deepEqual(r.trades.map((t) => [t.execTs, t.outcome, t.cause ?? '', t.causeVenue ?? '', t.causeAsset ?? '']), [
    [1, 'caught', '', '', ''],
    [300_000, 'missed', 'inventory', 'B', 'BTC'],
    [600_000, 'missed', 'inventory', 'B', 'BTC'],
    [600_001, 'partial', 'inventory', 'B', 'BTC'],
  ]);
  near(r.trades[3].filledSize, 0.99);
  near(r.trades[3].realisedProfit, 0.79101);
  // The first two transfers arrived exactly at 1 + ETA; the last two are still travelling.
  assert.deepEqual(r.transfers.map((t) => [t.asset, t.from, t.to, t.arrivesTs]), [['BTC', 'A', 'B', ETA + 1], ['USDT', 'B', 'A', ETA + 1]]);
  assert.equal(r.transfersInFlight.length, 2);
  near(r.transfersInFlight[0].amount, 0.99);
  // Transfer fees valued at the BTC mid when sent ((101 + 102) / 2 = 101.5, B's quote last):
  // 2 × (0.01 × 101.5 + 1 USDT) = 4.03.
  near(r.pnl.transferCosts, 4.03);
  const p = r.pnl;
  near(p.total, p.capturedSpread - p.fees - p.transferCosts + p.revaluation);
  // A: 1000 − 100.1 (first buy) + 99.899 (B's USDT arrived) − 99.099 (second buy) = 900.7.
  near(r.endBalances.A.USDT, 900.7);
  near(r.endBalances.B.BTC, 0);
});
