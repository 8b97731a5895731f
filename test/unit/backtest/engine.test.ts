import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../../../src/backtest/bar-engine.js';
import { tradeColumnsOf } from '../../../src/backtest/trades-json.js';
import { bars, opts, scripted, TEN } from '../../helpers/backtest.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

test('an order placed on bar t fills at bar t+1 open, commission charged on entry and exit', () => {
  // buy on bar 1 → fills bar 2 open 104; close on bar 5 → fills bar 6 open 109. cash 10,000, 0.1 %.
  // units = 10000 / (104 × 1.001) = 96.057788...; entry fee = units × 104 × 0.001 = 9.99001
  // exit proceeds = units × 109 = 10470.2989; exit fee = 10.4703; final = units × 109 × 0.999 = 10459.8286
  const r = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 5: { do: 'close' } }), {}, opts({ commission: 0.001 }));
  const units = 10000 / (104 * 1.001);
  assert.equal(r.trades.length, 1);
  const t = r.trades[0];
  assert.equal(t.side, 'long');
  assert.equal(t.entryBar, 2);
  assert.equal(t.exitBar, 6);
  close(t.size, units);
  close(t.entryPrice, 104);
  close(t.exitPrice, 109);
  close(t.commission, units * 104 * 0.001 + units * 109 * 0.001);
  close(t.pnl, units * 109 * 0.999 - 10000);
  close(r.equity[9], units * 109 * 0.999);
  close(r.equity[9], 10459.828632905555);
  // Equity while holding is marked at each close: bar 3 close 107.
  close(r.equity[3], units * 107);
  assert.equal(t.closedAtEnd, false);
  // Held from bar 2's open to bar 6's open: the closes of bars 2–5 find it open.
  const held = Array.from({ length: 10 }, (_, i) => r.fills.filter((f) => f.bar <= i).reduce((u, f) => u + (f.side === 'buy' ? f.units : -f.units), 0));
  assert.deepEqual(held.map((x) => (x > 1e-9 ? 1 : 0)), [0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  assert.equal(r.exposedBars, 4);
});

test('--trade-on-close fills at the close of the bar the order was placed on', () => {
  // buy on bar 1 at close 102, close on bar 5 at close 110: 10000/102 × 110 = 10784.3137
  const r = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 5: { do: 'close' } }), {}, opts({ tradeOnClose: true }));
  close(r.trades[0].entryPrice, 102);
  close(r.trades[0].exitPrice, 110);
  assert.equal(r.trades[0].entryBar, 1);
  close(r.equity[9], (10000 / 102) * 110);
});

test('a reversal closes the long first, sizes the short from the equity left, and the end of data closes it', () => {
  // buy on bar 1 → long 10000/104 = 96.1538 @104 (bar 2 open).
  // sell on bar 3 → at bar 4 open 108: long closed, cash = 96.1538 × 108 = 10384.6154;
  //   short sized from that equity: 10384.6154 / 108 = 96.1538 units @108.
  // data ends: short closed at bar 9 close 102: pnl (108 − 102) × 96.1538 = 576.9231; final 10961.5385
  const r = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 3: { do: 'sell' } }), {}, opts());
  assert.equal(r.trades.length, 2);
  const [long, short] = r.trades;
  close(long.pnl, (10000 / 104) * 4);
  assert.equal(short.side, 'short');
  close(short.size, ((10000 / 104) * 108) / 108);
  close(short.pnl, (10000 / 104) * 6);
  assert.equal(short.exitBar, 9);
  assert.equal(short.closedAtEnd, true);
  close(r.equity[9], 10961.538461538461);
  assert.equal(r.fills.length, 4);
});

test('the commission total is the sum over the fills, which are built once when read', () => {
  // buy on bar 1 → fills at bar 2's open 104, close on bar 5 → fills at bar 6's open 109, 0.1 %:
  // units = 10000 / (104 × 1.001); commission = units × 104 × 0.001 + units × 109 × 0.001.
  const r = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 5: { do: 'close' } }), {}, opts({ commission: 0.001 }));
  const units = 10000 / (104 * 1.001);
  close(r.commissions, units * 104 * 0.001 + units * 109 * 0.001);
  close(r.commissions, r.fills.reduce((a, f) => a + f.commission, 0));
  assert.deepEqual(r.fills.map((f) => [f.bar, f.side, f.price]), [[2, 'buy', 104], [6, 'sell', 109]]);
  assert.equal(r.fills, r.fills, 'the same array on every read');
  // The trade columns the metrics and --json read are the trades the objects show.
  assert.deepEqual(Object.fromEntries(Object.entries(r.tradeColumns).map(([k, v]) => [k, Array.from(v)])), Object.fromEntries(Object.entries(tradeColumnsOf(r.trades)).map(([k, v]) => [k, Array.from(v)])));
  assert.equal(r.tradeColumns.pnl.length, 1);
});

