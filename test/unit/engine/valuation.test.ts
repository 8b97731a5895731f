// One valuation currency: profits in BTC, USDT, GBP and MANA compare only once valued.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { Valuation } from '../../../src/engine/valuation.js';
import { proportionalFee } from '../../../src/core/fees.js';
import { fmtMoney, fmtProfit } from '../../../src/core/format.js';
import type { BookLevel, Quote } from '../../../src/core/types.js';

const T = 1_700_000_000_000;
const close = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);
const q = (venue: string, symbol: string, bids: BookLevel[], asks: BookLevel[]): Quote => ({ type: 'quote', venue, symbol, market: 'spot', bids, asks, venueTs: T, localTs: T });

function market(valuation?: Valuation) {
  const e = new OpportunityEngine({ fees: () => proportionalFee(0), valuation });
  e.update(q('c', 'BTC/USDT', [[64200, 1]], [[64220, 1]]), T);
  // a's BTC/USDT mid (63990 + 64010) / 2 = 64,000 is the last one seen: the BTC rate.
  e.update(q('a', 'BTC/USDT', [[63990, 10]], [[64010, 10]]), T);
  e.update(q('a', 'ETH/BTC', [[0.05, 100]], [[0.0501, 100]]), T);
  e.update(q('b', 'ETH/BTC', [[0.051, 90]], [[0.0511, 90]]), T);
  return e;
}

test('an ETH/BTC opportunity worth 5,184 USD ranks above a 190 USDT one, and --min-profit compares valued money', () => {
  // ETH/BTC: buy 90 @ 0.0501 on a, sell @ 0.051 on b → 90 × 0.0009 = 0.081 BTC; × 64,000 = 5,184 USD.
  // BTC/USDT: buy 1 @ 64,010 on a, sell @ 64,200 on c → 190 USDT, USDT at par (no USDT/USD book) → 190 USD.
  const e = market(new Valuation('USD'));
  const r = e.ranked(T);
  assert.deepEqual(r.map((o) => o.id), ['cross-spot:ETH/BTC:a>b', 'cross-spot:BTC/USDT:a>c']);
  close(r[0].netProfit, 0.081);
  close(r[0].netProfitValue as number, 5184);
  assert.equal(r[0].valueCurrency, 'USD');
  assert.match(r[0].valuation as string, /a BTC\/USDT mid × USDT at par/);
  assert.equal(r[0].valuationAssumed, true);
  close(r[1].netProfitValue as number, 190);
  // --min-profit 1,000 (USD) keeps the BTC one and drops the USDT one; raw numbers would do the opposite.
  assert.deepEqual(e.ranked(T, { minProfit: 1000 }).map((o) => o.id), ['cross-spot:ETH/BTC:a>b']);
  // Without a valuation currency the raw figures rank (the old, misleading order).
  assert.deepEqual(market().ranked(T).map((o) => o.id), ['cross-spot:BTC/USDT:a>c', 'cross-spot:ETH/BTC:a>b']);
});

test('rates: given fx, dollar stablecoins, bridges; play money is never converted', () => {
  const v = new Valuation('USD', { GBP: 1.27 });
  assert.equal(v.rate('GBP')!.rate, 1.27);
  assert.equal(v.rate('USD')!.rate, 1);
  assert.equal(v.rate('USDC')!.assumed, true);
  assert.equal(v.rate('MANA'), undefined);
  assert.equal(v.rate('XYZ'), undefined);
  v.observe(q('k', 'USDT/USD', [[0.999, 1]], [[1.001, 1]]));
  assert.deepEqual({ rate: v.rate('USDT')!.rate, assumed: v.rate('USDT')!.assumed }, { rate: 1, assumed: false });
  v.observe(q('k', 'SOL/USDC', [[139, 1]], [[141, 1]]));
  close(v.rate('SOL')!.rate, 140); // SOL/USDC mid 140 × USDC at par
});

test('money prints with the decimals it needs; the table shows the valued figure beside the native one', () => {
  assert.equal(fmtMoney(0.0049), '0.004900');
  assert.equal(fmtMoney(5800), '5,800.00');
  assert.equal(fmtProfit({ netProfit: 0.081, quote: 'BTC', netProfitValue: 5184, valueCurrency: 'USD' }), '5,184.00 USD (0.0810 BTC)');
  assert.equal(fmtProfit({ netProfit: 190, quote: 'USDT', netProfitValue: 190, valueCurrency: 'USD' }), '190.00 USDT');
});
