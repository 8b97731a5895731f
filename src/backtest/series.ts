import { UsageError } from '../core/errors.js';
import type { Candle } from '../store/types.js';
import type { Series } from './types.js';

/** Candle rows → typed-array columns (what strategies and the engine read). */
export function toSeries(candles: readonly Candle[]): Series {
  const n = candles.length;
  const s = {
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    length: n,
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    s.ts[i] = c.ts;
    s.open[i] = c.open;
    s.high[i] = c.high;
    s.low[i] = c.low;
    s.close[i] = c.close;
    s.volume[i] = c.volume;
  }
  return s;
}

/** Bars with fromMs ≤ ts ≤ toMs (views, no copy). */
export function sliceSeries(s: Series, fromMs = -Infinity, toMs = Infinity): Series {
  let a = 0;
  while (a < s.length && s.ts[a] < fromMs) a++;
  let b = s.length;
  while (b > a && s.ts[b - 1] > toMs) b--;
  if (a === 0 && b === s.length) return s;
  return {
    ts: s.ts.subarray(a, b),
    open: s.open.subarray(a, b),
    high: s.high.subarray(a, b),
    low: s.low.subarray(a, b),
    close: s.close.subarray(a, b),
    volume: s.volume.subarray(a, b),
    length: b - a,
  };
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** '1m' | '15m' | '1h' | '4h' | '1d' | '1w' (ccxt's timeframe names) → milliseconds. */
export function timeframeMs(tf: string): number {
  const m = /^(\d+)([mhdw])$/.exec(tf);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--timeframe '${tf}' is not a timeframe — use e.g. 1m, 5m, 1h, 4h, 1d or 1w`);
  return Number(m[1]) * UNIT_MS[m[2]];
}
