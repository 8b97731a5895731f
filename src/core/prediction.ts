import type { FeeSource, OpportunityKind } from './types.js';

/**
 * Normalized prediction-market metadata, shared by the four prediction venues, the matcher and
 * the binary engine.
 *
 * Symbol scheme: one binary market is TWO instruments, `<marketId>:YES` and `<marketId>:NO`,
 * each an ordinary `Quote` (market 'binary', prices are probabilities in [0, 1] for a share that
 * pays 1 unit of `currency`). Why two instruments rather than one carrying both books: on
 * Polymarket YES and NO are separate tokens with separate order books, Betfair's back and lay
 * ladders map to buying YES and buying NO, and the arbitrage only ever BUYS asks — so keeping
 * each side a plain Quote lets the store, the guards and the depth walk treat it like any other
 * instrument, while the market's shared facts (question, close date, outcome structure,
 * currency) live once here, keyed by `venue` + `id`.
 */

export type BinarySide = 'YES' | 'NO';

export interface PredictionEventRef {
  /** Venue event id (Polymarket event id, Kalshi event_ticker, Betfair marketId). */
  readonly id: string;
  readonly title: string;
  /** This market's outcome inside the event ("Trump", "Over 2.5 goals" …). */
  readonly outcome: string;
  /**
   * True when the event's markets are mutually exclusive AND cover every outcome, so buying YES
   * on all of them pays exactly 1. False for Polymarket negRisk events with an implicit "Other"
   * (augmented neg-risk): there a sum of YES asks below 1 is not an arbitrage.
   */
  readonly exhaustive: boolean;
  /**
   * How many open markets the event has. A multi-outcome set is evaluated only once all of them
   * are known: a missing member (a page cut off, a failed book) would fake an arbitrage.
   */
  readonly marketCount: number;
}

export interface PredictionMarket {
  readonly venue: string;
  /** Venue market id: Polymarket Gamma id, Kalshi ticker, Manifold id, Betfair `marketId/selectionId`. */
  readonly id: string;
  readonly question: string;
  /** What a YES share pays on (label read from the venue, e.g. "Yes" or a team name). */
  readonly yesLabel: string;
  readonly noLabel: string;
  /**
   * EXPECTED resolution time, epoch ms: what `daysToResolution`, `annualisedPct` and the
   * `resolution-gap` flag are based on (Kalshi: `expected_expiration_time`, not `close_time`).
   */
  readonly closeTs?: number;
  /**
   * LATEST possible resolution, epoch ms, when the venue gives one beyond the expected date
   * (Kalshi's `close_time` on sports and other event markets is a postponement buffer).
   */
  readonly latestCloseTs?: number;
  /**
   * Settlement currency. Money venues: 'USD' (Kalshi; Polymarket's USDC counted 1:1),
   * Betfair's account currency. Play money: 'MANA' (and Manifold 'CASH'): never mixed with money.
   */
  readonly currency: string;
  readonly event?: PredictionEventRef;
  readonly category?: string;
  readonly url?: string;
}

export const yesSymbol = (marketId: string): string => `${marketId}:YES`;
export const noSymbol = (marketId: string): string => `${marketId}:NO`;

/** `<marketId>:YES` → { marketId, side }; undefined for anything else. Ids may contain ':'. */
export function parseBinarySymbol(symbol: string): { marketId: string; side: BinarySide } | undefined {
  const i = symbol.lastIndexOf(':');
  if (i <= 0) return undefined;
  const side = symbol.slice(i + 1);
  if (side !== 'YES' && side !== 'NO') return undefined;
  return { marketId: symbol.slice(0, i), side };
}

export const marketKey = (venue: string, marketId: string): string => venue + '\u0000' + marketId;

/** Play-money currencies: profit figures in these are never compared with money venues. */
export const PLAY_MONEY: ReadonlySet<string> = new Set(['MANA']);

/**
 * A venue's fee for one fill, plus Betfair-style commission charged at settlement on the NET
 * WINNINGS of a market (a fraction, 0.05 = 5 %). `taker()` covers per-trade fees.
 */
export interface BinaryFeeModel {
  /** Where the fee rule came from (prediction venues: 'venue-market-data', or 'override'). */
  readonly source?: FeeSource;
  readonly takerRate: number;
  readonly makerRate: number;
  taker(price: number, size: number): number;
  /** Commission on a market's net winnings at settlement (Betfair), or undefined. */
  readonly winningsRate?: number;
  /**
   * Set when the venue rounds the fee of a whole ORDER rather than of each fill (Kalshi: fills
   * accumulate and whole cents of over-rounding are refunded). An order sweeping several price
   * levels pays `round(Σ raw(price_i, size_i))`, not `Σ taker(price_i, size_i)`; `taker(p, c)`
   * stays `round(raw(p, c))`, the fee of a one-level order.
   */
  readonly perOrder?: BinaryOrderFee;
}

/** An order-level fee rule: unrounded fee of one fill, and the rounding of an order's total. */
export interface BinaryOrderFee {
  raw(price: number, size: number): number;
  round(totalRaw: number): number;
}

/** A cross-venue pair the user confirmed (pairs.json); `inverted`: YES on one side is NO on the other. */
export interface PairEntry {
  readonly id: string;
  readonly a: { readonly venue: string; readonly id: string; readonly question?: string };
  readonly b: { readonly venue: string; readonly id: string; readonly question?: string };
  readonly inverted: boolean;
  readonly score?: number;
  readonly acceptedAt?: string;
  readonly note?: string;
}

/** The opportunity kinds of prediction markets (the others are crypto kinds). */
export const BINARY_KINDS: readonly OpportunityKind[] = ['binary-complement', 'binary-intra', 'multi-outcome'];
