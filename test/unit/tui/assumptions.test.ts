import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assumptionLine } from '../../../src/tui/assumptions.js';
import type { Opportunity } from '../../../src/core/types.js';

const base = { id: 'x', symbol: 'BTC/USDT', size: 1, quote: 'USDT', grossSpreadPct: 0, netSpreadPct: 0, netProfit: 1, ageMs: 0, ts: '', tsMs: 0, legs: [] } as const;

test('the detail pane names every assumption behind the figure', () => {
  const spot = { ...base, kind: 'cross-spot', valuation: 'USDT at par with USD (no USDT/USD book seen)', assumptions: { fees: [{ venue: 'okx', takerRate: 0.001, source: 'published' }, { venue: 'binance', takerRate: 0.00075, source: 'account' }], fill: 'taker, walk of 2/3 levels', exit: 'none: both legs settle at once', transfer: 'inventory: no network shared by okx and binance for BTC' } } as unknown as Opportunity;
  assert.equal(assumptionLine(spot), 'assumes: fees okx 0.100% published, binance 0.075% account · taker, walk of 2/3 levels · exit: none: both legs settle at once · inventory: no network shared by okx and binance for BTC · valued: USDT at par with USD (no USDT/USD book seen)');
  const rt = { ...base, kind: 'basis', roundTrip: { netProfitIfConverged: 0.12865 }, assumptions: { fees: [], exit: "today's opposite side of both books", funding: 'discrete payments (next-funding-time)' } } as unknown as Opportunity;
  assert.match(assumptionLine(rt), /exit: today's opposite side of both books · if the spread closes: 0\.1286 USDT · funding: discrete payments/);
});
