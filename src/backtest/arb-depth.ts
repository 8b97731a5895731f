/**
 * One recorded book side as the replay trades against it: the recorded levels, best first, with
 * what is left of each after our own fills — depth one fill takes is gone for the next until a
 * new quote replaces the book. (A replay only ever takes liquidity, so this is all of the
 * matching engine it needs, at a fraction of the cost per quote.)
 */
import type { BookLevel, FeeModel } from '../core/types.js';

export class Depth {
  private readonly left: Float64Array;

  constructor(private readonly levels: readonly BookLevel[]) {
    this.left = Float64Array.from(levels, (l) => Math.max(0, l[1]));
  }

  /** What is left, best first, of the levels `ok` accepts (stops at the first it refuses). */
  available(ok: (price: number) => boolean): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.levels.length; i++) {
      const p = this.levels[i][0];
      if (!ok(p)) break;
      if (this.left[i] > 1e-12) out.push([p, this.left[i]]);
    }
    return out;
  }

  /** Takes `size` best first, paying the taker fee on every level; returns the value and fees. */
  take(size: number, fee: FeeModel): { filled: number; value: number; fee: number } {
    let filled = 0;
    let value = 0;
    let paid = 0;
    for (let i = 0; i < this.levels.length && filled < size - 1e-12; i++) {
      const x = Math.min(this.left[i], size - filled);
      if (x <= 0) continue;
      const p = this.levels[i][0];
      this.left[i] -= x;
      filled += x;
      value += p * x;
      paid += fee.taker(p, x);
    }
    return { filled, value, fee: paid };
  }
}
