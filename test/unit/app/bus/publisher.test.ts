import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NatsConnection } from 'nats';
import { NatsPublisher } from '../../../../src/app/bus/publisher.js';
import { addSecrets, resetSecrets } from '../../../../src/core/scrub.js';
import { eventLine } from '../../../../src/app/watch/ndjson-sink.js';
import type { LiveEvent, TickResult } from '../../../../src/engine/live-ranker.js';

/**
 * A connection that only records what is published (and says what the server's payload limit
 * is); `status(type)` plays a client status event (disconnect, reconnect) to the publisher.
 */
function fakeConnection(maxPayload = 1_048_576) {
  const sent: { subject: string; body: string }[] = [];
  const events: { type: string; data: string }[] = [];
  let wake: (() => void) | undefined;
  const statusIterator = async function* () {
    for (;;) {
      while (events.length === 0) await new Promise<void>((r) => (wake = r));
      yield events.shift()!;
    }
  };
  const nc = {
    info: { max_payload: maxPayload },
    publish: (subject: string, data: Uint8Array) => sent.push({ subject, body: Buffer.from(data).toString('utf8') }),
    status: statusIterator,
  };
  const status = async (type: string) => {
    events.push({ type, data: '127.0.0.1:4222' });
    wake?.();
    // Let the publisher's status loop take it.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { nc: nc as unknown as NatsConnection, sent, status };
}

const ev = (kind: string, symbol: string, id: string, event: 'open' | 'update' = 'update'): LiveEvent =>
  ({ event, tracked: { opp: { id, kind, symbol, netProfit: 0.1 + 0.2, note: 'é', legs: [] }, firstSeenMs: 1000, lifetimeMs: 50 } }) as unknown as LiveEvent;
const tick = (events: LiveEvent[], now = 1050) => ({ now, events, live: [], stale: [] }) as unknown as TickResult;
const lines = (body: string) => body.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);

test('one message per subject per tick: its events as NDJSON lines, in event order, each the NDJSON line of the event', () => {
  const { nc, sent } = fakeConnection();
  const p = new NatsPublisher(nc, 'r');
  const events = [ev('cross-spot', 'BTC/USDT', 'a', 'open'), ev('cross-spot', 'ETH/USDT', 'b'), ev('cross-spot', 'BTC/USDT', 'c'), ev('funding', 'BTC/USDT:USDT', 'd')];
  p.onTick(tick(events));
  assert.deepEqual(sent.map((m) => m.subject), ['r.opps.cross-spot.BTC_USDT', 'r.opps.cross-spot.ETH_USDT', 'r.opps.funding.BTC_USDT_USDT']);
  // Every body ends with a line end: a subscriber splits on '\n' and counts lines as events.
  for (const m of sent) assert.ok(m.body.endsWith('\n'));
  assert.deepEqual(lines(sent[0].body).map((l) => l.id), ['a', 'c']);
  assert.deepEqual(lines(sent[0].body)[0], JSON.parse(JSON.stringify(eventLine(events[0], 1050))));
  assert.equal(lines(sent[0].body)[0].netProfit, 0.3); // 0.1 + 0.2 tidied, as in NDJSON
  assert.equal(p.sender.published, 3);
  assert.equal(p.events, 4);
});

test('a tick without events publishes nothing', () => {
  const { nc, sent } = fakeConnection();
  const p = new NatsPublisher(nc);
  p.onTick(tick([]));
  assert.equal(sent.length, 0);
});

test("a subject's lines past the server's max_payload go out as several messages of whole lines", () => {
  const max = 4_000;
  const { nc, sent } = fakeConnection(max);
  const p = new NatsPublisher(nc);
  const events = Array.from({ length: 40 }, (_, i) => ev('cross-spot', 'BTC/USDT', `id-${i}`));
  p.onTick(tick(events));
  assert.ok(sent.length > 1);
  for (const m of sent) assert.ok(Buffer.byteLength(m.body) <= max, 'within the payload limit');
  // Filled: each message but the last would pass the limit with the next one's first line.
  for (let i = 0; i + 1 < sent.length; i++) assert.ok(Buffer.byteLength(sent[i].body) + Buffer.byteLength(sent[i + 1].body.split('\n')[0]) + 1 > max);
  // Nothing lost, nothing repeated, order kept.
  assert.deepEqual(sent.flatMap((m) => lines(m.body).map((l) => l.id)), events.map((e) => e.tracked.opp.id));
  assert.equal(p.events, 40);
});

test('a line over the payload limit on its own is left out and counted; the tick goes on', () => {
  const { nc, sent } = fakeConnection(300);
  const p = new NatsPublisher(nc, 'r', { opps: 'whole' });
  const huge = { event: 'open', tracked: { opp: { id: 'big', kind: 'cross-spot', symbol: 'BTC/USDT', legs: [], note: 'x'.repeat(400) }, firstSeenMs: 1, lifetimeMs: 0 } } as unknown as LiveEvent;
  p.onTick(tick([ev('cross-spot', 'ETH/USDT', 'a', 'open'), huge, ev('cross-spot', 'SOL/USDT', 'b', 'open')]));
  assert.deepEqual(sent.flatMap((m) => lines(m.body).map((l) => l.id)), ['a', 'b']);
  assert.equal(p.sender.oversized, 1);
});

