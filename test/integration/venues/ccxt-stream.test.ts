// ccxt.pro binance streams against a local ws server speaking binance's bookTicker format:
// https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#individual-symbol-book-ticker-streams
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import type { MarketEvent, Quote, VenueStatusEvent } from '../../../src/core/types.js';
import { ccxtStream, type ProExchange } from '../../../src/venues/ccxt/stream.js';
import type { StreamContext } from '../../../src/venues/types.js';
import { resources, startWsServer, until, waitFor, type TestWsServer } from '../../helpers/watch-ws.js';

const MARKETS = JSON.parse(readFileSync(new URL('../../fixtures/binance/rest/binance-markets.json', import.meta.url), 'utf8'));
delete MARKETS._comment;

/** A real ccxt.pro binance with markets preloaded (no REST call), as the stream's factory. */
const factory = async (id: string, options: Record<string, unknown>) => {
  const ex = new (ccxt.pro as unknown as Record<string, new (o: unknown) => ProExchange & { setMarkets(m: unknown): void }>)[id](options);
  ex.setMarkets(MARKETS);
  return ex;
};

function ctx(server: TestWsServer, extra: Partial<StreamContext> = {}): StreamContext {
  return {
    config: { wsUrl: server.url },
    symbols: ['BTC/USDT', 'ETH/USDT'],
    markets: new Set(['spot']),
    depth: 10,
    feed: 'tops',
    survival: { backoffBaseMs: 20, backoffMaxMs: 100, noMessageMs: 400, connectTimeoutMs: 2000 },
    now: Date.now,
    ...extra,
  };
}

const spec = { id: 'binance', spot: 'binance', perp: 'binance', defaultFees: { spot: { taker: 0.001, maker: 0.001 } } };
const bookTicker = (s: string, u: number, b: number, a: number) => JSON.stringify({ u, s, b: String(b), B: '1.5', a: String(a), A: '2.25' });
const isQuote = (e: MarketEvent): e is Quote => e.type === 'quote';
const isStatus = (state: VenueStatusEvent['state']) => (e: MarketEvent) => e.type === 'status' && e.state === state;

/** Answers binance SUBSCRIBE requests the way binance does ({result:null,id}). */
function ack(server: TestWsServer) {
  return server.nextConnection().then(async (c) => {
    const sub = JSON.parse(await c.first) as { method: string; params: string[]; id: number };
    c.socket.send(JSON.stringify({ result: null, id: sub.id }));
    return { ...c, sub };
  });
}

test('subscribes to bookTicker and normalizes frames into quotes', async () => {
  const server = await startWsServer();
  const before = resources();
  const stream = ccxtStream(spec, ctx(server), factory);
  const it = stream[Symbol.asyncIterator]();
  const c = await ack(server);
  assert.equal(c.sub.method, 'SUBSCRIBE');
  assert.deepEqual([...c.sub.params].sort(), ['btcusdt@bookTicker', 'ethusdt@bookTicker']);
  c.socket.send(bookTicker('BTCUSDT', 1, 64000.5, 64001));
  const q = (await until(it, isQuote)) as Quote;
  assert.equal(q.venue, 'binance');
  assert.equal(q.symbol, 'BTC/USDT');
  assert.equal(q.market, 'spot');
  assert.deepEqual(q.bids, [[64000.5, 1.5]]);
  assert.deepEqual(q.asks, [[64001, 2.25]]);
  // Spot bookTicker frames carry no time: the receive time stands in.
  assert.ok(Math.abs(q.venueTs - Date.now()) < 2000);
  // the published base tier (binance spot 0.10 %): 0.001 × 100 × 1
  assert.equal(stream.fee('spot', 'BTC/USDT').taker(100, 1), 0.1);
  // order limits from the stream's markets (precision.amount 0.00001 in the fixture), for tradable sizes
  assert.deepEqual(stream.limits!('spot', 'BTC/USDT'), { step: 0.00001, minAmount: undefined, minNotional: undefined });
  await stream.close();
  await server.close();
  // Closing leaves no sockets or timers behind.
  await waitFor(() => (resources().Timeout ?? 0) <= (before.Timeout ?? 0) && (resources().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0), 3000, `resources back to ${JSON.stringify(before)}, now ${JSON.stringify(resources())}`);
});

