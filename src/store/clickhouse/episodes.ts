import type { Opportunity } from '../../core/types.js';
import type { ChConnection } from './client.js';
import { sqlInt, sqlList, sqlString, tsvNum, tsvString } from './tsv.js';

/**
 * Opportunity episodes in ClickHouse, with SQLite's rule (see sqlite.ts): episodes are merged by
 * opportunity id across writers, and one closes only when no writer has seen it within its gap.
 * There are no transactions to read-then-write under, so every change is a new version row of
 * the episode (opp_key, first_seen) and the episode is the max() over its versions (last_seen,
 * best figures and closed only move forward). Two writers that start one episode within the
 * same second may each insert one; the next sighting extends the earliest and closes the other
 * as `merged`, so a race leaves a short duplicate, closed, never two open episodes.
 */

/** Episodes older than this are not looked up again (partition pruning for the hot path). */
const HORIZON_MS = 30 * 86_400_000;

interface Open {
  firstSeen: number;
  lastSeen: number;
  gap: number;
  bestPct: number;
  bestProfit: number;
}

export async function recordSightings(conn: ChConnection, opps: readonly Opportunity[], now: number, gapMs: number): Promise<void> {
  const db = conn.spec.database;
  if (opps.length) {
    const open = new Map<string, Open[]>();
    const q = `SELECT opp_key, first_seen, max(last_seen), max(gap_ms), max(best_net_pct), max(best_net_profit)
      FROM ${db}.opportunities
      WHERE kind IN ${sqlList([...new Set(opps.map((o) => o.kind))])} AND symbol IN ${sqlList([...new Set(opps.map((o) => o.symbol))])}
        AND opp_key IN ${sqlList(opps.map((o) => o.id))} AND first_seen >= ${sqlInt(now - HORIZON_MS)}
      GROUP BY opp_key, first_seen HAVING max(closed) = 0 ORDER BY first_seen`;
    for await (const rows of conn.rows(q)) {
      for (const [key, fs, ls, g, bp, bpr] of rows) {
        const list = open.get(key) ?? [];
        list.push({ firstSeen: Number(fs), lastSeen: Number(ls), gap: Number(g), bestPct: Number(bp), bestProfit: Number(bpr) });
        open.set(key, list);
      }
    }
    const lines: string[] = [];
    for (const o of opps) {
      let extended: Open | undefined;
      for (const e of open.get(o.id) ?? []) {
        const alive = now - e.lastSeen <= Math.max(e.gap, gapMs);
        if (alive && !extended) extended = e;
        else lines.push(row(o, e, e.lastSeen, e.gap, 1, alive ? 'merged' : 'gap'));
      }
      if (extended) {
        lines.push(row(o, { ...extended, bestPct: Math.max(extended.bestPct, o.netSpreadPct), bestProfit: Math.max(extended.bestProfit, o.netProfit) }, Math.max(now, extended.lastSeen), Math.max(extended.gap, gapMs), 0, ''));
      } else {
        lines.push(row(o, { firstSeen: now, lastSeen: now, gap: gapMs, bestPct: o.netSpreadPct, bestProfit: o.netProfit }, now, gapMs, 0, ''));
      }
    }
    await conn.insertTsv('opportunities', lines.join('\n') + '\n');
  }
  await closeWhere(conn, now, `max(last_seen) + max(gap_ms) < ${sqlInt(now)}`, 'gap');
}

/** One version row of an episode; a closing row outranks an open one of the same last_seen. */
function row(o: Opportunity, e: Open, lastSeen: number, gap: number, closed: 0 | 1, reason: string): string {
  return [
    tsvString(o.id), tsvString(o.kind), tsvString(o.symbol), tsvString(o.buy?.venue ?? ''), tsvString(o.sell?.venue ?? ''), tsvString(o.quote),
    e.firstSeen, lastSeen, gap, tsvNum(o.size), tsvNum(o.netSpreadPct), tsvNum(o.netProfit), tsvNum(e.bestPct), tsvNum(e.bestProfit),
    closed, tsvString(reason), tsvString(JSON.stringify(o)), lastSeen * 2 + closed,
  ].join('\t');
}

/**
 * Closes, inside ClickHouse (INSERT … SELECT), the open episodes matching `having`: one new
 * version each with closed = 1 and its latest figures.
 */
export async function closeWhere(conn: ChConnection, now: number, having: string, reason: string, where = ''): Promise<void> {
  const db = conn.spec.database;
  await conn.exec(
    `INSERT INTO ${db}.opportunities
     SELECT opp_key, any(kind), any(symbol), any(buy_venue), any(sell_venue), any(quote_ccy), first_seen, max(last_seen), max(gap_ms),
       argMax(size, version), argMax(net_spread_pct, version), argMax(net_profit, version), max(best_net_pct), max(best_net_profit),
       toUInt8(1), ${sqlString(reason)}, argMax(payload, version), toUInt64(max(last_seen) * 2 + 1)
     FROM ${db}.opportunities WHERE first_seen >= ${sqlInt(now - HORIZON_MS)} ${where}
     GROUP BY opp_key, first_seen HAVING max(closed) = 0 AND ${having}`,
  );
}

/** A writer's clean stop: its episodes nobody extended after `asOf` end (reason `end`). */
export async function endEpisodes(conn: ChConnection, ids: readonly string[], asOf: number, reason: string): Promise<void> {
  if (!ids.length) return;
  await closeWhere(conn, asOf, `max(last_seen) <= ${sqlInt(asOf)}`, reason, `AND opp_key IN ${sqlList(ids)}`);
}
