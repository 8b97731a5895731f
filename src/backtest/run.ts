import { runBacktest, type EngineReuse } from './bar-engine.js';
import { computeMetrics, type Metrics } from './metrics.js';
import type { BacktestOptions, BacktestResult, Params, Series, Strategy } from './types.js';

export interface Run {
  readonly params: Params;
  readonly result: BacktestResult;
  readonly metrics: Metrics;
}

/** One backtest plus its metrics: what the CLI, the grid workers and the benchmarks call. */
export function runOne(series: Series, strategy: Strategy<unknown>, params: Params, o: BacktestOptions, reuse?: EngineReuse): Run {
  const result = runBacktest(series, strategy, params, o, reuse);
  const metrics = computeMetrics({ ts: series.ts, close: series.close, equity: result.equity, exposedBars: result.exposedBars, trades: [], tradePnl: result.tradeColumns.pnl, tradeReturnPct: result.tradeColumns.returnPct, commissions: result.commissions, cash: o.cash, ruin: result.ruin });
  return { params, result, metrics };
}
