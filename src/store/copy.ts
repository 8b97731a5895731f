import { createHash } from 'node:crypto';
import type { SqliteStore } from './sqlite.js';
import type { ClickHouseStore } from './clickhouse/store.js';
import { tsvNum, tsvString } from './clickhouse/tsv.js';

export const COPY_TABLES = ['quotes', 'funding', 'candles', 'opportunities'] as const;
export type CopyTable = (typeof COPY_TABLES)[number];

export interface CopyResult {
  readonly table: CopyTable;
  readonly rows: number;
  readonly ms: number;
}

/**
 * The recorder id of a copy: derived from the source file, so copying the same store again
 * resends the same (recorder, seq, row) keys and ClickHouse collapses them (a rerun after a
 * failure, or a second copy, duplicates nothing). Batches are cut at exactly `maxRows` rows, in
 * the source's order, so the same rows get the same keys.
 */
export function copyRecorderId(sourcePath: string): string {
  return `copy-${createHash('sha1').update(sourcePath).digest('hex').slice(0, 16)}`;
}

/** Copies a SQLite store's history into ClickHouse, table by table; `progress` gets running counts. */
export async function copyStore(from: SqliteStore, to: ClickHouseStore, tables: readonly CopyTable[], progress?: (table: CopyTable, rows: number) => void): Promise<CopyResult[]> {
  const out: CopyResult[] = [];
  for (const table of tables) {
    const t0 = performance.now();
    let rows = 0;
    const step = (n: number) => {
      rows += n;
      progress?.(table, rows);
    };
    if (table === 'quotes') {
      let batch = [];
      for (const q of from.iterateQuotes()) {
        batch.push(q);
        if (batch.length === 50_000) to.recordQuotes(batch, true), step(batch.length), (batch = []), await to.drainIfBusy();
      }
      if (batch.length) to.recordQuotes(batch, true), step(batch.length);
    } else if (table === 'funding') {
      for await (const b of from.fundingBatches({ batchRows: 50_000 })) to.recordFunding(b), step(b.length), await to.drainIfBusy();
    } else if (table === 'candles') {
      const series = from.db.prepare('SELECT DISTINCT v.name AS venue, i.symbol, i.market, c.timeframe FROM candles c JOIN instruments i ON i.id = c.instrument_id JOIN venues v ON v.id = i.venue_id ORDER BY 1, 2, 3, 4').all() as { venue: string; symbol: string; market: 'spot' | 'perp' | 'binary'; timeframe: string }[];
      for (const s of series) {
        for await (const b of from.candleBatches(s.venue, s.symbol, s.timeframe)) to.upsertCandles(s.venue, s.symbol, s.market, s.timeframe, b), step(b.length), await to.drainIfBusy();
      }
    } else {
      const stmt = from.db.prepare('SELECT opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, gap_ms, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, closed, close_reason, payload FROM opportunities ORDER BY id').raw(true);
      let lines: string[] = [];
      for (const r of stmt.iterate() as IterableIterator<unknown[]>) {
        lines.push(episodeLine(r));
        if (lines.length === 20_000) await to.importEpisodes(lines), step(lines.length), (lines = []);
      }
      if (lines.length) await to.importEpisodes(lines), step(lines.length);
    }
    await to.flush();
    out.push({ table, rows, ms: performance.now() - t0 });
  }
  return out;
}

/** One SQLite episode as a ClickHouse version row (version as the recorder writes it: last_seen × 2 + closed). */
function episodeLine(r: unknown[]): string {
  const s = (v: unknown) => tsvString(v == null ? '' : String(v));
  const n = (v: unknown) => tsvNum(v as number | null);
  const lastSeen = Number(r[7]);
  const closed = Number(r[14]) ? 1 : 0;
  return [s(r[0]), s(r[1]), s(r[2]), s(r[3]), s(r[4]), s(r[5]), Number(r[6]), lastSeen, Number(r[8]), n(r[9]), n(r[10]), n(r[11]), n(r[12]), n(r[13]), closed, s(r[15]), s(r[16]), lastSeen * 2 + closed].join('\t');
}
