import { existsSync } from 'node:fs';
import { openReadOnly, type DB } from '../store/open.js';
import { getRetailBatch, listRetailBatches, type RetailBatchRow } from '../store/retail.js';

/** One recorded opportunity episode as the API lists it (camelCase; times as ISO and epoch ms). */
export interface EpisodeRow {
  readonly id: number;
  readonly kind: string;
  readonly symbol: string;
  readonly buyVenue: string | null;
  readonly sellVenue: string | null;
  readonly quote: string;
  readonly firstSeen: string;
  readonly firstSeenMs: number;
  readonly lastSeen: string;
  readonly lastSeenMs: number;
  readonly lifetimeMs: number;
  readonly size: number;
  readonly netSpreadPct: number;
  readonly netProfit: number;
  readonly bestNetPct: number;
  readonly bestNetProfit: number;
  readonly closed: boolean;
  readonly closeReason: string | null;
}

export interface EpisodePage {
  readonly episodes: EpisodeRow[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: number | null;
}

export interface EpisodeQuery {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly kind?: string;
  readonly limit: number;
  /** Keyset cursor: episodes with a larger id (stable while the recorder appends). */
  readonly after?: number;
}

/**
 * Read-only access to the store for the API: opened on first use (a server started without a
 * store yet can get one later from --record), never written.
 */
export class StoreReads {
  private db?: DB;

  constructor(readonly path: string) {}

  get exists(): boolean {
    return existsSync(this.path);
  }

  private conn(): DB {
    return (this.db ??= openReadOnly(this.path));
  }

  episodes(q: EpisodeQuery): EpisodePage {
    const rows = this.conn()
      .prepare(
        `SELECT id, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit,
                best_net_pct, best_net_profit, closed, close_reason
           FROM opportunities
          WHERE id > @after AND first_seen >= @from AND first_seen < @to AND (@kind IS NULL OR kind = @kind)
          ORDER BY id LIMIT @limit`,
      )
      .all({ after: q.after ?? 0, from: q.fromMs ?? 0, to: q.toMs ?? Number.MAX_SAFE_INTEGER, kind: q.kind ?? null, limit: q.limit + 1 }) as Record<string, number | string | null>[];
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit).map(episodeRow);
    return { episodes: page, next: more ? page[page.length - 1].id : null };
  }

  /** The `arblens stats --json` summary over the store's episodes. */
  async stats(req: { fromMs?: number; toMs?: number; kinds?: string[]; venues?: string[]; by: string[] }): Promise<Record<string, unknown>> {
    const { runStats } = await import('../app/stats/run.js');
    const { statsJson } = await import('../app/stats/json.js');
    return statsJson(runStats(this.conn(), req as Parameters<typeof runStats>[1]));
  }

  /** Stored retail batches, newest first (`arblens retail batches`); empty for a store without them. */
  retailBatches(limit: number): RetailBatchRow[] {
    return this.hasRetail() ? listRetailBatches(this.conn(), limit) : [];
  }

  /** One retail batch with its per-product results (the `retail analyze --json` objects). */
  retailBatch(id: number): { batch: RetailBatchRow; results: unknown[] } | undefined {
    const b = this.hasRetail() ? getRetailBatch(this.conn(), id) : undefined;
    return b ? { batch: b.batch, results: b.payloads.map((p) => JSON.parse(p) as unknown) } : undefined;
  }

  /** A store from before the retail tables (read-only: never migrated here) simply has none. */
  private hasRetail(): boolean {
    return this.conn().prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'retail_batches'").pluck().get() === 1;
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

function episodeRow(r: Record<string, number | string | null>): EpisodeRow {
  const first = r.first_seen as number;
  const last = r.last_seen as number;
  return {
    id: r.id as number,
    kind: r.kind as string,
    symbol: r.symbol as string,
    buyVenue: r.buy_venue as string | null,
    sellVenue: r.sell_venue as string | null,
    quote: r.quote_ccy as string,
    firstSeen: new Date(first).toISOString(),
    firstSeenMs: first,
    lastSeen: new Date(last).toISOString(),
    lastSeenMs: last,
    lifetimeMs: last - first,
    size: r.size as number,
    netSpreadPct: r.net_spread_pct as number,
    netProfit: r.net_profit as number,
    bestNetPct: r.best_net_pct as number,
    bestNetProfit: r.best_net_profit as number,
    closed: r.closed === 1,
    closeReason: (r.close_reason as string | null) ?? null,
  };
}
