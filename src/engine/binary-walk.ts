import type { BookLevel } from '../core/types.js';
import type { BinaryFeeModel } from '../core/prediction.js';

/**
 * One leg of a complete set: buying `asks` pays 1 per share in exactly one outcome scenario, and
 * exactly one leg of the set pays in each scenario (YES on A + NO on B; YES + NO on one market;
 * YES on every outcome of an exhaustive event). So N shares of every leg pay exactly N whatever
 * happens: that is why legs are sized in EQUAL SHARES (equal money would leave a bet).
 */
export interface SetLeg {
  readonly asks: readonly BookLevel[];
  readonly fee: BinaryFeeModel;
  /**
   * Legs sharing a settlement group (one Betfair market) have their winnings netted before
   * commission, as Betfair does; -1 when the venue charges no commission on winnings.
   */
  readonly group: number;
}

export interface SetWalkLimits {
  readonly maxShares?: number;
  /** Cap on the money spent on all legs (before fees). */
  readonly maxCost?: number;
}

export interface SetWalkResult {
  /** Shares bought on EVERY leg. */
  readonly shares: number;
  /** Money paid for all legs before fees. */
  readonly cost: number;
  /** Per-trade fees plus worst-case commission on winnings, all legs. */
  readonly fees: number;
  /** Guaranteed net profit: shares − cost − fees (fees in the worst scenario). */
  readonly netProfit: number;
  readonly legCost: Float64Array;
  readonly legFee: Float64Array;
}

const EMPTY = new Float64Array(0);
const NONE: SetWalkResult = { shares: 0, cost: 0, fees: 0, netProfit: 0, legCost: EMPTY, legFee: EMPTY };

// Scratch state reused between calls: the walk runs on every book update (500k+/s).
let cap = 0;
let lvl = new Int32Array(0);
let left = new Float64Array(0);
let doneCost = new Float64Array(0);
/** Fees of the levels used up: rounded per level, or RAW (unrounded) for a leg whose fee is per order. */
let doneFee = new Float64Array(0);
let takenAt = new Float64Array(0);
let bestLvl = new Int32Array(0);
let bestTaken = new Float64Array(0);
let scratchLegCost = new Float64Array(0);
function ensure(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, cap * 2, 8);
  lvl = new Int32Array(cap);
  left = new Float64Array(cap);
  doneCost = new Float64Array(cap);
  doneFee = new Float64Array(cap);
  takenAt = new Float64Array(cap);
  bestLvl = new Int32Array(cap);
  bestTaken = new Float64Array(cap);
  scratchLegCost = new Float64Array(cap);
}

/**
 * Walks every leg's asks together, one slice at a time (a slice ends where any leg's level
 * ends), and evaluates the guaranteed profit at each breakpoint; returns the most profitable
 * size, or shares 0 when no size makes money. Each leg is ONE order. Per-trade fees are charged
 * per price level taken (a level's fee on that level's whole quantity, never slice by slice),
 * unless the leg's fee model has a `perOrder` rule (Kalshi: fills accumulate and whole cents of
 * over-rounding are refunded): then the leg's raw fees are summed over its levels and the total
 * is rounded once at each breakpoint, as a single equivalent fill would pay. Not stopping at the
 * first losing breakpoint matters: with cent rounding the first contract can lose while ten
 * contracts win. It stops once the legs' current prices add to ≥ 1: beyond that no further share
 * can add profit.
 */
export function walkCompleteSet(legs: readonly SetLeg[], limits: SetWalkLimits = {}, detail = true): SetWalkResult {
  const n = legs.length;
  if (n === 0) return NONE;
  ensure(n);
  let priceSum = 0;
  for (let i = 0; i < n; i++) {
    const a = legs[i].asks;
    if (a.length === 0) return NONE;
    lvl[i] = 0;
    left[i] = a[0][1];
    doneCost[i] = 0;
    doneFee[i] = 0;
    takenAt[i] = 0;
    priceSum += a[0][0];
  }
  const maxShares = limits.maxShares ?? Infinity;
  const maxCost = limits.maxCost ?? Infinity;
  let shares = 0;
  let bestShares = 0;
  let bestProfit = 0;
  let bestCost = 0;
  let bestFees = 0;
  let hasCommission = false;
  for (let i = 0; i < n; i++) if (legs[i].group >= 0 && legs[i].fee.winningsRate) hasCommission = true;

  while (priceSum < 1 && shares < maxShares) {
    let q = maxShares - shares;
    for (let i = 0; i < n; i++) if (left[i] < q) q = left[i];
    let cost = 0;
    for (let i = 0; i < n; i++) cost += doneCost[i] + legs[i].asks[lvl[i]][0] * takenAt[i];
    if (Number.isFinite(maxCost) && priceSum > 0) q = Math.min(q, (maxCost - cost) / priceSum);
    if (!(q > 1e-12)) break;
    shares += q;
    for (let i = 0; i < n; i++) {
      takenAt[i] += q;
      left[i] -= q;
    }
    const profit = profitAt(legs, shares, hasCommission);
    if (profit > bestProfit) {
      bestProfit = profit;
      bestShares = shares;
      bestCost = lastCost;
      bestFees = lastFees;
      bestLvl.set(lvl.subarray(0, n));
      bestTaken.set(takenAt.subarray(0, n));
    }
    // Advance the legs whose level is used up; a leg with no level left ends the walk.
    let exhausted = false;
    for (let i = 0; i < n; i++) {
      if (left[i] > 1e-12) continue;
      const a = legs[i].asks;
      const p = a[lvl[i]][0];
      doneCost[i] += p * takenAt[i];
      const fee = legs[i].fee;
      const po = fee.perOrder;
      doneFee[i] += po !== undefined ? po.raw(p, takenAt[i]) : fee.taker(p, takenAt[i]);
      takenAt[i] = 0;
      priceSum -= p;
      if (++lvl[i] >= a.length) {
        exhausted = true;
        break;
      }
      left[i] = a[lvl[i]][1];
      priceSum += a[lvl[i]][0];
    }
    if (exhausted) break;
  }
  if (bestShares <= 0) return NONE;
  // The per-leg breakdown allocates: the incremental engine asks for it only when printing.
  if (!detail) return { shares: bestShares, cost: bestCost, fees: bestFees, netProfit: bestProfit, legCost: EMPTY, legFee: EMPTY };
  return describe(legs, bestShares, bestLvl, bestTaken);
}

