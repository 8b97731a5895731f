import type { BookLevel, FeeModel, FundingRate, Quote } from '../core/types.js';
import { MS_PER_HOUR } from '../core/units.js';

/**
 * A position left open (basis, cross-perp, funding) is only worth what it banks once closed.
 * Entry: buy the long leg at its asks, sell the short leg at its bids. Exit, the conservative
 * reading: at the end of the horizon both legs are closed at TODAY's opposite side of their books
 * (sell the long at its bids, buy back the short at its asks) with both taker fees again — i.e.
 * nothing forces the two prices to converge. Funding is carried as discrete payments at each
 * perpetual's schedule (`nextFundingTs`, then every `intervalHours`) inside the horizon.
 * No borrow cost, margin interest or liquidation risk is modelled.
 */
export interface RoundTripLeg {
  readonly quote: Quote;
  readonly fee: FeeModel;
  /** Perpetuals only; a spot leg carries no funding. */
  readonly funding?: FundingRate;
}

export interface FundingCarry {
  /** Payments falling inside the horizon. */
  readonly payments: number;
  /** Money received (positive) or paid (negative) by this leg over the horizon, in quote currency. */
  readonly amount: number;
  /** How the payment times were found. */
  readonly schedule: 'next-funding-time' | 'interval-only';
}

export interface RoundTrip {
  readonly size: number;
  readonly entryCost: number;
  readonly entryProceeds: number;
  readonly entryFees: number;
  readonly exitProceeds: number;
  readonly exitCost: number;
  readonly exitFees: number;
  readonly longFunding: FundingCarry | undefined;
  readonly shortFunding: FundingCarry | undefined;
  /** Entry + exit at today's opposite side + funding, after all four taker fees. */
  readonly netProfit: number;
  /** The same if the spread closed fully by the exit (both legs closed at the short leg's entry price). */
  readonly netIfConverged: number;
  readonly levels: { readonly entryLong: number; readonly entryShort: number; readonly exitLong: number; readonly exitShort: number };
}

/** Cost (or proceeds) of taking `size` from one side of a book, with the venue's taker fee; filled < size when the book is too thin. */
export function take(levels: readonly BookLevel[], size: number, fee: FeeModel): { filled: number; value: number; fee: number; levels: number } {
  let filled = 0;
  let value = 0;
  let paid = 0;
  let n = 0;
  for (let i = 0; i < levels.length && filled < size - 1e-12; i++) {
    const q = Math.min(levels[i][1], size - filled);
    filled += q;
    value += levels[i][0] * q;
    paid += fee.taker(levels[i][0], q);
    n = i + 1;
  }
  return { filled, value, fee: paid, levels: n };
}

/**
 * Funding one leg receives over `horizonHours` on `notional` (a long pays a positive rate, a
 * short receives it). Payments are discrete: those at nextFundingTs + k × interval within
 * (now, now + horizon]; without a next funding time, floor(horizon / interval) payments.
 */
export function fundingCarry(f: FundingRate, side: 'long' | 'short', notional: number, now: number, horizonHours: number): FundingCarry {
  const intervalMs = f.intervalHours * MS_PER_HOUR;
  const end = now + horizonHours * MS_PER_HOUR;
  let payments: number;
  let schedule: FundingCarry['schedule'];
  if (f.nextFundingTs !== undefined && Number.isFinite(f.nextFundingTs) && intervalMs > 0) {
    let first = f.nextFundingTs;
    // A stale next time (already past) moves on to the next one on the same schedule.
    if (first <= now) first += Math.ceil((now - first) / intervalMs + 1e-9) * intervalMs;
    payments = first > end ? 0 : Math.floor((end - first) / intervalMs + 1e-9) + 1;
    schedule = 'next-funding-time';
  } else {
    payments = intervalMs > 0 ? Math.floor(horizonHours / f.intervalHours + 1e-9) : 0;
    schedule = 'interval-only';
  }
  const perPayment = f.rate * notional;
  return { payments, amount: (side === 'short' ? perPayment : -perPayment) * payments, schedule };
}

