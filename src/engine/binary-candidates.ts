import type { OpportunityKind } from '../core/types.js';
import { marketKey, type PredictionMarket } from '../core/prediction.js';
import type { PairLink } from './binary-types.js';

/** Best asks known before any order book is downloaded (listing prices; sizes unknown). */
export interface KnownTop {
  readonly yesAsk?: number;
  readonly noAsk?: number;
}

/**
 * Which markets deserve an order-book download: those in a set whose listing asks add to less
 * than 1 before fees (fees and depth can only make it worse, so anything else cannot trade).
 * A missing listing price counts as a candidate: better one book too many than a missed set.
 * Returns market keys (venue + id). Pure.
 */
export function candidateMarkets(
  markets: readonly PredictionMarket[],
  tops: ReadonlyMap<string, KnownTop>,
  pairs: readonly PairLink[],
  kinds?: ReadonlySet<OpportunityKind>,
): Set<string> {
  const want = (k: OpportunityKind) => !kinds || kinds.has(k);
  const out = new Set<string>();
  const below1 = (...xs: (number | undefined)[]) => xs.some((x) => x === undefined) || xs.reduce<number>((s, x) => s + (x as number), 0) < 1;
  const byKey = new Map(markets.map((m) => [marketKey(m.venue, m.id), m]));

  if (want('binary-intra')) {
    for (const m of markets) {
      const k = marketKey(m.venue, m.id);
      const t = tops.get(k);
      if (t && t.yesAsk !== undefined && t.noAsk !== undefined && t.yesAsk + t.noAsk < 1) out.add(k);
    }
  }
  if (want('binary-complement')) {
    for (const p of pairs) {
      const ka = marketKey(p.a.venue, p.a.id);
      const kb = marketKey(p.b.venue, p.b.id);
      if (!byKey.has(ka) || !byKey.has(kb)) continue;
      const a = tops.get(ka) ?? {};
      const b = tops.get(kb) ?? {};
      const hit = p.inverted ? below1(a.yesAsk, b.yesAsk) || below1(a.noAsk, b.noAsk) : below1(a.yesAsk, b.noAsk) || below1(a.noAsk, b.yesAsk);
      if (hit) out.add(ka).add(kb);
    }
  }
  if (want('multi-outcome')) {
    const events = new Map<string, PredictionMarket[]>();
    for (const m of markets) {
      if (!m.event?.exhaustive) continue;
      const k = marketKey(m.venue, m.event.id);
      let l = events.get(k);
      if (!l) events.set(k, (l = []));
      l.push(m);
    }
    for (const l of events.values()) {
      if (l.length !== l[0].event!.marketCount) continue;
      const asks = l.map((m) => tops.get(marketKey(m.venue, m.id))?.yesAsk);
      if (below1(...asks)) for (const m of l) out.add(marketKey(m.venue, m.id));
    }
  }
  return out;
}
