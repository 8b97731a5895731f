import type { ProductFacts } from './keepa-read.js';
import { fbaFeeFromTable } from './fba-fees.js';
import type { Marketplace } from './marketplaces.js';
import { byCategory, type Rules } from './rules.js';
import type { RetailFees, RetailResult, Verdict } from './result.js';
import type { InputItem } from './input.js';

const G_PER_LB = 453.59237;

/**
 * The ROI engine for one product. All money is computed in integer minor units (cents), each
 * fee rounded to the cent once, so the JSON adds up exactly:
 *   profit = sellPrice − cost − Σ fees;  roiPct = profit / cost × 100;  marginPct = profit / sellPrice × 100.
 */
export function analyzeProduct(item: InputItem, facts: ProductFacts, rules: Rules, m: Marketplace, extraFlags: readonly string[] = []): RetailResult {
  const unit = 10 ** m.decimals;
  const major = (minor: number) => minor / unit;
  const cost = Math.round(item.cost * unit);
  const flags = [...extraFlags];
  const sell = sellPrice(facts, rules);
  const base = unpricedResult(item, m, facts.asin, facts.title);
  const common = {
    ...base,
    buyBox: facts.buyBoxNow === null ? null : major(facts.buyBoxNow),
    buyBoxAvg90: facts.buyBoxAvg90 === null ? null : major(facts.buyBoxAvg90),
    salesRank: facts.salesRank,
    category: facts.category ?? null,
    competitors: facts.fbaCompetitors,
    volatilityPct: volatility(facts),
  };
  if (facts.amazonOnListing) flags.push('amazon-on-listing');
  if (facts.hazmat) flags.push('hazmat');
  if (facts.adult) flags.push('adult');
  if (facts.buyBoxNow !== null && facts.buyBoxAvg90 !== null && facts.buyBoxNow > facts.buyBoxAvg90 * (1 + rules.spikePct / 100)) flags.push('buy-box-spike');
  if (!sell) return { ...common, flags, reasons: ['no buy box, 90-day average or new offer price on Keepa: cannot price it'] };

  const refPct = facts.referralFeePct !== null && rules.referralFee === 'keepa' ? facts.referralFeePct : byCategory(rules.referralFeeByCategory, facts.category) ?? 15;
  const fba = fbaFee(facts, rules);
  if (fba.fee === null) return { ...common, sellPrice: major(sell.price), sellPriceBasis: sell.basis, flags: [...flags, 'fba-fee-unknown'], reasons: ['no FBA fee on Keepa and no package size/weight in the fee table (or the item is extra-large): cannot price it'] };
  const weightLb = facts.pkg ? facts.pkg.weightG / G_PER_LB : 0;
  const fixed = {
    fba: fba.fee,
    shipping: Math.round((rules.inboundShippingPerUnit + rules.inboundShippingPerLb * weightLb) * unit),
    prep: Math.round(rules.prepPerUnit * unit),
    tax: Math.round((cost * rules.salesTaxPct) / 100),
  };
  const minRef = Math.round(rules.minReferralFee * unit);
  const feesAt = (p: number): RetailFees => ({ referral: Math.max(minRef, Math.round((p * refPct) / 100)), ...fixed, returns: Math.round((p * rules.returnsPct) / 100) });
  const fees = feesAt(sell.price);
  const feesTotal = fees.referral + fees.fba + fees.shipping + fees.prep + fees.tax + fees.returns;
  const profit = sell.price - cost - feesTotal;
  const roiPct = cost > 0 ? (profit / cost) * 100 : null;
  const marginPct = (profit / sell.price) * 100;
  const sales = monthlySales(facts);
  const daysToSell = sales.value && sales.value > 0 ? Math.ceil((item.qty * 30 * ((facts.fbaCompetitors ?? 0) + 1)) / sales.value) : null;
  if (fba.basis === 'table') flags.push('fba-fee-estimated');
  const { verdict, reasons } = decide(rules, { profit: major(profit), roiPct, facts, sales: sales.value, flags, currency: m.currency });
  return {
    ...common,
    sellPrice: major(sell.price),
    sellPriceBasis: sell.basis,
    fees: mapFees(fees, major),
    feesTotal: major(feesTotal),
    fbaFeeBasis: fba.basis,
    referralPct: refPct,
    profit: major(profit),
    roiPct,
    marginPct,
    breakEven: major(breakEven(cost + fixed.fba + fixed.shipping + fixed.prep + fixed.tax, refPct, rules.returnsPct, minRef)),
    monthlySales: sales.value,
    monthlySalesBasis: sales.basis,
    daysToSell,
    flags,
    verdict,
    reasons,
  };
}

/** A row that never got a product (unknown code, malformed payload, token cap). */
export function unpricedResult(item: InputItem, m: Marketplace, asin: string | null, title = '', reason?: string, flags: readonly string[] = []): RetailResult {
  return {
    asin, code: item.code, codeType: item.codeType, line: item.line, title, currency: m.currency, cost: item.cost, qty: item.qty,
    sellPrice: null, sellPriceBasis: null, buyBox: null, buyBoxAvg90: null, fees: null, feesTotal: null, fbaFeeBasis: null, referralPct: null,
    profit: null, roiPct: null, marginPct: null, breakEven: null, salesRank: null, category: null, monthlySales: null, monthlySalesBasis: null,
    daysToSell: null, competitors: null, volatilityPct: null, flags, verdict: 'skip', reasons: reason ? [reason] : [], note: item.note,
  };
}

