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

/**
 * The history store. SQLite is the embedded default; the interface is what a server-class
 * engine would implement for users who outgrow one machine.
 */
export interface HistoryStore {
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
  iterateQuotes(q?: QuoteQuery): IterableIterator<StoredQuote>;
  close(): void;
}
