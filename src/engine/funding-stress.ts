import type { Opportunity } from '../core/types.js';

/** Recent funding of one perpetual: the extremes of its paid rates over a window. */
export interface FundingRange {
  readonly low: number;
  readonly high: number;
  readonly count: number;
  readonly days: number;
}

/**
 * A round trip's funding is valued at today's rate; this adds the figure with the rate at its
 * recent worst for the position — the short leg receiving its recent LOW, the long leg paying its
 * recent HIGH — with the same discrete payments (`roundTrip.fundingPayments`) on the same
 * notionals. Ranking stays on the expected figure; both are shown. A leg without history makes
 * the stressed figure unknown (null), never optimistic.
 */
export function withFundingStress(o: Opportunity, range: (venue: string, symbol: string) => FundingRange | undefined): Opportunity {
  const rt = o.roundTrip as { funding: number; fundingPayments: { long: number; short: number } } | undefined;
  if (!rt || o.legs.length !== 2) return o;
  const [long, short] = o.legs;
  const perp = (l: typeof long) => l.market.includes(':');
  const needed = [long, short].filter(perp);
  if (needed.length === 0) return o;
  const ranges = needed.map((l) => range(l.venue, l.market));
  if (ranges.some((r) => !r)) {
    const missing = needed.filter((_, i) => !ranges[i]).map((l) => `${l.venue} ${l.market}`);
    return { ...o, fundingStress: null, fundingStressReason: `funding history unknown for ${missing.join(', ')}` };
  }
  const r = (l: typeof long) => ranges[needed.indexOf(l)]!;
  let stressed = 0;
  if (perp(long)) stressed -= rt.fundingPayments.long * r(long).high * long.vwap * long.size;
  if (perp(short)) stressed += rt.fundingPayments.short * r(short).low * short.vwap * short.size;
  const days = Math.max(...needed.map((l) => r(l).days));
  return {
    ...o,
    fundingStress: {
      netProfit: o.netProfit - rt.funding + stressed,
      funding: stressed,
      ...(perp(long) ? { longRate: r(long).high } : {}),
      ...(perp(short) ? { shortRate: r(short).low } : {}),
      windowDays: days,
    },
  };
}
