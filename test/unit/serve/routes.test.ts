import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opp, tick, tracked, testServe, venueRow } from '../../helpers/serve-fixture.js';

const NOW = 1_700_000_000_000;

/** Three live opportunities in rank order (by profit): a 12, b 8, c 3. */
async function seeded(options = {}) {
  const s = await testServe(options);
  const a = tracked(opp('a', { netPct: 0.2, profit: 12, buy: 'okx', sell: 'binance' }), NOW - 1000, NOW);
  const b = tracked(opp('b', { netPct: 0.5, profit: 8, buy: 'bybit', sell: 'okx', symbol: 'ETH/USDT' }), NOW - 500, NOW);
  const c = tracked(opp('c', { kind: 'basis', netPct: 0.1, profit: 3, size: 2 }), NOW, NOW);
  tick(s.hub, NOW, [a, b, c], [{ event: 'open', tracked: a }, { event: 'open', tracked: b }, { event: 'open', tracked: c }], [venueRow('binance', 'connected'), venueRow('okx', 'reconnecting')]);
  return s;
}

test('GET /api/v1/opportunities lists the live set in rank order, as NDJSON lines without `event`', async () => {
  const { server } = await seeded();
  const r = await server.app.inject('/api/v1/opportunities');
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.deepEqual(body.map((o: { id: string }) => o.id), ['a', 'b', 'c']);
  assert.equal(body[0].event, undefined);
  // firstSeenMs NOW − 1000 and lifetimeMs 1000 (tracked at NOW).
  assert.equal(body[0].firstSeenMs, NOW - 1000);
  assert.equal(body[0].lifetimeMs, 1000);
  assert.equal(body[0].legs.length, 2);
});

test('scan filters as query parameters: kinds, venues, symbols, minNet, minProfit, minSize, top, sort', async () => {
  const { server } = await seeded();
  const ids = async (q: string) => (await server.app.inject(`/api/v1/opportunities?${q}`)).json().map((o: { id: string }) => o.id);
  assert.deepEqual(await ids('kinds=basis'), ['c']);
  assert.deepEqual(await ids('kinds=cross-spot,basis&top=2'), ['a', 'b']);
  // venues: every leg on a listed venue — a is okx+binance, b is bybit+okx, c okx+binance.
  assert.deepEqual(await ids('venues=okx,binance'), ['a', 'c']);
  assert.deepEqual(await ids('symbols=eth/usdt'), ['b']);
  assert.deepEqual(await ids('minNet=0.2'), ['a', 'b']);
  assert.deepEqual(await ids('minProfit=5'), ['a', 'b']);
  // notional = size × buy vwap: a 1×100, b 1×100, c 2×100 = 200.
  assert.deepEqual(await ids('minSize=150'), ['c']);
  assert.deepEqual(await ids('sort=pct'), ['b', 'a', 'c']);
  assert.deepEqual(await ids('top=1'), ['a']);
});

test('a bad query parameter is a 400 naming it; unknown parameters too', async () => {
  const { server } = await seeded();
  for (const [q, param] of [['minNet=abc', 'minNet'], ['kinds=spot', 'kinds'], ['top=-1', 'top'], ['sort=size', 'sort'], ['minnet=1', 'minnet'], ['venues=a;b', 'venues']]) {
    const r = await server.app.inject(`/api/v1/opportunities?${q}`);
    assert.equal(r.statusCode, 400, q);
    const body = r.json();
    assert.equal(body.parameter, param, q);
    assert.match(body.error, new RegExp(`'${param}'`), q);
    assert.doesNotMatch(r.body, /at .*\.js:\d+/, 'no stack trace');
  }
});

test('GET /api/v1/opportunities/{id}: legs, assumptions and profit history; closed ones stay viewable; 404 otherwise', async () => {
  const s = await seeded();
  const later = tracked(opp('a', { netPct: 0.25, profit: 15, ts: NOW + 100 }), NOW - 1000, NOW + 100);
  tick(s.hub, NOW + 100, [later], [{ event: 'update', tracked: later }], []);
  let r = await s.server.app.inject('/api/v1/opportunities/a');
  assert.equal(r.statusCode, 200);
  let body = r.json();
  assert.equal(body.status, 'live');
  assert.deepEqual(body.assumptions, { fill: 'taker' });
  assert.deepEqual(body.history, [{ tsMs: NOW, netProfit: 12 }, { tsMs: NOW + 100, netProfit: 15 }]);
  tick(s.hub, NOW + 200, [], [{ event: 'close', tracked: later, reason: 'gone', closedMs: NOW + 200 }], []);
  r = await s.server.app.inject('/api/v1/opportunities/a');
  body = r.json();
  assert.equal(body.status, 'closed');
  assert.equal(body.reason, 'gone');
  assert.equal((await s.server.app.inject('/api/v1/opportunities/nope')).statusCode, 404);
  // ids hold ':' '/' '>': URL-encoded they still resolve.
  const odd = tracked(opp('cross-spot:BTC/USDT:okx>binance', { netPct: 1, profit: 1 }), NOW, NOW);
  tick(s.hub, NOW + 300, [odd], [{ event: 'open', tracked: odd }], []);
  assert.equal((await s.server.app.inject(`/api/v1/opportunities/${encodeURIComponent('cross-spot:BTC/USDT:okx>binance')}`)).statusCode, 200);
});

