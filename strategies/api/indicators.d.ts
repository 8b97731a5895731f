// Generated from src/backtest by the TypeScript compiler (test/e2e/backtest/authoring.test.ts checks it).
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
export declare function sma(values: ArrayLike<number>, period: number): Float64Array;
/** Exponential moving average seeded with the simple average of the first `period` values (TA-Lib). */
export declare function ema(values: ArrayLike<number>, period: number): Float64Array;
/**
 * Wilder's RSI as TA-Lib computes it: the first average gain/loss is the simple average of the
 * first `period` changes, then each is smoothed as avg = (avg × (period − 1) + x) / period.
 * The first value is at index `period`. A series with no movement reads 0, as in TA-Lib.
 */
export declare function rsi(values: ArrayLike<number>, period: number): Float64Array;
export declare const INDICATORS: Indicators;
