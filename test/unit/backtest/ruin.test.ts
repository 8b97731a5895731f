import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../../../src/backtest/bar-engine.js';
import { computeMetrics } from '../../../src/backtest/metrics.js';
import { bars, opts, scripted } from '../../helpers/backtest.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

// A 100 % short at 100 (bar 1 open) of 10,000: 100 units, cash 20,000. equity(p) = 20,000 − 100·p.
const rows = (bar3open: number) => [
  [100, 101, 99, 100],
  [100, 101, 99, 100],
  [150, 160, 145, 155], // worst 160: equity 4,000 > 0, still alive
  [bar3open, Math.max(210, bar3open), 185, 205], // worst 210: equity −1,000 → ruined on this bar
  [100, 101, 99, 100],
  [100, 101, 99, 100],
];

test('a short that loses the whole account is liquidated where equity reaches 0, and trading stops', () => {
  // p* = cash / units = 20,000 / 100 = 200; bar 3 opens at 190 (below p*) → bought back at 200.
  // equity after = 20,000 − 100 × 200 = 0. The second sell on bar 4 is never placed.
  const series = bars(rows(190));
  const r = runBacktest(series, scripted({ 0: { do: 'sell' }, 4: { do: 'sell' } }), {}, opts());
  assert.ok(r.ruin, 'ruin recorded');
  assert.equal(r.ruin.bar, 3);
  close(r.ruin.price, 200);
  assert.equal(r.ruin.deficit, 0);
  assert.equal(r.trades.length, 1);
  assert.equal(r.trades[0].exitBar, 3);
  close(r.trades[0].pnl, -10_000);
  assert.equal(r.fills.length, 2);
  assert.deepEqual(Array.from(r.equity.subarray(3)), [0, 0, 0]);
  close(r.equity[2], 20_000 - 100 * 155);
  const m = computeMetrics({ ts: series.ts, close: series.close, equity: r.equity, exposedBars: r.exposedBars, trades: r.trades, fills: r.fills, cash: 10_000, ruin: r.ruin });
  assert.equal(m.ruined, true);
  assert.equal(m.ruinBar, 3);
  assert.equal(m.ruinTime, '2024-01-04T00:00:00.000Z');
  close(m.returnPct, -100);
  close(m.maxDrawdownPct, -100);
  // growth 0 compounds to −100 %, not to an undefined CAGR.
  close(m.cagrPct, -100);
});

test('a gap past the liquidation price closes at the open; the deficit is reported and equity floored at 0', () => {
  // bar 3 opens at 250 > p* 200: bought back at 250 → cash 20,000 − 25,000 = −5,000.
  const r = runBacktest(bars(rows(250)), scripted({ 0: { do: 'sell' } }), {}, opts());
  assert.equal(r.ruin?.bar, 3);
  close(r.ruin!.price, 250);
  close(r.ruin!.deficit, 5000);
  assert.equal(r.equity[3], 0);
});

test('a maintenance margin for shorts liquidates earlier', () => {
  // m = 0.1: equity(p) ≥ 0.1 × 100 × p ⇔ p ≤ 20,000 / 110 = 181.82. Bar 2's worst (160):
  // equity 4,000 ≥ 1,600, fine. Bar 3 opens at 190 > 181.82 → closed at the open: equity 1,000.
  const r = runBacktest(bars(rows(190)), scripted({ 0: { do: 'sell' } }), {}, opts({ maintenanceMargin: 0.1 }));
  assert.equal(r.ruin?.bar, 3);
  close(r.ruin!.price, 190);
  close(r.equity[5], 1000);
});

test('no ruin: a losing short that stays above the level is not flagged', () => {
  const r = runBacktest(bars(rows(190).slice(0, 3)), scripted({ 0: { do: 'sell' } }), {}, opts());
  assert.equal(r.ruin, undefined);
  assert.equal(r.trades[0].closedAtEnd, true);
});
