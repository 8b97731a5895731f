import type { BookLevel, Quote } from '../core/types.js';

/** Why a quote was refused; the caller turns it into a warning and carries on. */
export type QuoteProblem = 'empty' | 'non-finite' | 'non-positive' | 'crossed' | 'out-of-range';

const goodLevel = (l: BookLevel) => Number.isFinite(l[0]) && Number.isFinite(l[1]) && l[0] > 0 && l[1] > 0;

/**
 * Checks a quote before it reaches the engine: NaN, negative or zero prices and sizes, crossed
 * books (best bid ≥ best ask on one venue is a broken feed, not an arbitrage), and binary prices
 * outside (0, 1). Returns undefined when the quote is usable.
 */
export function quoteProblem(q: Quote): QuoteProblem | undefined {
  if (q.bids.length === 0 && q.asks.length === 0) return 'empty';
  for (const l of q.bids) if (!goodLevel(l)) return Number.isFinite(l[0]) && Number.isFinite(l[1]) ? 'non-positive' : 'non-finite';
  for (const l of q.asks) if (!goodLevel(l)) return Number.isFinite(l[0]) && Number.isFinite(l[1]) ? 'non-positive' : 'non-finite';
  if (q.bids.length && q.asks.length && q.bids[0][0] >= q.asks[0][0]) return 'crossed';
  if (q.market === 'binary') {
    for (const l of q.bids) if (l[0] >= 1) return 'out-of-range';
    for (const l of q.asks) if (l[0] >= 1) return 'out-of-range';
  }
  return undefined;
}

/** A quote is stale when its venue timestamp is older than maxAgeMs at time `now`. */
export function isStale(q: { venueTs: number }, now: number, maxAgeMs: number): boolean {
  return now - q.venueTs > maxAgeMs;
}

/** Default cut-off above which a spread is probably two different assets sharing a ticker. */
export const DEFAULT_MAX_PLAUSIBLE_PCT = 20;
