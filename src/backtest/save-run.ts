/** Saves a run and its trades to the store's backtest_runs / backtest_trades tables. */
import type { SqliteStore } from '../store/sqlite.js';
import type { StoredBacktestRun } from '../store/types.js';
import type { Metrics } from './metrics.js';
import type { Params, Trade } from './types.js';

export interface SavedRun {
  readonly strategy: string;
  readonly params: Params | Record<string, unknown>;
  readonly source: string;
  readonly symbol: string;
  readonly metrics: Metrics | Record<string, unknown>;
  readonly trades: readonly Trade[];
}

/** NaN/Infinity are not JSON: stored as null, as --json prints them. */
const json = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));

/** The run as a remote store takes it (params and metrics as the same JSON SQLite keeps). */
export function storedRun(run: SavedRun): StoredBacktestRun {
  return { strategy: run.strategy, params: json(run.params), source: run.source, metrics: json(run.metrics), symbol: run.symbol, trades: run.trades };
}

export function saveRun(store: SqliteStore, run: SavedRun, now: number): number {
  const db = store.db;
  const insRun = db.prepare('INSERT INTO backtest_runs (created_ts, strategy, params, source, metrics) VALUES (?, ?, ?, ?, ?)');
  const insTrade = db.prepare(
    'INSERT INTO backtest_trades (run_id, symbol, side, size, entry_ts, entry_price, exit_ts, exit_price, pnl, return_pct, commission, closed_at_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return db.transaction(() => {
    const id = Number(insRun.run(now, run.strategy, json(run.params), run.source, json(run.metrics)).lastInsertRowid);
    for (const t of run.trades) insTrade.run(id, run.symbol, t.side, t.size, t.entryTs, t.entryPrice, t.exitTs, t.exitPrice, t.pnl, t.returnPct, t.commission, t.closedAtEnd ? 1 : 0);
    return id;
  })();
}