test('server closes the socket: reconnects with backoff and resubscribes', async () => {
  const server = await startWsServer();
  const stream = ccxtStream(spec, ctx(server), factory);
  const it = stream[Symbol.asyncIterator]();
  const seen: MarketEvent[] = [];
  const c1 = await ack(server);
  c1.socket.send(bookTicker('BTCUSDT', 1, 100, 101));
  await until(it, isQuote, 5000, seen);
  c1.socket.close(1001, 'going away');
  await until(it, isStatus('reconnecting'), 5000, seen);
  const c2 = await ack(server);
  assert.deepEqual([...c2.sub.params].sort(), ['btcusdt@bookTicker', 'ethusdt@bookTicker'], 'resubscribed on the new socket');
  c2.socket.send(bookTicker('ETHUSDT', 2, 10, 11));
  const q = (await until(it, (e) => isQuote(e) && e.symbol === 'ETH/USDT', 5000, seen)) as Quote;
  assert.equal(q.bids[0][0], 10);
  assert.ok(seen.some(isStatus('connected')), 'connected again after the reconnect');
  await stream.close();
  await server.close();
});

test('garbage frames are dropped and counted; the stream goes on', async () => {
  const server = await startWsServer();
  const stream = ccxtStream(spec, ctx(server), factory);
  const it = stream[Symbol.asyncIterator]();
  const seen: MarketEvent[] = [];
  const c = await ack(server);
  c.socket.send('this is not json');
  c.socket.send('{"broken": ');
  c.socket.send(bookTicker('BTCUSDT', 3, 200, 201));
  const q = (await until(it, isQuote, 5000, seen)) as Quote;
  assert.equal(q.bids[0][0], 200);
  const notes = seen.filter((e): e is VenueStatusEvent => e.type === 'status' && /unparsable/.test(e.message ?? ''));
  assert.ok(notes.length >= 1, 'a counted warning was emitted');
  assert.match(notes[0].message!, /dropped 1 unparsable frame/);
  await stream.close();
  await server.close();
});

test('a stalled feed is declared stale and reconnected by the watchdog', async () => {
  const server = await startWsServer();
  const stream = ccxtStream(spec, ctx(server), factory);
  const it = stream[Symbol.asyncIterator]();
  const seen: MarketEvent[] = [];
  const c1 = await ack(server);
  c1.socket.send(bookTicker('BTCUSDT', 1, 100, 101));
  await until(it, isQuote, 5000, seen);
  // The server now says nothing (and keeps the socket open): after noMessageMs (400 ms) → stale.
  const stale = (await until(it, isStatus('stale'), 5000, seen)) as VenueStatusEvent;
  assert.match(stale.message!, /no message for/);
  const c2 = await ack(server);
  c2.socket.send(bookTicker('BTCUSDT', 2, 102, 103));
  const q = (await until(it, isQuote, 5000, seen)) as Quote;
  assert.equal(q.bids[0][0], 102);
  await stream.close();
  await server.close();
});

test('connection refused: keeps retrying with growing delays, close() stops it at once', async () => {
  const server = await startWsServer();
  const url = server.url;
  await server.close();
  const stream = ccxtStream(spec, { ...ctx(server), config: { wsUrl: url } }, factory);
  const it = stream[Symbol.asyncIterator]();
  const seen: MarketEvent[] = [];
  await until(it, isStatus('reconnecting'), 5000, seen);
  await until(it, isStatus('reconnecting'), 5000, seen);
  const t = Date.now();
  await stream.close();
  assert.ok(Date.now() - t < 1000, 'close does not wait for the backoff timer');
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});

/** Unmasked server text frames written to the TCP socket at once: the client reads them as one burst. */
function writeBurst(socket: unknown, payloads: string[]): void {
  const frames = payloads.map((p) => {
    const body = Buffer.from(p);
    const head = body.length < 126 ? Buffer.from([0x81, body.length]) : Buffer.from([0x81, 126, body.length >> 8, body.length & 0xff]);
    return Buffer.concat([head, body]);
  });
  (socket as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.concat(frames));
}