/** The lines of one tick, as [event, id, whole?] — a whole line is the one that carries `kind`. */
function tickLines(p: NatsPublisher, sent: { body: string }[], events: LiveEvent[], now: number) {
  const from = sent.length;
  p.onTick(tick(events, now));
  return sent.slice(from).flatMap((m) => lines(m.body)).map((l) => [l.event, l.id, 'kind' in l]);
}
const closeOf = (id: string): LiveEvent => ({ event: 'close', reason: 'gone', closedMs: 9, tracked: { opp: { id, kind: 'cross-spot', symbol: 'BTC/USDT' }, firstSeenMs: 1, lifetimeMs: 8 } }) as unknown as LiveEvent;

test('an open goes out whole, its updates short; whole again between half the interval and the interval after, then every resendMs', () => {
  const { nc, sent } = fakeConnection();
  const p = new NatsPublisher(nc, 'r', { resendMs: 1000 });
  const a = (event: 'open' | 'update') => ev('cross-spot', 'BTC/USDT', 'a', event);
  assert.deepEqual(tickLines(p, sent, [a('open')], 0), [['open', 'a', true]]);
  const wholeAt: number[] = [];
  for (let now = 10; now <= 1000; now += 10) {
    const [[event, id, whole]] = tickLines(p, sent, [a('update')], now);
    assert.deepEqual([event, id], ['update', 'a']);
    if (whole) wholeAt.push(now);
  }
  assert.equal(wholeAt.length, 1, `one whole line in the first interval: ${wholeAt}`);
  const w = wholeAt[0];
  assert.ok(w >= 500 && w <= 1000, `first resend at ${w} ms`);
  // From then on, every 1000 ms exactly.
  assert.deepEqual(tickLines(p, sent, [a('update')], w + 999), [['update', 'a', false]]);
  assert.deepEqual(tickLines(p, sent, [a('update')], w + 1000), [['update', 'a', true]]);
  assert.deepEqual(tickLines(p, sent, [a('update')], w + 1999), [['update', 'a', false]]);
  assert.deepEqual(tickLines(p, sent, [a('update')], w + 2000), [['update', 'a', true]]);
});

test('opportunities opened on the same tick are not all sent whole again on one later tick', () => {
  const { nc, sent } = fakeConnection();
  const p = new NatsPublisher(nc, 'r', { resendMs: 1000 });
  const ids = Array.from({ length: 200 }, (_, i) => `cross-spot:S${i}/USDT:okx>binance`);
  tickLines(p, sent, ids.map((id) => ev('cross-spot', 'BTC/USDT', id, 'open')), 0);
  const firstWhole = new Map<string, number>();
  let busiest = 0;
  for (let now = 10; now <= 1000; now += 10) {
    const whole = tickLines(p, sent, ids.map((id) => ev('cross-spot', 'BTC/USDT', id)), now).filter((l) => l[2]);
    busiest = Math.max(busiest, whole.length);
    for (const [, id] of whole) if (!firstWhole.has(id as string)) firstWhole.set(id as string, now);
  }
  // Each sent whole once, between 500 and 1000 ms; spread over the 50 ticks of that half: no
  // tick carries more than a fifth of them (all 200 on one tick without the spread).
  assert.equal(firstWhole.size, 200);
  for (const at of firstWhole.values()) assert.ok(at >= 500 && at <= 1000, String(at));
  assert.ok(busiest <= 40, `busiest tick: ${busiest} whole lines`);
});

test('a close is short and forgets the opportunity: an update with no line sent before goes out whole', () => {
  const { nc, sent } = fakeConnection();
  const p = new NatsPublisher(nc, 'r');
  // 'b' opened before this publisher started: its first line here is whole although an update.
  assert.deepEqual(tickLines(p, sent, [ev('cross-spot', 'BTC/USDT', 'b')], 0), [['update', 'b', true]]);
  assert.deepEqual(tickLines(p, sent, [ev('cross-spot', 'BTC/USDT', 'b')], 100), [['update', 'b', false]]);
  assert.deepEqual(tickLines(p, sent, [closeOf('b')], 200), [['close', 'b', false]]);
  assert.deepEqual(tickLines(p, sent, [ev('cross-spot', 'BTC/USDT', 'b')], 300), [['update', 'b', true]]);
});

