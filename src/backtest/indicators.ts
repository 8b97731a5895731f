/**
 * Indicators over whole series, computed once in a strategy's `init`. Every one is causal: the
 * value at index i uses inputs at indices ≤ i only (the no-look-ahead test relies on it).
 * Warm-up values are NaN, and comparisons with NaN are false, so strategies need no guards.
 */

export interface Indicators {
  sma(values: ArrayLike<number>, period: number): Float64Array;
  ema(values: ArrayLike<number>, period: number): Float64Array;
  rsi(values: ArrayLike<number>, period: number): Float64Array;
}

/** Simple moving average with a running sum (O(n)); NaN for the first period − 1 values. */
export function sma(values: ArrayLike<number>, period: number): Float64Array {
  checkPeriod(period);
  const n = values.length;
  const out = new Float64Array(n);
  // Warm-up first, then the running sum: one write per value (no fill pass over the array).
  const warm = Math.min(period - 1, n);
  let sum = 0;
  for (let i = 0; i < warm; i++) {
    sum += values[i];
    out[i] = NaN;
  }
  for (let i = warm; i < n; i++) {
    sum += values[i];
    if (i >= period) sum -= values[i - period];
    out[i] = sum / period;
  }
  return out;
}

/** Exponential moving average seeded with the simple average of the first `period` values (TA-Lib). */
export function ema(values: ArrayLike<number>, period: number): Float64Array {
  checkPeriod(period);
  const n = values.length;
  const out = new Float64Array(n);
  if (n < period) return out.fill(NaN);
  out.fill(NaN, 0, period - 1);
  const k = 2 / (period + 1);
  let v = 0;
  for (let i = 0; i < period; i++) v += values[i];
  v /= period;
  out[period - 1] = v;
  for (let i = period; i < n; i++) out[i] = v = (values[i] - v) * k + v;
  return out;
}

/**
 * Wilder's RSI as TA-Lib computes it: the first average gain/loss is the simple average of the
 * first `period` changes, then each is smoothed as avg = (avg × (period − 1) + x) / period.
 * The first value is at index `period`. A series with no movement reads 0, as in TA-Lib.
 */
export function rsi(values: ArrayLike<number>, period: number): Float64Array {
  checkPeriod(period);
  const n = values.length;
  const out = new Float64Array(n);
  if (n <= period) return out.fill(NaN);
  out.fill(NaN, 0, period);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = values[i] - values[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  out[period] = ratio(gain, loss);
  for (let i = period + 1; i < n; i++) {
    const d = values[i] - values[i - 1];
    gain = (gain * (period - 1) + (d > 0 ? d : 0)) / period;
    loss = (loss * (period - 1) + (d < 0 ? -d : 0)) / period;
    out[i] = ratio(gain, loss);
  }
  return out;
}

function ratio(gain: number, loss: number): number {
  const total = gain + loss;
  return total === 0 ? 0 : (100 * gain) / total;
}

function checkPeriod(period: number): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`indicator period must be a whole number ≥ 1, got ${period}`);
}

export const INDICATORS: Indicators = { sma, ema, rsi };

