import type { FeeModel, FundingRate, Opportunity, OpportunityKind, Quote } from '../core/types.js';
import { bookKey, remaining } from './depth-share.js';
import { walkCross, type WalkLimits } from './depth-walk.js';
import { fundingOpportunity } from './funding.js';
import { figures, toOpportunity } from './opportunity.js';
import { bestRoundTrip } from './round-trip.js';
import { toRoundTripOpportunity } from './round-trip-opportunity.js';

/** One ranked evaluation, with what is needed to walk it again on thinner books. */
export interface Claim {
  readonly id: string;
  readonly kind: OpportunityKind;
  readonly symbol: string;
  readonly buy: { readonly quote: Quote; readonly fee: FeeModel; readonly funding?: FundingRate };
  readonly sell: { readonly quote: Quote; readonly fee: FeeModel; readonly funding?: FundingRate };
}

/**
 * `--exclusive`: the books are handed out greedily in rank order. Each opportunity is walked
 * again on what the better-ranked ones left of its book sides (entry AND, for round trips, the
 * exit sides), so every figure in the list can be had at the same time — their sum is what the
 * books hold. Opportunities left with nothing that pays drop out.
 */
export function allocateExclusive(claims: readonly Claim[], now: number, horizonHours: number, limits: WalkLimits | undefined): Opportunity[] {
  const taken = new Map<string, number>();
  const take = (venue: string, market: string, side: 'buy' | 'sell', size: number) => {
    const k = bookKey({ venue, market, side });
    taken.set(k, (taken.get(k) ?? 0) + size);
  };
  const thinned = (q: Quote): Quote => ({
    ...q,
    asks: remaining(q.asks, taken.get(bookKey({ venue: q.venue, market: q.symbol, side: 'buy' })) ?? 0),
    bids: remaining(q.bids, taken.get(bookKey({ venue: q.venue, market: q.symbol, side: 'sell' })) ?? 0),
  });
  const out: Opportunity[] = [];
  for (const c of claims) {
    const long = { ...c.buy, quote: thinned(c.buy.quote) };
    const short = { ...c.sell, quote: thinned(c.sell.quote) };
    let o: Opportunity | undefined;
    if (c.kind === 'cross-spot') {
      const walk = walkCross(long.quote.asks, short.quote.bids, long.fee, short.fee, limits);
      if (walk.size > 0) {
        const f = figures(walk);
        o = toOpportunity({ kind: c.kind, id: c.id, symbol: c.symbol, buy: long.quote, sell: short.quote, walk, ...f, topSpreadPct: 0, buyFeeModel: long.fee, sellFeeModel: short.fee }, now);
        take(long.quote.venue, long.quote.symbol, 'buy', walk.size);
        take(short.quote.venue, short.quote.symbol, 'sell', walk.size);
      }
    } else {
      if (c.kind === 'funding') {
        if (long.funding && short.funding) o = fundingOpportunity({ ...long, funding: long.funding }, { ...short, funding: short.funding }, horizonHours, now, limits?.maxNotional)?.opp;
      } else {
        const rt = bestRoundTrip(long, short, now, horizonHours, limits?.maxNotional, limits?.maxSize);
        if (rt) o = toRoundTripOpportunity({ kind: c.kind, id: c.id, symbol: c.symbol, long, short, rt, horizonHours }, now);
      }
      if (o) {
        // Entry takes the long's asks and the short's bids; the exit the long's bids and the short's asks.
        for (const l of [...o.legs, ...((o.exitLegs as Opportunity['legs'] | undefined) ?? [])]) take(l.venue, l.market, l.side, l.size);
      }
    }
    if (o && o.netProfit > 0) out.push({ ...o, exclusive: true });
  }
  return out;
}
