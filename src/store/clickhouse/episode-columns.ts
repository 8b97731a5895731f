import type { EpisodeColumns, EpisodeFilter, EpisodeGroup } from '../episodes.js';
import type { ChConnection } from './client.js';
import { sqlInt, sqlList } from './tsv.js';

/**
 * `arblens stats` over ClickHouse: the episodes as the same columns SQLite gives. An episode is
 * stored as version rows (see episodes.ts); collapsing them — lifetime, close reason, the last
 * and best figures — is one GROUP BY inside ClickHouse, so only one row per episode crosses the
 * wire. Quantiles and shares are then computed exactly by the same summary code as for SQLite.
 */
export async function readEpisodeColumnsCh(conn: ChConnection, f: EpisodeFilter = {}): Promise<EpisodeColumns> {
  const db = conn.spec.database;
  const where = ['1 = 1'];
  if (f.fromMs !== undefined) where.push(`first_seen >= ${sqlInt(f.fromMs)}`);
  if (f.toMs !== undefined) where.push(`first_seen <= ${sqlInt(f.toMs)}`);
  if (f.kinds?.length) where.push(`kind IN ${sqlList(f.kinds)}`);
  if (f.venues?.length) where.push(`(buy_venue = '' OR buy_venue IN ${sqlList(f.venues)}) AND (sell_venue = '' OR sell_venue IN ${sqlList(f.venues)})`);
  const q = `SELECT kind, buy_venue, sell_venue, symbol, first_seen, max(last_seen) AS last,
      if(max(closed) = 1, argMax(close_reason, version), 'open') AS reason,
      argMax(size, last_seen), argMax(net_profit, last_seen), max(best_net_profit)
    FROM ${db}.opportunities WHERE ${where.join(' AND ')}
    GROUP BY opp_key, first_seen, kind, buy_venue, sell_venue, symbol
    ORDER BY first_seen`;
  const groups: EpisodeGroup[] = [];
  const codes = new Map<string, number>();
  const group: number[] = [];
  const lifetime: number[] = [];
  const lastSize: number[] = [];
  const lastNetProfit: number[] = [];
  const bestNetProfit: number[] = [];
  let minFirst = NaN;
  let maxLast = NaN;
  for await (const rows of conn.rows(q)) {
    for (const [kind, buy, sell, symbol, fs, ls, reason, size, profit, best] of rows) {
      const first = Number(fs);
      const last = Number(ls);
      const hour = Math.floor(first / 3_600_000) % 24;
      const key = `${kind}\u0000${buy}\u0000${sell}\u0000${symbol}\u0000${reason}\u0000${hour}`;
      let code = codes.get(key);
      if (code === undefined) {
        code = groups.length;
        codes.set(key, code);
        groups.push({ kind, buyVenue: buy, sellVenue: sell, symbol, reason, hour });
      }
      group.push(code);
      lifetime.push(last - first);
      lastSize.push(Number(size));
      lastNetProfit.push(Number(profit));
      bestNetProfit.push(Number(best));
      if (!(first >= minFirst)) minFirst = first;
      if (!(last <= maxLast)) maxLast = last;
    }
  }
  const g = Int32Array.from(group);
  const life = Float64Array.from(lifetime);
  return {
    n: g.length,
    groups,
    group: g,
    lifetime: life,
    minFirstSeen: minFirst,
    maxLastSeen: maxLast,
    figures: { n: g.length, rate: 1, group: g, lifetime: life, lastSize: Float64Array.from(lastSize), lastNetProfit: Float64Array.from(lastNetProfit), bestNetProfit: Float64Array.from(bestNetProfit) },
  };
}
