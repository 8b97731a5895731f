// Polymarket market channel and Kalshi orderbook_delta streams against local ws servers that
// speak their documented formats (fixtures in test/fixtures/<venue>/ws/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MarketEvent, Quote, VenueStatusEvent } from '../../../src/core/types.js';
import { kalshiStream } from '../../../src/venues/kalshi/stream.js';
import { polymarketStream } from '../../../src/venues/polymarket/stream.js';
import type { StreamContext } from '../../../src/venues/types.js';
import { resources, startWsServer, until, waitFor } from '../../helpers/watch-ws.js';

const fx = (f: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8'));
const PM = fx('polymarket/ws/polymarket-market-channel.json');
const KA = fx('kalshi/ws/kalshi-orderbook.json');
const TOKEN = PM.book[0].asset_id as string;
const survival = { backoffBaseMs: 20, backoffMaxMs: 100, noMessageMs: 400, connectTimeoutMs: 2000 };
const ctx = (wsUrl: string, symbols: string[], config: Record<string, unknown> = {}): StreamContext => ({ config: { wsUrl, ...config }, symbols, markets: new Set(['binary']), depth: 10, feed: 'books', survival, now: Date.now });
const isQuote = (e: MarketEvent): e is Quote => e.type === 'quote';
const status = (state: VenueStatusEvent['state'], re?: RegExp) => (e: MarketEvent) => e.type === 'status' && e.state === state && (!re || re.test(e.message ?? ''));

test('polymarket: subscribe, book snapshot, PONG re-dates the unchanged book, 2025-09 and older price_change, garbage counted', async (t) => {
  const server = await startWsServer();
  const before = resources();
  const s = polymarketStream(ctx(server.url, [`12345:YES=${TOKEN}`]));
  const it = s[Symbol.asyncIterator]();
  const c = await server.nextConnection();
  assert.equal(server.requests[0].url, '/ws/market', 'the documented path, on the overridden host');
  assert.deepEqual(JSON.parse(await c.first), { assets_ids: [TOKEN], type: 'market' });
  c.socket.send(JSON.stringify(PM.book));
  let q = (await until(it, isQuote)) as Quote;
  assert.equal(q.symbol, '12345:YES');
  assert.equal(q.market, 'binary');
  // levels sorted by us: bids high → low, asks low → high
  assert.deepEqual(q.bids, [[0.5, 15], [0.49, 20], [0.48, 30]]);
  assert.deepEqual(q.asks, [[0.52, 25], [0.53, 40], [0.54, 60]]);
  assert.equal(q.venueTs, 1757908892351);
  // A PONG proves every change before it was applied: the same book, dated now (not stale).
  const t0 = Date.now();
  c.socket.send('PONG');
  q = (await until(it, isQuote)) as Quote;
  assert.deepEqual(q.bids, [[0.5, 15], [0.49, 20], [0.48, 30]]);
  assert.ok(q.venueTs >= t0, `re-dated to the PONG (${q.venueTs} < ${t0})`);
  c.socket.send(JSON.stringify(PM.priceChange)); // BUY 0.51 × 200 added; SELL 0.52 removed
  q = (await until(it, isQuote)) as Quote;
  assert.deepEqual(q.bids.slice(0, 2), [[0.51, 200], [0.5, 15]]);
  assert.deepEqual(q.asks[0], [0.53, 40]);
  c.socket.send(JSON.stringify(PM.priceChangeOld)); // 0.49 bid removed
  q = (await until(it, isQuote)) as Quote;
  assert.deepEqual(q.bids, [[0.51, 200], [0.5, 15], [0.48, 30]]);
  const seen: MarketEvent[] = [];
  c.socket.send('<html>502 Bad Gateway</html>');
  await until(it, status('connected', /dropped 1 unparsable frame/), 3000, seen);
  await s.close();
  await server.close();
  await waitFor(() => (resources().Timeout ?? 0) <= (before.Timeout ?? 0) && (resources().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0), 3000, 'timers and sockets closed');
});

test('polymarket: server drops the socket → backoff, reconnect, resubscribe; a stall → stale → reconnect', async () => {
  const server = await startWsServer();
  const s = polymarketStream(ctx(server.url, [TOKEN]));
  const it = s[Symbol.asyncIterator]();
  const seen: MarketEvent[] = [];
  let c = await server.nextConnection();
  await c.first;
  c.socket.send(JSON.stringify(PM.book));
  await until(it, isQuote, 3000, seen);
  c.socket.terminate();
  await until(it, status('reconnecting'), 3000, seen);
  c = await server.nextConnection();
  assert.deepEqual(JSON.parse(await c.first), { assets_ids: [TOKEN], type: 'market' }, 'resubscribed');
  // Book state was dropped on reconnect: a price_change before the new snapshot is not applied.
  c.socket.send(JSON.stringify(PM.priceChange));
  c.socket.send(JSON.stringify(PM.book));
  const q = (await until(it, isQuote, 3000, seen)) as Quote;
  assert.deepEqual(q.bids[0], [0.5, 15]);
  // now silence: after 400 ms the watchdog declares the feed stale and reconnects
  await until(it, status('stale', /no message for/), 3000, seen);
  c = await server.nextConnection();
  await c.first;
  await s.close();
  await server.close();
});

function kalshiKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

test('kalshi: signed handshake (RSA-PSS SHA-256), snapshot + delta → YES/NO quotes', async () => {
  const keys = kalshiKeys();
  const server = await startWsServer();
  const s = kalshiStream(ctx(server.url, ['FED-23DEC-T3.00'], { apiKey: 'key-id-1', secret: keys.pem }));
  const it = s[Symbol.asyncIterator]();
  const c = await server.nextConnection();
  const req = server.requests[0];
  assert.equal(req.url, '/trade-api/ws/v2');
  assert.equal(req.headers['kalshi-access-key'], 'key-id-1');
  const ts = String(req.headers['kalshi-access-timestamp']);
  assert.ok(Math.abs(Number(ts) - Date.now()) < 10_000);
  const ok = verify('sha256', Buffer.from(`${ts}GET/trade-api/ws/v2`), { key: keys.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, Buffer.from(String(req.headers['kalshi-access-signature']), 'base64'));
  assert.ok(ok, 'signature verifies with the public key');
  assert.deepEqual(JSON.parse(await c.first), { id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: ['FED-23DEC-T3.00'] } });
  c.socket.send(JSON.stringify(KA.subscribed));
  c.socket.send(JSON.stringify(KA.snapshot));
  const yes = (await until(it, (e) => isQuote(e) && e.symbol.endsWith(':YES'))) as Quote;
  const no = (await until(it, (e) => isQuote(e) && e.symbol.endsWith(':NO'))) as Quote;
  assert.equal(yes.symbol, 'FED-23DEC-T3.00:YES');
  // YES bids as sent (best first); YES asks = 1 − NO bids: 1 − 0.56 = 0.44 × 146, 1 − 0.54 = 0.46 × 20
  assert.deepEqual(yes.bids, [[0.42, 333], [0.08, 300]]);
  assert.deepEqual(yes.asks, [[0.44, 146], [0.46, 20]]);
  // NO asks = 1 − YES bids: 0.58 × 333, 0.92 × 300
  assert.deepEqual(no.bids, [[0.56, 146], [0.54, 20]]);
  assert.deepEqual(no.asks, [[0.58, 333], [0.92, 300]]);
  c.socket.send(JSON.stringify(KA.delta)); // YES 0.42: 333 − 33 = 300
  const y2 = (await until(it, (e) => isQuote(e) && e.symbol.endsWith(':YES'))) as Quote;
  assert.deepEqual(y2.bids[0], [0.42, 300]);
  // The server's ping proves nothing changed since: the same books, re-dated (never stale while alive).
  const t0 = Date.now();
  c.socket.ping();
  const y3 = (await until(it, (e) => isQuote(e) && e.symbol.endsWith(':YES'))) as Quote;
  assert.deepEqual([y3.bids, y3.asks], [y2.bids, y2.asks]);
  assert.ok(y3.venueTs >= t0 && y3.venueTs >= y2.venueTs);
  await s.close();
  await server.close();
});

test('kalshi: a sequence gap triggers a resync from a fresh snapshot; garbage is counted', async () => {
  const keys = kalshiKeys();
  const server = await startWsServer();
  const s = kalshiStream(ctx(server.url, ['FED-23DEC-T3.00'], { apiKey: 'k', secret: keys.pem }));
  const it = s[Symbol.asyncIterator]();
  const seen: MarketEvent[] = [];
  let c = await server.nextConnection();
  await c.first;
  c.socket.send(JSON.stringify(KA.snapshot));
  await until(it, isQuote, 3000, seen);
  c.socket.send('{"type":"orderbook_delta","sid":2,');
  await until(it, status('connected', /dropped 1 unparsable frame/), 3000, seen);
  c.socket.send(JSON.stringify(KA.gapDelta)); // seq 5 after 1: 2, 3, 4 were missed
  const gap = (await until(it, status('reconnecting', /sequence gap on sid 2: expected 2, got 5/), 3000, seen)) as VenueStatusEvent;
  assert.match(gap.message!, /resyncing/);
  c = await server.nextConnection();
  assert.equal(JSON.parse(await c.first).cmd, 'subscribe', 'subscribed again on the new socket');
  c.socket.send(JSON.stringify({ ...KA.snapshot, seq: 1 }));
  const q = (await until(it, isQuote, 3000, seen)) as Quote;
  assert.deepEqual(q.bids[0], [0.42, 333], 'book rebuilt from the new snapshot (the gap delta was not applied)');
  await s.close();
  await server.close();
});

test('kalshi without keys: reported as not configured, no connection attempted', async () => {
  const server = await startWsServer();
  const s = kalshiStream(ctx(server.url, ['X']));
  const events: MarketEvent[] = [];
  for await (const e of s) events.push(e);
  assert.equal(events.length, 1);
  assert.ok(status('not-configured', /ARBLENS_KALSHI_API_KEY/)(events[0]));
  assert.equal(server.sockets.length, 0);
  await server.close();
});