test('resendMs 0 sends the whole line on open only; opps "whole" sends every event whole, as before', () => {
  const once = fakeConnection();
  const p = new NatsPublisher(once.nc, 'r', { resendMs: 0 });
  tickLines(p, once.sent, [ev('cross-spot', 'BTC/USDT', 'a', 'open')], 0);
  assert.deepEqual(tickLines(p, once.sent, [ev('cross-spot', 'BTC/USDT', 'a')], 86_400_000), [['update', 'a', false]]);
  const whole = fakeConnection();
  const w = new NatsPublisher(whole.nc, 'r', { opps: 'whole' });
  const events = [ev('cross-spot', 'BTC/USDT', 'a', 'open'), ev('cross-spot', 'BTC/USDT', 'a'), closeOf('a')];
  w.onTick(tick(events, 50));
  assert.deepEqual(lines(whole.sent[0].body), events.map((e) => JSON.parse(JSON.stringify(eventLine(e, 50)))));
});

test('server away: what is published is held (up to the budget, then dropped and counted) and sent in order once it is back; the user is told both ways', async () => {
  const { nc, sent, status } = fakeConnection();
  const warnings: string[] = [];
  const p = new NatsPublisher(nc, 'r', { opps: 'whole', outageBytes: 1000, warn: (m) => warnings.push(m), display: 'nats://bot:***@h:4222' });
  const quote = (i: number) => ({ type: 'quote', venue: 'okx', symbol: 'BTC/USDT', market: 'spot', bids: [[100 + i, 1]], asks: [[101 + i, 1]], venueTs: i, localTs: i }) as never;
  const bids = () => sent.map((m) => (JSON.parse(m.body) as { bids: number[][] }).bids[0][0] - 100);
  p.onMarketEvent(quote(0));
  await status('disconnect');
  assert.match(warnings[0], /--publish: lost nats:\/\/bot:\*\*\*@h:4222; reconnecting — what is published meanwhile is held/);
  // Each quote message is ~120 bytes: about eight fit in 1,000 bytes, the rest are dropped.
  for (let i = 1; i <= 20; i++) p.onMarketEvent(quote(i));
  assert.deepEqual(bids(), [0], 'nothing handed to the client while it is away');
  await status('reconnect');
  const held = sent.length - 1;
  assert.ok(held >= 7 && held <= 9, `held ${held}`);
  assert.deepEqual(bids(), Array.from({ length: held + 1 }, (_, i) => i), 'the held ones, in order, the first of them first');
  assert.ok(sent.slice(1).reduce((n, m) => n + Buffer.byteLength(m.body), 0) <= 1000);
  assert.equal(p.sender.dropped, 20 - held);
  assert.ok(warnings[1].startsWith(`--publish: reconnected to nats://bot:***@h:4222; ${held} messages held meanwhile sent; ${20 - held} dropped past the `), warnings[1]);
  // Back: everything goes straight out again, nothing more dropped.
  for (let i = 21; i <= 40; i++) p.onMarketEvent(quote(i));
  assert.equal(sent.length, 1 + held + 20);
  assert.equal(p.sender.dropped, 20 - held);
  // The server is named as the URL shows it (password masked), not by the client's address.
  assert.ok(warnings.every((w) => !w.includes('127.0.0.1')));
});

test('messages still held when the publisher closes are reported, not silently lost', async () => {
  const { nc, status } = fakeConnection();
  const warnings: string[] = [];
  (nc as unknown as { isClosed: () => boolean }).isClosed = () => true;
  const p = new NatsPublisher(nc, 'r', { warn: (m) => warnings.push(m), display: 'nats://h:4222' });
  await status('disconnect');
  p.onVenueStatus({ type: 'status', venue: 'okx', state: 'connected', localTs: 1 });
  await p.close();
  assert.equal(warnings[1], '--publish: 1 messages held for nats://h:4222 were not sent: it did not come back before the end');
});

test('a connection that refuses to publish (closed) drops the message and the watch goes on', () => {
  const { nc } = fakeConnection();
  (nc as unknown as { publish: () => void }).publish = () => {
    throw new Error('CONNECTION_CLOSED');
  };
  const p = new NatsPublisher(nc, 'r');
  p.onTick(tick([ev('cross-spot', 'BTC/USDT', 'a', 'open')]));
  p.onVenueStatus({ type: 'status', venue: 'okx', state: 'connected', localTs: 1 });
  assert.equal(p.sender.dropped, 2);
});

test('secrets never reach the bus: a venue message or an opportunity quoting a key is scrubbed, as NDJSON is', (t) => {
  addSecrets(['sk-live-0123456789']);
  t.after(resetSecrets);
  const { nc, sent } = fakeConnection();
  const p = new NatsPublisher(nc, 'r');
  p.onVenueStatus({ type: 'status', venue: 'okx', state: 'error', message: 'HTTP 401 for apiKey=sk-live-0123456789', localTs: 1 });
  const leaky = { event: 'open', tracked: { opp: { id: 'a', kind: 'cross-spot', symbol: 'BTC/USDT', legs: [], note: 'sk-live-0123456789' }, firstSeenMs: 1, lifetimeMs: 0 } } as unknown as LiveEvent;
  p.onTick(tick([leaky]));
  assert.equal(sent.length, 2);
  for (const m of sent) assert.ok(!m.body.includes('sk-live-0123456789') && m.body.includes('***'), m.body);
});
