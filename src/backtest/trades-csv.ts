import type { Trade } from './types.js';

/**
 * The trade log's column names, shared with `export --table backtest-trades` (which adds id,
 * run_id and symbol in front) and spelled in camelCase by --json (entryTime, closedAtEnd…).
 */
export const TRADE_COLUMNS = ['side', 'size', 'entry_time', 'entry_price', 'exit_time', 'exit_price', 'pnl', 'return_pct', 'commission', 'closed_at_end'] as const;

/** The trade log as CSV (one row per closed trade), times in ISO-8601 UTC. */
export function tradesCsv(trades: readonly Trade[]): string {
  const rows = trades.map((t) =>
    [t.side, t.size, new Date(t.entryTs).toISOString(), t.entryPrice, new Date(t.exitTs).toISOString(), t.exitPrice, t.pnl, t.returnPct, t.commission, t.closedAtEnd].join(','),
  );
  return [TRADE_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
