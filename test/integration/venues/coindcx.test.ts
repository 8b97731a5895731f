// The CoinDCX adapter (src/venues/coindcx.ts) against a local server speaking CoinDCX's public
// REST format: /exchange/v1/markets_details, /exchange/ticker, /market_data/orderbook.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startVenueServer, type VenueServer } from '../../helpers/venue-server.js';
import { coindcxRoutes } from '../../helpers/venue-routes.js';
import { coindcx } from '../../../src/venues/coindcx.js';
import type { VenueAdapter } from '../../../src/venues/types.js';
import { UNKNOWN_SIZE } from '../../../src/venues/ccxt/convert.js';

let server: VenueServer;
let adapter: VenueAdapter;
const SPOT = new Set(['spot'] as const);
const signal = () => AbortSignal.timeout(5000);

before(async () => {
  server = await startVenueServer(coindcxRoutes());
  adapter = await coindcx.create({ config: { url: server.url }, timeoutMs: 5000, now: () => Date.now() });
});
after(async () => {
  await adapter.close();
  await server.close();
});

test('tickers map to unified BASE/QUOTE symbols (target/base in CoinDCX naming); inactive and malformed rows are left out', async () => {
  const s = await adapter.snapshot({ markets: SPOT, funding: false, signal: signal() });
  assert.deepEqual(s.quotes.map((q) => q.symbol).sort(), ['BTC/INR', 'BTC/USDT', 'ETH/USDT']);
  const btc = s.quotes.find((q) => q.symbol === 'BTC/USDT')!;
  // The ticker has no sizes: a placeholder until a candidate's book replaces it.
  assert.deepEqual(btc.bids, [[64140.5, UNKNOWN_SIZE]]);
  assert.deepEqual(btc.asks, [[64160, UNKNOWN_SIZE]]);
  // timestamp in seconds → ms, fresh
  assert.ok(Math.abs(btc.venueTs - Date.now()) < 10_000);
  // ETH's bid/ask came as numbers, not strings
  assert.deepEqual(s.quotes.find((q) => q.symbol === 'ETH/USDT')!.bids, [[3206.3, UNKNOWN_SIZE]]);
  assert.match(s.warnings.join('\n'), /1 malformed market row/);
  assert.match(s.warnings.join('\n'), /DOGE\/USDT: no bid\/ask/);
  assert.ok(!s.quotes.some((q) => q.symbol.startsWith('LUNA')), 'inactive market quoted');
  // markets and ticker went out together, no book call
  assert.deepEqual(server.requests.slice(0, 2).sort(), ['/exchange/ticker', '/exchange/v1/markets_details']);
});

test('order book price→quantity maps become sorted levels; malformed entries dropped with a warning', async () => {
  const s = await adapter.orderBooks([{ symbol: 'BTC/USDT', market: 'spot' }, { symbol: 'ETH/USDT', market: 'spot' }], 2, signal());
  const btc = s.quotes.find((q) => q.symbol === 'BTC/USDT')!;
  assert.deepEqual(btc.bids, [[64140.5, 0.12], [64138, 0.25]]);
  assert.deepEqual(btc.asks, [[64160, 0.08], [64175, 0.4]]);
  // "bad" price and a zero quantity
  assert.match(s.warnings.join('\n'), /BTC\/USDT: 2 malformed order-book level/);
  assert.ok(server.requests.includes('/market_data/orderbook?pair=B-BTC_USDT'));
});

test('few symbols with a depth: books straight away, perps ignored (spot-only venue)', async () => {
  const s = await adapter.snapshot({ symbols: ['ETH/USDT', 'ETH/USDT:USDT'], markets: new Set(['spot', 'perp']), funding: true, signal: signal(), depth: 20 });
  assert.deepEqual(s.withDepth, ['ETH/USDT']);
  assert.deepEqual(s.quotes[0].asks, [[3207.1, 2], [3207.8, 9]]);
  assert.deepEqual(adapter.fee('spot', 'ETH/USDT').takerRate, 0.001);
});

test('garbage, HTTP 500 and a hang fail with a clear error', async () => {
  const bad = await startVenueServer(coindcxRoutes());
  const a = await coindcx.create({ config: { url: bad.url }, timeoutMs: 400, now: () => Date.now() });
  try {
    bad.fault = { garbage: '<html>oops' };
    await assert.rejects(a.snapshot({ markets: SPOT, funding: false, signal: signal() }), /malformed JSON from \/exchange/);
    bad.fault = { status: 500 };
    await assert.rejects(a.snapshot({ markets: SPOT, funding: false, signal: signal() }), /HTTP 500/);
    bad.fault = { hang: true };
    await assert.rejects(a.snapshot({ markets: SPOT, funding: false, signal: signal() }), (e: Error) => e.name === 'TimeoutError');
  } finally {
    await a.close();
    await bad.close();
  }
});
