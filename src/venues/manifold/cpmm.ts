import type { BookLevel } from '../../core/types.js';

/**
 * Manifold's cpmm-1 market maker (a weighted constant product y^p · n^(1−p) = k). A bet of M
 * mana on YES mints M YES + M NO shares into the pool, then takes out the YES shares that keep k
 * constant. There is no order book: the price of N shares depends on N, which is why arblens
 * quotes a ladder of sizes instead of the displayed `probability`.
 */
export interface CpmmPool {
  readonly yes: number;
  readonly no: number;
  readonly p: number;
}

/** Shares received for a bet of `bet` on `outcome`. */
export function cpmmShares(pool: CpmmPool, bet: number, outcome: 'YES' | 'NO'): number {
  if (!(bet > 0)) return 0;
  const { yes: y, no: n, p } = pool;
  const k = y ** p * n ** (1 - p);
  return outcome === 'YES' ? y + bet - (k * (bet + n) ** (p - 1)) ** (1 / p) : n + bet - (k * (bet + y) ** -p) ** (1 / (1 - p));
}

/** Marginal probability of YES: p·n / (p·n + (1 − p)·y). */
export function cpmmProbability(pool: CpmmPool): number {
  return (pool.p * pool.no) / (pool.p * pool.no + (1 - pool.p) * pool.yes);
}

/** Cost in mana of exactly `shares` shares of `outcome` (bisection: shares grow with the bet). */
export function cpmmCost(pool: CpmmPool, shares: number, outcome: 'YES' | 'NO'): number {
  if (!(shares > 0)) return 0;
  // Every share costs less than 1, so the bet lies in (0, shares).
  let lo = 0;
  let hi = shares;
  for (let i = 0; i < 80 && hi - lo > 1e-10 * shares; i++) {
    const mid = (lo + hi) / 2;
    if (cpmmShares(pool, mid, outcome) < shares) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Cumulative share sizes of the quoted ladder. */
const LADDER = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/**
 * An ask ladder for `outcome`: level i sells the shares between two ladder sizes at their exact
 * average price, so walking the ladder reproduces the AMM's cost at every ladder size. Stops once
 * the average price passes 0.99 (the curve is asymptotic to 1).
 */
export function cpmmAsks(pool: CpmmPool, outcome: 'YES' | 'NO', maxLevels = LADDER.length): BookLevel[] {
  const out: BookLevel[] = [];
  let prevShares = 0;
  let prevCost = 0;
  for (const n of LADDER) {
    if (out.length >= maxLevels) break;
    const cost = cpmmCost(pool, n, outcome);
    const price = (cost - prevCost) / (n - prevShares);
    if (!Number.isFinite(price) || price <= 0 || price >= 0.99) break;
    out.push([price, n - prevShares]);
    prevShares = n;
    prevCost = cost;
  }
  return out;
}
