import type { FeeModel, MarketEvent, MarketType } from '../core/types.js';
import type { SurvivalOptions } from './backoff.js';
import type { VenueConfig } from './types.js';

/**
 * A live source of normalized events for one venue. Iterate it once with `for await`; leaving
 * the loop (or calling `close()`) closes its sockets and clears its timers.
 */
export interface VenueStream extends AsyncIterable<MarketEvent> {
  readonly venue: string;
  /** Taker fee model of an instrument (venue market data when known, else published defaults). */
  fee(market: MarketType, symbol: string): FeeModel;
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
