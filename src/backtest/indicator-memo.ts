import { ema, rsi, sma, type Indicators } from './indicators.js';

/**
 * Indicators that remember their results per input array and period: a grid worker runs the same
 * bars with many combinations, and a period shared by several combinations (fast=10 with every
 * slow) is computed once. Results are shared between runs, hence read-only for strategies. At
 * most `limit` results per input are kept (the oldest is dropped first).
 */
export function memoIndicators(limit = 64): Indicators {
  const memo = new WeakMap<object, Map<string, Float64Array>>();
  const wrap =
    (name: string, f: (values: ArrayLike<number>, period: number) => Float64Array) =>
    (values: ArrayLike<number>, period: number): Float64Array => {
      let m = memo.get(values);
      if (!m) memo.set(values, (m = new Map()));
      const key = `${name}:${period}`;
      let out = m.get(key);
      if (!out) {
        out = f(values, period);
        if (m.size >= limit) m.delete(m.keys().next().value!);
        m.set(key, out);
      }
      return out;
    };
  return { sma: wrap('sma', sma), ema: wrap('ema', ema), rsi: wrap('rsi', rsi) };
}
