import type { BookLevel } from '../../core/types.js';

/**
 * One side of an order book kept sorted (bids high → low, asks low → high), updated by binary
 * search: the hot path of the prediction streams, where a sort per message would dominate.
 * Levels are replaced, never mutated, so quotes already emitted keep their values.
 */
export class BookSide {
  private levels: BookLevel[] = [];

  constructor(private readonly descending: boolean) {}

  get size(): number {
    return this.levels.length;
  }

  clear(): void {
    this.levels = [];
  }

  /** Sets the size at `price` (0 or less removes the level). */
  set(price: number, size: number): void {
    const a = this.levels;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = a[mid][0];
      if (this.descending ? p > price : p < price) lo = mid + 1;
      else hi = mid;
    }
    const found = lo < a.length && a[lo][0] === price;
    if (size > 0) {
      if (found) a[lo] = [price, size];
      else a.splice(lo, 0, [price, size]);
    } else if (found) a.splice(lo, 1);
  }

  get(price: number): number {
    for (const l of this.levels) if (l[0] === price) return l[1];
    return 0;
  }

  /** The best `depth` levels (a copy of the outer array; levels themselves are immutable). */
  top(depth: number): BookLevel[] {
    return this.levels.slice(0, depth);
  }

  entries(): readonly BookLevel[] {
    return this.levels;
  }
}
