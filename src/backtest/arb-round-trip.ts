/**
 * Round trips in the arbitrage replay (basis, cross-perp, funding): the engine's opportunity is
 * entered after the latency — buy the long leg at its asks, sell the short leg at its bids, as IOC
 * limits at the worst levels the walk used, the same size on both legs, taker fees on every fill.
 * While held, each perpetual leg pays or receives funding at its schedule (the latest recorded
 * rate of that instrument, at nextFundingTs and every intervalHours after it; a long pays a
 * positive rate, a short receives it; notional = size × the leg's mid at payment time). The
 * position is closed — long sold at its bids, short bought back at its asks, fees again — as soon
 * as the engine no longer reports the opportunity (the spread closed) or at the horizon, or at
 * the end of the data. Perpetual legs settle their P&L and funding in quote currency on their
 * venue; a spot long leg (basis) spends the venue's quote and holds the base while open.
 * Margin, borrow costs and liquidation are not modelled (as in the engine's round trip).
 */
import type { BookLevel, FeeModel, FundingRate, Opportunity, OpportunityLeg, Quote } from '../core/types.js';
import { MS_PER_HOUR } from '../core/units.js';
import { splitSymbol } from './arb-value.js';

export interface HeldLeg {
  readonly venue: string;
  readonly symbol: string;
  readonly perp: boolean;
  readonly side: 'long' | 'short';
  readonly entryVwap: number;
  /** Next funding payment time (perps with a known schedule), NaN when none. */
  nextPay: number;
}

export interface Position {
  readonly opp: Opportunity;
  readonly seenTs: number;
  readonly execTs: number;
  readonly size: number;
  readonly long: HeldLeg;
  readonly short: HeldLeg;
  readonly entryFees: number;
  /** Short proceeds − long cost at entry. */
  readonly entrySpread: number;
  funding: number;
  fundingPayments: number;
}

export interface Books {
  quote(venue: string, symbol: string): Quote | undefined;
  funding(venue: string, symbol: string): FundingRate | undefined;
  fee(venue: string, leg: OpportunityLeg | HeldLeg): FeeModel;
  add(venue: string, asset: string, x: number): void;
  cashOf(venue: string, asset: string): number;
}

/** Walks `levels` for `size` (all of them when no limit), with the fee on every level. */
export function walk(levels: readonly BookLevel[], size: number, fee: FeeModel, ok: (p: number) => boolean = () => true): { filled: number; value: number; fee: number } {
  let filled = 0;
  let value = 0;
  let paid = 0;
  for (const [p, q] of levels) {
    if (filled >= size - 1e-12 || !ok(p)) break;
    const x = Math.min(q, size - filled);
    filled += x;
    value += p * x;
    paid += fee.taker(p, x);
  }
  return { filled, value, fee: paid };
}

/** First funding time after `t` on the rate's schedule; NaN when the schedule is unknown. */
export function nextFundingAfter(f: FundingRate | undefined, t: number): number {
  if (!f || f.nextFundingTs === undefined || !Number.isFinite(f.nextFundingTs) || !(f.intervalHours > 0)) return NaN;
  const step = f.intervalHours * MS_PER_HOUR;
  let next = f.nextFundingTs;
  if (next <= t) next += Math.ceil((t - next) / step + 1e-9) * step;
  return next;
}

/**
 * Enters a round trip: the size both IOC limits allow (and, for a spot long leg, the quote the
 * venue holds), or 0 with the book that fell short.
 */
