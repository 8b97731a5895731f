import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ema, rsi, sma } from '../../../src/backtest/indicators.js';
import { memoIndicators } from '../../../src/backtest/indicator-memo.js';

test("RSI(14) matches Wilder's method as TA-Lib computes it on the classic worked example", () => {
  // The closing prices of the RSI worked example in StockCharts' ChartSchool ("Relative Strength
  // Index (RSI)"), 33 days. The first 14 changes: gains 0.06 + 0.72 + 0.50 + 0.27 + 0.32 + 0.42 +
  // 0.24 + 0.14 + 0.67 = 3.34 → avgGain 0.238571; losses 0.25 + 0.54 + 0.19 + 0.42 = 1.40 →
  // avgLoss 0.1; RS = 2.38571 → RSI = 100 − 100 / 3.38571 = 70.4641. Then Wilder smoothing:
  // avg = (avg × 13 + x) / 14. Tables that round intermediate averages print slightly different
  // values (70.53 for the first); the series below is full precision (TA-Lib's) to 4 decimals.
  const closes = [
    44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0, 46.03, 46.41, 46.22, 45.64,
    46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13,
  ];
  const expected = [
    70.4641, 66.2496, 66.4809, 69.3469, 66.2947, 57.915, 62.8807, 63.2088, 56.0116, 62.3399, 54.671, 50.3868, 40.0194, 41.4926, 41.9024, 45.4995,
    37.3228, 33.0905, 37.7888,
  ];
  const out = rsi(closes, 14);
  for (let i = 0; i < 14; i++) assert.ok(Number.isNaN(out[i]), `index ${i} is warm-up`);
  assert.deepEqual(Array.from(out.slice(14)).map((x) => Number(x.toFixed(4))), expected);
});

test('RSI: only gains → 100, only losses → 0, no movement → 0 (TA-Lib)', () => {
  assert.equal(rsi([1, 2, 3, 4, 5], 3)[4], 100);
  assert.equal(rsi([5, 4, 3, 2, 1], 3)[4], 0);
  assert.equal(rsi([2, 2, 2, 2], 2)[3], 0);
});

test('SMA and EMA: warm-up NaN, then the hand values', () => {
  // sma(3): (1+2+3)/3 = 2, (2+3+4)/3 = 3, (3+4+5)/3 = 4
  assert.deepEqual(Array.from(sma([1, 2, 3, 4, 5], 3)).slice(2), [2, 3, 4]);
  assert.ok(Number.isNaN(sma([1, 2, 3], 3)[1]));
  // ema(3): seed = mean(1,2,3) = 2; k = 0.5 → (4 − 2) × 0.5 + 2 = 3; (5 − 3) × 0.5 + 3 = 4
  assert.deepEqual(Array.from(ema([1, 2, 3, 4, 5], 3)).slice(2), [2, 3, 4]);
  assert.throws(() => sma([1], 0), /period/);
});

test('memoised indicators compute each (input, period) once and give the plain results', () => {
  const a = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const b = Float64Array.from([8, 7, 6, 5, 4, 3, 2, 1]);
  const ta = memoIndicators(2);
  const s3 = ta.sma(a, 3);
  // sma(3) at index 2 = (1 + 2 + 3) / 3 = 2; the same array object comes back the second time.
  assert.equal(s3[2], 2);
  assert.equal(ta.sma(a, 3), s3);
  assert.deepEqual(Array.from(s3), Array.from(sma(a, 3)));
  // Another input, another period or another indicator is its own entry.
  assert.notEqual(ta.sma(b, 3), s3);
  assert.equal(ta.sma(b, 3)[2], 7); // (8 + 7 + 6) / 3
  assert.notEqual(ta.sma(a, 4), s3);
  assert.deepEqual(Array.from(ta.ema(a, 3)), Array.from(ema(a, 3)));
  assert.deepEqual(Array.from(ta.rsi(a, 3)), Array.from(rsi(a, 3)));
  // The limit (2 per input) dropped the oldest entry of `a`, sma(3): it is computed afresh.
  const again = ta.sma(a, 3);
  assert.notEqual(again, s3);
  assert.deepEqual(Array.from(again), Array.from(s3));
});
