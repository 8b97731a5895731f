// The on-disk market cache: a second adapter against the same venue URL skips loadMarkets'
// round trip, a different URL never shares entries, and TTL 0 turns the cache off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVenueServer } from '../../helpers/venue-server.js';
import { ROUTES } from '../../helpers/venue-routes.js';
import { REGISTRY } from '../../../src/venues/registry.js';
import type { MarketType } from '../../../src/core/types.js';

const SPOT = new Set<MarketType>(['spot']);

test('a warm market cache saves the market round trip; TTL 0 disables it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-cache-'));
  const saved = { xdg: process.env.XDG_CACHE_HOME, ttl: process.env.ARBLENS_MARKET_CACHE_TTL };
  process.env.XDG_CACHE_HOME = dir;
  process.env.ARBLENS_MARKET_CACHE_TTL = '1h';
  const server = await startVenueServer(ROUTES.binance());
  t.after(async () => {
    process.env.XDG_CACHE_HOME = saved.xdg;
    if (saved.ttl === undefined) delete process.env.ARBLENS_MARKET_CACHE_TTL;
    else process.env.ARBLENS_MARKET_CACHE_TTL = saved.ttl;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async () => {
    const a = await REGISTRY.get('binance')!.create({ config: { url: server.url }, timeoutMs: 5000, now: () => Date.now() });
    const s = await a.snapshot({ markets: SPOT, funding: false, signal: AbortSignal.timeout(5000) });
    await a.close();
    return s;
  };
  const marketCalls = () => server.requests.filter((r) => r.includes('exchangeInfo')).length;

  const cold = await run();
  const coldCalls = marketCalls(); // spot and USDⓈ-M exchangeInfo
  assert.ok(coldCalls >= 1);
  assert.equal(readdirSync(join(dir, 'arblens', 'markets')).length, 1);
  const warm = await run();
  assert.equal(marketCalls(), coldCalls, 'the second run asked for markets again');
  assert.deepEqual(warm.quotes.map((q) => [q.symbol, q.bids, q.asks]), cold.quotes.map((q) => [q.symbol, q.bids, q.asks]));

  process.env.ARBLENS_MARKET_CACHE_TTL = '0';
  await run();
  assert.equal(marketCalls(), 2 * coldCalls, 'TTL 0 must load markets from the venue');
});
