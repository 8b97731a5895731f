import type { FundingRate, MarketType, Opportunity, Quote } from '../core/types.js';

/** A quote row read back from the store, in time order. */
export interface StoredQuote extends Quote {
  readonly id: number;
}

export interface QuoteQuery {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly venues?: readonly string[];
  readonly symbols?: readonly string[];
  /** Only rows with id greater than this (incremental readers). */
  readonly afterId?: number;
}

export interface Candle {
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Which engine holds the history. */
export type StoreKind = 'sqlite' | 'clickhouse';

/** A time range of one instrument (or all), read in batches. */
export interface RangeQuery {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly venues?: readonly string[];
  readonly symbols?: readonly string[];
  /** Rows per batch (default 65,536). */
  readonly batchRows?: number;
}

/** A stored funding rate, in time order. */
export type StoredFunding = FundingRate;

/**
 * The history store. SQLite is the embedded default (one file, synchronous, zero set-up);
 * ClickHouse (store/clickhouse) is the server-class engine for several recorders and months of
 * quotes. Writes are appends handed over in batches: SQLite writes them at once in one
 * transaction; ClickHouse buffers them and inserts 10k–100k rows about once a second, and
 * `flush()` resolves once everything handed over so far is stored. Reads that both engines
 * serve are async iterables of batches (`quoteBatches`, `fundingBatches`, `candleBatches`).
 */
export interface HistoryStore {
  readonly kind: StoreKind;
  /** The store as shown to people: a file path, or a URL with the password masked. */
  readonly path: string;
  recordQuotes(quotes: readonly Quote[], withDepth?: boolean): void;
  recordFunding(rates: readonly FundingRate[]): void;
  /**
   * Records one observation of the live opportunities at `now`. An opportunity seen again within
   * `gapMs` of its last sighting extends its episode (last_seen); otherwise a new episode starts.
   * Episodes are shared by all writers (merged by opportunity id): one closes when no writer has
   * seen it within its gap (the largest gap of the writers that saw it), not when it is missing
   * from one writer's batch.
   */
  recordOpportunities(opps: readonly Opportunity[], now: number, gapMs: number): void;
  /** Closes episodes nobody saw within their gap (left open by a killed recorder); a recorder calls it on start. */
  closeStaleEpisodes?(now: number, reason?: string): number;
  /** A writer stopping cleanly ends the episodes it saw that no other writer extended since `asOf` (reason `end`). */
  endEpisodes?(ids: readonly string[], asOf: number, reason?: string): number;
  upsertCandles(venue: string, symbol: string, market: MarketType, timeframe: string, candles: readonly Candle[]): number;
  readCandles(venue: string, symbol: string, timeframe: string, fromMs?: number, toMs?: number): Candle[];
  lastCandleTs(venue: string, symbol: string, timeframe: string): number | undefined;
  /** Remote stores: saves a backtest run and its trades; returns the run's id. */
  saveBacktestRun?(run: StoredBacktestRun, now: number): Promise<string>;
  /** Remote stores: the same, asked of the server without reading the candles. */
  lastCandleTsAsync?(venue: string, symbol: string, timeframe: string): Promise<number | undefined>;
  /** Synchronous quote reads: embedded (SQLite) stores only — use quoteBatches for any store. */
  iterateQuotes(q?: QuoteQuery): IterableIterator<StoredQuote>;
  /** Quotes in venue-time order, `batchRows` at a time. */
  quoteBatches(q?: RangeQuery): AsyncIterable<readonly StoredQuote[]>;
  fundingBatches(q?: RangeQuery): AsyncIterable<readonly StoredFunding[]>;
  candleBatches(venue: string, symbol: string, timeframe: string, fromMs?: number, toMs?: number): AsyncIterable<readonly Candle[]>;
  /** Remote stores: read an instrument's candles ahead so `readCandles` can answer synchronously. */
  prefetchCandles?(venue: string, symbol: string, timeframe: string, fromMs?: number, toMs?: number): Promise<number>;
  /** Resolves once every row handed to the store so far is stored (SQLite: at once). */
  flush(): Promise<void>;
  close(): void | Promise<void>;
}

/** A backtest run as a store keeps it: params and metrics as JSON text, one row per trade. */
export interface StoredBacktestRun {
  readonly strategy: string;
  readonly params: string;
  readonly source: string;
  readonly metrics: string;
  readonly symbol: string;
  readonly trades: readonly {
    readonly side: string;
    readonly size: number;
    readonly entryTs: number;
    readonly entryPrice: number;
    readonly exitTs: number;
    readonly exitPrice: number;
    readonly pnl: number;
    readonly returnPct: number;
    readonly commission: number;
    readonly closedAtEnd: boolean;
  }[];
}
