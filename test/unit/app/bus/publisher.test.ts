import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NatsConnection } from 'nats';
import { NatsPublisher } from '../../../../src/app/bus/publisher.js';
import { eventLine } from '../../../../src/app/watch/ndjson-sink.js';
import type { LiveEvent, TickResult } from '../../../../src/engine/live-ranker.js';

/** A connection that only records what is published (and says what the server's payload limit is). */
function fakeConnection(maxPayload = 1_048_576) {
  const sent: { subject: string; body: string }[] = [];
  const nc = { info: { max_payload: maxPayload }, publish: (subject: string, data: Uint8Array) => sent.push({ subject, body: Buffer.from(data).toString('utf8') }) };
  return { nc: nc as unknown as NatsConnection, sent };
}

const ev = (kind: string, symbol: string, id: string, event: 'open' | 'update' = 'update'): LiveEvent =>
  ({ event, tracked: { opp: { id, kind, symbol, netProfit: 0.1 + 0.2, note: 'é' }, firstSeenMs: 1000, lifetimeMs: 50 } }) as unknown as LiveEvent;
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
  assert.equal(p.published, 3);
  assert.equal(p.events, 4);
});

test('a tick without events publishes nothing', () => {
  const { nc, sent } = fakeConnection();
  const p = new NatsPublisher(nc);
  p.onTick(tick([]));
  assert.equal(sent.length, 0);
});

test("a subject's lines past a quarter of the server's max_payload go out as several messages of whole lines", () => {
  const max = 4_000;
  const { nc, sent } = fakeConnection(max);
  const p = new NatsPublisher(nc);
  const events = Array.from({ length: 40 }, (_, i) => ev('cross-spot', 'BTC/USDT', `id-${i}`));
  p.onTick(tick(events));
  assert.ok(sent.length > 1);
  for (const m of sent) assert.ok(m.body.length <= max / 4 && Buffer.byteLength(m.body) <= max, 'within the payload limit');
  // Nothing lost, nothing repeated, order kept.
  assert.deepEqual(sent.flatMap((m) => lines(m.body).map((l) => l.id)), events.map((e) => e.tracked.opp.id));
  assert.equal(p.events, 40);
});
