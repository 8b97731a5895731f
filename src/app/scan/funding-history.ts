import pLimit from 'p-limit';
import type { Opportunity } from '../../core/types.js';
import type { FundingRange } from '../../engine/funding-stress.js';
import type { VenueAdapter } from '../../venues/types.js';

const WINDOW_DAYS = 7;
/** Histories are one request per perpetual: only the best-ranked round trips get them. */
const MAX_OPPORTUNITIES = 20;

/**
 * The recent funding range of every perpetual leg of the best round-trip candidates, from the
 * venues' funding-history endpoints (ccxt fetchFundingRateHistory) under the scan's deadline.
 * Missing or failing history stays missing: the stressed figure is then "unknown".
 */
export async function fetchFundingRanges(adapters: readonly VenueAdapter[], candidates: readonly Opportunity[], now: number, timeoutMs: number, concurrency: number): Promise<Map<string, FundingRange>> {
  const byId = new Map(adapters.map((a) => [a.id, a]));
  const wanted = new Map<string, { venue: string; symbol: string }>();
  for (const o of candidates.filter((x) => x.roundTrip).slice(0, MAX_OPPORTUNITIES)) {
    for (const l of o.legs) if (l.market.includes(':')) wanted.set(rangeKey(l.venue, l.market), { venue: l.venue, symbol: l.market });
  }
  const out = new Map<string, FundingRange>();
  const limit = pLimit(concurrency);
  await Promise.all(
    [...wanted].map(([key, w]) =>
      limit(async () => {
        const a = byId.get(w.venue);
        if (!a?.fundingHistory) return;
        try {
          const rows = await a.fundingHistory(w.symbol, now - WINDOW_DAYS * 86_400_000, AbortSignal.timeout(timeoutMs));
          if (rows.length === 0) return;
          let low = Infinity;
          let high = -Infinity;
          for (const r of rows) {
            if (r.rate < low) low = r.rate;
            if (r.rate > high) high = r.rate;
          }
          out.set(key, { low, high, count: rows.length, days: WINDOW_DAYS });
        } catch {
          // No history (unsupported, refused, timed out): the figure is reported as unknown.
        }
      }),
    ),
  );
  return out;
}

export function rangeKey(venue: string, symbol: string): string {
  return `${venue}\u0000${symbol}`;
}
