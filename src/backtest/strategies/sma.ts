/**
 * Moving-average crossover. When the fast average crosses above the slow one: close any short
 * and go long; when it crosses below: close any long and go short (`--long-only`: just close).
 */
import type { BarContext, InitContext, Strategy } from '../types.js';

interface State {
  readonly fast: Float64Array;
  readonly slow: Float64Array;
}

const sma: Strategy<State> = {
  name: 'sma',
  description: 'fast/slow simple moving average crossover, long and short',
  params: {
    fast: { default: 10, min: 2, max: 500, step: 1, integer: true, description: 'fast average period (bars)' },
    slow: { default: 30, min: 3, max: 2000, step: 1, integer: true, description: 'slow average period (bars)' },
  },
  valid: (p) => p.fast < p.slow,
  init({ data, params, ta, plot }: InitContext): State {
    const fast = ta.sma(data.close, params.fast);
    const slow = ta.sma(data.close, params.slow);
    plot(`SMA ${params.fast}`, fast, { color: '#0969da' });
    plot(`SMA ${params.slow}`, slow, { color: '#bf8700' });
    return { fast, slow };
  },
  next(ctx: BarContext<State>): void {
    const { i, state } = ctx;
    if (i === 0) return;
    const f0 = state.fast[i - 1];
    const s0 = state.slow[i - 1];
    const f1 = state.fast[i];
    const s1 = state.slow[i];
    // NaN during warm-up makes every comparison false: no signal until both averages exist.
    // Strict on both sides (backtesting.py's crossover): touching the slow average is not a cross.
    if (f0 < s0 && f1 > s1) {
      if (ctx.position.size <= 0) ctx.buy();
    } else if (f0 > s0 && f1 < s1) {
      if (ctx.position.size >= 0) ctx.sell();
    }
  },
};

export default sma;
