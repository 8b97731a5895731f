import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeMetrics, drawdowns, periodsPerYear, tradeStats, varCvar } from '../../../src/backtest/metrics.js';
import type { Trade } from '../../../src/backtest/types.js';
import { DAY, T0 } from '../../helpers/backtest.js';

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
const days = (n: number, from = T0) => Array.from({ length: n }, (_, i) => from + i * DAY);

test('metrics of a five-day equity curve, computed by hand', () => {
  // Mon 2024-01-01 … Fri 01-05 (no weekend → 252 periods a year). cash 100.
  // equity 100, 110, 99, 121, 121 → daily returns 0.1, −0.1, 0.2222…, 0
  // mean 0.0555556; sample sd: deviations .0444, −.1556, .1667, −.0556 → Σd² = 0.0570370 / 3 → sd 0.1378852
  // Sharpe = 0.0555556 / 0.1378852 × √252 = 6.39602
  // downside dev = √((0.1²) / 4) = 0.05 → Sortino = 0.0555556 / 0.05 × √252 = 17.63834
  // drawdown: peak 110 (day 2) → 99 = −10 %, back above on day 4: one episode, 2 days
  // VaR 95 %: 4 returns, k = ceil(0.05 × 4) = 1 → worst = −10 % → VaR = CVaR = 10
  const m = computeMetrics({ ts: days(5), close: [10, 11, 12, 13, 14], equity: [100, 110, 99, 121, 121], exposure: [0, 1, 1, 1, 0], trades: [], cash: 100 });
  near(m.returnPct, 21);
  near(m.buyHoldReturnPct, 40);
  assert.equal(m.exposureTimePct, 60);
  assert.equal(m.equityPeak, 121);
  assert.equal(m.durationDays, 4);
  assert.equal(m.periodsPerYear, 252);
  near(m.sharpe, 6.396021490668317);
  near(m.sortino, 17.638342073763962);
  near(m.annVolatilityPct, 0.13788519 * Math.sqrt(252) * 100, 1e-6);
  // annualised: 1.21 over 4 daily returns → 1.21^(252/4) − 1
  near(m.annReturnPct, (Math.pow(1.21, 63) - 1) * 100);
  // CAGR over calendar time: 1.21^(365.25/4) − 1
  near(m.cagrPct, (Math.pow(1.21, 365.25 / 4) - 1) * 100);
  near(m.maxDrawdownPct, -10);
  near(m.calmar, m.annReturnPct / 10);
  assert.equal(m.maxDrawdownDays, 2);
  near(m.dailyVar95Pct, 10);
  near(m.dailyCvar95Pct, 10);
  assert.equal(m.trades, 0);
  assert.ok(Number.isNaN(m.winRatePct));
});

test('intraday bars are grouped into UTC day-ends before daily statistics', () => {
  // 4 bars per day over 3 days; the day-end equities are 100, 105, 94.5 → returns 0.05, −0.1
  const ts = Array.from({ length: 12 }, (_, i) => T0 + i * 6 * 3_600_000);
  const equity = [100, 90, 120, 100, 101, 102, 103, 105, 80, 90, 95, 94.5];
  const m = computeMetrics({ ts, close: equity, equity, exposure: equity.map(() => 1), trades: [], cash: 100 });
  // mean −0.025, sd = |0.05 − (−0.1)| / √2 = 0.1060660 → Sharpe = −0.025 / 0.1060660 × √252 = −3.74166
  near(m.sharpe, (-0.025 / (0.15 / Math.SQRT2)) * Math.sqrt(252));
});

test('drawdown episodes: depth, average and duration (the starting cash is the first peak)', () => {
  // cash 100; equity 95 (−5 %), 100 (recovered: episode 1 lasted day0→day1), 120, 90 (−25 %), 108, 130 (recovered day 5)
  // episodes: −5 % over 1 day (from the start), −25 % over 3 days (peak 120 on day 2 → day 5)
  const d = drawdowns(days(6), [95, 100, 120, 90, 108, 130], 100);
  near(d.max, -25);
  near(d.avg, -15);
  assert.equal(d.maxDays, 3);
  assert.equal(d.avgDays, 2);
  // an episode still open at the end counts until the last bar
  const open = drawdowns(days(3), [100, 80, 90], 100);
  near(open.max, -20);
  assert.equal(open.maxDays, 2);
});

test('trade statistics: win rate, profit factor, expectancy, SQN and Kelly', () => {
  // pnl 10, −5, 20, −5 (returns the same in %): 2 wins of 4 → 50 %
  // profit factor 30 / 10 = 3; expectancy 20 / 4 = 5
  // SQN: sd of pnl = √((25 + 100 + 225 + 100) / 3) = √150 = 12.2474 → √4 × 5 / 12.2474 = 0.816497
  // Kelly: W − (1 − W) / R, R = avg win 15 / avg loss 5 = 3 → 0.5 − 0.5 / 3 = 0.333333
  const mk = (pnl: number): Trade => ({ side: 'long', size: 1, entryBar: 0, exitBar: 1, entryTs: 0, exitTs: 1, entryPrice: 100, exitPrice: 100 + pnl, pnl, returnPct: pnl, commission: 0, closedAtEnd: false });
  const t = tradeStats([mk(10), mk(-5), mk(20), mk(-5)]);
  assert.equal(t.trades, 4);
  assert.equal(t.winRatePct, 50);
  assert.equal(t.profitFactor, 3);
  assert.equal(t.expectancy, 5);
  near(t.sqn, 0.816496580927726);
  near(t.kelly, 1 / 3);
  assert.equal(t.bestTradePct, 20);
  assert.equal(t.worstTradePct, -5);
  assert.equal(t.avgTradePct, 5);
  assert.equal(tradeStats([mk(3)]).profitFactor, Infinity);
});

test('historical VaR and CVaR at 95 % over 40 daily returns use the two worst', () => {
  // k = ceil(0.05 × 40) = 2: the two worst are −0.08 and −0.05 → VaR 5 %, CVaR 6.5 %
  const r = Array.from({ length: 40 }, (_, i) => (i % 7) / 1000);
  r[3] = -0.05;
  r[17] = -0.08;
  const v = varCvar(r, 0.95);
  near(v.var, 5);
  near(v.cvar, 6.5);
});

test('252 periods a year for weekday-only data, 365 once a bar falls on a weekend', () => {
  assert.equal(periodsPerYear(days(5)), 252);
  assert.equal(periodsPerYear(days(6)), 365); // the sixth day, 2024-01-06, is a Saturday
});
