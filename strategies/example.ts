// A strategy of your own: copy this file, edit it, run it with
//   arblens backtest --strategy ./my-strategy.ts --param period=20 --param band=2
// The shape is the same as the built-ins': `params` declares the knobs (defaults and ranges,
// checked against --param), `init` computes indicators over the whole series once (typed
// arrays), `next` runs on each bar and may buy, sell (short), close, or place limit/stop orders.
// Read only indices ≤ ctx.i inside next: anything later is the future. The types come from
// `arblens/strategy` (the package's exports), so this file type-checks in a folder of your own.
import type { BarContext, InitContext, Strategy } from 'arblens/strategy';

interface State {
  readonly mid: Float64Array;
  readonly dev: Float64Array;
}

const strategy: Strategy<State> = {
  name: 'bollinger-breakout',
  description: 'long above the upper Bollinger band, flat below the middle',
  params: {
    period: { default: 20, min: 2, max: 500, integer: true, description: 'band period (bars)' },
    band: { default: 2, min: 0.5, max: 5, description: 'band width in standard deviations' },
  },
  init({ data, params, ta, plot }: InitContext): State {
    const n = params.period;
    const mid = ta.sma(data.close, n);
    // Rolling standard deviation from the same window as the average.
    const sq = ta.sma(data.close.map((c) => c * c), n);
    const dev = mid.map((m, i) => Math.sqrt(Math.max(0, sq[i] - m * m)));
    // Drawn over the candles in --report (display only).
    plot('middle band', mid);
    plot('upper band', mid.map((m, i) => m + params.band * dev[i]));
    return { mid, dev };
  },
  next(ctx: BarContext<State>): void {
    const { i, state, data, params } = ctx;
    const c = data.close[i];
    if (ctx.position.size === 0 && c > state.mid[i] + params.band * state.dev[i]) {
      // Buy half the equity at the next open, protected by a stop 5 % under this close.
      ctx.buy({ size: 0.5 });
      ctx.close({ stop: c * 0.95 });
    } else if (ctx.position.size > 0 && c < state.mid[i]) {
      ctx.cancel();
      ctx.close();
    }
  },
};

export default strategy;
