import type Database from 'better-sqlite3';
import type { FundingRate, MarketType, Opportunity, Quote } from '../core/types.js';
import { ArblensError } from '../core/errors.js';
import { scrub } from '../core/scrub.js';
import { packDepth, unpackDepth } from './depth-blob.js';
import { storeError } from './errors.js';
import { openDatabase, withBusyRetry } from './open.js';
import type { Candle, HistoryStore, QuoteQuery, RangeQuery, StoredFunding, StoredQuote } from './types.js';

export { migrate, openDatabase, openReadOnly } from './open.js';

type DB = Database.Database;

/** Quote rows bound per multi-row INSERT (8 columns × 64 = 512 parameters, far below SQLite's limit). */
const QUOTE_ROWS_PER_STMT = 64;

export class SqliteStore implements HistoryStore {
  readonly kind = 'sqlite' as const;
  readonly db: DB;
  private readonly venueIds = new Map<string, number>();
  /** venue → market → symbol → id: nested so the hot path hashes existing strings, never a concatenation. */
  private readonly instrumentIds = new Map<string, Map<string, Map<string, number>>>();
  private readonly stmt;

  constructor(readonly path: string, opts: { readonly?: boolean } = {}) {
    this.db = openDatabase(path, opts);
    const db = this.db;
    this.stmt = opts.readonly
      ? undefined
      : {
          venueGet: db.prepare('SELECT id FROM venues WHERE name = ?').pluck(),
          // Get-or-create in one statement: two writers creating one name both get its id.
          venueIns: db.prepare('INSERT INTO venues (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id').pluck(),
          instGet: db.prepare('SELECT id FROM instruments WHERE venue_id = ? AND symbol = ? AND market = ?').pluck(),
          instIns: db.prepare('INSERT INTO instruments (venue_id, symbol, market) VALUES (?, ?, ?) ON CONFLICT (venue_id, symbol, market) DO UPDATE SET symbol = excluded.symbol RETURNING id').pluck(),
          quoteIns: db.prepare('INSERT INTO quotes (instrument_id, venue_ts, local_ts, bid, bid_size, ask, ask_size, depth) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
          quoteInsMany: db.prepare(`INSERT INTO quotes (instrument_id, venue_ts, local_ts, bid, bid_size, ask, ask_size, depth) VALUES ${Array(QUOTE_ROWS_PER_STMT).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`),
          fundingIns: db.prepare('INSERT INTO funding (instrument_id, venue_ts, local_ts, rate, interval_hours, next_funding_ts) VALUES (?, ?, ?, ?, ?, ?)'),
          oppOpen: db.prepare('SELECT id, last_seen, gap_ms FROM opportunities WHERE opp_key = ? AND closed = 0 ORDER BY id DESC LIMIT 1'),
          oppIns: db.prepare(`INSERT INTO opportunities (opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, payload, gap_ms, first_size, first_net_profit, best_size)
                              VALUES (@key, @kind, @symbol, @buy, @sell, @quote, @now, @now, @size, @pct, @profit, @pct, @profit, @payload, @gap, @size, @profit, @size)`),
          // Several writers may extend one episode: last_seen only moves forward, the current
          // figures are those of the latest sighting, the best ones the best of all writers.
          oppUpd: db.prepare(`UPDATE opportunities SET
                                size = CASE WHEN @now >= last_seen THEN @size ELSE size END,
                                net_spread_pct = CASE WHEN @now >= last_seen THEN @pct ELSE net_spread_pct END,
                                net_profit = CASE WHEN @now >= last_seen THEN @profit ELSE net_profit END,
                                payload = CASE WHEN @now >= last_seen THEN @payload ELSE payload END,
                                first_seen = min(first_seen, @now), last_seen = max(last_seen, @now), gap_ms = max(gap_ms, @gap),
                                best_size = CASE WHEN @profit > best_net_profit THEN @size ELSE best_size END,
                                first_size = CASE WHEN @now < first_seen THEN @size ELSE first_size END,
                                first_net_profit = CASE WHEN @now < first_seen THEN @profit ELSE first_net_profit END,
                                best_net_pct = max(best_net_pct, @pct), best_net_profit = max(best_net_profit, @profit) WHERE id = @id`),
          oppClose: db.prepare('UPDATE opportunities SET closed = 1, close_reason = ? WHERE id = ?'),
          oppSweep: db.prepare('UPDATE opportunities SET closed = 1, close_reason = ? WHERE closed = 0 AND last_seen + gap_ms < ?'),
          candleIns: db.prepare(`INSERT INTO candles (instrument_id, timeframe, ts, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                                 ON CONFLICT (instrument_id, timeframe, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`),
        };
  }

  /** Integer id of a venue, created on first use and cached. */
  venueId(name: string): number {
    let id = this.venueIds.get(name);
    if (id === undefined) {
      const s = this.writable();
      id = (s.venueGet.get(name) as number | undefined) ?? Number(s.venueIns.get(name));
      this.venueIds.set(name, id);
    }
    return id;
  }

  /** Integer id of an instrument, created on first use and cached. */
  instrumentId(venue: string, symbol: string, market: MarketType): number {
    let byMarket = this.instrumentIds.get(venue);
    if (!byMarket) this.instrumentIds.set(venue, (byMarket = new Map()));
    let bySymbol = byMarket.get(market);
    if (!bySymbol) byMarket.set(market, (bySymbol = new Map()));
    let id = bySymbol.get(symbol);
    if (id === undefined) {
      const s = this.writable();
      const v = this.venueId(venue);
      id = (s.instGet.get(v, symbol, market) as number | undefined) ?? Number(s.instIns.get(v, symbol, market));
      bySymbol.set(symbol, id);
    }
    return id;
  }

  /** Inserts a batch in one transaction: one fsync per batch, not per row. */
  recordQuotes(quotes: readonly Quote[], withDepth = false): void {
    const s = this.writable();
    // Rows go QUOTE_ROWS_PER_STMT to a statement: one bind/step per 64 rows instead of per row
    // is most of the difference between ~0.45 and ~0.7 million rows/s.
    const args: unknown[] = new Array(8 * QUOTE_ROWS_PER_STMT);
    this.tx('recording quotes to', () => {
      let i = 0;
      for (; i + QUOTE_ROWS_PER_STMT <= quotes.length; i += QUOTE_ROWS_PER_STMT) {
        for (let k = 0; k < QUOTE_ROWS_PER_STMT; k++) this.quoteRow(quotes[i + k], withDepth, args, k * 8);
        s.quoteInsMany.run(args);
      }
      const one: unknown[] = new Array(8);
      for (; i < quotes.length; i++) {
        this.quoteRow(quotes[i], withDepth, one, 0);
        s.quoteIns.run(one);
      }
    });
  }

  /** Writes one quote's 8 column values into `out` at `at`. */
  private quoteRow(q: Quote, withDepth: boolean, out: unknown[], at: number): void {
    const b = q.bids[0];
    const a = q.asks[0];
    out[at] = this.instrumentId(q.venue, q.symbol, q.market);
    out[at + 1] = q.venueTs;
    out[at + 2] = q.localTs;
    out[at + 3] = b ? b[0] : null;
    out[at + 4] = b ? b[1] : null;
    out[at + 5] = a ? a[0] : null;
    out[at + 6] = a ? a[1] : null;
    out[at + 7] = withDepth && (q.bids.length > 1 || q.asks.length > 1) ? packDepth(q.bids, q.asks) : null;
  }

  recordFunding(rates: readonly FundingRate[]): void {
    const s = this.writable();
    this.tx('recording funding to', () => {
      for (const f of rates) {
        s.fundingIns.run(this.instrumentId(f.venue, f.symbol, 'perp'), f.venueTs, f.localTs, f.rate, f.intervalHours, f.nextFundingTs ?? null);
      }
    });
  }

  /**
   * Episodes are merged by opportunity id across writers (two recorders and a cron scan make one
   * episode of one opportunity, not one each): any writer extends the open episode of an id it
   * sees, and an episode closes only when NO writer has seen it for its gap — never because it
   * is missing from one writer's batch (that writer may not even follow its venues).
   */
  recordOpportunities(opps: readonly Opportunity[], now: number, gapMs: number): void {
    const s = this.writable();
    this.tx('recording opportunities to', () => {
      for (const o of opps) {
        const row = { key: o.id, kind: o.kind, symbol: o.symbol, buy: o.buy?.venue ?? null, sell: o.sell?.venue ?? null, quote: o.quote, now, size: o.size, pct: o.netSpreadPct, profit: o.netProfit, payload: scrub(JSON.stringify(o)), gap: gapMs };
        const open = s.oppOpen.get(o.id) as { id: number; last_seen: number; gap_ms: number } | undefined;
        if (open && now - open.last_seen <= Math.max(open.gap_ms, gapMs)) s.oppUpd.run({ ...row, id: open.id });
        else {
          if (open) s.oppClose.run('gap', open.id);
          s.oppIns.run(row);
        }
      }
      s.oppSweep.run('gap', now);
    });
  }

  /**
   * Closes open episodes nobody has seen within their gap (a recorder killed with them open):
   * called when a recorder starts, so they never stay open forever. Returns how many closed.
   */
  closeStaleEpisodes(now: number, reason = 'recorder-stopped'): number {
    const s = this.writable();
    return this.tx('closing stale episodes in', () => s.oppSweep.run(reason, now).changes);
  }

  /**
   * Ends the episodes a writer saw when it stops cleanly — only those nobody extended after its
   * last sighting (`asOf`): an episode another writer still sees stays open for it.
   */
  endEpisodes(ids: readonly string[], asOf: number, reason = 'end'): number {
    const s = this.writable();
    const end = this.db.prepare('UPDATE opportunities SET closed = 1, close_reason = ? WHERE closed = 0 AND opp_key = ? AND last_seen <= ?');
    return this.tx('ending episodes in', () => ids.reduce((n, id) => n + end.run(reason, id, asOf).changes, 0));
  }

  upsertCandles(venue: string, symbol: string, market: MarketType, timeframe: string, candles: readonly Candle[]): number {
    const s = this.writable();
    const inst = this.instrumentId(venue, symbol, market);
    this.tx('storing candles in', () => {
      for (const c of candles) s.candleIns.run(inst, timeframe, c.ts, c.open, c.high, c.low, c.close, c.volume);
    });
    return candles.length;
  }

  /**
   * Candles in time order. The instrument is resolved first so the candle query walks the
   * (instrument_id, timeframe, ts) primary key in order: a join here made SQLite sort through a
   * temporary b-tree, seconds for a year of minute bars.
   */
  readCandles(venue: string, symbol: string, timeframe: string, fromMs = -Infinity, toMs = Infinity): Candle[] {
    const out: Candle[] = [];
    const stmt = this.db.prepare('SELECT ts, open, high, low, close, volume FROM candles WHERE instrument_id = ? AND timeframe = ? AND ts >= ? AND ts <= ? ORDER BY ts');
    for (const id of this.candleInstruments(venue, symbol)) out.push(...(stmt.all(id, timeframe, finite(fromMs, -8.64e15), finite(toMs, 8.64e15)) as Candle[]));
    return out;
  }

  lastCandleTs(venue: string, symbol: string, timeframe: string): number | undefined {
    const stmt = this.db.prepare('SELECT max(ts) FROM candles WHERE instrument_id = ? AND timeframe = ?').pluck();
    let last: number | undefined;
    for (const id of this.candleInstruments(venue, symbol)) {
      const v = stmt.get(id, timeframe);
      if (typeof v === 'number' && (last === undefined || v > last)) last = v;
    }
    return last;
  }

  /** Instrument ids of a venue's symbol (one per market type it was stored under). */
  private candleInstruments(venue: string, symbol: string): number[] {
    return this.db
      .prepare('SELECT i.id FROM instruments i JOIN venues v ON v.id = i.venue_id WHERE v.name = ? AND i.symbol = ? ORDER BY i.id')
      .pluck()
      .all(venue, symbol) as number[];
  }

  /** Streams quotes in venue-time order without loading them all (better-sqlite3 iterate). */
  *iterateQuotes(q: QuoteQuery = {}): IterableIterator<StoredQuote> {
    const where: string[] = ['q.venue_ts >= @from', 'q.venue_ts <= @to', 'q.id > @after'];
    const params: Record<string, unknown> = { from: finite(q.fromMs, -8.64e15), to: finite(q.toMs, 8.64e15), after: q.afterId ?? 0 };
    if (q.venues?.length) where.push(`v.name IN (${q.venues.map((_, i) => `@v${i}`).join(',')})`), q.venues.forEach((v, i) => (params[`v${i}`] = v));
    if (q.symbols?.length) where.push(`i.symbol IN (${q.symbols.map((_, i) => `@s${i}`).join(',')})`), q.symbols.forEach((s, i) => (params[`s${i}`] = s));
    const stmt = this.db.prepare(`SELECT q.id, v.name AS venue, i.symbol, i.market, q.venue_ts, q.local_ts, q.bid, q.bid_size, q.ask, q.ask_size, q.depth
      FROM quotes q JOIN instruments i ON i.id = q.instrument_id JOIN venues v ON v.id = i.venue_id
      WHERE ${where.join(' AND ')} ORDER BY q.venue_ts, q.id`);
    for (const r of stmt.iterate(params) as IterableIterator<QuoteRow>) {
      const book = r.depth ? unpackDepth(r.depth) : { bids: r.bid != null ? [[r.bid, r.bid_size!] as const] : [], asks: r.ask != null ? [[r.ask, r.ask_size!] as const] : [] };
      yield { type: 'quote', id: r.id, venue: r.venue, symbol: r.symbol, market: r.market, venueTs: r.venue_ts, localTs: r.local_ts, bids: book.bids, asks: book.asks };
    }
  }

  /** The contract's batched read: the synchronous iterator, cut into batches. */
  async *quoteBatches(q: RangeQuery = {}): AsyncIterable<readonly StoredQuote[]> {
    yield* chunks(this.iterateQuotes(q), q.batchRows);
  }

  async *fundingBatches(q: RangeQuery = {}): AsyncIterable<readonly StoredFunding[]> {
    const where: string[] = ['f.venue_ts >= @from', 'f.venue_ts <= @to'];
    const params: Record<string, unknown> = { from: finite(q.fromMs, -8.64e15), to: finite(q.toMs, 8.64e15) };
    if (q.venues?.length) where.push(`v.name IN (${q.venues.map((_, i) => `@v${i}`).join(',')})`), q.venues.forEach((v, i) => (params[`v${i}`] = v));
    if (q.symbols?.length) where.push(`i.symbol IN (${q.symbols.map((_, i) => `@s${i}`).join(',')})`), q.symbols.forEach((s, i) => (params[`s${i}`] = s));
    const stmt = this.db.prepare(`SELECT v.name AS venue, i.symbol, f.venue_ts AS venueTs, f.local_ts AS localTs, f.rate, f.interval_hours AS intervalHours, f.next_funding_ts AS nextFundingTs
      FROM funding f JOIN instruments i ON i.id = f.instrument_id JOIN venues v ON v.id = i.venue_id WHERE ${where.join(' AND ')} ORDER BY f.venue_ts, f.id`);
    const rows = (function* () {
      for (const r of stmt.iterate(params) as IterableIterator<Record<string, unknown>>) {
        yield { type: 'funding', ...r, nextFundingTs: r.nextFundingTs ?? undefined } as unknown as StoredFunding;
      }
    })();
    yield* chunks(rows, q.batchRows);
  }

  async *candleBatches(venue: string, symbol: string, timeframe: string, fromMs?: number, toMs?: number): AsyncIterable<readonly Candle[]> {
    const all = this.readCandles(venue, symbol, timeframe, fromMs, toMs);
    for (let i = 0; i < all.length; i += 65_536) yield all.slice(i, i + 65_536);
  }

  /** Every write is in place when its call returns. */
  async flush(): Promise<void> {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * One write transaction, begun IMMEDIATE: it takes the write lock first (waiting up to
   * busy_timeout, then retried), so it can never read, then fail to upgrade to a write with a
   * BUSY that SQLite does not wait on. A failed transaction rolls back the ids it created, so
   * the id caches are dropped with it. Disk-full and other SQLite failures become one line.
   */
  private tx<T>(doing: string, fn: () => T): T {
    const t = this.db.transaction(fn);
    try {
      return withBusyRetry(() => t.immediate());
    } catch (err) {
      this.venueIds.clear();
      this.instrumentIds.clear();
      throw storeError(err, this.path, doing);
    }
  }

  private writable() {
    if (!this.stmt) throw new ArblensError(`the store '${this.path}' is open read-only`);
    return this.stmt;
  }
}

interface QuoteRow {
  id: number;
  venue: string;
  symbol: string;
  market: MarketType;
  venue_ts: number;
  local_ts: number;
  bid: number | null;
  bid_size: number | null;
  ask: number | null;
  ask_size: number | null;
  depth: Buffer | null;
}

/** Groups an iterator's items into arrays of `size`. */
function* chunks<T>(it: Iterable<T>, size = 65_536): Generator<T[]> {
  let b: T[] = [];
  for (const x of it) {
    b.push(x);
    if (b.length >= size) yield b, (b = []);
  }
  if (b.length) yield b;
}

function finite(v: number | undefined, dflt: number): number {
  return v === undefined || !Number.isFinite(v) ? dflt : v;
}
