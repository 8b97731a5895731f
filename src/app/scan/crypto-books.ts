import pLimit from 'p-limit';
import type { FundingRate, MarketType, Quote } from '../../core/types.js';
import type { OpportunityEngine } from '../../engine/engine.js';
import type { VenueAdapter } from '../../venues/types.js';
import { describeError } from '../../core/errors.js';
import { venueOutcomes, type VenueOutcome } from './outcomes.js';

export interface ScanVenuesOptions {
  readonly symbols?: readonly string[];
  readonly markets: ReadonlySet<MarketType>;
  readonly funding: boolean;
  /** Order-book depth fetched for instruments that are part of a candidate opportunity. */
  readonly depth: number;
  /** Deadline for one venue's top of book (markets, tickers), and again for its candidate books, in ms. */
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly now: () => number;
  readonly warn: (venue: string, message: string) => void;
}

export type { VenueOutcome } from './outcomes.js';

export interface ScanVenuesResult {
  readonly outcomes: VenueOutcome[];
  /** Every quote and funding rate fed to the engine (depth quotes replace top-of-book ones). */
  readonly quotes: Quote[];
  readonly funding: FundingRate[];
}

/**
 * One scan: every venue's top of book concurrently (p-limit, one deadline per venue), the engine
 * finds candidates, then order books are fetched only for instruments in a candidate so sizing
 * walks real depth without downloading every book. A venue that fails is reported and skipped;
 * the others go on.
 */
export async function scanVenues(adapters: readonly VenueAdapter[], engine: OpportunityEngine, o: ScanVenuesOptions): Promise<ScanVenuesResult> {
  const limit = pLimit(Math.max(1, o.concurrency));
  const started = new Map<string, number>();
  const failed = new Map<string, string>();
  const counts = new Map<string, number>();
  const latest = new Map<string, Quote>();
  /** venue\0symbol already fetched as a full book in the first pass (no second request). */
  const booked = new Set<string>();
  const funding: FundingRate[] = [];
  const feed = (q: Quote) => {
    const problem = engine.update(q, o.now());
    if (problem) o.warn(q.venue, `${q.symbol}: quote dropped (${problem})`);
    else latest.set(q.venue + '\u0000' + q.symbol + '\u0000' + q.market, q);
    counts.set(q.venue, (counts.get(q.venue) ?? 0) + 1);
  };

  await Promise.all(
    adapters.map((a) =>
      limit(async () => {
        started.set(a.id, Date.now());
        const signal = AbortSignal.timeout(o.timeoutMs);
        try {
          const snap = await a.snapshot({ symbols: o.symbols, markets: o.markets, funding: o.funding, signal, depth: o.depth });
          for (const w of snap.warnings) o.warn(a.id, w);
          for (const s of snap.withDepth ?? []) booked.add(a.id + '\u0000' + s);
          for (const q of snap.quotes) feed(q);
          for (const f of snap.funding) {
            engine.updateFunding(f, o.now());
            funding.push(f);
          }
        } catch (err) {
          failed.set(a.id, describeError(err, { signal, timeoutMs: o.timeoutMs }));
        }
      }),
    ),
  );

  // Second pass: depth for the instruments that take part in a candidate. A price spread whose
  // top of book does not cross can only get worse with depth, so only crossing pairs (and
  // profitable funding spreads) are candidates: a full scan stays at a few book calls per venue.
  const wanted = new Map<string, Map<string, { symbol: string; market: MarketType }>>();
  for (const opp of engine.ranked(o.now())) {
    if (opp.kind === 'funding' ? !(opp.netProfit > 0) : !(opp.grossSpreadPct > 0)) continue;
    for (const leg of opp.legs) {
      if (failed.has(leg.venue)) continue;
      const q = [...['spot', 'perp', 'binary']].map((m) => latest.get(leg.venue + '\u0000' + leg.market + '\u0000' + m)).find(Boolean);
      if (!q || booked.has(leg.venue + '\u0000' + q.symbol)) continue;
      let m = wanted.get(leg.venue);
      if (!m) wanted.set(leg.venue, (m = new Map()));
      m.set(q.symbol + '\u0000' + q.market, { symbol: q.symbol, market: q.market });
    }
  }
  await Promise.all(
    adapters
      .filter((a) => wanted.has(a.id))
      .map((a) =>
        limit(async () => {
          // A fresh deadline: the first pass may have waited on a slower (or hung) venue, and that
          // wait must not eat into this venue's book requests.
          const signal = AbortSignal.timeout(o.timeoutMs);
          try {
            const snap = await a.orderBooks([...wanted.get(a.id)!.values()], o.depth, signal);
            for (const w of snap.warnings) o.warn(a.id, w);
            for (const q of snap.quotes) feed(q);
          } catch (err) {
            // Top of book is still usable: sizing falls back to it, with a warning.
            o.warn(a.id, `order books unavailable, sized on top of book only (${describeError(err, { signal, timeoutMs: o.timeoutMs })})`);
          }
        }),
      ),
  );

  const outcomes = venueOutcomes(adapters, failed, counts, started);
  return { outcomes, quotes: [...latest.values()], funding };
}

