// streams → engine → live ranker → NDJSON, with two ccxt.pro venues fed by local servers that
// speak binance's bookTicker format (the second venue reuses the binance class under another id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { proportionalFee } from '../../../src/core/fees.js';
import { ccxtStream, type ProExchange } from '../../../src/venues/ccxt/stream.js';
import { NdjsonSink } from '../../../src/app/watch/ndjson-sink.js';
import { WatchPipeline } from '../../../src/app/watch/pipeline.js';
import { startWsServer, waitFor, type TestWsServer } from '../../helpers/watch-ws.js';

const MARKETS = JSON.parse(readFileSync(new URL('../../fixtures/binance/rest/binance-markets.json', import.meta.url), 'utf8'));
delete MARKETS._comment;
const factory = async (id: string, options: Record<string, unknown>) => {
  const ex = new (ccxt.pro as unknown as Record<string, new (o: unknown) => ProExchange & { setMarkets(m: unknown): void }>)[id](options);
  ex.setMarkets(MARKETS);
  return ex;
};
const survival = { backoffBaseMs: 20, backoffMaxMs: 100, noMessageMs: 600, connectTimeoutMs: 2000 };
const stream = (id: string, server: TestWsServer) =>
  ccxtStream({ id, spot: 'binance', defaultFees: { spot: { taker: 0.001, maker: 0.001 } } }, { config: { wsUrl: server.url }, symbols: ['BTC/USDT'], markets: new Set(['spot']), depth: 5, feed: 'tops', survival, now: Date.now }, factory);
const frame = (b: number, bq: number, a: number, aq: number) => JSON.stringify({ u: 1, s: 'BTCUSDT', b: String(b), B: String(bq), a: String(a), A: String(aq) });
async function subscribed(server: TestWsServer) {
  const c = await server.nextConnection();
  const sub = JSON.parse(await c.first);
  c.socket.send(JSON.stringify({ result: null, id: sub.id }));
  return c.socket;
}

test('NDJSON: open with hand-checked figures, venue events, close when a venue stalls', async (t) => {
  const [s1, s2] = await Promise.all([startWsServer(), startWsServer()]);
  t.after(async () => {
    await s1.close();
    await s2.close();
  });
  const lines: Record<string, unknown>[] = [];
  const engine = new OpportunityEngine({ fees: () => proportionalFee(0.001) });
  const pipeline = new WatchPipeline({
    engine,
    streams: [stream('alpha', s1), stream('beta', s2)],
    rank: {},
    maxAgeMs: 5000,
    tickMs: 50,
    clock: Date.now,
    sinks: [new NdjsonSink((chunk) => lines.push(...chunk.trim().split('\n').map((l) => JSON.parse(l))))],
  });
  const running = pipeline.run();
  const [a, b] = await Promise.all([subscribed(s1), subscribed(s2)]);
  // alpha asks 100 × 2, beta bids 101 × 1.5: buy 1.5 on alpha, sell on beta.
  a.send(frame(99, 1, 100, 2));
  b.send(frame(101, 1.5, 102, 1));
  await waitFor(() => lines.some((l) => l.event === 'open'), 5000, 'an open event');
  const open = lines.find((l) => l.event === 'open')!;
  assert.equal(open.id, 'cross-spot:BTC/USDT:alpha>beta');
  // size 1.5; gross (101 − 100) × 1.5 = 1.5; fees 0.1 % × (150 + 151.5) = 0.3015; net 1.1985
  assert.equal(open.size, 1.5);
  assert.equal(open.netProfit, 1.1985);
  // net % = 1.1985 / 150 × 100 = 0.799 %
  assert.equal(open.netSpreadPct, 0.799);
  assert.equal(open.lifetimeMs, 0);
  assert.ok(lines.some((l) => l.event === 'venue' && l.venue === 'alpha' && l.state === 'connected'));

  // beta's book moves: an update with the new figures
  b.send(frame(101.5, 1.5, 102, 1));
  await waitFor(() => lines.some((l) => l.event === 'update'), 5000, 'an update event');
  // (101.5 − 100) × 1.5 = 2.25 − 0.1 % × (150 + 152.25) = 2.25 − 0.30225 = 1.94775
  assert.equal(lines.find((l) => l.event === 'update')!.netProfit, 1.94775);

  // alpha goes silent: its watchdog (600 ms) declares it stale → the opportunity closes as venue-down.
  const keepBeta = setInterval(() => b.send(frame(101.5, 1.5, 102, 1)), 100);
  t.after(() => clearInterval(keepBeta));
  await waitFor(() => lines.some((l) => l.event === 'close'), 5000, 'a close event');
  const close = lines.find((l) => l.event === 'close')!;
  assert.equal(close.reason, 'venue-down');
  assert.ok((close.lifetimeMs as number) > 0);
  assert.ok(lines.some((l) => l.event === 'venue' && l.venue === 'alpha' && l.state === 'stale'));
  // Never shown as live afterwards while alpha is down.
  const closedAt = lines.indexOf(close);
  assert.equal(lines.slice(closedAt + 1).filter((l) => l.event === 'open' || l.event === 'update').length, 0);
  clearInterval(keepBeta);
  await pipeline.stop();
  await running;
  for (const l of lines) assert.ok(typeof l.event === 'string' && typeof l.tsMs === 'number');
});

test('quotes older than --max-age are stale: the opportunity closes with reason stale', async () => {
  const engine = new OpportunityEngine({ fees: () => proportionalFee(0) });
  const lines: Record<string, unknown>[] = [];
  let now = 10_000;
  const q = (venue: string, bid: number, ask: number, venueTs: number) => ({ type: 'quote' as const, venue, symbol: 'ETH/USDT', market: 'spot' as const, bids: [[bid, 1] as const], asks: [[ask, 1] as const], venueTs, localTs: venueTs });
  const pipeline = new WatchPipeline({ engine, streams: [], rank: {}, maxAgeMs: 1000, tickMs: 100, clock: () => now, sinks: [new NdjsonSink((c) => lines.push(...c.trim().split('\n').map((l) => JSON.parse(l))))] });
  pipeline.handle(q('x', 9, 10, 10_000));
  pipeline.handle(q('y', 11, 12, 10_000));
  // Ranking is throttled to one per tickMs of clock time: the next event after 100 ms ranks.
  assert.equal(lines.filter((l) => l.event === 'open').length, 0);
  now = 10_100;
  pipeline.handle({ type: 'status', venue: 'y', state: 'connected', localTs: now });
  assert.equal(lines.filter((l) => l.event === 'open').length, 1);
  now = 11_001; // 1001 ms after the quotes: older than maxAge
  pipeline.handle({ type: 'status', venue: 'x', state: 'connected', localTs: now });
  const close = lines.find((l) => l.event === 'close');
  assert.equal(close?.reason, 'stale');
  // first seen at the 10 100 ms tick, closed at 11 001 ms
  assert.equal(close?.lifetimeMs, 901);
  await pipeline.stop();
});
