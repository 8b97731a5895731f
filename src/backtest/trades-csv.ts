import type { Trade } from './types.js';

/** The trade log as CSV (one row per closed trade), times in ISO-8601 UTC. */
export function tradesCsv(trades: readonly Trade[]): string {
  const head = 'side,size,entry_time,entry_price,exit_time,exit_price,pnl,return_pct,commission,closed_at_end';
  const rows = trades.map((t) =>
    [t.side, t.size, new Date(t.entryTs).toISOString(), t.entryPrice, new Date(t.exitTs).toISOString(), t.exitPrice, t.pnl, t.returnPct, t.commission, t.closedAtEnd].join(','),
  );
  return [head, ...rows].join('\n') + '\n';
}
