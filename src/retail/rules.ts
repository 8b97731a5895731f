import { UsageError } from '../core/errors.js';

/**
 * The reseller's business rules (`--rules rules.json`). Money is in the marketplace's major
 * unit (dollars), percentages in percent. Every field is optional; DEFAULT_RULES fills the rest.
 * The README lists every field with its default.
 */
export interface Rules {
  /** Which price the product is expected to sell at. */
  readonly sellPrice: 'buyBox' | 'avg90' | 'lower';
  /** 'keepa': the product's own referralFeePercentage, else the category table; 'table': the table only. */
  readonly referralFee: 'keepa' | 'table';
  /** Referral percent by Keepa category id (root or sales-rank category); "*" for any other. */
  readonly referralFeeByCategory: Readonly<Record<string, number>>;
  /** Amazon's minimum referral fee per unit. */
  readonly minReferralFee: number;
  /** 'keepa': Keepa's fbaFees.pickAndPackFee, else the size/weight table; 'table': the table only. */
  readonly fbaFee: 'keepa' | 'table';
  readonly inboundShippingPerUnit: number;
  readonly inboundShippingPerLb: number;
  readonly prepPerUnit: number;
  /** Sales tax paid on the buy cost, percent. */
  readonly salesTaxPct: number;
  /** Returns allowance, percent of the sell price. */
  readonly returnsPct: number;
  readonly minRoiPct: number;
  readonly minProfit: number;
  /** Highest sales rank (BSR) to buy, by Keepa category id; "*" for any other. */
  readonly maxSalesRank: Readonly<Record<string, number>>;
  readonly minMonthlySales: number;
  readonly maxFbaCompetitors: number;
  readonly skipIfAmazonSells: boolean;
  readonly skipHazmat: boolean;
  /** A buy box this much above its 90-day average is flagged as a spike, percent. */
  readonly spikePct: number;
}

export const DEFAULT_RULES: Rules = {
  sellPrice: 'lower',
  referralFee: 'keepa',
  referralFeeByCategory: { '*': 15 },
  minReferralFee: 0.3,
  fbaFee: 'keepa',
  inboundShippingPerUnit: 0,
  inboundShippingPerLb: 0.5,
  prepPerUnit: 0,
  salesTaxPct: 0,
  returnsPct: 2,
  minRoiPct: 30,
  minProfit: 3,
  maxSalesRank: { '*': 100_000 },
  minMonthlySales: 10,
  maxFbaCompetitors: 15,
  skipIfAmazonSells: true,
  skipHazmat: true,
  spikePct: 20,
};

const ENUMS: Partial<Record<keyof Rules, readonly string[]>> = {
  sellPrice: ['buyBox', 'avg90', 'lower'],
  referralFee: ['keepa', 'table'],
  fbaFee: ['keepa', 'table'],
};
const BOOLS: readonly (keyof Rules)[] = ['skipIfAmazonSells', 'skipHazmat'];
const MAPS: readonly (keyof Rules)[] = ['referralFeeByCategory', 'maxSalesRank'];

/** Validates a parsed rules file over the defaults; each error names the field, the value and the fix. */
export function parseRules(raw: unknown, source = '--rules'): Rules {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${source}: the rules file must be a JSON object — see README "arblens retail" for the fields`);
  const out: Record<string, unknown> = { ...DEFAULT_RULES };
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in DEFAULT_RULES)) throw new UsageError(`${source}: unknown field '${k}' — fields are ${Object.keys(DEFAULT_RULES).join(', ')}`);
    const key = k as keyof Rules;
    const bad = (want: string) => new UsageError(`${source}: ${k} ${JSON.stringify(v)} is not ${want}`);
    if (ENUMS[key]) {
      if (!ENUMS[key]!.includes(v as string)) throw bad(`one of ${ENUMS[key]!.join(', ')}`);
    } else if (BOOLS.includes(key)) {
      if (typeof v !== 'boolean') throw bad('true or false');
    } else if (MAPS.includes(key)) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('an object of category id → number (with "*" for any other)');
      for (const [c, n] of Object.entries(v)) if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new UsageError(`${source}: ${k}.${c} ${JSON.stringify(n)} is not a number ≥ 0`);
      out[k] = { ...(DEFAULT_RULES[key] as object), ...v };
      continue;
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad('a number ≥ 0');
    out[k] = v;
  }
  return out as unknown as Rules;
}

/** A per-category rule: the category's own entry, else "*". */
export function byCategory(map: Readonly<Record<string, number>>, category: number | undefined): number | undefined {
  return (category !== undefined ? map[String(category)] : undefined) ?? map['*'];
}
