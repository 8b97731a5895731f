import type { FeeModel, FundingRate, Opportunity, Quote } from '../core/types.js';
import { HOURS_PER_YEAR } from '../core/units.js';
import { quoteCurrency } from './opportunity.js';

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
 * the one that receives more. Net profit over `horizonHours` counts the funding collected on the
 * notional, the price difference paid at entry (short bid − long ask, often negative), and taker
 * fees on entry AND exit of both legs, because a carry trade has to be unwound.
 * Size is the top-of-book size both sides can fill, capped by `maxNotional`. Gross is funding plus
 * entry basis before fees, so net ≤ gross as for every other kind.
 */
export function fundingOpportunity(
  a: FundingLeg,
  b: FundingLeg,
  horizonHours: number,
  now: number,
  maxNotional = Infinity,
): { opp: Opportunity; netProfit: number; netSpreadPct: number } | undefined {
  const [long, short] = hourlyRate(a.funding) <= hourlyRate(b.funding) ? [a, b] : [b, a];
  const ask = long.quote.asks[0];
  const bid = short.quote.bids[0];
  if (!ask || !bid) return undefined;
  const size = Math.min(ask[1], bid[1], maxNotional / ask[0]);
  if (!(size > 0)) return undefined;
  const notional = size * ask[0];
  const spreadHourly = hourlyRate(short.funding) - hourlyRate(long.funding);
  const fundingIncome = notional * spreadHourly * horizonHours;
  const longFee = 2 * long.fee.taker(ask[0], size);
  const shortFee = 2 * short.fee.taker(bid[0], size);
  const entryBasis = (bid[0] - ask[0]) * size;
  const netProfit = fundingIncome + entryBasis - longFee - shortFee;
  const netSpreadPct = (netProfit / notional) * 100;
  const symbol = long.quote.symbol;
  const oldest = Math.min(long.quote.venueTs, short.quote.venueTs, long.funding.venueTs, short.funding.venueTs);
  const fundingSide = (l: FundingLeg) => ({
    venue: l.quote.venue,
    rate: l.funding.rate,
    intervalHours: l.funding.intervalHours,
    hourlyRate: hourlyRate(l.funding),
    annualisedPct: annualisedPct(l.funding),
    nextFundingTs: l.funding.nextFundingTs,
  });
  const opp: Opportunity = {
    id: `funding:${symbol}:${long.quote.venue}>${short.quote.venue}`,
    kind: 'funding',
    symbol,
    buy: { venue: long.quote.venue, price: ask[0], vwap: ask[0], fee: longFee },
    sell: { venue: short.quote.venue, price: bid[0], vwap: bid[0], fee: shortFee },
    size,
    quote: quoteCurrency(symbol),
    grossSpreadPct: ((fundingIncome + entryBasis) / notional) * 100,
    netSpreadPct,
    netProfit,
    legs: [
      { side: 'buy', venue: long.quote.venue, market: symbol, price: ask[0], vwap: ask[0], size, fee: longFee },
      { side: 'sell', venue: short.quote.venue, market: short.quote.symbol, price: bid[0], vwap: bid[0], size, fee: shortFee },
    ],
    fundingLong: fundingSide(long),
    fundingShort: fundingSide(short),
    fundingSpreadApr: spreadHourly * HOURS_PER_YEAR * 100,
    horizonHours,
    ageMs: Math.max(0, now - oldest),
    ts: new Date(now).toISOString(),
    tsMs: now,
  };
  return { opp, netProfit, netSpreadPct };
}
