import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { opp, tick, tracked, testServe, venueRow } from '../../helpers/serve-fixture.js';
import type { TestServe } from '../../helpers/serve-fixture.js';

const NOW = 1_700_000_000_000;

async function listening(options = {}): Promise<TestServe & { base: string }> {
  const s = await testServe(options);
  const base = await s.server.app.listen({ host: '127.0.0.1', port: 0 });
  return Object.assign(s, { base });
}

/** Collects a WS client's events (messages are NDJSON: one event per line). */
/** Clients of one transport dropped as too slow, read from the server's metrics. */
async function droppedClients(s: TestServe, transport: 'ws' | 'sse'): Promise<number> {
  const text = await s.ctx.metrics.registry.getSingleMetricAsString('arblens_stream_clients_dropped_total');
  return Number(new RegExp(`transport="${transport}"} (\\d+)`).exec(text)![1]);
}

/**
 * Opens events of 16 KB each — up to 48 MB, more than loopback socket buffers hold — until a
 * client of `transport` has been dropped (checked every 50 events); `after(n)` runs after the
 * n-th. Returns how many were sent.
 */
async function floodUntilDropped(s: TestServe, transport: 'ws' | 'sse', after: (n: number) => Promise<void>): Promise<number> {
  const big = 'x'.repeat(16_000);
  let sent = 0;
  for (let i = 0; i < 3000 && (i % 50 !== 0 || (await droppedClients(s, transport)) === 0); i++) {
    const t = tracked(opp(`o${i}`, { netPct: 1, profit: 1, symbol: `S${i}/USDT` }), NOW, NOW);
    (t.opp as unknown as Record<string, unknown>).pad = big;
    tick(s.hub, NOW + i, [t], [{ event: 'open', tracked: t }], []);
    sent++;
    await after(sent);
  }
  return sent;
}

