// Pure helpers of the ccxt adapter: URL override, level cleaning, book sizes, tickers, funding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bookLimit, fundingFrom, levels, tickerQuote, UNKNOWN_SIZE } from '../../../src/venues/ccxt/convert.js';
import { rebaseUrls } from '../../../src/venues/transport/rebase-urls.js';

test('rebaseUrls keeps every path, replaces scheme + host (placeholders included)', () => {
  const api = { public: 'https://api.binance.com/api/v3', fapiPublic: 'https://fapi.binance.com/fapi/v1', nested: { rest: 'https://{hostname}' } };
  assert.deepEqual(rebaseUrls(api, 'http://127.0.0.1:9/'), {
    public: 'http://127.0.0.1:9/api/v3',
    fapiPublic: 'http://127.0.0.1:9/fapi/v1',
    nested: { rest: 'http://127.0.0.1:9' },
  });
  // a base with a path prefixes it (proxy mounted under /binance)
  assert.equal(rebaseUrls('https://api.binance.com/api/v3', 'http://proxy/binance'), 'http://proxy/binance/api/v3');
});

test('levels: best first, trimmed, malformed rows counted, contract size applied', () => {
  const r = levels([['100', '1'], [101, 2], ['x', 1], [99, 0], [102, -1], [98.5, 3]], 3, 'desc', 0.01);
  assert.deepEqual(r.levels, [[101, 0.02], [100, 0.01], [98.5, 0.03]]);
  assert.equal(r.dropped, 3);
  assert.deepEqual(levels([[3, 1], [1, 1], [2, 1]], 2, 'asc').levels, [[1, 1], [2, 1]]);
  assert.deepEqual(levels('garbage', 5, 'asc'), { levels: [], dropped: 0 });
});

test('bookLimit picks the next size the venue accepts', () => {
  assert.equal(bookLimit(20), 20);
  assert.equal(bookLimit(10, [20, 100]), 20);
  assert.equal(bookLimit(50, [20, 100]), 100);
  assert.equal(bookLimit(500, [20, 100]), 100);
});

test('tickerQuote: sizes in base units, unknown sizes get the placeholder, bad prices give a reason', () => {
  const q = tickerQuote('okx', 'perp', { symbol: 'BTC/USDT:USDT', bid: 100, ask: 101, bidVolume: 250, timestamp: 5 }, 9, 0.01);
  assert.ok(typeof q !== 'string');
  assert.deepEqual(q.bids, [[100, 2.5]]);
  assert.deepEqual(q.asks, [[101, UNKNOWN_SIZE]]);
  assert.equal(q.venueTs, 5);
  assert.match(tickerQuote('x', 'spot', { symbol: 'A/B', bid: 101, ask: 100 }, 0) as string, /crossed/);
  assert.match(tickerQuote('x', 'spot', { symbol: 'A/B', bid: 0, ask: 100 }, 0) as string, /non-positive/);
  assert.match(tickerQuote('x', 'spot', { symbol: 'A/B', ask: 100 }, 0) as string, /no bid\/ask/);
});

test('fundingFrom normalises the interval: payload first, then the separate interval list, then the default', () => {
  const f = (interval: string | undefined, fallback: string | undefined) => fundingFrom('v', { symbol: 'S', fundingRate: 0.0001, interval }, fallback, 0, 8);
  assert.equal((f('1h', '4h') as { intervalHours: number }).intervalHours, 1);
  assert.equal((f(undefined, '4h') as { intervalHours: number }).intervalHours, 4);
  assert.equal((f(undefined, undefined) as { intervalHours: number }).intervalHours, 8);
  assert.equal((f('30m', undefined) as { intervalHours: number }).intervalHours, 0.5);
  assert.match(fundingFrom('v', { symbol: 'S', fundingRate: Number.NaN }, undefined, 0, 8) as string, /no funding rate/);
  // 0.5 per interval is a percent/fraction mix-up, not a market
  assert.match(fundingFrom('v', { symbol: 'S', fundingRate: 0.5 }, undefined, 0, 8) as string, /implausible/);
});
