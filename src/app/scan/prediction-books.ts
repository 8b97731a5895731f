import pLimit from 'p-limit';
import type { OpportunityKind, Quote } from '../../core/types.js';
import { marketKey, parseBinarySymbol, type PredictionMarket } from '../../core/prediction.js';
import { BinaryEngine, type PairLink } from '../../engine/binary.js';
import { candidateMarkets, type KnownTop } from '../../engine/binary-candidates.js';
import type { SetWalkLimits } from '../../engine/binary-walk.js';
import { suggestMatches } from '../../engine/match.js';
import type { PredictionAdapter, PredictionCatalogue } from '../../venues/prediction-types.js';
import type { VenueOutcome } from './crypto-books.js';
import { describeError } from '../../core/errors.js';
import type { Valuation } from '../../engine/valuation.js';
import { venueOutcomes } from './outcomes.js';

export interface PredictionScanOptions {
  readonly depth: number;
  /** Deadline for one venue's whole work (catalogue and books), in ms. */
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly now: () => number;
  readonly warn: (venue: string | undefined, message: string) => void;
  /** Confirmed pairs from the user's pairs file. */
  readonly pairs: readonly PairLink[];
  /** Also pair markets whose match score is at least this (marked unconfirmed). */
  readonly autoMatch?: number;
  readonly kinds?: ReadonlySet<OpportunityKind>;
  readonly limits?: SetWalkLimits;
  readonly valuation?: Valuation;
}

export interface PredictionScanResult {
  readonly engine: BinaryEngine;
  readonly outcomes: VenueOutcome[];
  /** Every book fed to the engine (for --record). */
  readonly quotes: Quote[];
  readonly markets: PredictionMarket[];
}

/**
 * One prediction-market scan: every venue's catalogue concurrently (one deadline per venue),
 * pairs from the user's file (plus auto-matched suggestions when asked), then order books only
 * for markets in a set whose listing asks add to < 1, then the binary engine sizes each set on
 * real depth. A failing venue is reported and skipped; the others go on.
 */
export async function scanPrediction(adapters: readonly PredictionAdapter[], o: PredictionScanOptions): Promise<PredictionScanResult> {
  const limit = pLimit(Math.max(1, o.concurrency));
  const started = new Map<string, number>();
  const signals = new Map<string, AbortSignal>();
  const failed = new Map<string, string>();
  const catalogues = new Map<string, PredictionCatalogue>();
  const include = (venue: string) => o.pairs.flatMap((p) => [p.a, p.b]).filter((s) => s.venue === venue).map((s) => s.id);

  await Promise.all(
    adapters.map((a) =>
      limit(async () => {
        started.set(a.id, Date.now());
        const signal = AbortSignal.timeout(o.timeoutMs);
        signals.set(a.id, signal);
        try {
          const c = await a.catalogue({ signal, include: include(a.id) });
          for (const w of c.warnings) o.warn(a.id, w);
          catalogues.set(a.id, c);
        } catch (err) {
          failed.set(a.id, describeError(err, { signal, timeoutMs: o.timeoutMs }));
        }
      }),
    ),
  );

  const byId = new Map(adapters.map((a) => [a.id, a]));
  const engine = new BinaryEngine({ fees: (venue, id) => byId.get(venue)!.marketFee(id), kinds: o.kinds, limits: o.limits, valuation: o.valuation });
  const markets = [...catalogues.values()].flatMap((c) => c.markets);
  for (const m of markets) engine.addMarket(m);

  const links: PairLink[] = [];
  const answered = new Set(catalogues.keys());
  for (const p of o.pairs) {
    if (!answered.has(p.a.venue) || !answered.has(p.b.venue)) continue;
    const why = engine.addPair(p);
    if (why) o.warn(undefined, why);
    else links.push(p);
  }
  if (o.autoMatch !== undefined) links.push(...autoPairs(engine, catalogues, o.autoMatch, new Set(o.pairs.map((p) => p.pairId))));

  // Listing asks, and full books from venues whose listing already has depth.
  const tops = new Map<string, KnownTop>();
  const quotes: Quote[] = [];
  const feed = (q: Quote) => {
    const problem = engine.update(q, o.now());
    if (problem) o.warn(q.venue, `${q.symbol}: book dropped (${problem})`);
    else quotes.push(q);
  };
  for (const [venue, c] of catalogues) {
    for (const t of c.tops) tops.set(marketKey(venue, t.marketId), t);
    const asks = new Map<string, { yesAsk?: number; noAsk?: number }>();
    for (const q of c.quotes) {
      const s = parseBinarySymbol(q.symbol);
      if (!s) continue;
      const t = asks.get(s.marketId) ?? {};
      if (s.side === 'YES') t.yesAsk = q.asks[0]?.[0];
      else t.noAsk = q.asks[0]?.[0];
      asks.set(s.marketId, t);
    }
    for (const [id, t] of asks) if (!tops.has(marketKey(venue, id))) tops.set(marketKey(venue, id), t);
  }

  const wanted = candidateMarkets(markets, tops, links, o.kinds);
  for (const c of catalogues.values()) for (const q of c.quotes) if (wanted.has(marketKey(q.venue, parseBinarySymbol(q.symbol)?.marketId ?? ''))) feed(q);
  await Promise.all(
    adapters
      .filter((a) => catalogues.has(a.id) && catalogues.get(a.id)!.tops.length > 0)
      .map((a) =>
        limit(async () => {
          const ids = catalogues.get(a.id)!.markets.filter((m) => wanted.has(marketKey(a.id, m.id))).map((m) => m.id);
          if (ids.length === 0) return;
          const signal = signals.get(a.id)!;
          try {
            const r = await a.books(ids, o.depth, signal);
            for (const w of r.warnings) o.warn(a.id, w);
            for (const q of r.quotes) feed(q);
          } catch (err) {
            failed.set(a.id, `order books: ${describeError(err, { signal, timeoutMs: o.timeoutMs })}`);
          }
        }),
      ),
  );

  const counts = new Map<string, number>();
  for (const q of quotes) counts.set(q.venue, (counts.get(q.venue) ?? 0) + 1);
  const outcomes = venueOutcomes(adapters, failed, counts, started);
  return { engine, outcomes, quotes, markets };
}

/** Matcher suggestions at or above `minScore`, across every two venues of one currency. */
function autoPairs(engine: BinaryEngine, catalogues: ReadonlyMap<string, PredictionCatalogue>, minScore: number, confirmed: ReadonlySet<string>): PairLink[] {
  const ids = [...catalogues.keys()].sort();
  const out: PairLink[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      for (const s of suggestMatches(catalogues.get(ids[i])!.markets, catalogues.get(ids[j])!.markets, { minScore, perMarket: 1 })) {
        if (confirmed.has(s.pairId)) continue;
        const link: PairLink = { pairId: s.pairId, a: { venue: s.a.venue, id: s.a.id }, b: { venue: s.b.venue, id: s.b.id }, inverted: s.invertedHint, confirmed: false, score: s.score };
        // Currency mismatches (mana vs money) are refused by the engine, silently here: they are suggestions.
        if (!engine.addPair(link)) out.push(link);
      }
    }
  }
  return out;
}

