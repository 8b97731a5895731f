import type { BookLevel, Quote } from '../core/types.js';
import type { BinaryFeeModel, BinarySide, PredictionMarket } from '../core/prediction.js';
import type { SetWalkResult } from './binary-walk.js';

/** The binary engine's shared shapes, in a leaf file so the engine and its helpers import them without a circle. */

/** A cross-venue link between two markets about the same event (confirmed or suggested). */
export interface PairLink {
  readonly pairId: string;
  readonly a: { readonly venue: string; readonly id: string };
  readonly b: { readonly venue: string; readonly id: string };
  /** B's YES is A's NO (e.g. "above 3 %" vs "at or below 3 %"). */
  readonly inverted: boolean;
  /** false for a matcher suggestion taken with --auto-match. */
  readonly confirmed: boolean;
  readonly score?: number;
}

/** One market's live state: both sides' books and every set it belongs to. */
export interface MarketState {
  readonly meta: PredictionMarket;
  readonly fee: BinaryFeeModel;
  yes?: Quote;
  no?: Quote;
  readonly combos: Combo[];
}

export interface ComboLeg {
  readonly market: MarketState;
  readonly side: BinarySide;
}

/** A complete set of legs (one pays in every outcome); re-evaluated when any leg's book moves. */
export interface Combo {
  readonly kind: 'binary-complement' | 'binary-intra' | 'multi-outcome';
  readonly id: string;
  readonly symbol: string;
  readonly legs: ComboLeg[];
  /** Settlement groups for commission netting, parallel to legs. */
  readonly groups: number[];
  readonly pair?: PairLink;
  /** multi-outcome: legs needed before the set is complete. */
  readonly expected?: number;
  live?: LiveSet;
  /** Walk inputs, reused between evaluations (only `asks` changes). */
  walkLegs?: { asks: readonly BookLevel[]; fee: BinaryFeeModel; group: number }[];
}

export interface LiveSet {
  readonly combo: Combo;
  walk: SetWalkResult;
  netProfit: number;
  netSpreadPct: number;
  oldestTs: number;
  /** Settlement currency of the set (for valuation). */
  readonly quote: string;
}
