import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annualisation, computeMetrics, tradeStats } from '../../../src/backtest/metrics.js';
import sma from '../../../src/backtest/strategies/sma.js';
import type { BarContext, Trade } from '../../../src/backtest/types.js';
import { DAY, T0 } from '../../helpers/backtest.js';

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
const every = (n: number, step: number) => Array.from({ length: n }, (_, i) => T0 + i * step);

test('weekly bars are annualised with 52 periods a year, one return per bar', () => {
  // Five Mondays; equity 100, 110, 99, 121, 121 → weekly returns 0.1, −0.1, 0.2222…, 0 (as in the
  // daily hand-computed case): sample sd 0.1378852. Annual return = 1.21^(52/4) − 1 = 1.21^13 − 1
  // = 1092.9 %; volatility = 0.1378852 × √52 × 100 = 99.43 % (with 252 it was 218.9 %).
  const m = computeMetrics({ ts: every(5, 7 * DAY), close: [1, 1, 1, 1, 1], equity: [100, 110, 99, 121, 121], exposure: [1, 1, 1, 1, 1], trades: [], cash: 100 });
  assert.equal(m.periodsPerYear, 52);
  assert.equal(m.annualisation, 'weekly bars (52 a year)');
  near(m.annReturnPct, (Math.pow(1.21, 13) - 1) * 100);
  near(m.annVolatilityPct, 0.137885187 * Math.sqrt(52) * 100, 1e-6);
  near(m.sharpe, (0.0555555556 / 0.137885187) * Math.sqrt(52), 1e-6);
});

test('the spacing decides the period: hourly 24/7, daily trading days, monthly, odd spacing', () => {
  const h = annualisation(every(24 * 8, 3_600_000)); // eight days of hours, across a weekend
  assert.deepEqual([h.period, h.periodsPerYear, h.calendar, h.label], ['day', 365, '24/7', 'daily returns of 1h bars, 24/7 (365 a year)']);
  const d = annualisation(every(5, DAY)); // Mon–Fri
  assert.deepEqual([d.period, d.periodsPerYear, d.label], ['day', 252, 'daily returns of 1d bars, trading days (252 a year)']);
  const months = [0, 1, 2, 3, 4, 5].map((k) => Date.UTC(2024, k, 1));
  assert.deepEqual([annualisation(months).period, annualisation(months).periodsPerYear], ['month', 12]);
  // every 3 days: 365.25 / 3 = 121.75 periods a year
  assert.equal(annualisation(every(10, 3 * DAY)).periodsPerYear, 121.75);
});

test('Kelly: a break-even trade is no loss — mean loss is over losing trades only', () => {
  // pnl 10, −5, 20, −5, 0: W = 2 / 5 = 0.4; mean win 15, mean loss (−5, −5) = 5 → R = 3;
  // Kelly = 0.4 − 0.6 / 3 = 0.2. (Counting the 0 as a loss gave mean loss 10/3, R 4.5, 0.2667.)
  const mk = (pnl: number): Trade => ({ side: 'long', size: 1, entryBar: 0, exitBar: 1, entryTs: 0, exitTs: 1, entryPrice: 100, exitPrice: 100 + pnl, pnl, returnPct: pnl, commission: 0, closedAtEnd: false });
  const t = tradeStats([mk(10), mk(-5), mk(20), mk(-5), mk(0)]);
  assert.equal(t.winRatePct, 40);
  near(t.kelly, 0.2);
  near(t.profitFactor, 3);
});

test('sma: a cross is strictly below then strictly above; a touch then a move up is not one', () => {
  const run = (fast: number[], slow: number[]) => {
    const calls: string[] = [];
    const ctx = { state: { fast: Float64Array.from(fast), slow: Float64Array.from(slow) }, params: {}, position: { size: 0, entryPrice: NaN }, buy: () => (calls.push('buy'), 0), sell: () => (calls.push('sell'), 0) };
    for (let i = 0; i < fast.length; i++) sma.next({ ...ctx, i } as unknown as BarContext<{ fast: Float64Array; slow: Float64Array }>);
    return calls;
  };
  // fast 1 → 2 → 3 against slow 2: bar 1 touches (2 = 2), bar 2 moves above from the touch: no cross.
  assert.deepEqual(run([1, 2, 3], [2, 2, 2]), []);
  assert.deepEqual(run([3, 2, 1], [2, 2, 2]), []);
  // strictly below then strictly above: a cross up; and down.
  assert.deepEqual(run([1, 3], [2, 2]), ['buy']);
  assert.deepEqual(run([3, 1], [2, 2]), ['sell']);
});
