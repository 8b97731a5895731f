import type { Opportunity } from '../../src/core/types.js';
import type { TrackedOpportunity, TickResult, LiveEvent } from '../../src/engine/live-ranker.js';
import type { WatchSnapshot } from '../../src/app/watch/pipeline.js';
import type { VenueRow } from '../../src/app/watch/venue-stats.js';
import { ServeHub } from '../../src/serve/hub.js';
import { ServeMetrics } from '../../src/serve/metrics.js';
import { buildServer, type ServeServer } from '../../src/serve/app.js';
import type { ServeContext, ServeOptions } from '../../src/serve/context.js';
import type { StoreReads } from '../../src/serve/store-reads.js';

/**
 * A two-leg cross-spot opportunity with hand-set figures: buy `size` on `buy` at vwap 100,
 * sell on `sell` at vwap 100 × (1 + gross%); net figures are given, not derived (the routes
 * only filter and sort them).
 */
export function opp(id: string, o: { kind?: string; symbol?: string; buy?: string; sell?: string; netPct: number; profit: number; size?: number; ts?: number }): Opportunity {
  const size = o.size ?? 1;
  const ts = o.ts ?? 1_700_000_000_000;
  const buy = { venue: o.buy ?? 'okx', price: 100, vwap: 100, fee: 0.1 };
  const sell = { venue: o.sell ?? 'binance', price: 101, vwap: 101, fee: 0.1 };
  return {
    id,
    kind: (o.kind ?? 'cross-spot') as Opportunity['kind'],
    symbol: o.symbol ?? 'BTC/USDT',
    buy,
    sell,
    size,
    quote: 'USDT',
    grossSpreadPct: 1,
    netSpreadPct: o.netPct,
    netProfit: o.profit,
    legs: [
      { side: 'buy', venue: buy.venue, market: o.symbol ?? 'BTC/USDT', price: 100, vwap: 100, size, fee: 0.1 },
      { side: 'sell', venue: sell.venue, market: o.symbol ?? 'BTC/USDT', price: 101, vwap: 101, size, fee: 0.1 },
    ],
    assumptions: { fill: 'taker' },
    ageMs: 5,
    ts: new Date(ts).toISOString(),
    tsMs: ts,
  } as Opportunity;
}

export function tracked(o: Opportunity, firstSeenMs: number, now: number): TrackedOpportunity {
  return { opp: o, firstSeenMs, lifetimeMs: now - firstSeenMs, updates: 0 };
}

export function venueRow(venue: string, state: VenueRow['state'], messages = 10): VenueRow {
  return { venue, state, perSec: 1, lastMessageAgeMs: 50, messages, rejected: 0 } as VenueRow;
}

/** Feeds one tick to a hub: the live set in order, events as given, venue rows. */
export function tick(hub: ServeHub, now: number, live: TrackedOpportunity[], events: LiveEvent[], venues: VenueRow[]): void {
  const t: TickResult = { now, events, live, stale: [] };
  const snap: WatchSnapshot = { now, live, staleCount: 0, venues, messages: 0, rejected: 0 };
  hub.onTick(t, snap);
}

export const TEST_KINDS = ['cross-spot', 'cross-perp', 'basis', 'funding', 'binary-intra', 'binary-complement', 'multi-outcome'];

export interface TestServe {
  readonly ctx: ServeContext;
  readonly hub: ServeHub;
  readonly server: ServeServer;
  now: number;
}

/** A server on a hub fed by hand (no pipeline), with a settable clock. */
export async function testServe(options: Partial<ServeOptions> = {}, store?: StoreReads): Promise<TestServe> {
  const metrics = new ServeMetrics(false);
  const hub = new ServeHub(metrics);
  const state = { now: 1_700_000_000_000 } as TestServe;
  const ctx: ServeContext = {
    hub,
    metrics,
    options: { rateLimit: 0, bodyLimit: 1024, maxClientBufferBytes: 1 << 20, heartbeatMs: 60_000, kinds: TEST_KINDS, version: '9.9.9', ...options },
    startedAt: state.now - 42_000,
    clock: () => state.now,
    sockets: new Set(),
    sse: new Set(),
    store,
  };
  const server = await buildServer(ctx);
  return Object.assign(state, { ctx, hub, server });
}

/** A store recorded by the real recorder path (SqliteStore.recordOpportunities), for the store routes. */
export async function recordedStore(path: string, opps: { o: Opportunity; at: number }[]): Promise<void> {
  const { SqliteStore } = await import('../../src/store/sqlite.js');
  const store = new SqliteStore(path);
  for (const { o, at } of opps) store.recordOpportunities([o], at, 1000);
  store.close();
}
