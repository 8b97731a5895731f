// Concurrency: 11 local venue servers (real wire formats, test/fixtures/) each answering every
// request after 300 ms; one full scan through scanVenues, cold (markets loaded inside the
// timing, as a CLI run does). Target: < 1 s. Run: node --import tsx bench/scan-concurrency.bench.ts
//
// With a warm market cache (the normal case: lists are kept for an hour) the first round trip
// goes away. Round trips per venue: a scan needs the market list before it can ask for prices, so
//   --symbols (≤ 5 instruments per market): markets → order books            = 2 × 300 ms
//   all symbols:                            markets → tickers → books of candidates = 3 × 300 ms
// with spot, perp, funding and both ccxt classes of a venue all in flight together.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVenueServer, type VenueServer } from '../test/helpers/venue-server.js';
import { ROUTES } from '../test/helpers/venue-routes.js';
import { REGISTRY } from '../src/venues/registry.js';
import { ccxtVenue, specOf } from '../src/venues/ccxt/rest.js';
import { coindcx } from '../src/venues/coindcx.js';
import { scanVenues } from '../src/app/scan/crypto-books.js';
import { OpportunityEngine } from '../src/engine/engine.js';
import type { VenueAdapter, VenueDescriptor } from '../src/venues/types.js';
import type { MarketType } from '../src/core/types.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 300);
// 11 venues: the five with fixtures, the ccxt ones cloned under new ids (each its own server).
const LAYOUT: [id: string, source: string][] = [
  ['binance', 'binance'], ['okx', 'okx'], ['bybit', 'bybit'], ['kucoin', 'kucoin'], ['coindcx', 'coindcx'],
  ['binance-b', 'binance'], ['okx-b', 'okx'], ['bybit-b', 'bybit'], ['kucoin-b', 'kucoin'], ['binance-c', 'binance'], ['okx-c', 'okx'],
];

function descriptor(id: string, source: string): VenueDescriptor {
  if (source === 'coindcx') return coindcx;
  const spec = specOf(REGISTRY.get(source));
  if (!spec) throw new Error(`${source} is not a ccxt venue`);
  return id === source ? REGISTRY.get(source)! : ccxtVenue({ ...spec, id });
}

async function scanOnce(servers: VenueServer[], symbols: string[] | undefined): Promise<{ ms: number; cpuMs: number; quotes: number; opps: number; failed: string[] }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const adapters: VenueAdapter[] = await Promise.all(
    LAYOUT.map(([id, source], i) => descriptor(id, source).create({ config: { url: servers[i].url }, timeoutMs: 5000, now: () => Date.now() })),
  );
  const byId = new Map(adapters.map((a) => [a.id, a]));
  const engine = new OpportunityEngine({ fees: (v, m, s) => byId.get(v)!.fee(m, s) });
  const markets = new Set<MarketType>(['spot', 'perp']);
  const r = await scanVenues(adapters, engine, { symbols, markets, funding: true, depth: 20, timeoutMs: 5000, concurrency: 16, now: () => Date.now(), warn: () => {} });
  const opps = engine.ranked(Date.now()).length;
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  await Promise.all(adapters.map((a) => a.close()));
  return { ms, cpuMs: (c.user + c.system) / 1000, quotes: r.quotes.length, opps, failed: r.outcomes.filter((o) => !o.ok).map((o) => `${o.venue}: ${o.error}`) };
}

// Market lists are cached on disk between runs (src/venues/market-cache.ts): measure a cold run
// (cache off, as the very first scan of the day) and a warm one, in a private cache folder.
const cacheDir = mkdtempSync(join(tmpdir(), 'arblens-bench-cache-'));
process.env.XDG_CACHE_HOME = cacheDir;
const servers = await Promise.all(LAYOUT.map(([, source]) => startVenueServer(ROUTES[source](), { delayMs: LATENCY_MS })));
await import('ccxt'); // the CLI pays this once per run too; measured separately below
const tImport = performance.now();
process.env.ARBLENS_MARKET_CACHE_TTL = '0';
await scanOnce(servers, ['BTC/USDT']); // warm-up: JIT, ccxt class set-up
const warm = performance.now() - tImport;

for (const [label, symbols, cache] of [
  ['--symbols BTC/USDT,ETH/USDT, cold market cache', ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT'], '0'],
  ['all symbols, cold market cache', undefined, '0'],
  ['--symbols BTC/USDT,ETH/USDT, warm market cache', ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT'], '1h'],
  ['all symbols, warm market cache', undefined, '1h'],
] as const) {
  process.env.ARBLENS_MARKET_CACHE_TTL = cache;
  if (cache !== '0') await scanOnce(servers, undefined); // fills the cache
  const runs: number[] = [];
  const cpu: number[] = [];
  let last!: Awaited<ReturnType<typeof scanOnce>>;
  for (let i = 0; i < 3; i++) {
    for (const s of servers) s.requests.length = 0;
    last = await scanOnce(servers, symbols ? [...symbols] : undefined);
    runs.push(last.ms);
    cpu.push(last.cpuMs);
  }
  if (last.failed.length) console.error(`failed venues: ${last.failed.join('; ')}`);
  const median = [...runs].sort((a, b) => a - b)[1];
  const requests = servers.reduce((n, s) => n + s.requests.length, 0);
  console.log(
    `scan over ${LAYOUT.length} venues with ${LATENCY_MS} ms latency (${label}): ${(median / 1000).toFixed(2)} s median of 3 ` +
      `(CPU ${(cpu.sort((a, b) => a - b)[1] / 1000).toFixed(2)} s in this process, servers included; ${last.quotes} quotes, ${last.opps} opportunities, ${requests} requests, ${last.failed.length} failed)`,
  );
}
console.log(`(first scan incl. ccxt class set-up: ${(warm / 1000).toFixed(2)} s; importing ccxt itself is not counted)`);
await Promise.all(servers.map((s) => s.close()));
rmSync(cacheDir, { recursive: true, force: true });