/** The round trip at one size; undefined when either book cannot fill it on entry and exit. */
export function roundTripAt(long: RoundTripLeg, short: RoundTripLeg, size: number, now: number, horizonHours: number): RoundTrip | undefined {
  const eL = take(long.quote.asks, size, long.fee);
  const eS = take(short.quote.bids, size, short.fee);
  const xL = take(long.quote.bids, size, long.fee);
  const xS = take(short.quote.asks, size, short.fee);
  if (eL.filled < size - 1e-9 || eS.filled < size - 1e-9 || xL.filled < size - 1e-9 || xS.filled < size - 1e-9) return undefined;
  const longFunding = long.funding ? fundingCarry(long.funding, 'long', eL.value, now, horizonHours) : undefined;
  const shortFunding = short.funding ? fundingCarry(short.funding, 'short', eS.value, now, horizonHours) : undefined;
  const carry = (longFunding?.amount ?? 0) + (shortFunding?.amount ?? 0);
  const entryFees = eL.fee + eS.fee;
  const exitFees = xL.fee + xS.fee;
  const netProfit = eS.value - eL.value + xL.value - xS.value - entryFees - exitFees + carry;
  // Converged: both legs closed at one price (the short leg's entry VWAP), paying both fees there.
  const px = eS.value / size;
  const convergedFees = long.fee.taker(px, size) + short.fee.taker(px, size);
  const netIfConverged = eS.value - eL.value - entryFees - convergedFees + carry;
  return {
    size,
    entryCost: eL.value,
    entryProceeds: eS.value,
    entryFees,
    exitProceeds: xL.value,
    exitCost: xS.value,
    exitFees,
    longFunding,
    shortFunding,
    netProfit,
    netIfConverged,
    levels: { entryLong: eL.levels, entryShort: eS.levels, exitLong: xL.levels, exitShort: xS.levels },
  };
}

/**
 * The size that maximises the round trip's net profit, tried at every level boundary of the four
 * book sides up to the caps (profit is piecewise linear in size between boundaries, so its
 * maximum sits on one). Undefined when no size pays.
 */
export function bestRoundTrip(
  long: RoundTripLeg,
  short: RoundTripLeg,
  now: number,
  horizonHours: number,
  maxNotional = Infinity,
  maxSize = Infinity,
  /** Rounds a candidate size to what both markets accept (0 = refused); identity by default. */
  tradable: (size: number, price: number) => number = (s) => s,
): RoundTrip | undefined {
  if (!firstUnitPays(long, short, now, horizonHours)) return undefined;
  const sides = [long.quote.asks, short.quote.bids, long.quote.bids, short.quote.asks];
  let cap = maxSize;
  for (const s of sides) cap = Math.min(cap, depthOf(s));
  const ask = long.quote.asks[0]?.[0];
  if (ask > 0 && Number.isFinite(maxNotional)) cap = Math.min(cap, maxNotional / ask);
  if (!(cap > 0)) return undefined;
  const sizes = new Set<number>([cap]);
  for (const s of sides) {
    let cum = 0;
    for (const [, q] of s) {
      cum += q;
      if (cum >= cap) break;
      sizes.add(cum);
    }
  }
  let best: RoundTrip | undefined;
  for (const candidate of sizes) {
    const size = tradable(candidate, ask);
    if (!(size > 0)) continue;
    const rt = roundTripAt(long, short, size, now, horizonHours);
    if (rt && rt.netProfit > 0 && (!best || rt.netProfit > best.netProfit)) best = rt;
  }
  return best;
}

function depthOf(levels: readonly BookLevel[]): number {
  let s = 0;
  for (const l of levels) s += l[1];
  return s;
}

/**
 * The round trip's profit on its first unit, from the tops of the four book sides: asks only rise
 * and bids only fall deeper in, so when this unit does not pay, no size does — the walk of every
 * candidate size is skipped (the common case: most crossing entries lose on their exit).
 * Proportional fees only; anything else is left to the full evaluation.
 */
function firstUnitPays(long: RoundTripLeg, short: RoundTripLeg, now: number, horizonHours: number): boolean {
  const lAsk = long.quote.asks[0]?.[0];
  const lBid = long.quote.bids[0]?.[0];
  const sBid = short.quote.bids[0]?.[0];
  const sAsk = short.quote.asks[0]?.[0];
  if (!(lAsk > 0 && lBid > 0 && sBid > 0 && sAsk > 0)) return false;
  if (!long.fee.proportional || !short.fee.proportional) return true;
  const fees = long.fee.takerRate * (lAsk + lBid) + short.fee.takerRate * (sBid + sAsk);
  const carry = (long.funding ? fundingCarry(long.funding, 'long', lAsk, now, horizonHours).amount : 0) + (short.funding ? fundingCarry(short.funding, 'short', sBid, now, horizonHours).amount : 0);
  return sBid - lAsk + lBid - sAsk - fees + carry > 0;
}