export function enter(b: Books, opp: Opportunity, seenTs: number, execTs: number, limits: { long: number; short: number }): { position?: Position; shortBy?: { venue: string; asset?: string; cause: 'inventory' | 'price-moved' } } {
  const [l, s] = opp.legs;
  const lq = b.quote(l.venue, l.market);
  const sq = b.quote(s.venue, s.market);
  if (!lq || !sq) return { shortBy: { venue: lq ? s.venue : l.venue, cause: 'price-moved' } };
  const lf = b.fee(l.venue, l);
  const sf = b.fee(s.venue, s);
  let size = opp.size;
  const canLong = walk(lq.asks, size, lf, (p) => p <= limits.long + 1e-12).filled;
  const canShort = walk(sq.bids, size, sf, (p) => p >= limits.short - 1e-12).filled;
  let shortBy: { venue: string; asset?: string; cause: 'inventory' | 'price-moved' } | undefined;
  if (canLong < size - 1e-12) (size = canLong), (shortBy = { venue: l.venue, cause: 'price-moved' });
  if (canShort < size - 1e-12) (size = canShort), (shortBy = { venue: s.venue, cause: 'price-moved' });
  const longPerp = lq.market === 'perp';
  if (!longPerp) {
    // A spot long leg is paid for with the venue's quote.
    const { quote } = splitSymbol(l.market);
    const cash = b.cashOf(l.venue, quote);
    const cost = walk(lq.asks, size, lf);
    if (cost.value + cost.fee > cash + 1e-9) {
      size = size * Math.max(0, cash / (cost.value + cost.fee));
      shortBy = { venue: l.venue, asset: quote, cause: 'inventory' };
    }
  }
  if (size <= 1e-12) return { shortBy };
  const buy = walk(lq.asks, size, lf);
  const sell = walk(sq.bids, size, sf);
  const lsym = splitSymbol(l.market);
  if (!longPerp) {
    b.add(l.venue, lsym.quote, -buy.value - buy.fee);
    b.add(l.venue, lsym.base, size);
  } else b.add(l.venue, lsym.quote, -buy.fee);
  b.add(s.venue, splitSymbol(s.market).quote, -sell.fee);
  const leg = (venue: string, symbol: string, q: Quote, side: 'long' | 'short', vwap: number): HeldLeg => ({ venue, symbol, perp: q.market === 'perp', side, entryVwap: vwap, nextPay: q.market === 'perp' ? nextFundingAfter(b.funding(venue, symbol), execTs) : NaN });
  return {
    position: {
      opp,
      seenTs,
      execTs,
      size,
      long: leg(l.venue, l.market, lq, 'long', buy.value / size),
      short: leg(s.venue, s.market, sq, 'short', sell.value / size),
      entryFees: buy.fee + sell.fee,
      entrySpread: sell.value - buy.value,
      funding: 0,
      fundingPayments: 0,
    },
    shortBy,
  };
}

/** Pays the funding due by `now` on the position's perpetual legs (credited on their venues). */
export function payFunding(b: Books, p: Position, now: number): void {
  for (const leg of [p.long, p.short]) {
    while (leg.perp && leg.nextPay <= now) {
      const f = b.funding(leg.venue, leg.symbol);
      const q = b.quote(leg.venue, leg.symbol);
      if (!f || !q || !q.bids.length || !q.asks.length) break;
      const mid = (q.bids[0][0] + q.asks[0][0]) / 2;
      // A long pays a positive rate, a short receives it.
      const amount = (leg.side === 'long' ? -1 : 1) * f.rate * p.size * mid;
      b.add(leg.venue, splitSymbol(leg.symbol).quote, amount);
      p.funding += amount;
      p.fundingPayments++;
      leg.nextPay += f.intervalHours * MS_PER_HOUR;
    }
  }
}

/** Closes at today's books: the long sold at its bids, the short bought back at its asks. */
export function exit(b: Books, p: Position): { exitSpread: number; fees: number } {
  const lq = b.quote(p.long.venue, p.long.symbol)!;
  const sq = b.quote(p.short.venue, p.short.symbol)!;
  const sell = walk(lq.bids, p.size, b.fee(p.long.venue, p.long));
  const buy = walk(sq.asks, p.size, b.fee(p.short.venue, p.short));
  // A thin book at exit closes the rest at its last level (the position must be closed).
  const sellValue = sell.value + (p.size - sell.filled) * (lq.bids[lq.bids.length - 1]?.[0] ?? p.long.entryVwap);
  const buyValue = buy.value + (p.size - buy.filled) * (sq.asks[sq.asks.length - 1]?.[0] ?? p.short.entryVwap);
  const ls = splitSymbol(p.long.symbol);
  const ss = splitSymbol(p.short.symbol);
  if (p.long.perp) b.add(p.long.venue, ls.quote, sellValue - p.size * p.long.entryVwap - sell.fee);
  else {
    b.add(p.long.venue, ls.base, -p.size);
    b.add(p.long.venue, ls.quote, sellValue - sell.fee);
  }
  b.add(p.short.venue, ss.quote, p.size * p.short.entryVwap - buyValue - buy.fee);
  return { exitSpread: sellValue - buyValue, fees: sell.fee + buy.fee };
}