test('GET /health reports venues, uptime and version; 503 when every venue is down', async () => {
  const s = await seeded();
  let r = await s.server.app.inject('/health');
  assert.equal(r.statusCode, 200);
  // uptime: clock NOW − startedAt (NOW − 42 s) = 42 s.
  assert.deepEqual(r.json(), { status: 'ok', version: '9.9.9', uptimeS: 42, venues: { binance: { state: 'connected', lastMessageAgeMs: 50 }, okx: { state: 'reconnecting', lastMessageAgeMs: 50 } } });
  tick(s.hub, NOW + 1, [], [], [venueRow('binance', 'stale'), venueRow('okx', 'error')]);
  r = await s.server.app.inject('/health');
  assert.equal(r.statusCode, 503);
  assert.equal(r.json().status, 'down');
});

test('GET /api/v1/venues lists states and counters', async () => {
  const { server } = await seeded();
  const body = (await server.app.inject('/api/v1/venues')).json();
  assert.deepEqual(body.map((v: { venue: string; state: string }) => [v.venue, v.state]), [['binance', 'connected'], ['okx', 'reconnecting']]);
  assert.equal(body[0].messages, 10);
});

test('GET /openapi.json documents every route with the parameters of its schema', async () => {
  const { server } = await seeded();
  const doc = (await server.app.inject('/openapi.json')).json();
  assert.equal(doc.openapi, '3.0.3');
  for (const p of ['/health', '/metrics', '/api/v1/opportunities', '/api/v1/opportunities/{id}', '/api/v1/venues', '/ws/opportunities', '/sse/opportunities']) assert.ok(doc.paths[p]?.get, p);
  const names = doc.paths['/api/v1/opportunities'].get.parameters.map((p: { name: string }) => p.name);
  for (const n of ['kinds', 'venues', 'symbols', 'minNet', 'minProfit', 'minSize', 'top', 'sort']) assert.ok(names.includes(n), n);
  assert.equal(doc.paths['/api/v1/opportunities/{id}'].get.parameters[0].in, 'path');
});

test('token: 401 without it or with a wrong one; Bearer header or ?token= pass; the dashboard page is public', async () => {
  const { server } = await seeded({ token: 'correct-horse-battery' });
  assert.equal((await server.app.inject('/api/v1/opportunities')).statusCode, 401);
  assert.equal((await server.app.inject({ url: '/health', headers: { authorization: 'Bearer wrong-token' } })).statusCode, 401);
  const bad = await server.app.inject('/metrics?token=correct-horse-batter');
  assert.equal(bad.statusCode, 401);
  assert.doesNotMatch(bad.body, /correct-horse/);
  assert.equal((await server.app.inject({ url: '/api/v1/opportunities', headers: { authorization: 'Bearer correct-horse-battery' } })).statusCode, 200);
  assert.equal((await server.app.inject('/api/v1/venues?token=correct-horse-battery')).statusCode, 200);
  assert.equal((await server.app.inject('/')).statusCode, 200);
});

test('CORS: no headers unless --cors; listed origins only; preflight answered', async () => {
  const plain = await seeded();
  const r0 = await plain.server.app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
  assert.equal(r0.headers['access-control-allow-origin'], undefined);
  const s = await seeded({ cors: ['https://wall.example'] });
  const ok = await s.server.app.inject({ url: '/health', headers: { origin: 'https://wall.example' } });
  assert.equal(ok.headers['access-control-allow-origin'], 'https://wall.example');
  const other = await s.server.app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const pre = await s.server.app.inject({ method: 'OPTIONS', url: '/api/v1/opportunities', headers: { origin: 'https://wall.example', 'access-control-request-method': 'GET' } });
  assert.equal(pre.statusCode, 204);
});

test('rate limit per client: a burst of twice the rate passes, the next request is 429 with Retry-After', async () => {
  const s = await seeded({ rateLimit: 5 });
  const codes: number[] = [];
  for (let i = 0; i < 11; i++) codes.push((await s.server.app.inject('/health')).statusCode);
  // burst = 2 × 5 = 10 tokens at a fixed clock: ten 200s, then 429.
  assert.deepEqual(codes, [...Array(10).fill(200), 429]);
  const r = await s.server.app.inject('/health');
  assert.ok(Number(r.headers['retry-after']) >= 1);
  s.now += 1000; // one second refills 5 tokens
  assert.equal((await s.server.app.inject('/health')).statusCode, 200);
});

test('unknown routes are 404 JSON naming the route, without a stack', async () => {
  const { server } = await seeded();
  const r = await server.app.inject('/api/v1/nothing?x=1');
  assert.equal(r.statusCode, 404);
  assert.equal(r.json().error, 'no route GET /api/v1/nothing — see /openapi.json');
});

test('a list answered from the per-tick cache moves with the next tick', async () => {
  const s = await seeded();
  const ids = async () => (await s.server.app.inject('/api/v1/opportunities?top=2')).json().map((o: { id: string }) => o.id);
  assert.deepEqual(await ids(), ['a', 'b']);
  assert.deepEqual(await ids(), ['a', 'b']);
  const z = tracked(opp('z', { netPct: 1, profit: 99 }), NOW + 100, NOW + 100);
  tick(s.hub, NOW + 100, [z], [{ event: 'open', tracked: z }], []);
  assert.deepEqual(await ids(), ['z']);
});