/** Guaranteed profit with `shares` bought on every leg, from the scratch state. */
function profitAt(legs: readonly SetLeg[], shares: number, hasCommission: boolean): number {
  let cost = 0;
  let fees = 0;
  for (let i = 0; i < legs.length; i++) {
    const p = legs[i].asks[lvl[i]][0];
    const legCost = doneCost[i] + p * takenAt[i];
    cost += legCost;
    const fee = legs[i].fee;
    const po = fee.perOrder;
    if (po !== undefined) fees += po.round(doneFee[i] + (takenAt[i] > 0 ? po.raw(p, takenAt[i]) : 0));
    else fees += doneFee[i] + (takenAt[i] > 0 ? fee.taker(p, takenAt[i]) : 0);
    if (hasCommission) scratchLegCost[i] = legCost;
  }
  const commission = hasCommission ? worstCommission(legs, shares, scratchLegCost) : 0;
  lastCost = cost;
  lastFees = fees + commission;
  return shares - cost - fees - commission;
}
let lastCost = 0;
let lastFees = 0;

/**
 * Betfair charges commission on a market's net winnings, so it depends on which outcome wins:
 * in the scenario where leg s pays, a group's net = (shares if s is in it) − cost of its legs.
 * The guarantee is the worst scenario, so the largest total commission is charged.
 */
export function worstCommission(legs: readonly SetLeg[], shares: number, legCost: ArrayLike<number>): number {
  let worst = 0;
  for (let s = 0; s < legs.length; s++) {
    let total = 0;
    for (let i = 0; i < legs.length; i++) {
      const g = legs[i].group;
      const rate = legs[i].fee.winningsRate;
      if (g < 0 || !rate) continue;
      // Handle each group once: at its first leg.
      let first = true;
      for (let j = 0; j < i; j++) if (legs[j].group === g) first = false;
      if (!first) continue;
      let net = 0;
      for (let j = i; j < legs.length; j++) {
        if (legs[j].group !== g) continue;
        net -= legCost[j];
        if (j === s) net += shares;
      }
      if (net > 0) total += rate * net;
    }
    if (total > worst) worst = total;
  }
  return worst;
}

function describe(legs: readonly SetLeg[], shares: number, levels: Int32Array, taken: Float64Array): SetWalkResult {
  const n = legs.length;
  const legCost = new Float64Array(n);
  const legFee = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = legs[i].asks;
    const fee = legs[i].fee;
    const po = fee.perOrder;
    // Per-order fees: raw fees summed over the levels, rounded once for the whole order.
    let f = 0;
    for (let k = 0; k < levels[i]; k++) {
      legCost[i] += a[k][0] * a[k][1];
      f += po !== undefined ? po.raw(a[k][0], a[k][1]) : fee.taker(a[k][0], a[k][1]);
    }
    const p = a[levels[i]][0];
    legCost[i] += p * taken[i];
    if (taken[i] > 0) f += po !== undefined ? po.raw(p, taken[i]) : fee.taker(p, taken[i]);
    legFee[i] = po !== undefined ? po.round(f) : f;
  }
  const commission = worstCommission(legs, shares, legCost);
  if (commission > 0) {
    // Attribute the commission to the legs that can owe it, by their share of the groups' cost.
    let owed = 0;
    for (let i = 0; i < n; i++) if (legs[i].group >= 0 && legs[i].fee.winningsRate) owed += legCost[i];
    for (let i = 0; i < n; i++) if (legs[i].group >= 0 && legs[i].fee.winningsRate) legFee[i] += owed > 0 ? (commission * legCost[i]) / owed : commission;
  }
  let cost = 0;
  let fees = 0;
  for (let i = 0; i < n; i++) {
    cost += legCost[i];
    fees += legFee[i];
  }
  return { shares, cost, fees, netProfit: shares - cost - fees, legCost, legFee };
}
