// Shared by the backtest benchmarks: one year of synthetic one-minute candles (525,600 bars).
import type { Candle } from '../src/store/types.js';

export const MINUTE_BARS = 525_600;

export function minuteCandles(n = MINUTE_BARS, seed = 1): Candle[] {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const out: Candle[] = new Array(n);
  const t0 = Date.UTC(2024, 0, 1);
  let p = 40_000;
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = o * (1 + (rnd() - 0.5) * 0.002);
    out[i] = { ts: t0 + i * 60_000, open: o, high: Math.max(o, c) * (1 + rnd() * 0.0005), low: Math.min(o, c) * (1 - rnd() * 0.0005), close: c, volume: 1 + rnd() * 10 };
    p = c;
  }
  return out;
}
