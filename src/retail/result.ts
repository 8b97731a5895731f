/** One product's answer: the `--json` contract (camelCase, money in the marketplace currency's major unit). */
export type Verdict = 'buy' | 'watch' | 'skip';

export interface RetailFees {
  readonly referral: number;
  readonly fba: number;
  readonly shipping: number;
  readonly prep: number;
  readonly tax: number;
  readonly returns: number;
}

export interface RetailResult {
  readonly asin: string | null;
  /** The code the row gave (ASIN, UPC or EAN) and its input line. */
  readonly code: string;
  readonly codeType: 'asin' | 'upc' | 'ean';
  readonly line: number;
  readonly title: string;
  readonly currency: string;
  readonly cost: number;
  readonly qty: number;
  readonly sellPrice: number | null;
  readonly sellPriceBasis: 'buyBox' | 'avg90' | 'lowestNew' | null;
  readonly buyBox: number | null;
  readonly buyBoxAvg90: number | null;
  readonly fees: RetailFees | null;
  readonly feesTotal: number | null;
  readonly fbaFeeBasis: 'keepa' | 'table' | null;
  readonly referralPct: number | null;
  readonly profit: number | null;
  readonly roiPct: number | null;
  readonly marginPct: number | null;
  readonly breakEven: number | null;
  readonly salesRank: number | null;
  readonly category: number | null;
  readonly monthlySales: number | null;
  readonly monthlySalesBasis: 'monthlySold' | 'rankDrops30' | null;
  readonly daysToSell: number | null;
  readonly competitors: number | null;
  /** (max − min) / avg of the buy box over 90 days, percent. */
  readonly volatilityPct: number | null;
  readonly flags: readonly string[];
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
  readonly note?: string;
  /** The same ASIN in the latest earlier batch, when the store has one. */
  readonly previous?: { readonly batchId: number; readonly createdAt: string; readonly roiPct: number | null; readonly profit: number | null };
  readonly roiChangePct?: number | null;
}

const RANK: Readonly<Record<Verdict, number>> = { buy: 0, watch: 1, skip: 2 };

/** Table order: buy, watch, skip; then ROI, best first (unpriced last). */
export function compareResults(a: RetailResult, b: RetailResult): number {
  return RANK[a.verdict] - RANK[b.verdict] || (b.roiPct ?? -Infinity) - (a.roiPct ?? -Infinity) || a.line - b.line;
}
