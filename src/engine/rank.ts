import type { Opportunity } from '../core/types.js';
import { withValue, type Valuation } from './valuation.js';

export interface RankOptions {
  /** Minimum net spread in percent. */
  readonly minNetPct?: number;
  /** Minimum net profit in quote currency. */
  readonly minProfit?: number;
  /** Minimum money put in, in quote currency: size × buy VWAP, or a prediction set's total cost (see notionalOf). */
  readonly minSize?: number;
  /** Quotes older than this are stale: their opportunities are left out. */
  readonly maxAgeMs?: number;
  readonly sort?: 'profit' | 'pct';
  readonly top?: number;
  /**
   * One valuation currency: ranking by profit, --min-profit and the output's `netProfitValue` use
   * the profit converted with it; opportunities it cannot value rank after the valued ones.
   */
  readonly valuation?: Valuation;
}

export interface Rankable {
  /** Tie-breaker; evaluations without one tie by insertion order. */
  readonly id?: string;
  readonly netProfit: number;
  readonly netSpreadPct: number;
  readonly oldestTs: number;
  /** Currency of `netProfit` (for valuation). */
  readonly quote?: string;
  /**
   * The money --min-size is tested against: what the buy side costs (size × buy VWAP) for a
   * two-leg opportunity. When absent it is read off the built object (see `notionalOf`).
   */
  readonly notional?: number;
}

/**
 * The money an opportunity puts in, for --min-size: size × buy VWAP for a buy/sell pair, else
 * the sum of every BUY leg's size × VWAP — for a prediction set (every leg a buy) that is the
 * set's total cost, not its first leg's.
 */
export function notionalOf(x: Opportunity): number {
  if (x.buy) return x.size * x.buy.vwap;
  let total = 0;
  for (const l of x.legs) if (l.side === 'buy') total += l.size * l.vwap;
  return total;
}

/**
 * Filters live evaluations and keeps the best `top`, then builds output objects for those only.
 * `top` is applied after EVERY filter: an evaluation whose --min-size test needs the built object
 * (no `notional` on it) is built and tested before it can take a place, so `--top 5 --min-size x`
 * returns 5 whenever 5 pass. Evaluations decided without building go through a bounded insertion
 * (O(n·log top) comparisons instead of sorting everything). Ties are broken by id so output is
 * deterministic (tests and diffs of --json stay stable).
 */
export function rank<T extends Rankable>(live: Iterable<T>, now: number, o: RankOptions, build: (l: T) => Opportunity): Opportunity[] {
  const maxAge = o.maxAgeMs ?? Infinity;
  const minPct = o.minNetPct ?? -Infinity;
  const minProfit = o.minProfit ?? -Infinity;
  const minSize = o.minSize;
  const top = o.top && o.top > 0 ? o.top : Infinity;
  const byPct = o.sort === 'pct';
  const val = o.valuation;
  /** Profit in the valuation currency; NaN when it cannot be valued (play money, no rate). */
  const valued = (l: T) => {
    if (!val) return l.netProfit;
    const r = val.rate(l.quote ?? '');
    return r ? l.netProfit * r.rate : NaN;
  };
  const better = (a: T, b: T) => {
    let d: number;
    if (byPct) d = a.netSpreadPct - b.netSpreadPct;
    else {
      const va = valued(a);
      const vb = valued(b);
      const ua = va !== va;
      const ub = vb !== vb;
      if (ua !== ub) return ub; // money that can be valued ranks before what cannot
      d = ua ? a.netProfit - b.netProfit : va - vb;
    }
    return d > 0 || (d === 0 && a.id !== undefined && b.id !== undefined && a.id < b.id);
  };
  const profitOf = (l: T) => {
    const v = valued(l);
    return v === v ? v : l.netProfit;
  };
  const make = val ? (l: T) => {
    const x = build(l);
    return withValue(x, val.target, val.rate(x.quote));
  } : build;
  const best: T[] = [];
  /** Passed every other filter; --min-size can only be told once built. */
  const undecided: T[] = [];
  for (const l of live) {
    if (now - l.oldestTs > maxAge || l.netSpreadPct < minPct || profitOf(l) < minProfit) continue;
    if (minSize !== undefined) {
      if (l.notional === undefined) {
        undecided.push(l);
        continue;
      }
      if (l.notional < minSize) continue;
    }
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
  if (undecided.length === 0) return best.map(make);
  // Merge the decided best (all pass) with the undecided in rank order, building and testing the
  // undecided ones, until `top` have passed. A decided evaluation outside `best` is beaten by
  // `top` decided ones that pass, so it can never make the cut.
  undecided.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const out: Opportunity[] = [];
  let i = 0;
  let j = 0;
  while (out.length < top && (i < best.length || j < undecided.length)) {
    if (j >= undecided.length || (i < best.length && !better(undecided[j], best[i]))) {
      out.push(make(best[i++]));
      continue;
    }
    const x = make(undecided[j++]);
    if (notionalOf(x) >= minSize!) out.push(x);
  }
  return out;
}
