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

export interface Rankable {
  /** Tie-breaker; evaluations without one tie by insertion order. */
  readonly id?: string;
  readonly netProfit: number;
  readonly netSpreadPct: number;
  readonly oldestTs: number;
  /** What the buy leg costs (size × buy VWAP), for --min-size; when absent it is read off the built object. */
  readonly notional?: number;
}

/**
 * Filters live evaluations and keeps the best `top` with a bounded insertion (O(n·log top)
 * comparisons instead of sorting everything), then builds output objects for those only.
 * Ties are broken by id so output is deterministic (tests and diffs of --json stay stable).
 */
export function rank<T extends Rankable>(live: Iterable<T>, now: number, o: RankOptions, build: (l: T) => Opportunity): Opportunity[] {
  const maxAge = o.maxAgeMs ?? Infinity;
  const minPct = o.minNetPct ?? -Infinity;
  const minProfit = o.minProfit ?? -Infinity;
  const minSize = o.minSize ?? -Infinity;
  const top = o.top && o.top > 0 ? o.top : Infinity;
  const byPct = o.sort === 'pct';
  const better = (a: T, b: T) => {
    const d = byPct ? a.netSpreadPct - b.netSpreadPct : a.netProfit - b.netProfit;
    return d > 0 || (d === 0 && a.id !== undefined && b.id !== undefined && a.id < b.id);
  };
  const best: T[] = [];
  for (const l of live) {
    if (now - l.oldestTs > maxAge || l.netSpreadPct < minPct || l.netProfit < minProfit || (l.notional ?? Infinity) < minSize) continue;
    if (best.length >= top && !better(l, best[best.length - 1])) continue;
    // Binary search for the insertion point in the best-first array.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(l, best[mid])) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, l);
    if (best.length > top) best.pop();
  }
  const out = best.map(build);
  return o.minSize === undefined ? out : out.filter((x, i) => best[i].notional !== undefined || x.size * (x.buy?.vwap ?? x.legs[0]?.vwap ?? 0) >= minSize);
}
