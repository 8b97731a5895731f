import type { FeeModel, Opportunity, OpportunityKind, OpportunityLeg, Quote } from '../core/types.js';
import { MS_PER_HOUR } from '../core/units.js';
import { quoteCurrency } from './opportunity.js';
import type { RoundTrip } from './round-trip.js';

export interface RoundTripFigures {
  readonly kind: OpportunityKind;
  readonly id: string;
  readonly symbol: string;
  /** The leg bought on entry (spot for basis) and the leg sold short on entry. */
  readonly long: { readonly quote: Quote; readonly fee: FeeModel };
  readonly short: { readonly quote: Quote; readonly fee: FeeModel };
  readonly rt: RoundTrip;
  readonly horizonHours: number;
}

/**
 * The output object of a round-trip kind (see README "Net profit, kind by kind"): `netProfit` is
 * entry + exit at today's opposite side + funding carried, after four taker fees; `legs` are the
 * two entry legs, `exitLegs` the two closing ones.
 */
export function toRoundTripOpportunity(f: RoundTripFigures, now: number, extra: Record<string, unknown> = {}): Opportunity {
  const { rt, long, short } = f;
  const size = rt.size;
  const leg = (side: 'buy' | 'sell', q: Quote, fee: FeeModel, price: number, value: number): OpportunityLeg => ({
    side,
    venue: q.venue,
    market: q.symbol,
    price,
    vwap: value / size,
    size,
    fee: fee.taker(value / size, size),
    feeSource: fee.source,
  });
  const legs = [leg('buy', long.quote, long.fee, long.quote.asks[0][0], rt.entryCost), leg('sell', short.quote, short.fee, short.quote.bids[0][0], rt.entryProceeds)];
  const exitLegs = [leg('sell', long.quote, long.fee, long.quote.bids[0][0], rt.exitProceeds), leg('buy', short.quote, short.fee, short.quote.asks[0][0], rt.exitCost)];
  const entryGross = rt.entryProceeds - rt.entryCost;
  const fundingTotal = (rt.longFunding?.amount ?? 0) + (rt.shortFunding?.amount ?? 0);
  const oldest = Math.min(long.quote.venueTs, short.quote.venueTs);
  const fundingUnknown = [long, short].filter((l) => l.quote.market === 'perp' && !(l === long ? rt.longFunding : rt.shortFunding)).map((l) => l.quote.venue);
  return {
    id: f.id,
    kind: f.kind,
    symbol: f.symbol,
    buy: { venue: long.quote.venue, price: legs[0].price, vwap: legs[0].vwap, fee: rt.entryFees - legs[1].fee },
    sell: { venue: short.quote.venue, price: legs[1].price, vwap: legs[1].vwap, fee: legs[1].fee },
    size,
    quote: quoteCurrency(short.quote.symbol),
    grossSpreadPct: rt.entryCost > 0 ? (entryGross / rt.entryCost) * 100 : 0,
    netSpreadPct: rt.entryCost > 0 ? (rt.netProfit / rt.entryCost) * 100 : 0,
    netProfit: rt.netProfit,
    legs,
    exitLegs,
    roundTrip: {
      entryPnl: entryGross - rt.entryFees,
      exitPnl: rt.exitProceeds - rt.exitCost - rt.exitFees,
      entryFees: rt.entryFees,
      exitFees: rt.exitFees,
      funding: fundingTotal,
      fundingPayments: { long: rt.longFunding?.payments ?? 0, short: rt.shortFunding?.payments ?? 0 },
      netProfitIfConverged: rt.netIfConverged,
    },
    convergence: `none assumed: both legs are closed after ${f.horizonHours} h at today's opposite side of the books; if the spread closes fully the net is netProfitIfConverged`,
    horizonHours: f.horizonHours,
    exitBy: new Date(now + f.horizonHours * MS_PER_HOUR).toISOString(),
    assumptions: {
      fees: [long, short].map((l) => ({ venue: l.quote.venue, market: l.quote.symbol, takerRate: l.fee.takerRate, source: l.fee.source ?? 'venue-market-data' })),
      quoteAgesMs: { [`${long.quote.venue}:${long.quote.symbol}`]: Math.max(0, now - long.quote.venueTs), [`${short.quote.venue}:${short.quote.symbol}`]: Math.max(0, now - short.quote.venueTs) },
      fill: `taker on entry and exit; entry walks ${rt.levels.entryLong}/${rt.levels.entryShort} levels, exit ${rt.levels.exitLong}/${rt.levels.exitShort}`,
      exit: "today's opposite side of both books, both taker fees again",
      horizonHours: f.horizonHours,
      funding: fundingUnknown.length ? `rate unknown on ${fundingUnknown.join(', ')}: not counted` : `discrete payments (${rt.shortFunding?.schedule ?? rt.longFunding?.schedule ?? 'none'})`,
      notModelled: 'borrow, margin interest, liquidation, transfers between venues',
    },
    ...extra,
    ageMs: Math.max(0, now - oldest),
    ts: new Date(now).toISOString(),
    tsMs: now,
  };
}
