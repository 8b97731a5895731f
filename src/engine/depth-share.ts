import type { BookLevel, Opportunity } from '../core/types.js';

/**
 * One book, many opportunities: the same OKX bids can be the sell leg of a cross-spot, a basis
 * and a funding row, and the listed profits cannot all be had at once. This marks every
 * opportunity with the ids of the others that take from one of its book sides
 * (`sharesDepthWith`), so nobody sums them by mistake.
 */
export function markSharedDepth(opps: readonly Opportunity[]): Opportunity[] {
  const byBook = new Map<string, string[]>();
  const sidesOf = (o: Opportunity) => [...new Set(o.legs.map(bookKey))];
  for (const o of opps) for (const k of sidesOf(o)) (byBook.get(k) ?? byBook.set(k, []).get(k)!).push(o.id);
  return opps.map((o) => {
    const others = new Set<string>();
    for (const k of sidesOf(o)) for (const id of byBook.get(k)!) if (id !== o.id) others.add(id);
    return others.size ? { ...o, sharesDepthWith: [...others] } : o;
  });
}

/** A leg takes from the asks when it buys and from the bids when it sells. */
export function bookKey(l: { side: 'buy' | 'sell'; venue: string; market: string }): string {
  return `${l.venue}\u0000${l.market}\u0000${l.side === 'buy' ? 'asks' : 'bids'}`;
}

/** A book side with `taken` already consumed from its top (what an earlier opportunity left). */
export function remaining(levels: readonly BookLevel[], taken: number): BookLevel[] {
  if (!(taken > 0)) return levels as BookLevel[];
  const out: BookLevel[] = [];
  let left = taken;
  for (const [p, q] of levels) {
    if (left >= q - 1e-12) {
      left -= q;
      continue;
    }
    out.push([p, q - left]);
    left = 0;
  }
  return out;
}
