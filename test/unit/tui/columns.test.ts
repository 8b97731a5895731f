import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Opportunity } from '../../../src/core/types.js';
import type { TrackedOpportunity } from '../../../src/engine/live-ranker.js';
import { chooseColumns, headerLine, notional, rowText } from '../../../src/tui/columns.js';

const basis: Opportunity = {
  id: 'basis:BTC/USDT:binance>binance', kind: 'basis', symbol: 'BTC/USDT', size: 0.25, quote: 'USDT', grossSpreadPct: 0.31, netSpreadPct: 0.112, netProfit: 28.4,
  netProfitValue: 28.4, valueCurrency: 'USD', valuationRate: 1,
  legs: [
    { side: 'buy', venue: 'binance', market: 'BTC/USDT', price: 100_000, vwap: 100_010, size: 0.25, fee: 25 },
    { side: 'sell', venue: 'binance', market: 'BTC/USDT:USDT', price: 100_300, vwap: 100_290, size: 0.25, fee: 12.5 },
  ],
  sharesDepthWith: ['cross-spot:BTC/USDT:okx>binance'],
  ageMs: 800, ts: '', tsMs: 0,
};
const tr = (o: Opportunity): TrackedOpportunity => ({ opp: o, firstSeenMs: 0, lifetimeMs: 65_000, updates: 0 });
const ids = (w: number) => chooseColumns(w, [tr(basis)]).map((p) => p.col.id);

test('columns by priority: net profit and net % at every width; wide terminals add notional, fees, gross', () => {
  for (const w of [60, 80, 120, 200]) {
    const c = ids(w);
    assert.ok(c.includes('profit') && c.includes('pct'), `${w}: ${c}`);
    const line = rowText(tr(basis), 0, chooseColumns(w, [tr(basis)]));
    assert.ok(line.length <= w, `${w}: ${line.length} > ${w}`);
    assert.ok(headerLine(chooseColumns(w, [tr(basis)])).length <= w);
    // ⇄ is drawn first in the symbol cell: no abbreviation can cut it.
    assert.match(line, /⇄ BTC/, `${w}: ${line}`);
  }
  assert.deepEqual(ids(200), ['kind', 'symbol', 'buy', 'sell', 'size', 'notional', 'gross', 'fees', 'pct', 'profit', 'age', 'life']);
  const narrow = ids(80);
  assert.ok(!narrow.includes('gross') && !narrow.includes('fees'), `80: ${narrow}`);
  assert.ok(narrow.includes('buy') && narrow.includes('sell') && narrow.includes('kind'), `legs before age: ${narrow}`);
});

test('a basis row says which leg is spot and which perp; short form when abbreviated', () => {
  const wide = rowText(tr(basis), 0, chooseColumns(200, [tr(basis)]));
  assert.match(wide, /binance spot @ 100010\.00\s+binance perp @ 100290\.00/);
  const narrow = rowText(tr(basis), 0, chooseColumns(80, [tr(basis)]));
  assert.match(narrow, /bnc·S 100010\.00\s+bnc·P 100290\.00/, narrow);
});

test('notional in the valuation currency: size × buy VWAP × rate', () => {
  // 0.25 × 100,010 = 25,002.5 USDT; × 1.0 = 25,002.5 USD
  assert.deepEqual(notional(basis), { value: 25_002.5, currency: 'USD' });
  // A EUR valuation at 0.9: 25,002.5 × 0.9 = 22,502.25 EUR
  assert.deepEqual(notional({ ...basis, valueCurrency: 'EUR', valuationRate: 0.9 }), { value: 22_502.25, currency: 'EUR' });
  assert.match(rowText(tr(basis), 0, chooseColumns(200, [tr(basis)])), /25\.0k USD/);
});

test('prediction rows: the question as symbol, days, annualised return and flags', () => {
  const set: Opportunity = {
    id: 'binary-complement:p', kind: 'binary-complement', symbol: 'k~p', size: 100, quote: 'USD', grossSpreadPct: 5, netSpreadPct: 2, netProfit: 2,
    question: 'Bitcoin above $150,000 on Dec 31, 2026?', daysToResolution: 40.5, annualisedPct: 18.02, flags: ['resolution-gap', 'unconfirmed-match'], cost: 98,
    legs: [
      { side: 'buy', venue: 'kalshi', market: 'K:YES', price: 0.41, vwap: 0.41, size: 100, fee: 0.5, outcome: 'Yes' } as Opportunity['legs'][number],
      { side: 'buy', venue: 'polymarket', market: 'P:NO', price: 0.57, vwap: 0.57, size: 100, fee: 0.5, outcome: 'No' } as Opportunity['legs'][number],
    ],
    ageMs: 100, ts: '', tsMs: 0,
  };
  const cols = chooseColumns(200, [tr(set)]);
  assert.ok(['days', 'ann', 'flags'].every((c) => cols.some((p) => p.col.id === c)));
  const line = rowText(tr(set), 0, cols);
  assert.match(line, /Bitcoin above \$150,000 on Dec 31, 2026\?/);
  assert.match(line, /kalshi Yes 0\.410 \+ polymarket No 0\.570/);
  // At 200 columns the flags abbreviate (gap, unconf) so that no column is dropped; at 260 they read whole.
  assert.match(line, /gap,un/);
  assert.match(rowText(tr(set), 0, chooseColumns(260, [tr(set)])), /resolution-gap,unconfirmed-match/);
  assert.match(line, /40\.5\s+18\.0/);
  // No binary row: no prediction columns.
  assert.ok(!chooseColumns(200, [tr(basis)]).some((p) => p.col.id === 'days'));
});