function wsEvents(url: string): { ws: WebSocket; events: Record<string, unknown>[]; closed: Promise<{ code: number; reason: string }>; next(n: number): Promise<void> } {
  const ws = new WebSocket(url);
  const events: Record<string, unknown>[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  ws.on('message', (m) => {
    for (const line of String(m).split('\n')) events.push(JSON.parse(line));
    for (const w of waiters.splice(0)) events.length >= w.n ? w.resolve() : waiters.push(w);
  });
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
  return { ws, events, closed, next: (n) => new Promise<void>((resolve) => (events.length >= n ? resolve() : waiters.push({ n, resolve }))) };
}

test('WS: a snapshot of the live set on connect, then open/update/close and venue events', async () => {
  const s = await listening();
  const a = tracked(opp('a', { netPct: 0.2, profit: 12 }), NOW, NOW);
  tick(s.hub, NOW, [a], [{ event: 'open', tracked: a }], [venueRow('okx', 'connected')]);
  const c = wsEvents(s.base.replace('http', 'ws') + '/ws/opportunities');
  await c.next(1);
  assert.equal(c.events[0].event, 'snapshot');
  assert.deepEqual((c.events[0].opportunities as { id: string }[]).map((o) => o.id), ['a']);
  assert.equal((c.events[0].venues as { venue: string }[])[0].venue, 'okx');
  const b = tracked(opp('b', { netPct: 0.3, profit: 5 }), NOW + 100, NOW + 100);
  tick(s.hub, NOW + 100, [a, b], [{ event: 'open', tracked: b }, { event: 'close', tracked: a, reason: 'gone', closedMs: NOW + 100 }], []);
  s.hub.onVenueStatus({ type: 'status', venue: 'okx', state: 'reconnecting', localTs: NOW + 150 });
  await c.next(4);
  assert.deepEqual(c.events.slice(1).map((e) => [e.event, e.id ?? e.venue]), [['open', 'b'], ['close', 'a'], ['venue', 'okx']]);
  assert.equal(c.events[2].reason, 'gone');
  c.ws.close();
  await s.server.close();
});

test('WS: pre-framed ticks of every size (under 126 bytes, under 64 KiB, over 64 KiB) arrive whole, between ws\'s own frames', async () => {
  const s = await listening({ heartbeatMs: 20 });
  s.server.startHeartbeat();
  const c = wsEvents(s.base.replace('http', 'ws') + '/ws/opportunities');
  let pings = 0;
  c.ws.on('ping', () => pings++);
  await c.next(1);
  s.hub.onVenueStatus({ type: 'status', venue: 'okx', state: 'connected', localTs: NOW });
  const one = tracked(opp('one', { netPct: 1, profit: 1 }), NOW, NOW);
  tick(s.hub, NOW, [one], [{ event: 'open', tracked: one }], []);
  // 100 opportunities with 1 KB of padding each: one message of over 100 KB.
  const many = Array.from({ length: 100 }, (_, i) => tracked(opp(`m${i}`, { netPct: 1, profit: i, symbol: `M${i}/USDT` }), NOW, NOW));
  for (const m of many) (m.opp as unknown as Record<string, unknown>).pad = 'y'.repeat(1000);
  tick(s.hub, NOW + 1, [one, ...many], many.map((tr) => ({ event: 'open' as const, tracked: tr })), []);
  await c.next(1 + 1 + 1 + 100);
  assert.deepEqual(c.events.slice(1).map((e) => e.event === 'venue' ? `venue:${e.venue}` : `${e.event}:${e.id}`), ['venue:okx', 'open:one', ...many.map((m) => `open:${m.opp.id}`)]);
  // The heartbeat's pings (ws's own frames) go through the same socket, in between.
  while (pings < 2) await new Promise((r) => setTimeout(r, 10));
  const closing = s.server.close();
  assert.equal((await c.closed).code, 1001);
  await closing;
});

test('WS filters: only matching opens/updates, and closes of what the client saw', async () => {
  const s = await listening();
  const c = wsEvents(s.base.replace('http', 'ws') + '/ws/opportunities?minNet=0.25&kinds=cross-spot');
  await c.next(1);
  const lo = tracked(opp('lo', { netPct: 0.1, profit: 1 }), NOW, NOW);
  const hi = tracked(opp('hi', { netPct: 0.3, profit: 1 }), NOW, NOW);
  const basis = tracked(opp('bs', { kind: 'basis', netPct: 0.9, profit: 1 }), NOW, NOW);
  tick(s.hub, NOW, [lo, hi, basis], [lo, hi, basis].map((t) => ({ event: 'open' as const, tracked: t })), []);
  tick(s.hub, NOW + 100, [], [lo, hi, basis].map((t) => ({ event: 'close' as const, tracked: t, reason: 'gone' as const, closedMs: NOW + 100 })), []);
  await c.next(3);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(c.events.slice(1).map((e) => `${e.event}:${e.id}`), ['open:hi', 'close:hi']);
  c.ws.close();
  await s.server.close();
});

test('WS: a bad filter is refused (400) before the upgrade; a missing token is 401', async () => {
  const s = await listening({ token: 'stream-token-123' });
  const status = (url: string) => new Promise<number>((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => undefined);
  });
  const ws = s.base.replace('http', 'ws') + '/ws/opportunities';
  assert.equal(await status(ws), 401);
  assert.equal(await status(`${ws}?token=stream-token-123&minNet=x`), 400);
  assert.equal(await status(`${ws}?token=stream-token-123`), 101);
  await s.server.close();
});

test('a slow WS client is dropped with close code 4008 once its buffer passes the bound; a fast one gets every event', async () => {
  const s = await listening({ maxClientBufferBytes: 64 * 1024 });
  const fast = wsEvents(s.base.replace('http', 'ws') + '/ws/opportunities');
  const slow = wsEvents(s.base.replace('http', 'ws') + '/ws/opportunities');
  await Promise.all([fast.next(1), slow.next(1)]);
  // The slow client stops reading: its kernel buffers fill, then the server-side queue grows.
  const raw = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  const dropCount = () => droppedClients(s, 'ws');
  const sent = await floodUntilDropped(s, 'ws', async (n) => {
    if (n % 10 === 1) await new Promise((r) => setTimeout(r, 1));
  });
  await fast.next(1 + sent);
  assert.equal(fast.events.length, 1 + sent);
  assert.equal(await dropCount(), 1);
  raw.resume();
  const { code } = await slow.closed;
  assert.equal(code, 4008);
  assert.ok(slow.events.length < 1 + sent);
  fast.ws.close();
  await s.server.close();
});

