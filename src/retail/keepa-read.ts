import { AMAZON_SELLER_IDS, PRICE_TYPE, type KeepaExtreme, type KeepaProduct, type KeepaStats } from './keepa-types.js';
import { keepaMinuteToMs } from './keepa-time.js';

/**
 * One Keepa product read into the facts the rules need. Money stays in minor units (integers,
 * as Keepa sends them); Keepa's -1 ("no offer") and -2 ("no data") become null, never a price.
 */
export interface ProductFacts {
  readonly asin: string;
  readonly title: string;
  readonly category?: number;
  readonly categoryName?: string;
  /** Buy box price now (with shipping), minor units. */
  readonly buyBoxNow: number | null;
  /** 90-day weighted mean of the buy box (BUY_BOX_SHIPPING), minor units. */
  readonly buyBoxAvg90: number | null;
  /** Lowest new offer now, used when there is no buy box. */
  readonly newNow: number | null;
  readonly min90: number | null;
  readonly max90: number | null;
  readonly salesRank: number | null;
  readonly monthlySold: number | null;
  readonly rankDrops30: number | null;
  readonly fbaCompetitors: number | null;
  readonly referralFeePct: number | null;
  /** Keepa's FBA pick & pack fee, minor units. */
  readonly fbaFee: number | null;
  /** Package in mm and g (null when Keepa has 0 or -1). */
  readonly pkg: { readonly lengthMm: number; readonly widthMm: number; readonly heightMm: number; readonly weightG: number } | null;
  readonly amazonOnListing: boolean;
  readonly buyBoxSellerId: string | null;
  readonly hazmat: boolean;
  readonly adult: boolean;
  /** Time of Keepa's last update of the product, epoch ms. */
  readonly updatedMs?: number;
}

/** Keepa integer price → minor units, or null for -1/-2/garbage. */
export function price(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

const at = (arr: readonly number[] | null | undefined, i: number): number | null => (Array.isArray(arr) ? price(arr[i]) : null);
const extreme = (arr: readonly KeepaExtreme[] | null | undefined, i: number): number | null => {
  const e = Array.isArray(arr) ? arr[i] : null;
  return Array.isArray(e) ? price(e[1]) : null;
};
const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/** A product payload we cannot read (no ASIN, stats not an object…). */
export class MalformedProduct extends Error {}

/** Reads one element of Keepa's `products` array; throws MalformedProduct for garbage. */
export function readProduct(raw: unknown, nowMs: number): ProductFacts {
  if (!raw || typeof raw !== 'object') throw new MalformedProduct('product is not an object');
  const p = raw as KeepaProduct;
  if (typeof p.asin !== 'string' || !/^[A-Z0-9]{10}$/.test(p.asin)) throw new MalformedProduct(`product has no valid asin (${JSON.stringify(p.asin)?.slice(0, 20)})`);
  if (p.stats != null && (typeof p.stats !== 'object' || Array.isArray(p.stats))) throw new MalformedProduct(`${p.asin}: stats is not an object`);
  if (p.csv != null && !Array.isArray(p.csv)) throw new MalformedProduct(`${p.asin}: csv is not an array`);
  const s: KeepaStats = p.stats ?? {};
  const B = PRICE_TYPE.BUY_BOX_SHIPPING;
  const history = buyBoxRange90(p, nowMs);
  const sellerId = typeof s.buyBoxSellerId === 'string' ? s.buyBoxSellerId : lastSeller(p.buyBoxSellerIdHistory);
  const refPct = positive(p.referralFeePercentage) ?? positive(p.referralFeePercent);
  const dims = [p.packageLength, p.packageWidth, p.packageHeight, p.packageWeight].map(positive);
  const fba = positive(p.fbaFees?.pickAndPackFee);
  const competitors = typeof s.offerCountFBA === 'number' && s.offerCountFBA >= 0 ? s.offerCountFBA : at(s.current, PRICE_TYPE.COUNT_NEW_FBA);
  const cat = positive(p.salesRankReference) ?? positive(p.rootCategory) ?? undefined;
  return {
    asin: p.asin,
    title: typeof p.title === 'string' ? p.title : '',
    category: cat,
    categoryName: p.categoryTree?.[0]?.name,
    buyBoxNow: price(s.buyBoxPrice) ?? at(s.current, B),
    buyBoxAvg90: at(s.avg90, B),
    newNow: at(s.current, PRICE_TYPE.NEW),
    min90: history?.min ?? extreme(s.minInInterval, B),
    max90: history?.max ?? extreme(s.maxInInterval, B),
    salesRank: at(s.current, PRICE_TYPE.SALES),
    monthlySold: positive(p.monthlySold),
    rankDrops30: typeof s.salesRankDrops30 === 'number' && s.salesRankDrops30 >= 0 ? s.salesRankDrops30 : null,
    fbaCompetitors: competitors,
    referralFeePct: refPct,
    fbaFee: fba,
    pkg: dims.every((d) => d !== null) ? { lengthMm: dims[0]!, widthMm: dims[1]!, heightMm: dims[2]!, weightG: dims[3]! } : null,
    amazonOnListing: s.buyBoxIsAmazon === true || (sellerId !== null && AMAZON_SELLER_IDS.has(sellerId)) || at(s.current, PRICE_TYPE.AMAZON) !== null || (typeof p.availabilityAmazon === 'number' && p.availabilityAmazon >= 0),
    buyBoxSellerId: sellerId,
    hazmat: Array.isArray(p.hazardousMaterials) && p.hazardousMaterials.length > 0,
    adult: p.isAdultProduct === true,
    updatedMs: typeof p.lastUpdate === 'number' && p.lastUpdate > 0 ? keepaMinuteToMs(p.lastUpdate) : undefined,
  };
}

/** The last buy-box holder in [t, id, t, id, …]; "-1"/"-2" (nobody / unknown) read as null. */
function lastSeller(h: readonly string[] | null | undefined): string | null {
  if (!Array.isArray(h) || h.length < 2) return null;
  const id = h[h.length - 1];
  return typeof id === 'string' && id !== '-1' && id !== '-2' ? id : null;
}

/**
 * Lowest and highest buy box over the last 90 days from the csv history. BUY_BOX_SHIPPING is
 * stored in triples [minute, price, shipping] (Product.CsvType isWithShipping), the price
 * including shipping already; the value in force at the window start counts too.
 */
export function buyBoxRange90(p: KeepaProduct, nowMs: number): { min: number; max: number } | undefined {
  const h = Array.isArray(p.csv) ? p.csv[PRICE_TYPE.BUY_BOX_SHIPPING] : null;
  if (!Array.isArray(h) || h.length < 3) return undefined;
  const from = nowMs - 90 * 86_400_000;
  let min = Infinity;
  let max = -Infinity;
  let before: number | null = null;
  for (let i = 0; i + 1 < h.length; i += 3) {
    const t = keepaMinuteToMs(h[i]);
    const v = price(h[i + 1]);
    if (t < from) {
      before = v;
      continue;
    }
    if (v !== null) (min = Math.min(min, v)), (max = Math.max(max, v));
  }
  if (before !== null) (min = Math.min(min, before)), (max = Math.max(max, before));
  return min === Infinity ? undefined : { min, max };
}
