import type { FeeModel, FundingRate, Opportunity, Quote } from '../core/types.js';
import { HOURS_PER_YEAR } from '../core/units.js';
import { bestRoundTrip } from './round-trip.js';
import { toRoundTripOpportunity } from './round-trip-opportunity.js';

/** Funding as a fraction per hour, so 1 h, 4 h and 8 h contracts compare like for like. */
export function hourlyRate(f: Pick<FundingRate, 'rate' | 'intervalHours'>): number {
  return f.rate / f.intervalHours;
}

/** Annualised funding in percent (simple, not compounded: the convention of exchange UIs). */
export function annualisedPct(f: Pick<FundingRate, 'rate' | 'intervalHours'>): number {
  return hourlyRate(f) * HOURS_PER_YEAR * 100;
}

export interface FundingLeg {
  readonly quote: Quote;
  readonly funding: FundingRate;
  readonly fee: FeeModel;
}

/**
 * Funding-rate spread between two perpetuals of one asset: long the one that pays less, short
 * the one that receives more, valued as a whole round trip (round-trip.ts): entry walked on the
 * books, the funding each leg pays or receives at its own discrete schedule inside the horizon,
 * and the exit at today's opposite side with both taker fees. Sized on the books at the size
 * that maximises that net; undefined when no size pays.
 */
export function fundingOpportunity(
  a: FundingLeg,
  b: FundingLeg,
  horizonHours: number,
  now: number,
  maxNotional = Infinity,
  tradable?: (size: number, price: number) => number,
): { opp: Opportunity; netProfit: number; netSpreadPct: number } | undefined {
  const [long, short] = hourlyRate(a.funding) <= hourlyRate(b.funding) ? [a, b] : [b, a];
  const rt = bestRoundTrip(long, short, now, horizonHours, maxNotional, Infinity, tradable);
  if (!rt) return undefined;
  const symbol = long.quote.symbol;
  const spreadHourly = hourlyRate(short.funding) - hourlyRate(long.funding);
  const fundingSide = (l: FundingLeg) => ({
    venue: l.quote.venue,
    rate: l.funding.rate,
    intervalHours: l.funding.intervalHours,
    hourlyRate: hourlyRate(l.funding),
    annualisedPct: annualisedPct(l.funding),
    nextFundingTs: l.funding.nextFundingTs,
  });
  const opp = toRoundTripOpportunity(
    { kind: 'funding', id: `funding:${symbol}:${long.quote.venue}>${short.quote.venue}`, symbol, long, short, rt, horizonHours },
    now,
    { fundingLong: fundingSide(long), fundingShort: fundingSide(short), fundingSpreadApr: spreadHourly * HOURS_PER_YEAR * 100 },
  );
  const oldest = Math.min(long.quote.venueTs, short.quote.venueTs, long.funding.venueTs, short.funding.venueTs);
  return { opp: { ...opp, ageMs: Math.max(0, now - oldest) }, netProfit: rt.netProfit, netSpreadPct: opp.netSpreadPct };
}