function sellPrice(f: ProductFacts, r: Rules): { price: number; basis: 'buyBox' | 'avg90' | 'lowestNew' } | undefined {
  const bb = f.buyBoxNow;
  const avg = f.buyBoxAvg90;
  if (r.sellPrice === 'buyBox' && bb !== null) return { price: bb, basis: 'buyBox' };
  if (r.sellPrice === 'avg90' && avg !== null) return { price: avg, basis: 'avg90' };
  if (r.sellPrice === 'lower' && (bb !== null || avg !== null)) {
    return bb !== null && (avg === null || bb <= avg) ? { price: bb, basis: 'buyBox' } : { price: avg!, basis: 'avg90' };
  }
  // No buy box data at all: the lowest new offer is the only price a buyer sees.
  return f.newNow !== null ? { price: f.newNow, basis: 'lowestNew' } : undefined;
}

function fbaFee(f: ProductFacts, r: Rules): { fee: number | null; basis: 'keepa' | 'table' | null } {
  if (r.fbaFee === 'keepa' && f.fbaFee !== null) return { fee: f.fbaFee, basis: 'keepa' };
  if (!f.pkg) return { fee: null, basis: null };
  return { fee: fbaFeeFromTable(f.pkg.lengthMm, f.pkg.widthMm, f.pkg.heightMm, f.pkg.weightG).fee, basis: 'table' };
}

/**
 * Lowest price that loses nothing: P − fixed − max(minRef, P·ref) − P·ret = 0, so
 * P = fixed / (1 − ref − ret), or (fixed + minRef) / (1 − ret) when the minimum referral applies.
 * Rounded up to the cent.
 */
export function breakEven(fixedMinor: number, refPct: number, returnsPct: number, minRefMinor: number): number {
  const p = fixedMinor / (1 - refPct / 100 - returnsPct / 100);
  const atMin = (p * refPct) / 100 < minRefMinor;
  return Math.ceil((atMin ? (fixedMinor + minRefMinor) / (1 - returnsPct / 100) : p) - 1e-9);
}

function monthlySales(f: ProductFacts): { value: number | null; basis: 'monthlySold' | 'rankDrops30' | null } {
  if (f.monthlySold !== null) return { value: f.monthlySold, basis: 'monthlySold' };
  // Each sales-rank drop is (at least) one sale: Keepa's usual proxy where Amazon shows no count.
  if (f.rankDrops30 !== null) return { value: f.rankDrops30, basis: 'rankDrops30' };
  return { value: null, basis: null };
}

function volatility(f: ProductFacts): number | null {
  if (f.min90 === null || f.max90 === null || !f.buyBoxAvg90) return null;
  return ((f.max90 - f.min90) / f.buyBoxAvg90) * 100;
}

function mapFees(f: RetailFees, major: (n: number) => number): RetailFees {
  return { referral: major(f.referral), fba: major(f.fba), shipping: major(f.shipping), prep: major(f.prep), tax: major(f.tax), returns: major(f.returns) };
}

interface Decision {
  readonly profit: number;
  readonly roiPct: number | null;
  readonly facts: ProductFacts;
  readonly sales: number | null;
  readonly flags: readonly string[];
  readonly currency: string;
}

/**
 * skip: a hard rule fails (profit, ROI, Amazon on the listing, hazmat/restricted);
 * watch: profitable, but slow or crowded (sales rank, monthly sales, FBA competitors);
 * buy: every rule passes. Reasons list every rule that decided it.
 */
function decide(r: Rules, d: Decision): { verdict: Verdict; reasons: string[] } {
  const hard: string[] = [];
  const soft: string[] = [];
  const fmt = (n: number) => n.toFixed(2);
  if (d.profit < r.minProfit) hard.push(`profit ${fmt(d.profit)} ${d.currency} < minProfit ${fmt(r.minProfit)}`);
  if (d.roiPct === null || d.roiPct < r.minRoiPct) hard.push(`ROI ${d.roiPct === null ? 'n/a' : fmt(d.roiPct) + '%'} < minRoiPct ${r.minRoiPct}%`);
  if (r.skipIfAmazonSells && d.facts.amazonOnListing) hard.push('Amazon sells on the listing');
  if (r.skipHazmat && d.facts.hazmat) hard.push('hazmat (Keepa hazardousMaterials)');
  if (r.skipHazmat && d.facts.adult) hard.push('adult product (restricted)');
  const maxRank = byCategory(r.maxSalesRank, d.facts.category);
  if (maxRank !== undefined) {
    if (d.facts.salesRank === null) soft.push('no sales rank on Keepa');
    else if (d.facts.salesRank > maxRank) soft.push(`sales rank ${d.facts.salesRank} > maxSalesRank ${maxRank}${d.facts.category !== undefined ? ` (category ${d.facts.category})` : ''}`);
  }
  if (d.sales === null) soft.push('no monthly sales estimate');
  else if (d.sales < r.minMonthlySales) soft.push(`monthly sales ${d.sales} < minMonthlySales ${r.minMonthlySales}`);
  if (d.facts.fbaCompetitors !== null && d.facts.fbaCompetitors > r.maxFbaCompetitors) soft.push(`${d.facts.fbaCompetitors} FBA competitors > maxFbaCompetitors ${r.maxFbaCompetitors}`);
  if (hard.length) return { verdict: 'skip', reasons: [...hard, ...soft] };
  if (soft.length) return { verdict: 'watch', reasons: soft };
  return { verdict: 'buy', reasons: [`profit ${fmt(d.profit)} ${d.currency} ≥ ${fmt(r.minProfit)}`, `ROI ${fmt(d.roiPct!)}% ≥ ${r.minRoiPct}%`, 'sales rank, monthly sales and competitors within the rules'] };
}
