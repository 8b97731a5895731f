/** The file `arblens new strategy <file>` writes: a working, commented strategy to edit. */
export function strategyTemplate(name: string): string {
  return `// ${name}: a strategy of your own for \`arblens backtest\`.
// Run it:        arblens backtest --strategy ./${name}.ts --param fast=10 --param slow=40
// Grid search:   arblens backtest --strategy ./${name}.ts --param fast=5:30:5 --param slow=20:100:10
// Types come from \`arblens/strategy\` (npm i -D arblens in this folder to type-check it).
import type { BarContext, InitContext, Strategy } from 'arblens/strategy';

// Whatever init returns is ctx.state in next: compute indicators once, over the whole series.
interface State {
  readonly fast: Float64Array;
  readonly slow: Float64Array;
}

const strategy: Strategy<State> = {
  name: '${name}',
  description: 'EMA crossover, long only, with a stop-loss and a take-profit on each entry',
  // Each knob: default, range (checked against --param) and whether it is a whole number.
  params: {
    fast: { default: 10, min: 2, max: 200, integer: true, description: 'fast EMA period (bars)' },
    slow: { default: 40, min: 3, max: 500, integer: true, description: 'slow EMA period (bars)' },
    stopPct: { default: 3, min: 0.1, max: 50, description: 'stop-loss below the entry, %' },
  },
  // Combinations that make no sense are skipped in grids.
  valid: (p) => p.fast < p.slow,

  init({ data, params, ta, plot }: InitContext): State {
    // ta.sma / ta.ema / ta.rsi are causal and NaN while warming up (comparisons with NaN are false).
    const fast = ta.ema(data.close, params.fast);
    const slow = ta.ema(data.close, params.slow);
    // plot() draws a series over the candles in --report (panel: 'own' for an oscillator).
    plot(\`EMA \${params.fast}\`, fast);
    plot(\`EMA \${params.slow}\`, slow);
    return { fast, slow };
  },

  next(ctx: BarContext<State>): void {
    const { i, state, data, params } = ctx;
    // Only indices ≤ i are the past: reading i + 1 is looking into the future.
    if (i === 0) return;
    const crossedUp = state.fast[i - 1] < state.slow[i - 1] && state.fast[i] > state.slow[i];
    const crossedDown = state.fast[i - 1] > state.slow[i - 1] && state.fast[i] < state.slow[i];
    const c = data.close[i];
    if (crossedUp && ctx.position.size === 0) {
      // Fills at the next bar's open. sl/tp are attached to the units this order opens.
      ctx.buy({ sl: c * (1 - params.stopPct / 100), tp: c * (1 + (3 * params.stopPct) / 100) });
    } else if (crossedDown && ctx.position.size > 0) {
      ctx.close();
    }
  },
};

export default strategy;
`;
}
