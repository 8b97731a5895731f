import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FundingRate, MarketType, Opportunity, Quote } from '../../core/types.js';
import { ArblensError } from '../../core/errors.js';
import type { Candle, HistoryStore, QuoteQuery, RangeQuery, StoredBacktestRun, StoredFunding, StoredQuote } from '../types.js';
import { BatchWriter } from './batch-writer.js';
import { ChConnection } from './client.js';
import { closeWhere, endEpisodes, recordSightings } from './episodes.js';
import { numOrNull, sqlInt, sqlList, sqlString, tsvFloat, tsvNum, tsvString, unTsv } from './tsv.js';
import type { ClickHouseSpec } from './url.js';

export interface ClickHouseStoreOptions {
  /** Create the database when missing (writers); readers refuse a missing one. */
  readonly create?: boolean;
  readonly warn?: (message: string) => void;
  /** Send buffered rows this often (default 1000 ms). */
  readonly flushMs?: number;
  /** Rows per INSERT at most (default 100,000). */
  readonly maxRows?: number;
  readonly recorder?: string;
}

/** A recorder id unique across machines and processes: host, pid and 6 random bytes. */
export function newRecorderId(): string {
  return `${hostname().replace(/[^\w.-]/g, '_').slice(0, 40)}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The sweep of open episodes (a GROUP BY over the recent episodes) runs at most this often. */
const SWEEP_EVERY_MS = 10_000;

/**
 * The ClickHouse history store (see migrations.ts for the schema and batch-writer.ts for how
 * rows travel). Writes are handed over synchronously and inserted in the background in batches;
 * `flush()`/`close()` wait for them. Reads are async batches.
 */
export class ClickHouseStore implements HistoryStore {
  readonly kind = 'clickhouse' as const;
  readonly path: string;
  readonly recorder: string;
  private readonly writer: BatchWriter;
  private candleVersion = 0;
  private readonly maxRows: number;
  private lastSweep = -Infinity;
  private readonly candleCache = new Map<string, Candle[]>();

  private constructor(readonly conn: ChConnection, o: ClickHouseStoreOptions) {
    this.path = conn.spec.display;
    this.recorder = o.recorder ?? newRecorderId();
    const warn = o.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
    this.maxRows = o.maxRows ?? 100_000;
    this.writer = new BatchWriter(conn, { recorder: this.recorder, flushMs: o.flushMs ?? 1000, maxRows: this.maxRows, maxQueuedRows: 2_000_000, attempts: 5, warn });
  }

  static async open(spec: ClickHouseSpec, o: ClickHouseStoreOptions = {}): Promise<ClickHouseStore> {
    const conn = new ChConnection(spec);
    try {
      await conn.open(o.create ?? true);
    } catch (err) {
      await conn.close();
      throw err;
    }
    return new ClickHouseStore(conn, o);
  }

  get database(): string {
    return this.conn.spec.database;
  }

  /** Rows sent and acknowledged / given up so far (benchmarks, the recorder's summary). */
  get written(): number {
    return this.writer.written;
  }
  get lost(): number {
    return this.writer.lost;
  }

  /** Hot path (every quote): names escaped once and cached, numbers written with `+ ''`. */
  recordQuotes(quotes: readonly Quote[], withDepth = false): void {
    const tails = new Array<string>(quotes.length);
    for (let i = 0; i < quotes.length; i++) {
      const q = quotes[i];
      const b = q.bids[0];
      const a = q.asks[0];
      const depth = withDepth && (q.bids.length > 1 || q.asks.length > 1) ? tsvString(JSON.stringify([q.bids, q.asks])) : '';
      tails[i] = this.instrumentCell(q.venue, q.symbol, q.market) + q.venueTs + '\t' + q.localTs + '\t' + (b ? num(b[0]) + '\t' + num(b[1]) : '\\N\t\\N') + '\t' + (a ? num(a[0]) + '\t' + num(a[1]) : '\\N\t\\N') + '\t' + depth;
    }
    this.writer.add('quotes', tails);
  }

  private readonly cells = new Map<string, Map<string, string>>();
  /** `venue\tsymbol\tmarket\t`, escaped, built once per instrument. */
  private instrumentCell(venue: string, symbol: string, market: string): string {
    let bySymbol = this.cells.get(venue);
    if (!bySymbol) this.cells.set(venue, (bySymbol = new Map()));
    const key = market === 'spot' ? symbol : symbol + '\u0000' + market;
    let c = bySymbol.get(key);
    if (c === undefined) bySymbol.set(key, (c = `${tsvString(venue)}\t${tsvString(symbol)}\t${market}\t`));
    return c;
  }

  recordFunding(rates: readonly FundingRate[]): void {
    this.writer.add(
      'funding',
      rates.map((f) => `${tsvString(f.venue)}\t${tsvString(f.symbol)}\t${f.venueTs}\t${f.localTs}\t${tsvNum(f.rate)}\t${tsvNum(f.intervalHours)}\t${tsvNum(f.nextFundingTs)}`),
    );
  }

  /** Episodes merged by id across writers (episodes.ts); queued behind this writer's batches. */
  recordOpportunities(opps: readonly Opportunity[], now: number, gapMs: number): void {
    const sweep = now - this.lastSweep >= SWEEP_EVERY_MS;
    if (sweep) this.lastSweep = now;
    void this.writer.then(async () => {
      await recordSightings(this.conn, opps, now, gapMs);
      if (sweep) await closeWhere(this.conn, now, `max(last_seen) + max(gap_ms) < ${sqlInt(now)}`, 'gap');
    });
  }

  /** Queued (the count is not known until ClickHouse has done it): returns 0. */
  closeStaleEpisodes(now: number, reason = 'recorder-stopped'): number {
    void this.writer.then(() => closeWhere(this.conn, now, `max(last_seen) + max(gap_ms) < ${sqlInt(now)}`, reason));
    return 0;
  }

  endEpisodes(ids: readonly string[], asOf: number, reason = 'end'): number {
    void this.writer.then(() => endEpisodes(this.conn, ids, asOf, reason));
    return 0;
  }

  upsertCandles(venue: string, symbol: string, market: MarketType, timeframe: string, candles: readonly Candle[]): number {
    const v = Date.now() * 1000;
    this.writer.add(
      'candles',
      candles.map((c) => `${v + (this.candleVersion++ % 1000)}\t${tsvString(venue)}\t${tsvString(symbol)}\t${market}\t${tsvString(timeframe)}\t${c.ts}\t${c.open}\t${c.high}\t${c.low}\t${c.close}\t${c.volume}`),
    );
    return candles.length;
  }

  /** Loads candles for the synchronous readCandles/lastCandleTs (backtests read bars in one go). */
  async prefetchCandles(venue: string, symbol: string, timeframe: string, fromMs?: number, toMs?: number): Promise<number> {
    const all: Candle[] = [];
    for await (const b of this.candleBatches(venue, symbol, timeframe, fromMs, toMs)) all.push(...b);
    this.candleCache.set(cacheKey(venue, symbol, timeframe), all);
    return all.length;
  }

  readCandles(venue: string, symbol: string, timeframe: string, fromMs = -Infinity, toMs = Infinity): Candle[] {
    return this.cached(venue, symbol, timeframe).filter((c) => c.ts >= fromMs && c.ts <= toMs);
  }

  lastCandleTs(venue: string, symbol: string, timeframe: string): number | undefined {
    return this.cached(venue, symbol, timeframe).at(-1)?.ts;
  }

  /**
   * A backtest run into backtest_runs and its trades into backtest_trades, written at once (not
   * through the batch writer: the caller prints the id only once both are stored). The id is the
   * recorder's id and the time, unique across machines writing into one database.
   */
  async saveBacktestRun(run: StoredBacktestRun, now: number): Promise<string> {
    const id = `${this.recorder}-${now}-${randomBytes(3).toString('hex')}`;
    await this.conn.insertTsv('backtest_runs', `${tsvString(id)}\t${now}\t${tsvString(run.strategy)}\t${tsvString(run.params)}\t${tsvString(run.source)}\t${tsvString(run.metrics)}\n`);
    if (run.trades.length) {
      const f = tsvFloat; // Float64 columns, not Nullable
      const rows = run.trades.map(
        (t, k) =>
          `${tsvString(id)}\t${k}\t${tsvString(run.symbol)}\t${tsvString(t.side)}\t${f(t.size)}\t${t.entryTs}\t${f(t.entryPrice)}\t${t.exitTs}\t${f(t.exitPrice)}\t${f(t.pnl)}\t${f(t.returnPct)}\t${f(t.commission)}\t${t.closedAtEnd ? 1 : 0}`,
      );
      await this.conn.insertTsv('backtest_trades', rows.join('\n') + '\n');
    }
    return id;
  }

  /** The latest stored candle's time, asked of the server (a resumed download needs only that). */
  async lastCandleTsAsync(venue: string, symbol: string, timeframe: string): Promise<number | undefined> {
    const sql = `SELECT count(), max(ts) FROM ${this.database}.candles WHERE venue = ${sqlString(venue)} AND symbol = ${sqlString(symbol)} AND timeframe = ${sqlString(timeframe)}`;
    for await (const rows of this.conn.rows(sql)) for (const r of rows) return Number(r[0]) > 0 ? Number(r[1]) : undefined;
    return undefined;
  }

  private cached(venue: string, symbol: string, timeframe: string): Candle[] {
    const c = this.candleCache.get(cacheKey(venue, symbol, timeframe));
    if (!c) throw new ArblensError(`candles of ${venue} ${symbol} ${timeframe} from ${this.path} are read with candleBatches (or prefetchCandles first)`);
    return c;
  }

  iterateQuotes(_q?: QuoteQuery): IterableIterator<StoredQuote> {
    throw new ArblensError(`quotes from ${this.path} are read in batches (quoteBatches): a synchronous read is for SQLite stores`);
  }

  async *quoteBatches(q: RangeQuery = {}): AsyncIterable<readonly StoredQuote[]> {
    const sql = `SELECT venue, symbol, market, venue_ts, local_ts, bid, bid_size, ask, ask_size, depth FROM ${this.database}.quotes FINAL
      WHERE ${rangeWhere(q, 'venue_ts')} ORDER BY venue_ts, recorder, seq, row`;
    let id = 0;
    for await (const b of this.batched(sql, q.batchRows)) {
      yield b.map((r): StoredQuote => {
        const book = r[9] ? (JSON.parse(unTsv(r[9])) as [Quote['bids'], Quote['asks']]) : undefined;
        const bid = numOrNull(r[5]);
        const ask = numOrNull(r[7]);
        return {
          type: 'quote', id: ++id, venue: unTsv(r[0]), symbol: unTsv(r[1]), market: r[2] as MarketType, venueTs: Number(r[3]), localTs: Number(r[4]),
          bids: book ? book[0] : bid === null ? [] : [[bid, numOrNull(r[6]) ?? 0]],
          asks: book ? book[1] : ask === null ? [] : [[ask, numOrNull(r[8]) ?? 0]],
        };
      });
    }
  }

  async *fundingBatches(q: RangeQuery = {}): AsyncIterable<readonly StoredFunding[]> {
    const sql = `SELECT venue, symbol, venue_ts, local_ts, rate, interval_hours, next_funding_ts FROM ${this.database}.funding FINAL
      WHERE ${rangeWhere(q, 'venue_ts')} ORDER BY venue_ts, recorder, seq, row`;
    for await (const b of this.batched(sql, q.batchRows)) {
      yield b.map((r): StoredFunding => ({ type: 'funding', venue: unTsv(r[0]), symbol: unTsv(r[1]), venueTs: Number(r[2]), localTs: Number(r[3]), rate: Number(r[4]), intervalHours: Number(r[5]), nextFundingTs: numOrNull(r[6]) ?? undefined }) as StoredFunding);
    }
  }

  async *candleBatches(venue: string, symbol: string, timeframe: string, fromMs?: number, toMs?: number): AsyncIterable<readonly Candle[]> {
    const sql = `SELECT ts, open, high, low, close, volume FROM ${this.database}.candles FINAL
      WHERE ${rangeWhere({ venues: [venue], symbols: [symbol], fromMs, toMs }, 'ts', true)} AND timeframe = ${sqlString(timeframe)} ORDER BY ts`;
    for await (const b of this.batched(sql)) yield b.map((r) => ({ ts: Number(r[0]), open: Number(r[1]), high: Number(r[2]), low: Number(r[3]), close: Number(r[4]), volume: Number(r[5]) }));
  }

  /** A query's rows regrouped into batches of `size`. */
  async *batched(sql: string, size = 65_536): AsyncIterable<string[][]> {
    let b: string[][] = [];
    for await (const rows of this.conn.rows(sql)) {
      for (const r of rows) b.push(r);
      if (b.length >= size) yield b, (b = []);
    }
    if (b.length) yield b;
  }

  /** Waits while more than `maxRows` × 4 rows are waiting to be sent (bulk loaders: store copy). */
  async drainIfBusy(): Promise<void> {
    if (this.writer.pending > this.maxRows * 4) await this.writer.idle();
  }

  /** Episode version rows as they are (store copy): one INSERT, after what is queued. */
  importEpisodes(lines: readonly string[]): Promise<void> {
    return this.writer.then(() => this.conn.insertTsv('opportunities', lines.join('\n') + '\n'));
  }

  /** Waits for everything handed over so far; fails when any of it could not be written. */
  async flush(): Promise<void> {
    const before = this.writer.lost;
    await this.writer.flush();
    if (this.writer.lost > before) throw new ArblensError(`writing to ${this.path} failed: ${this.writer.lastError}`);
  }

  private closing?: Promise<void>;
  /** Sends what is buffered, then closes the connection (idempotent; await it before exiting). */
  close(): Promise<void> {
    this.closing ??= this.writer.close().then(() => this.conn.close());
    return this.closing;
  }
}

/** A Nullable(Float64) cell: NaN and ±Infinity (never valid prices or sizes) stored as NULL. */
function num(v: number): string {
  return v - v === 0 ? '' + v : '\\N';
}

function cacheKey(venue: string, symbol: string, timeframe: string): string {
  return `${venue}\u0000${symbol}\u0000${timeframe}`;
}

/** WHERE for a time range and venue/symbol lists (`inclusive`: toMs is included, as SQLite's readCandles). */
export function rangeWhere(q: Pick<RangeQuery, 'fromMs' | 'toMs' | 'venues' | 'symbols'>, timeCol: string, inclusive = true): string {
  const w = ['1'];
  if (q.fromMs !== undefined && Number.isFinite(q.fromMs)) w.push(`${timeCol} >= ${sqlInt(Math.ceil(q.fromMs))}`);
  if (q.toMs !== undefined && Number.isFinite(q.toMs)) w.push(`${timeCol} ${inclusive ? '<=' : '<'} ${sqlInt(Math.floor(q.toMs))}`);
  if (q.venues?.length) w.push(`venue IN ${sqlList(q.venues)}`);
  if (q.symbols?.length) w.push(`symbol IN ${sqlList(q.symbols)}`);
  return w.join(' AND ');
}
