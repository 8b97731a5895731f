import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../../../src/backtest/bar-engine.js';
import { opts, scripted, TEN } from '../../helpers/backtest.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

// TEN bars (open, high, low, close): 6: 109 110 107 108 · 7: 107 108 105 106 · 8: 105 106 103 104 · 9: 103 104 101 102

test('a close-stop placed beside a limit entry while flat waits for the position, then protects it', () => {
  // bar 6: buy limit 106.5 × 10 and close({ stop: 104.5 }). Bar 7: the stop step finds no
  // position (kept, not dropped); the low 105 fills the limit at 106.5 (open 107 above it).
  // Bar 8: low 103 ≤ 104.5, open 105 above it → sold at the stop, 104.5: pnl 10 × (104.5 − 106.5) = −20.
  const r = runBacktest(TEN, scripted({ 6: [{ do: 'buy', limit: 106.5, units: 10 }, { do: 'close', stop: 104.5 }] }), {}, opts());
  assert.equal(r.trades.length, 1);
  assert.equal(r.trades[0].entryBar, 7);
  assert.equal(r.trades[0].exitBar, 8);
  close(r.trades[0].exitPrice, 104.5);
  close(r.trades[0].pnl, -20);
  assert.equal(r.trades[0].closedAtEnd, false);
});

test('sl on a limit entry is attached to the position it opens', () => {
  // Same entry, sl 104.5 on the order itself: filled on bar 7 at 106.5, stopped on bar 8 at 104.5.
  const r = runBacktest(TEN, scripted({ 6: { do: 'buy', limit: 106.5, units: 10, sl: 104.5, tp: 120 } }), {}, opts());
  assert.deepEqual(r.trades.map((t) => [t.entryBar, t.exitBar, t.exitPrice]), [[7, 8, 104.5]]);
  // sl 105.5 is inside the fill bar's range (low 105): stopped on bar 7 itself, at 105.5.
  const same = runBacktest(TEN, scripted({ 6: { do: 'buy', limit: 106.5, units: 10, sl: 105.5 } }), {}, opts());
  assert.deepEqual(same.trades.map((t) => [t.entryBar, t.exitBar, t.exitPrice]), [[7, 7, 105.5]]);
});

test('tp on a market entry takes profit at its level; reached on the entry bar it exits that bar', () => {
  // buy on bar 1 (close 102) → 10,000 / 104 units at bar 2's open. tp 107.5: bar 2 high 106 (no),
  // bar 3 high 108 ≥ 107.5 with open 106 below → sold at 107.5: pnl = 10,000 / 104 × 3.5 = 336.54.
  const r = runBacktest(TEN, scripted({ 1: { do: 'buy', tp: 107.5, sl: 90 } }), {}, opts());
  assert.deepEqual(r.trades.map((t) => [t.entryBar, t.exitBar, t.exitPrice]), [[2, 3, 107.5]]);
  close(r.trades[0].pnl, (10_000 / 104) * 3.5);
  // tp 105: bar 2 (entry at its open 104) reaches 106 → out on bar 2 at 105.
  const fast = runBacktest(TEN, scripted({ 1: { do: 'buy', tp: 105 } }), {}, opts());
  assert.deepEqual(fast.trades.map((t) => [t.entryBar, t.exitBar, t.exitPrice]), [[2, 2, 105]]);
});

test('a short sl closes the short; a reversal removes the long bracket', () => {
  // sell on bar 5 (close 110) with sl 110.5 → short at bar 6 open 109; bar 6 high 110 (no);
  // bar 7 high 108 (no)… the sl never trades: closed at the end (bar 9 close 102).
  const s = runBacktest(TEN, scripted({ 5: { do: 'sell', sl: 110.5 } }), {}, opts());
  assert.equal(s.trades[0].closedAtEnd, true);
  // A market sell's sl is checked against the signal bar's close (110, as backtesting.py does), so
  // a tighter one rides on a limit: sell limit 109 × 10 with sl 109.5 → filled at bar 6's open 109,
  // and bar 6's high 110 ≥ 109.5 → bought back on bar 6 at 109.5.
  const t = runBacktest(TEN, scripted({ 5: { do: 'sell', limit: 109, units: 10, sl: 109.5 } }), {}, opts());
  assert.deepEqual(t.trades.map((x) => [x.side, x.entryBar, x.exitBar, x.exitPrice]), [['short', 6, 6, 109.5]]);
  // long with tp 109.5 from bar 2, reversed to a short on bar 4's open (108): the long's tp must not
  // buy back the short when bar 5 trades 111 — the short runs to the end.
  const rev = runBacktest(TEN, scripted({ 1: { do: 'buy', tp: 115 }, 3: { do: 'sell' } }), {}, opts());
  assert.deepEqual(rev.trades.map((x) => [x.side, x.exitBar, x.closedAtEnd]), [['long', 4, false], ['short', 9, true]]);
});

test('sl/tp on the wrong side of the price are refused with the rule', () => {
  assert.throws(() => runBacktest(TEN, scripted({ 1: { do: 'buy', sl: 110 } }), {}, opts()), /buy with sl 110.*a buy needs sl < price < tp/);
  assert.throws(() => runBacktest(TEN, scripted({ 1: { do: 'sell', limit: 105, tp: 106 } }), {}, opts()), /a sell needs tp < price < sl/);
});
