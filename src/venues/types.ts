import type { CurrencyNetworks, FeeModel, MarketLimits, FundingRate, MarketEvent, MarketType, Quote } from '../core/types.js';
import type { SurvivalOptions } from './transport/backoff.js';

/** What `scan` asks of a venue: top of book for many instruments (cheap, one call if possible). */
export interface SnapshotRequest {
  /** Unified symbols to fetch; undefined means every instrument the venue lists for `markets`. */
  readonly symbols?: readonly string[];
  readonly markets: ReadonlySet<MarketType>;
  /** Whether to fetch funding rates for perpetuals. */
  readonly funding: boolean;
  readonly signal: AbortSignal;
  /**
   * Order-book depth the caller will want for candidates. When few instruments are asked for, an
   * adapter may fetch their books right away instead of tickers (one round trip fewer) and list
   * them in `VenueSnapshot.withDepth`.
   */
  readonly depth?: number;
}

export interface VenueSnapshot {
  readonly quotes: Quote[];
  readonly funding: FundingRate[];
  /** Payload problems that dropped one instrument but not the venue (printed as warnings). */
  readonly warnings: string[];
  /** Symbols whose quote already carries a full order book of `SnapshotRequest.depth` levels. */
  readonly withDepth?: readonly string[];
}

/** A connected venue. One instance per command run; `close()` frees sockets and timers. */
export interface VenueAdapter {
  readonly id: string;
  snapshot(req: SnapshotRequest): Promise<VenueSnapshot>;
  /** Order books with `depth` levels for the given instruments (used to size candidates). */
  orderBooks(symbols: readonly { symbol: string; market: MarketType }[], depth: number, signal: AbortSignal): Promise<VenueSnapshot>;
  /** Amount step, minimum amount and minimum notional of one instrument, when the venue lists them. */
  limits?(market: MarketType, symbol: string): MarketLimits | undefined;
  /** Taker fee model of one instrument (after config overrides). */
  fee(market: MarketType, symbol: string): FeeModel;
  /**
   * Deposit/withdrawal networks per asset (for transfer feasibility). Rejects with a VenueError of
   * kind 'config' when the venue hides them without API keys.
   */
  currencies?(signal: AbortSignal): Promise<CurrencyNetworks>;
  /** Past funding rates of a perpetual since `sinceMs` (per interval, as paid), for a stressed funding figure. */
  fundingHistory?(symbol: string, sinceMs: number, signal: AbortSignal): Promise<readonly { readonly rate: number; readonly ts: number }[]>;
  /** Every symbol the venue lists for a market (for "did you mean" on --symbols). */
  listSymbols?(market: MarketType, signal: AbortSignal): Promise<string[]>;
  close(): Promise<void>;
}

/** Per-venue settings from config file and environment (ARBLENS_<VENUE>_URL …). */
export interface VenueConfig {
  /** Base URL replacing the origin (and path, when given) of every REST endpoint. */
  readonly url?: string;
  /** WebSocket base URL override. */
  readonly wsUrl?: string;
  /** Fee overrides as fractions. */
  readonly taker?: number;
  readonly maker?: number;
  /** Credentials (never printed, logged or stored). */
  readonly apiKey?: string;
  readonly secret?: string;
  readonly password?: string;
  readonly [key: string]: unknown;
}

export interface VenueContext {
  readonly config: VenueConfig;
  /** Request timeout in ms for one HTTP call. */
  readonly timeoutMs: number;
  readonly now: () => number;
}

export type VenueKind = 'crypto' | 'prediction';

/** Registry entry: static facts plus a lazy factory (so ccxt is imported only when used). */
export interface VenueDescriptor {
  readonly id: string;
  readonly label: string;
  readonly kind: VenueKind;
  readonly markets: readonly MarketType[];
  /** Retired venues are listed with their reason and never contacted. */
  readonly retired?: string;
  /** Link to the venue's API documentation. */
  readonly docs: string;
  /** Default taker/maker fractions per market, used when the venue does not say (and in --demo). */
  readonly defaultFees: Partial<Record<MarketType, { taker: number; maker: number }>>;
  /** Returns a reason when the venue cannot run without configuration (e.g. Betfair keys). */
  notConfigured?(config: VenueConfig): string | undefined;
  create(ctx: VenueContext): Promise<VenueAdapter>;
  /** Opens the venue's live stream for `watch` (loaded lazily); absent when the venue has none yet. */
  stream?(ctx: StreamContext): Promise<VenueStream>;
}

/**
 * A live source of normalized events for one venue. Iterate it once with `for await`; leaving
 * the loop (or calling `close()`) closes its sockets and clears its timers.
 */
export interface VenueStream extends AsyncIterable<MarketEvent> {
  readonly venue: string;
  /** Taker fee model of an instrument (venue market data when known, else published defaults). */
  fee(market: MarketType, symbol: string): FeeModel;
  /** Amount step, minimum amount and notional of an instrument, when the stream's markets list them. */
  limits?(market: MarketType, symbol: string): MarketLimits | undefined;
  close(): Promise<void>;
}

export interface StreamContext {
  readonly config: VenueConfig;
  /** Instruments to follow: unified symbols for crypto, market ids / token ids for prediction venues. */
  readonly symbols: readonly string[];
  readonly markets: ReadonlySet<MarketType>;
  /** Book levels kept per instrument. */
  readonly depth: number;
  /** `books`: full order books (depth-aware sizing); `tops`: best bid/ask only (lighter). */
  readonly feed: 'books' | 'tops';
  readonly survival: SurvivalOptions;
  readonly now: () => number;
}