test('a burst ccxt conflates into one wake-up still delivers the newest quote of every symbol in it', async () => {
  const server = await startWsServer();
  const stream = ccxtStream(spec, ctx(server), factory);
  const it = stream[Symbol.asyncIterator]();
  const c = await ack(server);
  c.socket.send(bookTicker('BTCUSDT', 1, 100, 101));
  await until(it, isQuote);
  // ccxt resolves the pending watch with the burst's first frame (BTC) and applies the others to
  // its cache before our loop wakes up: ETH must not wait for its own next frame.
  writeBurst(c.socket, [bookTicker('BTCUSDT', 2, 102, 103), bookTicker('ETHUSDT', 3, 3000, 3001), bookTicker('BTCUSDT', 4, 104, 105), bookTicker('ETHUSDT', 5, 3002, 3003)]);
  const latest = new Map<string, number>();
  try {
    await until(it, (e) => {
      if (isQuote(e)) latest.set(e.symbol, e.bids[0][0]);
      return latest.get('BTC/USDT') === 104 && latest.get('ETH/USDT') === 3002;
    }, 2000).catch(() => assert.fail(`newest of the burst not delivered: ${JSON.stringify([...latest])}`));
  } finally {
    await stream.close();
    await server.close();
  }
});

test('books: a conflated burst of depth updates delivers the newest book of every symbol in it', async () => {
  // binance diff-depth streams: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#diff-depth-stream
  // ccxt fetches the REST snapshot (GET /api/v3/depth, lastUpdateId 100) and applies diffs after it.
  const { createServer } = await import('node:http');
  const rest = createServer((req, res) => {
    const symbol = new URL(req.url ?? '/', 'http://x').searchParams.get('symbol');
    const mid = symbol === 'ETHUSDT' ? 3000 : 100;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ lastUpdateId: 100, bids: [[String(mid - 1), '1']], asks: [[String(mid + 1), '1']] }));
  });
  await new Promise<void>((r) => rest.listen(0, '127.0.0.1', r));
  const restUrl = `http://127.0.0.1:${(rest.address() as { port: number }).port}`;
  const server = await startWsServer();
  const stream = ccxtStream(spec, ctx(server, { feed: 'books', depth: 5, config: { wsUrl: server.url, url: restUrl } }), factory);
  const it = stream[Symbol.asyncIterator]();
  const depth = (s: string, U: number, u: number, bid: number) => JSON.stringify({ e: 'depthUpdate', E: 1_700_000_000_000 + u, s, U, u, b: [[String(bid), '2']], a: [] });
  const latest = new Map<string, number>();
  const seen = (sym: string, bid: number) => (e: MarketEvent) => {
    if (isQuote(e)) latest.set(e.symbol, e.bids[0][0]);
    return latest.get(sym) === bid;
  };
  try {
    const c = await ack(server);
    // One diff per symbol so each book syncs to its snapshot and resolves once.
    c.socket.send(depth('BTCUSDT', 101, 101, 99.5));
    c.socket.send(depth('ETHUSDT', 101, 101, 2999.5));
    await until(it, (e) => seen('BTC/USDT', 99.5)(e) && latest.get('ETH/USDT') === 2999.5, 3000);
    // The burst: BTC resolves the pending watch, ETH's two updates are only applied to ccxt's cache.
    writeBurst(c.socket, [depth('BTCUSDT', 102, 102, 99.6), depth('ETHUSDT', 102, 102, 2999.6), depth('ETHUSDT', 103, 103, 2999.7)]);
    await until(it, (e) => seen('BTC/USDT', 99.6)(e) && latest.get('ETH/USDT') === 2999.7, 2000).catch(() =>
      assert.fail(`newest of the burst not delivered: ${JSON.stringify([...latest])}`),
    );
  } finally {
    await stream.close();
    await server.close();
    await new Promise((r) => rest.close(r));
  }
});
