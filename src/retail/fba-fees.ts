/**
 * FBA fulfilment fee from size tier and shipping weight, for products Keepa has no `fbaFees` for.
 * Table: Amazon US FBA fulfilment fees effective 2024-02-05 (non-peak, items priced $10–$50),
 * "2024 US FBA fulfillment fee changes", Seller Central help; size tiers from the same page
 * (small standard ≤ 15 × 12 × 0.75 in and ≤ 16 oz; large standard ≤ 18 × 14 × 8 in and ≤ 20 lb;
 * large bulky ≤ 59 × 33 × 33 in and ≤ 50 lb). Large standard and bulky use the greater of unit
 * and dimensional weight (L × W × H / 139). Fees are in cents. Check the live rate card before
 * relying on it; Keepa's per-product fee is used first by default (rules.fbaFee = "keepa").
 */
export const FBA_FEE_TABLE_DATE = '2024-02-05';

const MM_PER_IN = 25.4;
const G_PER_OZ = 28.349523125;

/** [upper bound in oz (inclusive), fee cents]. */
const SMALL_STANDARD: readonly (readonly [number, number])[] = [[2, 306], [4, 315], [6, 324], [8, 333], [10, 343], [12, 353], [14, 360], [16, 365]];
const LARGE_STANDARD: readonly (readonly [number, number])[] = [[4, 368], [8, 390], [12, 415], [16, 455], [20, 499], [24, 537], [28, 552], [32, 577], [36, 587], [40, 605], [44, 621], [48, 662]];
/** Above 3 lb: $6.92 + $0.08 per 4 oz above the first 3 lb. */
const LARGE_STANDARD_OVER_3LB = { base: 692, perStep: 8, stepOz: 4 };
/** Large bulky: $9.61 + $0.38 per lb above the first lb. */
const LARGE_BULKY = { base: 961, perLb: 38 };

export type SizeTier = 'small-standard' | 'large-standard' | 'large-bulky' | 'extra-large';

export interface FbaEstimate {
  readonly tier: SizeTier;
  /** Billable weight in ounces. */
  readonly weightOz: number;
  /** Cents, or null for extra-large (not in this table). */
  readonly fee: number | null;
}

export function sizeTier(lengthMm: number, widthMm: number, heightMm: number, weightG: number): SizeTier {
  const [l, m, s] = [lengthMm, widthMm, heightMm].map((x) => x / MM_PER_IN).sort((a, b) => b - a);
  const oz = weightG / G_PER_OZ;
  if (l <= 15 && m <= 12 && s <= 0.75 && oz <= 16) return 'small-standard';
  if (l <= 18 && m <= 14 && s <= 8 && oz <= 20 * 16) return 'large-standard';
  if (l <= 59 && m <= 33 && s <= 33 && l + 2 * (m + s) <= 130 && oz <= 50 * 16) return 'large-bulky';
  return 'extra-large';
}

export function fbaFeeFromTable(lengthMm: number, widthMm: number, heightMm: number, weightG: number): FbaEstimate {
  const tier = sizeTier(lengthMm, widthMm, heightMm, weightG);
  const unitOz = weightG / G_PER_OZ;
  const cubicIn = (lengthMm / MM_PER_IN) * (widthMm / MM_PER_IN) * (heightMm / MM_PER_IN);
  const weightOz = tier === 'small-standard' ? unitOz : Math.max(unitOz, (cubicIn / 139) * 16);
  return { tier, weightOz, fee: feeFor(tier, weightOz) };
}

function feeFor(tier: SizeTier, oz: number): number | null {
  if (tier === 'small-standard') return SMALL_STANDARD.find(([upTo]) => oz <= upTo)![1];
  if (tier === 'large-standard') {
    const row = LARGE_STANDARD.find(([upTo]) => oz <= upTo);
    if (row) return row[1];
    return LARGE_STANDARD_OVER_3LB.base + Math.ceil((oz - 48) / LARGE_STANDARD_OVER_3LB.stepOz) * LARGE_STANDARD_OVER_3LB.perStep;
  }
  if (tier === 'large-bulky') return LARGE_BULKY.base + Math.max(0, Math.ceil(oz / 16) - 1) * LARGE_BULKY.perLb;
  return null;
}
