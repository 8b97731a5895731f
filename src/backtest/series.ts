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

/** Six Float64Array columns that double when full; `series()` trims them to views (no copy). */
export class ColumnBuilder {
  private ts: Float64Array;
  private o: Float64Array;
  private h: Float64Array;
  private l: Float64Array;
  private c: Float64Array;
  private v: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.ts = new Float64Array(capacity);
    this.o = new Float64Array(capacity);
    this.h = new Float64Array(capacity);
    this.l = new Float64Array(capacity);
    this.c = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }
  push(ts: number, o: number, h: number, l: number, c: number, v: number): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length++;
    this.ts[i] = ts;
    this.o[i] = o;
    this.h[i] = h;
    this.l[i] = l;
    this.c[i] = c;
    this.v[i] = v;
  }
  private grow(): void {
    const g = (a: Float64Array) => {
      const x = new Float64Array(a.length * 2);
      x.set(a);
      return x;
    };
    this.ts = g(this.ts);
    this.o = g(this.o);
    this.h = g(this.h);
    this.l = g(this.l);
    this.c = g(this.c);
    this.v = g(this.v);
  }
  series(): Series {
    const n = this.length;
    return { ts: this.ts.subarray(0, n), open: this.o.subarray(0, n), high: this.h.subarray(0, n), low: this.l.subarray(0, n), close: this.c.subarray(0, n), volume: this.v.subarray(0, n), length: n };
  }
}
