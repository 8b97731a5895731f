import type { BookLevel, FeeModel } from '../core/types.js';

/** What a two-leg depth walk found: the size that maximises net profit and what it costs. */
export interface WalkResult {
  readonly size: number;
  /** Total paid for the buy leg, before fees. */
  readonly buyCost: number;
  /** Total received for the sell leg, before fees. */
  readonly sellProceeds: number;
  readonly buyFee: number;
  readonly sellFee: number;
  /** Levels touched on each side (for the detail pane). */
  readonly buyLevels: number;
  readonly sellLevels: number;
}

export interface WalkLimits {
  /** Stop once this much base size is taken. */
  readonly maxSize?: number;
  /** Stop once this much quote currency is spent on the buy leg. */
  readonly maxNotional?: number;
}

/**
 * Walks the buy venue's asks against the sell venue's bids level by level (hummingbot's method),
 * charging each venue's taker fee on every slice, and keeps going while the next slice still
 * adds net profit. Asks rise and bids fall as we go deeper, so the marginal profit per unit only
 * shrinks: stopping at the first non-positive slice gives the profit-maximising size.
 * Pure and allocation-light: it sits on the hot path of `watch`.
 */
export function walkCross(
  asks: readonly BookLevel[],
  bids: readonly BookLevel[],
  buyFee: FeeModel,
  sellFee: FeeModel,
  limits: WalkLimits = {},
): WalkResult {
  let ai = 0;
  let bi = 0;
  let askLeft = asks.length ? asks[0][1] : 0;
  let bidLeft = bids.length ? bids[0][1] : 0;
  let size = 0;
  let buyCost = 0;
  let sellProceeds = 0;
  let feeB = 0;
  let feeS = 0;
  const maxSize = limits.maxSize ?? Infinity;
  const maxNotional = limits.maxNotional ?? Infinity;
  let lastAi = -1;
  let lastBi = -1;

  while (ai < asks.length && bi < bids.length && size < maxSize && buyCost < maxNotional) {
    const ask = asks[ai][0];
    const bid = bids[bi][0];
    let q = Math.min(askLeft, bidLeft, maxSize - size);
    if (ask > 0 && Number.isFinite(maxNotional)) q = Math.min(q, (maxNotional - buyCost) / ask);
    if (!(q > 0)) break;
    const fb = buyFee.taker(ask, q);
    const fs = sellFee.taker(bid, q);
    const marginal = (bid - ask) * q - fb - fs;
    if (!(marginal > 0)) break;
    size += q;
    buyCost += ask * q;
    sellProceeds += bid * q;
    feeB += fb;
    feeS += fs;
    lastAi = ai;
    lastBi = bi;
    askLeft -= q;
    bidLeft -= q;
    if (askLeft <= 1e-12) askLeft = ++ai < asks.length ? asks[ai][1] : 0;
    if (bidLeft <= 1e-12) bidLeft = ++bi < bids.length ? bids[bi][1] : 0;
  }
  return {
    size,
    buyCost,
    sellProceeds,
    buyFee: feeB,
    sellFee: feeS,
    buyLevels: lastAi + 1,
    sellLevels: lastBi + 1,
  };
}

/** The two-leg walk at a size decided elsewhere (a tradable, rounded size), without the marginal stop. */
export function walkAt(asks: readonly BookLevel[], bids: readonly BookLevel[], buyFee: FeeModel, sellFee: FeeModel, size: number): WalkResult {
  const side = (levels: readonly BookLevel[], fee: FeeModel) => {
    let left = size;
    let value = 0;
    let paid = 0;
    let n = 0;
    for (let i = 0; i < levels.length && left > 1e-12; i++) {
      const q = Math.min(levels[i][1], left);
      value += levels[i][0] * q;
      paid += fee.taker(levels[i][0], q);
      left -= q;
      n = i + 1;
    }
    return { value, paid, n };
  };
  const b = side(asks, buyFee);
  const s = side(bids, sellFee);
  return { size, buyCost: b.value, sellProceeds: s.value, buyFee: b.paid, sellFee: s.paid, buyLevels: b.n, sellLevels: s.n };
}

/** VWAP of taking `size` from one side of a book (for legs priced without a counter-book). */
export function vwapFor(levels: readonly BookLevel[], size: number): { filled: number; cost: number } {
  let filled = 0;
  let cost = 0;
  for (const [p, s] of levels) {
    const q = Math.min(s, size - filled);
    if (q <= 0) break;
    filled += q;
    cost += p * q;
  }
  return { filled, cost };
}