test('--long-only turns a sell into a close and never opens a short', () => {
  const r = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 3: { do: 'sell' }, 6: { do: 'sell' } }), {}, opts({ longOnly: true }));
  assert.equal(r.trades.length, 1);
  assert.equal(r.trades[0].side, 'long');
  close(r.equity[9], (10000 / 104) * 108);
});

test('--whole-units rounds down, and the fixed commission is charged on each fill', () => {
  // cash 1000, fixed 1: units = floor((1000 − 1) / 102) = 9 @102 (bar 1 open) → cash 1000 − 918 − 1 = 81
  // close on bar 2 → bar 3 open 106: cash 81 + 9 × 106 − 1 = 1034
  const r = runBacktest(TEN, scripted({ 0: { do: 'buy' }, 2: { do: 'close' } }), {}, opts({ cash: 1000, wholeUnits: true, commissionFixed: 1 }));
  assert.equal(r.trades[0].size, 9);
  close(r.equity[9], 1034);
  close(r.trades[0].pnl, 1034 - 1000);
  close(r.trades[0].commission, 2);
});

test('--size takes a fraction of equity and --slippage moves both fills against the trader', () => {
  // size 0.5, 10 bps: buy @ 104 × 1.001 = 104.104 with 5000 → 48.0289 units; sell @ 109 × 0.999 = 108.891
  const r = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 5: { do: 'close' } }), {}, opts({ size: 0.5, slippageBps: 10 }));
  const units = 5000 / 104.104;
  close(r.trades[0].size, units);
  close(r.trades[0].entryPrice, 104.104);
  close(r.trades[0].exitPrice, 108.891);
  close(r.equity[9], 5000 + units * 108.891);
});

test('a second buy while long adds a lot sized from the cash left', () => {
  // bar 0 buy 50 % → 5000/102 units @102; bar 1 buy 50 % of the cash left (5000) → 2500/104 @104
  const r = runBacktest(TEN, scripted({ 0: { do: 'buy', size: 0.5 }, 1: { do: 'buy', size: 0.5 }, 5: { do: 'close' } }), {}, opts());
  assert.equal(r.trades.length, 2);
  close(r.trades[0].size, 5000 / 102);
  close(r.trades[1].size, 2500 / 104);
  close(r.equity[9], 2500 + (5000 / 102 + 2500 / 104) * 109);
});

test('orders placed on the last bar never fill; an empty series gives an empty result', () => {
  const r = runBacktest(TEN, scripted({ 9: { do: 'buy' } }), {}, opts());
  assert.equal(r.trades.length, 0);
  close(r.equity[9], 10000);
  const e = runBacktest(bars([]), scripted({}), {}, opts());
  assert.equal(e.equity.length, 0);
});

test('limit orders fill at the limit, or at the open when the bar gaps through it', () => {
  // placed on bar 7 (close 106). bar 8: open 105, low 103.
  // buy limit 103.5: the low reaches it, the open is above it → fills at 103.5
  const a = runBacktest(TEN, scripted({ 7: { do: 'buy', limit: 103.5, units: 10 } }), {}, opts());
  close(a.fills[0].price, 103.5);
  assert.equal(a.fills[0].bar, 8);
  // buy limit 106: bar 8 opens at 105, already below the limit → fills at the open, 105
  const b = runBacktest(TEN, scripted({ 7: { do: 'buy', limit: 106, units: 10 } }), {}, opts());
  close(b.fills[0].price, 105);
  // buy limit 100 is never reached (lowest low after bar 7 is 101): no fill
  const c = runBacktest(TEN, scripted({ 7: { do: 'buy', limit: 100, units: 10 } }), {}, opts());
  assert.equal(c.fills.length, 0);
});

