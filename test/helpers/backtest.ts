// Shared by the backtest tests: tiny series and a scripted strategy that places given orders.
import { toSeries } from '../../src/backtest/series.js';
import { DEFAULT_OPTIONS, type BacktestOptions, type BarContext, type OrderOptions, type Series, type Strategy } from '../../src/backtest/types.js';

export const DAY = 86_400_000;
/** 2024-01-01 is a Monday. */
export const T0 = Date.UTC(2024, 0, 1);

/** Bars from [open, high, low, close, volume?] rows, one per day from T0. */
export function bars(rows: readonly (readonly number[])[], stepMs = DAY): Series {
  return toSeries(rows.map(([open, high, low, close, volume = 0], i) => ({ ts: T0 + i * stepMs, open, high, low, close, volume })));
}

/** The 10-bar series most hand-computed tests use. */
export const TEN = bars([
  [100, 101, 99, 100],
  [102, 103, 101, 102],
  [104, 106, 103, 105],
  [106, 108, 105, 107],
  [108, 109, 107, 108],
  [110, 111, 109, 110],
  [109, 110, 107, 108],
  [107, 108, 105, 106],
  [105, 106, 103, 104],
  [103, 104, 101, 102],
]);

export type Action = { readonly do: 'buy' | 'sell' | 'close' } & OrderOptions;

/** A strategy that does exactly what the script says at each bar. */
export function scripted(script: Record<number, Action | Action[]>): Strategy<null> {
  return {
    name: 'scripted',
    params: {},
    init: () => null,
    next(ctx: BarContext<null>) {
      const a = script[ctx.i];
      for (const x of a === undefined ? [] : Array.isArray(a) ? a : [a]) {
        const { do: what, ...o } = x;
        if (what === 'close') ctx.close(o.stop !== undefined ? { stop: o.stop } : undefined);
        else ctx[what](o);
      }
    },
  };
}

export function opts(o: Partial<BacktestOptions> = {}): BacktestOptions {
  return { ...DEFAULT_OPTIONS, ...o };
}
