import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proportionalFee } from '../../../src/core/fees.js';
import type { BookLevel, Quote } from '../../../src/core/types.js';
import { ArbReplay } from '../../../src/backtest/arb-replay.js';
import { parseBalances } from '../../../src/app/backtest-arb.js';

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
const q = (venue: string, t: number, bids: BookLevel[], asks: BookLevel[]): Quote => ({ type: 'quote', venue, symbol: 'BTC/USDT', market: 'spot', bids, asks, venueTs: t, localTs: t });
const fees = () => proportionalFee(0.001);

// Books: A asks 1 @100, 1 @100.5; B bids 0.5 @101, 1 @100.8. The scanner's depth walk (0.1 % taker
// each side) takes 0.5 @100→101, 0.5 @100→100.8, 0.5 @100.5→100.8 (each slice still positive):
// size 1.5, buy 150.25, sell 151.3, fees 0.15025 + 0.1513 → promised net 1.05 − 0.30155 = 0.74845.
const A = q('A', 1000, [[99, 1]], [[100, 1], [100.5, 1]]);
const B = q('B', 1001, [[101, 0.5], [100.8, 1]], [[102, 1]]);

test('inventory caps the trade: B holds 1 BTC, so 1 of the promised 1.5 is traded', () => {
  // buy 1 on A @100 = 100 + fee 0.1; sell 1 on B: 0.5 @101 + 0.5 @100.8 = 100.9 − fee 0.1009
  // realised = 100.9 − 100 − 0.2009 = 0.6991
  const r = new ArbReplay({ fees, latencyMs: 0, maxAgeMs: 60_000, minProfit: 0, balances: parseBalances(['A:USDT=1000', 'B:BTC=1']) });
  r.push(A);
  r.push(B);
  const out = r.finish();
  assert.equal(out.trades.length, 1);
  const t = out.trades[0];
  near(t.promisedSize, 1.5);
  near(t.promisedProfit, 0.74845);
  near(t.filledSize, 1);
  // Partly caught; the sell venue's BTC ran short. IOC limits: the worst levels the walk used.
  assert.equal(t.outcome, 'partial');
  assert.deepEqual([t.cause, t.causeVenue, t.causeAsset], ['inventory', 'B', 'BTC']);
  assert.deepEqual([t.buyLimit, t.sellLimit], [100.5, 100.8]);
  near(t.buyVwap, 100);
  near(t.sellVwap, 100.9);
  near(t.realisedProfit, 0.6991);
  // Balances: A spent 100.1 USDT for 1 BTC; B sold its only BTC for 100.9 − 0.1009 USDT.
  near(out.endBalances.A.USDT, 899.9);
  near(out.endBalances.A.BTC, 1);
  near(out.endBalances.B.BTC, 0);
  near(out.endBalances.B.USDT, 100.7991);
});

test('latency: the orders reach B after its bid fell below the sell limit: missed, price moved', () => {
  // Seen at 1001, sent with 100 ms latency; at 1050 B's book becomes bids 2 @100.2 (no opportunity
  // any more). At 1101 the sell IOC (limit 100.8, the lowest bid the walk used) finds no bid at or
  // above it: nothing is traded on either leg (hedged), realised 0.
  const r = new ArbReplay({ fees, latencyMs: 100, maxAgeMs: 60_000, minProfit: 0, balances: parseBalances(['A:USDT=10000', 'B:BTC=10']) });
  r.push(A);
  r.push(B);
  r.push(q('B', 1050, [[100.2, 2]], [[102, 1]]));
  r.push(q('A', 1200, [[99, 1]], [[100, 1], [100.5, 1]]));
  const out = r.finish();
  assert.equal(out.trades.length, 1);
  assert.equal(out.trades[0].filledSize, 0);
  near(out.trades[0].execTs, 1101);
  assert.equal(out.realisedProfit, 0);
  assert.deepEqual([out.trades[0].outcome, out.trades[0].cause, out.trades[0].causeVenue], ['missed', 'price-moved', 'B']);
  near(out.promisedProfit, 0.74845);
});

test('nothing held → nothing sold; the same pair of books is acted on once', () => {
  // B holds no BTC: the opportunity is acted on but nothing can be sold.
  const r = new ArbReplay({ fees, latencyMs: 0, maxAgeMs: 60_000, minProfit: 0, balances: parseBalances(['A:USDT=1000', 'B:USDT=5']) });
  r.push(A);
  r.push(B);
  const t = r.finish().trades[0];
  assert.equal(t.filledSize, 0);
  assert.equal(t.realisedProfit, 0);
  assert.deepEqual([t.outcome, t.cause, t.causeVenue, t.causeAsset], ['missed', 'inventory', 'B', 'BTC']);
  // The same books are not acted on twice, however many other quotes arrive.
  const r2 = new ArbReplay({ fees, latencyMs: 0, maxAgeMs: 60_000, minProfit: 0, balances: parseBalances(['A:USDT=1000', 'B:BTC=5']) });
  r2.push(A);
  r2.push(B);
  r2.push({ ...A, symbol: 'ETH/USDT', localTs: 1002, venueTs: 1002 });
  assert.equal(r2.finish().trades.length, 1);
});

test('--balance parsing names the bad part', () => {
  assert.deepEqual([...parseBalances(['binance:usdt=10,BTC=0.5']).get('binance')!], [['USDT', 10], ['BTC', 0.5]]);
  assert.throws(() => parseBalances(['binance']), /venue:ASSET=amount/);
  assert.throws(() => parseBalances(['binance:USDT=-1']), /'USDT=-1'/);
});
