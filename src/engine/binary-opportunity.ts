import type { Opportunity, OpportunityLeg } from '../core/types.js';
import type { SetWalkResult } from './binary-walk.js';
import type { Combo } from './binary-types.js';

const DAY_MS = 86_400_000;
/** Close dates further apart than this are flagged: one leg may pay while the other is still open. */
export const RESOLUTION_GAP_FLAG_DAYS = 1;

/** One leg as printed: the output contract's leg plus what the user needs to check the match. */
export interface BinaryLegOut extends OpportunityLeg {
  readonly outcome: string;
  readonly question: string;
}

/**
 * Builds the output-contract object of a binary set (kinds binary-complement, binary-intra,
 * multi-outcome). Every leg is a BUY of `shares` shares; the set pays `shares` whatever happens.
 * Money fields are in `quote` (the venues' shared settlement currency). Percentages:
 * grossSpreadPct = (payout − cost) / cost, netSpreadPct = netProfit / cost, returnPct =
 * netProfit / (cost + fees) — the return on all the money put in. annualisedPct is simple
 * (not compounded): returnPct × 365 / days, with days floored at 1 so a same-day close does not
 * print absurd figures.
 */
export function buildBinaryOpportunity(c: Combo, w: SetWalkResult, now: number): Opportunity {
  const shares = w.shares;
  let oldest = Infinity;
  let latestClose = -Infinity;
  let earliestClose = Infinity;
  let closes = 0;
  /** Latest possible resolution over the legs (Kalshi close_time behind an expected date). */
  let latestPossible = -Infinity;
  const legs: BinaryLegOut[] = c.legs.map((l, i) => {
    const q = l.side === 'YES' ? l.market.yes! : l.market.no!;
    if (q.venueTs < oldest) oldest = q.venueTs;
    const close = l.market.meta.closeTs;
    if (close !== undefined) {
      closes++;
      latestClose = Math.max(latestClose, close);
      earliestClose = Math.min(earliestClose, close);
      latestPossible = Math.max(latestPossible, l.market.meta.latestCloseTs ?? close);
    }
    return {
      side: 'buy',
      venue: l.market.meta.venue,
      market: q.symbol,
      price: q.asks[0][0],
      vwap: shares > 0 ? w.legCost[i] / shares : 0,
      size: shares,
      fee: w.legFee[i],
      feeSource: l.market.fee.source,
      outcome: l.side === 'NO' ? l.market.meta.noLabel : c.kind === 'multi-outcome' ? l.market.meta.event?.outcome ?? l.market.meta.yesLabel : l.market.meta.yesLabel,
      question: l.market.meta.question,
    };
  });
  const days = closes > 0 ? Math.max(0, (latestClose - now) / DAY_MS) : undefined;
  const returnPct = w.cost + w.fees > 0 ? (w.netProfit / (w.cost + w.fees)) * 100 : 0;
  const gapDays = c.kind === 'binary-complement' && closes === 2 ? (latestClose - earliestClose) / DAY_MS : undefined;
  const flags: string[] = [];
  if (gapDays !== undefined && gapDays > RESOLUTION_GAP_FLAG_DAYS) flags.push('resolution-gap');
  if (c.kind === 'binary-complement' && c.legs.some((l) => l.market.meta.closeTs === undefined)) flags.push('close-date-unknown');
  if (c.pair && !c.pair.confirmed) flags.push('unconfirmed-match');
  const meta = c.legs[0].market.meta;
  const extra: Record<string, unknown> = {
    shares,
    cost: w.cost,
    payout: shares,
    fees: w.fees,
    returnPct,
    daysToResolution: days,
    annualisedPct: days !== undefined ? (returnPct * 365) / Math.max(1, days) : undefined,
    resolvesAt: closes > 0 ? new Date(latestClose).toISOString() : undefined,
    // Only when a leg may resolve later than expected (a postponement buffer): the worst case for the money's lock-up.
    latestResolvesAt: closes > 0 && latestPossible > latestClose ? new Date(latestPossible).toISOString() : undefined,
    flags,
  };
  if (c.kind === 'binary-complement' && c.pair) {
    Object.assign(extra, {
      pairId: c.pair.pairId,
      confirmed: c.pair.confirmed,
      inverted: c.pair.inverted,
      matchScore: c.pair.score,
      resolutionGapDays: gapDays,
    });
  }
  if (c.kind === 'multi-outcome') Object.assign(extra, { event: meta.event?.title, outcomes: c.legs.length });
  if (c.kind !== 'multi-outcome') extra.question = meta.question;
  return {
    id: c.id,
    kind: c.kind,
    symbol: c.symbol,
    size: shares,
    quote: meta.currency,
    grossSpreadPct: w.cost > 0 ? ((shares - w.cost) / w.cost) * 100 : 0,
    netSpreadPct: w.cost > 0 ? (w.netProfit / w.cost) * 100 : 0,
    netProfit: w.netProfit,
    legs,
    ...extra,
    ageMs: Math.max(0, now - oldest),
    ts: new Date(now).toISOString(),
    tsMs: now,
  };
}
