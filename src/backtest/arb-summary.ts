/**
 * What a replay run means for the user: how many opportunities were caught, partly caught or
 * missed and why, and the capture rate — realised over promised net P&L — with the share of
 * opportunities caught at a profit beside it (a rate a user can act on: which cause to fix first).
 */
import { MISS_CAUSES, type ArbResult, type ArbTrade, type MissCause } from './arb-replay.js';

export interface CauseSummary {
  /** Opportunities partly filled or missed for this cause. */
  readonly count: number;
  /** Net profit promised on them and not realised (promised − realised). */
  readonly profitLost: number;
  /** Per venue (and asset, for inventory): `okx BTC` → count. */
  readonly where: Readonly<Record<string, number>>;
}

export interface ArbRunSummary {
  readonly quotes: number;
  readonly opportunitiesActedOn: number;
  /** Opportunities where both legs traded something (at a profit or not). */
  readonly filled: number;
  readonly caught: number;
  readonly partial: number;
  readonly missed: number;
  /** caught + partial over acted on, in percent. */
  readonly caughtPct: number;
  readonly promisedProfit: number;
  readonly realisedProfit: number;
  /** Realised over promised net P&L, in percent (null when nothing was promised). */
  readonly captureRatePct: number | null;
  readonly latencyMs: number;
  readonly misses: Readonly<Record<MissCause, CauseSummary>>;
}

export function summariseArb(r: ArbResult, latencyMs: number): ArbRunSummary {
  const count = (o: ArbTrade['outcome']) => r.trades.filter((t) => t.outcome === o).length;
  const caught = count('caught');
  const partial = count('partial');
  return {
    quotes: r.quotes,
    opportunitiesActedOn: r.opportunities,
    filled: r.trades.filter((t) => t.filledSize > 0).length,
    caught,
    partial,
    missed: count('missed'),
    caughtPct: r.opportunities ? ((caught + partial) / r.opportunities) * 100 : 0,
    promisedProfit: r.promisedProfit,
    realisedProfit: r.realisedProfit,
    captureRatePct: r.promisedProfit > 0 ? (r.realisedProfit / r.promisedProfit) * 100 : null,
    latencyMs,
    misses: missesByCause(r.trades),
  };
}

export function missesByCause(trades: readonly ArbTrade[]): Record<MissCause, CauseSummary> {
  const out = Object.fromEntries(MISS_CAUSES.map((c) => [c, { count: 0, profitLost: 0, where: {} as Record<string, number> }])) as Record<MissCause, { count: number; profitLost: number; where: Record<string, number> }>;
  for (const t of trades) {
    if (!t.cause) continue;
    const c = out[t.cause];
    c.count++;
    c.profitLost += t.promisedProfit - t.realisedProfit;
    const where = [t.causeVenue, t.causeAsset].filter(Boolean).join(' ') || `${t.buyVenue}>${t.sellVenue}`;
    c.where[where] = (c.where[where] ?? 0) + 1;
  }
  return out;
}
