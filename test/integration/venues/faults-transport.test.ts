// Deadlines and body caps of the venue transport (bounded-fetch.ts) against local servers that
// trickle a body forever or answer with a gzip bomb: the request is ABORTED (the server sees its
// socket closed), the failure is a VenueError of that venue, and memory stays bounded. Also the
// same through JsonClient and through a real ccxt instance (its own timer stops at the head).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { boundedFetch, ccxtFetch, maxBodyBytes } from '../../../src/venues/transport/bounded-fetch.js';
import { JsonClient } from '../../../src/venues/transport/json-client.js';
import { VenueError } from '../../../src/core/errors.js';
import { gzipBomb, startBombServer, startTrickleServer, type HostileServer } from '../../helpers/hostile-http.js';

let trickle: HostileServer;
let bomb: HostileServer;
const BOMB = gzipBomb(64); // 1 GiB inflated

before(async () => {
  trickle = await startTrickleServer(50);
  bomb = await startBombServer(BOMB);
});
after(async () => {
  await trickle.close();
  await bomb.close();
});

async function rejects(p: Promise<unknown>): Promise<VenueError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof VenueError, `not a VenueError: ${String(err)}`);
    return err;
  }
  assert.fail('resolved');
}

test('a trickled body is aborted at the whole-request deadline, naming the venue and the bytes received', async () => {
  const t0 = Date.now();
  const err = await rejects(boundedFetch(trickle.url + '/api/v3/exchangeInfo?signature=abc', {}, { venue: 'slowvenue', timeoutMs: 600 }));
  const took = Date.now() - t0;
  assert.equal(err.venue, 'slowvenue');
  assert.equal(err.kind, 'timeout');
  assert.match(err.detail, /^\/api\/v3\/exchangeInfo: body not complete within 600 ms \(0\.00 MB received\) — the request was aborted$/);
  assert.doesNotMatch(err.message, /signature/, 'the query string (signatures) never reaches a message');
  // Generous bound: the point is "not forever" (it trickled for ever before), not a timing.
  assert.ok(took < 5000, `took ${took} ms`);
  // Let the server notice the closed socket (one interval may already be queued), then watch it.
  await new Promise((r) => setTimeout(r, 150));
  const before = trickle.sent();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(trickle.sent(), before, 'the server kept sending: the socket was not closed');
});

test('the caller signal aborts the request too (a scan deadline or Ctrl-C)', async () => {
  const ac = new AbortController();
  const p = boundedFetch(trickle.url + '/x', { signal: ac.signal }, { venue: 'v', timeoutMs: 60_000 });
  setTimeout(() => ac.abort(new Error('scan deadline')), 200);
  await assert.rejects(p, /scan deadline/);
  await new Promise((r) => setTimeout(r, 150));
  const n = trickle.sent();
  await new Promise((r) => setTimeout(r, 250));
  assert.equal(trickle.sent(), n);
});

test('no response head within the first-byte deadline: aborted', async () => {
  const server = createServer(() => undefined); // never answers
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const err = await rejects(boundedFetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v5/market/tickers`, {}, { venue: 'v', timeoutMs: 5000, firstByteMs: 300 }));
    assert.equal(err.kind, 'timeout');
    assert.match(err.detail, /no response within 300 ms/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a gzip bomb is stopped at the decompressed cap: 1 GiB inflated from about 1 MiB, refused at 8 MB', async () => {
  const rss0 = process.memoryUsage().rss;
  const err = await rejects(boundedFetch(bomb.url + '/api/v5/public/instruments', {}, { venue: 'bomber', timeoutMs: 20_000, maxBytes: 8 * 1024 * 1024 }));
  assert.equal(err.kind, 'payload');
  assert.match(err.detail, /larger than the 8\.0 MB cap once decompressed \(gzip, /);
  // 1 GiB would have been held in memory before; the cap keeps it to the cap plus one chunk.
  const grew = (process.memoryUsage().rss - rss0) / 1024 / 1024;
  assert.ok(grew < 200, `RSS grew ${grew.toFixed(0)} MB`);
});

test('the compressed cap: a body larger than the cap on the wire is refused even when it is not encoded', async () => {
  const err = await rejects(boundedFetch(bomb.url + '/x', { headers: { 'accept-encoding': 'identity' } }, { venue: 'v', timeoutMs: 20_000, maxBytes: 256 * 1024 }));
  // The bomb is ~1 MiB of gzip members: over 256 KiB before a byte is inflated.
  assert.match(err.detail, /larger than the 0\.25 MB cap \(compressed\)|once decompressed/);
});

test('a declared content-length above the cap is refused before the body is read', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) });
    res.write('{');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const err = await rejects(boundedFetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/big`, {}, { venue: 'v', timeoutMs: 5000, maxBytes: 1024 * 1024 }));
    assert.match(err.detail, /response of 100\.0 MB exceeds the 1\.0 MB cap — refused/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('ARBLENS_MAX_BODY_MB sets the default cap; garbage falls back to 64 MB', () => {
  assert.equal(maxBodyBytes({ ARBLENS_MAX_BODY_MB: '8' }), 8 * 1024 * 1024);
  assert.equal(maxBodyBytes({ ARBLENS_MAX_BODY_MB: 'lots' }), 64 * 1024 * 1024);
  assert.equal(maxBodyBytes({}), 64 * 1024 * 1024);
});

test('JsonClient: a trickling venue fails with a timeout of its own, the request aborted', async () => {
  const c = new JsonClient({ venue: 'polymarket', base: trickle.url, timeoutMs: 500 });
  const err = await rejects(c.get('/markets'));
  assert.equal(err.venue, 'polymarket');
  assert.equal(err.kind, 'timeout');
});

test('JsonClient: a gzip bomb fails that venue with a payload error', async () => {
  const c = new JsonClient({ venue: 'kalshi', base: bomb.url, timeoutMs: 20_000, maxBytes: 4 * 1024 * 1024 });
  const err = await rejects(c.get('/events'));
  assert.equal(err.kind, 'payload');
  assert.match(err.detail, /cap once decompressed/);
});

test('a real ccxt instance with ccxtFetch: loadMarkets against a trickling venue is aborted at our deadline', async () => {
  const ccxt = ((await import('ccxt')) as unknown as { default: Record<string, new (c: object) => { urls: { api: unknown }; fetchImplementation?: unknown; loadMarkets(): Promise<unknown> }> }).default;
  const { rebaseUrls } = await import('../../../src/venues/transport/rebase-urls.js');
  const ex = new ccxt.binance({ timeout: 60_000, options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false } });
  ex.urls.api = rebaseUrls(ex.urls.api, trickle.url);
  ex.fetchImplementation = ccxtFetch({ venue: 'binance', timeoutMs: 700 });
  const t0 = Date.now();
  await assert.rejects(ex.loadMarkets(), (err: unknown) => err instanceof VenueError && err.kind === 'timeout' && /body not complete within 700 ms/.test(err.detail));
  assert.ok(Date.now() - t0 < 10_000);
});

test('ccxtFetch hands ccxt a decoded body without the encoding headers', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.from(JSON.stringify({ ok: [1, 2, 3] }))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await ccxtFetch({ venue: 'v', timeoutMs: 5000 })(`http://127.0.0.1:${(server.address() as AddressInfo).port}/j`, { method: 'GET', headers: {} });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), null);
    assert.deepEqual(await res.json(), { ok: [1, 2, 3] });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