test('a slow SSE client gets a last `drop` record once its buffer passes the bound; a fast one gets every event', async () => {
  // Heartbeats run throughout: none may touch the dropped (ended) stream.
  const s = await listening({ maxClientBufferBytes: 64 * 1024, heartbeatMs: 5 });
  s.server.startHeartbeat();
  const fast = await fetch(`${s.base}/sse/opportunities`);
  const reader = fast.body!.getReader();
  let fastText = '';
  const fastOpens = () => fastText.split('event: open\n').length - 1;
  const readFast = async (opens: number) => {
    while (fastOpens() < opens) fastText += new TextDecoder().decode((await reader.read()).value);
  };
  // The slow client: a plain HTTP request whose response is never read until the end.
  const slowRes = await new Promise<IncomingMessage>((resolve) => httpGet(`${s.base}/sse/opportunities`, resolve));
  slowRes.pause();
  let slowText = '';
  const slowEnded = new Promise<void>((resolve) => slowRes.on('end', resolve));
  const dropCount = () => droppedClients(s, 'sse');
  while (s.ctx.sse.size < 2) await new Promise((r) => setTimeout(r, 5));
  // The fast client reads along, so it never falls behind by more than a few events.
  const sent = await floodUntilDropped(s, 'sse', async (n) => {
    if (n % 2 === 0) await readFast(n);
  });
  await readFast(sent);
  // A few more heartbeats after the drop.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(fastOpens(), sent);
  assert.equal(await dropCount(), 1);
  assert.equal(s.ctx.sse.size, 1, 'the slow stream is gone, the fast one stays');
  slowRes.setEncoding('utf8');
  slowRes.on('data', (d: string) => (slowText += d));
  slowRes.resume();
  await slowEnded;
  assert.match(slowText, /event: drop\ndata: \{"code":4008,"reason":"slow client: send buffer full"\}\n\n$/);
  assert.ok(slowText.split('event: open\n').length - 1 < sent);
  await reader.cancel();
  await s.server.close();
});

test('SSE: snapshot, named events, filters; shutdown sends a last record and ends the stream', async () => {
  const s = await listening();
  const ac = new AbortController();
  const res = await fetch(`${s.base}/sse/opportunities?symbols=ETH/USDT`, { signal: ac.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = res.body!.getReader();
  let text = '';
  const readUntil = async (re: RegExp) => {
    while (!re.test(text)) {
      const r = await reader.read();
      if (r.done) break;
      text += new TextDecoder().decode(r.value);
    }
  };
  await readUntil(/event: snapshot/);
  const eth = tracked(opp('eth', { netPct: 1, profit: 1, symbol: 'ETH/USDT' }), NOW, NOW);
  const btc = tracked(opp('btc', { netPct: 1, profit: 1 }), NOW, NOW);
  tick(s.hub, NOW, [eth, btc], [{ event: 'open', tracked: btc }, { event: 'open', tracked: eth }], []);
  await readUntil(/event: open\ndata: \{"event":"open","id":"eth"/);
  assert.doesNotMatch(text, /"id":"btc"/);
  const closing = s.server.close();
  await readUntil(/event: shutdown/);
  await closing;
  assert.match(text, /event: shutdown\ndata: \{"reason":"server shutting down"\}/);
  ac.abort();
});

test('shutdown closes WS clients with a 1001 close frame', async () => {
  const s = await listening();
  const c = wsEvents(s.base.replace('http', 'ws') + '/ws/opportunities');
  await c.next(1);
  await s.server.close();
  assert.equal((await c.closed).code, 1001);
});

test('heartbeats: WS pings, SSE comments; a WS client that stops answering pings is cut', async () => {
  const s = await listening({ heartbeatMs: 50 });
  s.server.startHeartbeat();
  const c = wsEvents(s.base.replace('http', 'ws') + '/ws/opportunities');
  let pings = 0;
  c.ws.on('ping', () => pings++);
  await c.next(1);
  const res = await fetch(`${s.base}/sse/opportunities`);
  const reader = res.body!.getReader();
  let text = '';
  while (!/: heartbeat/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  assert.ok(pings >= 1);
  // A client that no longer answers pings (its socket paused: no pong goes out) is terminated.
  (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const before = s.ctx.sockets.size;
  // Two heartbeats (≈100 ms) cut it; polled up to 5 s, as timers run late on a loaded machine.
  for (let i = 0; i < 100 && s.ctx.sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(before, 1);
  assert.equal(s.ctx.sockets.size, 0);
  await reader.cancel();
  await s.server.close();
});
