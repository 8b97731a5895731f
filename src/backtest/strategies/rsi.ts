/**
 * RSI mean reversion with Wilder's RSI (TA-Lib's method). RSI below `lower` (oversold): close
 * any short and go long; above `upper` (overbought): close any long and go short
 * (`--long-only`: just close).
 */
import type { BarContext, InitContext, Strategy } from '../types.js';

interface State {
  readonly rsi: Float64Array;
}

const rsi: Strategy<State> = {
  name: 'rsi',
  description: 'Wilder RSI: long when oversold, short when overbought',
  params: {
    period: { default: 14, min: 2, max: 500, step: 1, integer: true, description: 'RSI period (bars)' },
    lower: { default: 30, min: 0, max: 100, step: 1, description: 'oversold level: go long below it' },
    upper: { default: 70, min: 0, max: 100, step: 1, description: 'overbought level: go short above it' },
  },
  valid: (p) => p.lower < p.upper,
  init({ data, params, ta, plot }: InitContext): State {
    const r = ta.rsi(data.close, params.period);
    plot(`RSI ${params.period}`, r, { panel: 'own', color: '#8250df', levels: [params.lower, params.upper] });
    return { rsi: r };
  },
  next(ctx: BarContext<State>): void {
    const r = ctx.state.rsi[ctx.i];
    const pos = ctx.position.size;
    if (r < ctx.params.lower && pos <= 0) ctx.buy();
    else if (r > ctx.params.upper && pos >= 0) ctx.sell();
  },
};

export default rsi;
