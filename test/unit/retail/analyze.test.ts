// The ROI engine on hand-computed products (test/fixtures/keepa/products.json), default rules:
// sellPrice 'lower', referral = product's %, min $0.30, FBA = Keepa's pickAndPackFee, inbound
// $0.50/lb, returns 2 %, minRoi 30 %, minProfit $3, maxSalesRank 100 000, minMonthlySales 10.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeProduct, breakEven } from '../../../src/retail/analyze.js';
import { readProduct } from '../../../src/retail/keepa-read.js';
import { keepaMinuteToMs } from '../../../src/retail/keepa-time.js';
import { marketplace } from '../../../src/retail/marketplaces.js';
import { DEFAULT_RULES, parseRules } from '../../../src/retail/rules.js';
import type { InputItem } from '../../../src/retail/input.js';
import { keepaProducts } from '../../helpers/keepa-server.js';

const NOW = keepaMinuteToMs(7_500_000);
const US = marketplace('US');
const raw = Object.fromEntries(keepaProducts().map((p) => [p.asin as string, p]));
const facts = (asin: string) => readProduct(raw[asin], NOW);
const item = (code: string, cost: number, qty = 1): InputItem => ({ line: 2, code, codeType: 'asin', cost, qty });

describe('retail analyzeProduct (hand-computed)', () => {
  it('a product whose ROI clears every rule: buy, with each fee to the cent', () => {
    const r = analyzeProduct(item('B000CLEAR1', 10, 10), facts('B000CLEAR1'), DEFAULT_RULES, US);
    // sell = min(buy box 29.99, avg90 30.99) = 29.99 (buyBox)
    assert.equal(r.sellPrice, 29.99);
    assert.equal(r.sellPriceBasis, 'buyBox');
    // referral round(2999 × 15 %) = round(449.85) = 450 ¢; fba 422 ¢ (Keepa); shipping 0.50 $/lb × 454 g
    // (1.0009 lb) = 50.05 → 50 ¢; returns round(2999 × 2 %) = round(59.98) = 60 ¢
    assert.deepEqual(r.fees, { referral: 4.5, fba: 4.22, shipping: 0.5, prep: 0, tax: 0, returns: 0.6 });
    // profit = 2999 − 1000 − (450 + 422 + 50 + 60) = 1017 ¢
    assert.equal(r.profit, 10.17);
    assert.equal(r.roiPct!.toFixed(6), (101.7).toFixed(6)); // 1017 / 1000 × 100
    assert.equal(r.marginPct!.toFixed(6), ((1017 / 2999) * 100).toFixed(6));
    // break-even: (1000 + 422 + 50) / (1 − 0.15 − 0.02) = 1773.49 → 1774 ¢
    assert.equal(r.breakEven, 17.74);
    // days to sell 10 units: 300 sold/month shared by 4 FBA competitors + us: ceil(10 × 30 × 5 / 300) = 5
    assert.equal(r.monthlySales, 300);
    assert.equal(r.monthlySalesBasis, 'monthlySold');
    assert.equal(r.daysToSell, 5);
    assert.equal(r.competitors, 4);
    // csv BUY_BOX_SHIPPING over 90 days: 27.99 in force at the window start, 31.99, 29.99 → (3199 − 2799) / 3099
    assert.equal(r.volatilityPct!.toFixed(6), ((400 / 3099) * 100).toFixed(6));
    assert.equal(r.verdict, 'buy');
    assert.deepEqual(r.flags, []);
    // the contract's identity holds on the JSON numbers
    const f = r.fees!;
    assert.equal(Math.round((r.sellPrice! - r.cost - (f.referral + f.fba + f.shipping + f.prep + f.tax + f.returns)) * 100), Math.round(r.profit! * 100));
  });

  it('fails only on sales rank: watch, and the reason says so', () => {
    const r = analyzeProduct(item('B000SLOWR2', 10), facts('B000SLOWR2'), DEFAULT_RULES, US);
    assert.equal(r.profit, 10.17); // same money as the product above
    assert.equal(r.verdict, 'watch');
    assert.deepEqual(r.reasons, ['sales rank 250000 > maxSalesRank 100000 (category 165793011)']);
    // a per-category limit above the rank turns it into a buy
    const lenient = parseRules({ maxSalesRank: { '165793011': 300000 } });
    assert.equal(analyzeProduct(item('B000SLOWR2', 10), facts('B000SLOWR2'), lenient, US).verdict, 'buy');
  });

  it('Amazon sells on the listing: skip (unless the rule is off)', () => {
    const f = facts('B000AMZN03');
    assert.equal(f.amazonOnListing, true);
    assert.equal(f.buyBoxSellerId, 'ATVPDKIKX0DER');
    const r = analyzeProduct(item('B000AMZN03', 10), f, DEFAULT_RULES, US);
    assert.equal(r.verdict, 'skip');
    assert.deepEqual(r.reasons, ['Amazon sells on the listing']);
    assert.ok(r.flags.includes('amazon-on-listing'));
    assert.equal(analyzeProduct(item('B000AMZN03', 10), f, parseRules({ skipIfAmazonSells: false }), US).verdict, 'buy');
  });

  it('a 90-day average far below the buy box: priced at the average, flagged, skipped', () => {
    const r = analyzeProduct(item('B000SPIKE4', 15), facts('B000SPIKE4'), DEFAULT_RULES, US);
    // lower of 49.99 and 24.99 → 24.99; referral round(374.85) = 375; returns round(49.98) = 50;
    // profit = 2499 − 1500 − (375 + 422 + 50 + 50) = 102 ¢; ROI 102 / 1500 = 6.8 %
    assert.equal(r.sellPrice, 24.99);
    assert.equal(r.sellPriceBasis, 'avg90');
    assert.equal(r.profit, 1.02);
    assert.equal(r.roiPct!.toFixed(6), (6.8).toFixed(6));
    assert.ok(r.flags.includes('buy-box-spike')); // 4999 > 2499 × 1.2
    assert.equal(r.verdict, 'skip');
    assert.deepEqual(r.reasons.slice(0, 2), ['profit 1.02 USD < minProfit 3.00', 'ROI 6.80% < minRoiPct 30%']);
    // priced at the buy box instead: referral 750, returns 100 → profit 4999 − 1500 − 1322 = 2177 ¢
    const bb = analyzeProduct(item('B000SPIKE4', 15), facts('B000SPIKE4'), parseRules({ sellPrice: 'buyBox' }), US);
    assert.equal(bb.profit, 21.77);
    assert.equal(bb.verdict, 'buy');
  });

  it('no Keepa FBA fee: the dated size/weight table, flagged as estimated', () => {
    const r = analyzeProduct(item('B000TABLE8', 10), facts('B000TABLE8'), DEFAULT_RULES, US);
    // 250 × 200 × 100 mm = 9.84 × 7.87 × 3.94 in: large standard; dimensional weight
    // 305.1 in³ / 139 = 2.195 lb = 35.1 oz > unit 680 g (24.0 oz) → the 32–36 oz band: $5.87
    assert.equal(r.fees!.fba, 5.87);
    assert.equal(r.fbaFeeBasis, 'table');
    assert.ok(r.flags.includes('fba-fee-estimated'));
  });

  it('sales tax on cost and prep are added as fees; JPY has no minor unit', () => {
    const rules = parseRules({ salesTaxPct: 8.25, prepPerUnit: 0.35, inboundShippingPerLb: 0, returnsPct: 0 });
    const r = analyzeProduct(item('B000CLEAR1', 10), facts('B000CLEAR1'), rules, US);
    // tax round(1000 × 8.25 %) = 82.5 → 83 ¢ (half away from zero on .5: Math.round); prep 35 ¢
    assert.equal(r.fees!.tax, 0.83);
    assert.equal(r.fees!.prep, 0.35);
    assert.equal(r.profit, (2999 - 1000 - 450 - 422 - 83 - 35) / 100);
    const jp = analyzeProduct(item('B000CLEAR1', 1000), facts('B000CLEAR1'), parseRules({ inboundShippingPerLb: 0, returnsPct: 0 }), marketplace('JP'));
    // Keepa JP prices are yen: sell ¥2999, referral round(449.85) = ¥450, fba ¥422 → profit 2999 − 1000 − 872 = ¥1127
    assert.equal(jp.currency, 'JPY');
    assert.equal(jp.sellPrice, 2999);
    assert.equal(jp.profit, 1127);
  });

  it('break-even uses the minimum referral fee when the percentage falls below it', () => {
    // fixed 100 ¢, 15 %: 100 / 0.83 = 120.5 ¢ → 15 % of it is 18 ¢ < 30 ¢ minimum → (100 + 30) / 0.98 = 132.7 → 133
    assert.equal(breakEven(100, 15, 2, 30), 133);
    assert.equal(breakEven(1472, 15, 2, 30), 1774);
  });
});

describe('retail rules file', () => {
  it('names the field, the value and the fix', () => {
    assert.throws(() => parseRules({ minRoi: 20 }), /unknown field 'minRoi'.*minRoiPct/);
    assert.throws(() => parseRules({ sellPrice: 'median' }), /sellPrice "median" is not one of buyBox, avg90, lower/);
    assert.throws(() => parseRules({ minProfit: -1 }), /minProfit -1 is not a number ≥ 0/);
    assert.throws(() => parseRules({ maxSalesRank: { '*': 'x' } }), /maxSalesRank\.\* "x"/);
    assert.equal(parseRules({}).minRoiPct, DEFAULT_RULES.minRoiPct);
  });
});