test('limit fills are capped by the bar volume: a partial fill, the rest on a later bar', () => {
  // every bar trades 4 units. Buy limit 10 units @ 106 placed on bar 6 (close 108):
  // bar 7 (open 107, low 105) → 4 @106; bar 8 (open 105) → 4 @105; bar 9 (open 103) → 2 @103
  const vol = bars(
    [
      [100, 101, 99, 100, 4], [102, 103, 101, 102, 4], [104, 106, 103, 105, 4], [106, 108, 105, 107, 4], [108, 109, 107, 108, 4],
      [110, 111, 109, 110, 4], [109, 110, 107, 108, 4], [107, 108, 105, 106, 4], [105, 106, 103, 104, 4], [103, 104, 101, 102, 4],
    ],
  );
  const r = runBacktest(vol, scripted({ 6: { do: 'buy', limit: 106, units: 10 } }), {}, opts());
  assert.deepEqual(r.fills.filter((f) => f.side === 'buy').map((f) => [f.bar, f.units, f.price]), [[7, 4, 106], [8, 4, 105], [9, 2, 103]]);
  // …and the 10 units are closed at the end of the data (bar 9 close 102).
  assert.deepEqual(r.fills.filter((f) => f.side === 'sell').map((f) => [f.bar, f.units, f.price]), [[9, 10, 102]]);
});

test('limit orders of the same strategy fill in price-time priority when volume is short', () => {
  // bar 7 trades 3 units down to 105. Resting buys: A 2 @105 (older), B 2 @106, C 2 @105 (newer).
  // Best price first: B gets 2, then A (older at 105) gets 1, C nothing on bar 7.
  const vol = bars([[100, 101, 99, 100, 9], [101, 108, 100, 107, 9], [107, 108, 105, 106, 3], [110, 111, 109, 110, 0]]);
  const r = runBacktest(
    vol,
    scripted({ 1: [{ do: 'buy', limit: 105, units: 2 }, { do: 'buy', limit: 106, units: 2 }, { do: 'buy', limit: 105, units: 2 }] }),
    {},
    opts(),
  );
  assert.deepEqual(r.fills.filter((f) => f.bar === 2).map((f) => [f.units, f.price]), [[2, 106], [1, 105]]);
});

test('stop orders trigger when the range reaches the stop and fill at it, or at a gapped open', () => {
  // stop buy 107 placed on bar 1: bar 2 high 106 (no), bar 3 high 108 ≥ 107, open 106 → fills at 107
  const a = runBacktest(TEN, scripted({ 1: { do: 'buy', stop: 107 } }), {}, opts());
  assert.equal(a.fills[0].bar, 3);
  close(a.fills[0].price, 107);
  // stop sell 109.5 protecting a long opened at bar 2: bar 6 opens 109 (< 109.5) → fills at the open 109
  const b = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 5: { do: 'sell', stop: 109.5 } }), {}, opts({ longOnly: true }));
  assert.equal(b.trades.length, 1);
  close(b.trades[0].exitPrice, 109);
  assert.equal(b.trades[0].exitBar, 6);
});

test('cancel() removes pending orders', () => {
  const strat = scripted({ 7: { do: 'buy', limit: 103.5, units: 1 } });
  const next = strat.next;
  const cancelling = { ...strat, next: (ctx: Parameters<typeof next>[0]) => (next(ctx), ctx.i === 7 && ctx.cancel()) };
  assert.equal(runBacktest(TEN, cancelling, {}, opts()).fills.length, 0);
});

test('a stop close protects the open position: a long sells when the low reaches the stop', () => {
  // buy on bar 1 (fills bar 2 open 104); on bar 2 close({ stop: 104.5 }). Lows after: 105, 107,
  // 109, 107, 105, then bar 8 low 103 (open 105) → sold at the stop, 104.5.
  const a = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 2: { do: 'close', stop: 104.5 } }), {}, opts());
  assert.equal(a.trades[0].exitBar, 8);
  close(a.trades[0].exitPrice, 104.5);
  // stop 106.5: bar 3 opens at 106, already through it → sold at the open, 106.
  const g = runBacktest(TEN, scripted({ 1: { do: 'buy' }, 2: { do: 'close', stop: 106.5 } }), {}, opts());
  assert.equal(g.trades[0].exitBar, 3);
  close(g.trades[0].exitPrice, 106);
  // A short: sell on bar 5 → short @109 (bar 6 open); stop 107.5 → bar 7 high 108 (open 107) → bought at 107.5.
  const b = runBacktest(TEN, scripted({ 5: { do: 'sell' }, 6: { do: 'close', stop: 107.5 } }), {}, opts());
  assert.equal(b.trades[0].side, 'short');
  assert.equal(b.trades[0].exitBar, 7);
  close(b.trades[0].exitPrice, 107.5);
});
