/**
 * One `POST /api/v1/backtests` job on its own thread: a backtest is CPU-bound for as long as its
 * history is long, and on the server's thread it would stall the live feed (no tick, no frame,
 * no heartbeat) until it ended. Posts back `{result, report}` or `{error}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tidyDeep } from '../core/json.js';
import type { BacktestOutcome, BacktestTask } from './backtest-task.js';

async function run(t: BacktestTask): Promise<BacktestOutcome> {
  const b = t.body;
  const { loadStrategy } = await import('../backtest/load-strategy.js');
  const { loadBars } = await import('../backtest/load-data.js');
  const { SqliteStore } = await import('../store/sqlite.js');
  const { runOne } = await import('../backtest/run.js');
  const { DEFAULT_OPTIONS } = await import('../backtest/types.js');
  const { reportHtml } = await import('../backtest/report-html.js');
  const strategy = await loadStrategy(t.strategy);
  const loaded = loadBars({ venue: b.venue, symbol: b.symbol, timeframe: b.timeframe ?? '1h', fromMs: b.from ? Date.parse(b.from) : undefined, toMs: b.to ? Date.parse(b.to) : undefined }, () => new SqliteStore(t.dbPath));
  const options = { ...DEFAULT_OPTIONS, cash: b.cash ?? DEFAULT_OPTIONS.cash, commission: b.commission ?? 0, slippageBps: b.slippageBps ?? 0 };
  const r = runOne(loaded.series, strategy, t.params, options);
  const costs = { commission: options.commission, commissionSource: 'request' };
  return {
    result: tidyDeep({ strategy: strategy.name, params: t.params, source: loaded.source, bars: loaded.series.length, options, metrics: r.metrics, trades: r.result.trades }) as Record<string, unknown>,
    report: reportHtml({ title: `${strategy.name} — ${b.symbol}`, source: loaded.source, series: loaded.series, run: r, options, costs }),
  };
}

run(workerData as BacktestTask).then(
  (out) => parentPort!.postMessage(out),
  (err: unknown) => parentPort!.postMessage({ error: (err as Error)?.message ?? String(err) } satisfies BacktestOutcome),
);
