/**
 * Keepa's wire shapes, as far as arblens reads them. Field names and meanings follow Keepa's
 * own Java backend (github.com/keepacom/api_backend, structs/Product.java, Stats.java,
 * Response.java) and the `keepa` Python client (github.com/akaszynski/keepa). Prices are integers
 * in the marketplace's smallest currency unit (cents; yen on JP); -1 means "no offer", -2 "no data".
 */

/** `stats.min`/`max`/`minInInterval`/`maxInInterval` entries: [keepaMinute, value] or null. */
export type KeepaExtreme = readonly [number, number] | null;

export interface KeepaStats {
  /** Indexed by price type (see PRICE_TYPE). */
  readonly current?: readonly number[] | null;
  readonly avg30?: readonly number[] | null;
  readonly avg90?: readonly number[] | null;
  readonly min?: readonly KeepaExtreme[] | null;
  readonly max?: readonly KeepaExtreme[] | null;
  readonly minInInterval?: readonly KeepaExtreme[] | null;
  readonly maxInInterval?: readonly KeepaExtreme[] | null;
  /** With the buybox or offers parameter: -2 when unknown. */
  readonly buyBoxPrice?: number;
  readonly buyBoxShipping?: number;
  readonly buyBoxSellerId?: string | null;
  readonly buyBoxIsAmazon?: boolean | null;
  readonly buyBoxIsFBA?: boolean | null;
  /** -2 when unknown. */
  readonly offerCountFBA?: number;
  readonly offerCountFBM?: number;
  /** -1 when unknown. */
  readonly salesRankDrops30?: number;
  readonly salesRankDrops90?: number;
}

export interface KeepaFbaFees {
  readonly pickAndPackFee?: number;
  readonly storageFee?: number;
}

export interface KeepaProduct {
  readonly asin: string;
  readonly domainId?: number;
  readonly title?: string | null;
  readonly rootCategory?: number;
  readonly salesRankReference?: number;
  readonly categoryTree?: readonly { readonly catId: number; readonly name: string }[] | null;
  readonly upcList?: readonly string[] | null;
  readonly eanList?: readonly string[] | null;
  /** Millimetres and grams; 0 or -1 when not available. */
  readonly packageHeight?: number;
  readonly packageLength?: number;
  readonly packageWidth?: number;
  readonly packageWeight?: number;
  /** Percent, e.g. 15 or 8.0. null when unknown. */
  readonly referralFeePercentage?: number | null;
  /** Deprecated integer form Keepa still sends on older products. */
  readonly referralFeePercent?: number | null;
  readonly fbaFees?: KeepaFbaFees | null;
  /** "Bought in past month" as Amazon shows it; 0/absent when Amazon shows nothing. */
  readonly monthlySold?: number | null;
  /** -1 no Amazon offer; 0 in stock; other codes: pre-order, back-order… */
  readonly availabilityAmazon?: number;
  /** [keepaMinute, sellerId, keepaMinute, sellerId, …]; "-1" nobody, "-2" unknown seller. */
  readonly buyBoxSellerIdHistory?: readonly string[] | null;
  readonly hazardousMaterials?: readonly { readonly aspect?: string; readonly value?: string }[] | null;
  readonly isAdultProduct?: boolean;
  readonly lastUpdate?: number;
  /** History per price type: [keepaMinute, value, keepaMinute, value, …] (BUY_BOX_SHIPPING: [t, price, shipping, …]). */
  readonly csv?: readonly (readonly number[] | null)[] | null;
  readonly stats?: KeepaStats | null;
}

/** Every Keepa answer carries the token budget. */
export interface KeepaEnvelope {
  readonly timestamp?: number;
  readonly tokensLeft?: number;
  /** Milliseconds until the next refill. */
  readonly refillIn?: number;
  /** Tokens added per minute. */
  readonly refillRate?: number;
  readonly tokensConsumed?: number;
  readonly error?: { readonly type?: string; readonly message?: string } | null;
}

export interface KeepaProductResponse extends KeepaEnvelope {
  readonly products?: readonly unknown[] | null;
}

/** Indices into `csv` and the `stats` arrays (Product.CsvType). */
export const PRICE_TYPE = {
  AMAZON: 0,
  NEW: 1,
  SALES: 3,
  NEW_FBA: 10,
  COUNT_NEW: 11,
  BUY_BOX_SHIPPING: 18,
  COUNT_NEW_FBA: 34,
} as const;

/** Amazon's own seller id on amazon.com (buy-box seller when Amazon holds the box). */
export const AMAZON_SELLER_IDS: ReadonlySet<string> = new Set(['ATVPDKIKX0DER', 'A3P5ROKL5A1OLE', 'A1PA6795UKMFR9', 'A13V1IB3VIYZZH', 'AN1VRQENFRJN5', 'A3DWYIK6Y9EEQB']);
