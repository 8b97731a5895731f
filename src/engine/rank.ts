import type { Opportunity } from '../core/types.js';

export interface RankOptions {
  /** Minimum net spread in percent. */
  readonly minNetPct?: number;
  /** Minimum net profit in quote currency. */
  readonly minProfit?: number;
  /** Minimum notional (size × buy VWAP) in quote currency. */
  readonly minSize?: number;
  /** Quotes older than this are stale: their opportunities are left out. */
  readonly maxAgeMs?: number;
  readonly sort?: 'profit' | 'pct';
  readonly top?: number;
}

interface Ranked {
  readonly netProfit: number;
  readonly netSpreadPct: number;
  readonly oldestTs: number;
}

/**
 * Filters and orders live evaluations, then builds output objects for the survivors only.
 * Ties are broken by id so output is deterministic (tests and diffs of --json stay stable).
 */
export function rank<T extends Ranked>(live: Iterable<T>, now: number, o: RankOptions, build: (l: T) => Opportunity): Opportunity[] {
  const maxAge = o.maxAgeMs ?? Infinity;
  const minPct = o.minNetPct ?? -Infinity;
  const minProfit = o.minProfit ?? -Infinity;
  const keep: T[] = [];
  for (const l of live) {
    if (now - l.oldestTs > maxAge) continue;
    if (l.netSpreadPct < minPct || l.netProfit < minProfit) continue;
    keep.push(l);
  }
  const byPct = o.sort === 'pct';
  keep.sort((a, b) => (byPct ? b.netSpreadPct - a.netSpreadPct : b.netProfit - a.netProfit));
  const out: Opportunity[] = [];
  const top = o.top ?? Infinity;
  for (const l of keep) {
    if (out.length >= top) break;
    const opp = build(l);
    if (o.minSize !== undefined && opp.size * (opp.buy?.vwap ?? opp.legs[0]?.vwap ?? 0) < o.minSize) continue;
    out.push(opp);
  }
  out.sort((a, b) => (byPct ? b.netSpreadPct - a.netSpreadPct : b.netProfit - a.netProfit) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}
