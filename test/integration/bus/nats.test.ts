import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import type { MarketEvent, Quote } from '../../../src/core/types.js';
import { openBusSource, openPublisher } from '../../../src/app/bus/open.js';
import { oppSubject, quoteSubject, token } from '../../../src/app/bus/subjects.js';
import { parseNatsUrl } from '../../../src/app/bus/nats-url.js';
import type { LiveEvent, TickResult } from '../../../src/engine/live-ranker.js';

// Real nats-server with JetStream (.ci/run starts Debian's); skipped without it.
const URL_ENV = process.env.ARBLENS_TEST_NATS_URL;
const skip = URL_ENV ? false : 'ARBLENS_TEST_NATS_URL is not set (no nats-server: .ci/run starts one)';
if (skip) process.stderr.write(`# skipping NATS integration tests: ${skip}\n`);

const fee = () => ({ taker: 0.001, source: 'test' }) as never;
const quote = (venue: string, symbol: string, bid: number, ts: number): Quote => ({ type: 'quote', venue, symbol, market: symbol.includes(':') ? 'perp' : 'spot', bids: [[bid, 1]], asks: [[bid + 1, 2]], venueTs: ts, localTs: ts + 1 });
/** A stream of its own per test, so tests never see each other's messages. */
const url = () => {
  const id = randomBytes(4).toString('hex');
  return `${URL_ENV}?stream=T${id}&subject=t${id}`;
};

async function take(it: AsyncIterator<MarketEvent>, n: number, ms = 5000): Promise<MarketEvent[]> {
  const out: MarketEvent[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n && Date.now() < deadline) {
    const r = await Promise.race([it.next(), new Promise<null>((res) => setTimeout(() => res(null), deadline - Date.now()))]);
    if (!r || r.done) break;
    out.push(r.value);
  }
  return out;
}

test('subject tokens are sanitised: dots, slashes, colons and wildcards never split or widen a subject', () => {
  assert.equal(token('BTC/USDT:USDT'), 'BTC_USDT_USDT');
  assert.equal(token('a.b*c>d e'), 'a_b_c_d_e');
  assert.equal(quoteSubject('binance', 'BTC/USDT'), 'arblens.quotes.binance.BTC_USDT');
  assert.equal(oppSubject('cross-spot', 'ETH/USDT'), 'arblens.opps.cross-spot.ETH_USDT');
  assert.equal(quoteSubject('', '').split('.').length, 4);
});

test('the URL sets retention and replay; the password is masked in its display', () => {
  const s = parseNatsUrl('nats://bot:hunter2@127.0.0.1:4333?retention=2h&replay=15m', '--publish');
  assert.equal(s.retentionMs, 7_200_000);
  assert.equal(s.replayMs, 900_000);
  assert.equal(s.display, 'nats://bot:***@127.0.0.1:4333');
  assert.throws(() => parseNatsUrl('nats://h?replay=soon', '--source'), /replay=soon is not a duration/);
});

test('the URL picks short or whole opportunity lines and how often each is sent whole again', () => {
  assert.deepEqual([parseNatsUrl('nats://h', 'x').opps, parseNatsUrl('nats://h', 'x').resendMs], ['figures', 30_000]);
  const s = parseNatsUrl('nats://h?opps=whole&resend=5m', '--publish');
  assert.deepEqual([s.opps, s.resendMs], ['whole', 300_000]);
  assert.equal(parseNatsUrl('nats://h?resend=0', 'x').resendMs, 0);
  assert.throws(() => parseNatsUrl('nats://h?opps=all', '--publish'), /--publish: opps=all — use opps=figures .* or opps=whole/);
  assert.throws(() => parseNatsUrl('nats://h?resend=often', '--publish'), /resend=often is not a duration/);
});

test('the URL caps the stream in bytes (powers of 1024), none by default', () => {
  assert.equal(parseNatsUrl('nats://h', 'x').maxBytes, -1);
  assert.equal(parseNatsUrl('nats://h?max-bytes=20GB', 'x').maxBytes, 20 * 2 ** 30);
  assert.equal(parseNatsUrl('nats://h?max-bytes=1.5MB', 'x').maxBytes, 1_572_864); // 1.5 × 1,048,576
  assert.equal(parseNatsUrl('nats://h?max-bytes=4096', 'x').maxBytes, 4096);
  assert.throws(() => parseNatsUrl('nats://h?max-bytes=lots', '--publish'), /--publish: max-bytes=lots is not a size — use e\.g\. 500MB, 20GB/);
});

test('the publisher creates the stream with the window and cap of its URL, and updates them when a later URL asks for others', { skip }, async (t) => {
  const u = url();
  const spec = parseNatsUrl(u, 'x');
  const first = await openPublisher(`${u}&retention=2h&max-bytes=64MB`, '--publish');
  await first.sink.close();
  const nc = await connect({ servers: spec.servers });
  t.after(() => nc.close());
  const jsm = await nc.jetstreamManager();
  let c = (await jsm.streams.info(spec.stream)).config;
  assert.deepEqual([c.max_age, c.max_bytes], [2 * 3600 * 1e9, 64 * 2 ** 20]);
  const second = await openPublisher(`${u}&retention=30m&max-bytes=1GB`, '--publish');
  await second.sink.close();
  c = (await jsm.streams.info(spec.stream)).config;
  assert.deepEqual([c.max_age, c.max_bytes], [30 * 60 * 1e9, 2 ** 30]);
});

test('watch --publish → watch --source: quotes published by one process arrive in another as the same events', { skip }, async (t) => {
  const u = url();
  const pub = await openPublisher(u, '--publish');
  const sub = await openBusSource(u, '--source', { fee, symbols: ['BTC/USDT', 'ETH/USDT'] });
  t.after(async () => {
    await sub.stream.close();
    await pub.sink.close();
  });
  const it = sub.stream[Symbol.asyncIterator]();
  const sent = [quote('binance', 'BTC/USDT', 100, 1), quote('okx', 'BTC/USDT', 101, 2), quote('okx', 'DOGE/USDT', 1, 3), quote('okx', 'ETH/USDT', 3000, 4)];
  for (const q of sent) pub.sink.onMarketEvent(q);
  pub.sink.onVenueStatus({ type: 'status', venue: 'okx', state: 'connected', localTs: 5 });
  const got = await take(it, 4);
  // DOGE/USDT is filtered out by --symbols: 3 quotes and the venue state.
  assert.deepEqual(got.filter((e) => e.type === 'quote'), [sent[0], sent[1], sent[3]]);
  assert.deepEqual(got.filter((e) => e.type === 'status'), [{ type: 'status', venue: 'okx', state: 'connected', localTs: 5 }]);
});

test('opportunity events go to arblens.opps.<kind>.<symbol>: one NDJSON message per subject per tick', { skip }, async (t) => {
  const u = url();
  const pub = await openPublisher(u, '--publish');
  const nc = await connect({ servers: parseNatsUrl(u, 'x').servers });
  t.after(async () => {
    await nc.close();
    await pub.sink.close();
  });
  const root = parseNatsUrl(u, 'x').root;
  const sub = nc.subscribe(`${root}.opps.>`, { max: 3 });
  await nc.flush();
  const opp = (id: string, symbol: string, netProfit = 3) => ({ id, kind: 'cross-spot', symbol, netProfit, netSpreadPct: 0.5, size: 2, buy: { venue: 'okx', price: 1, vwap: 1.5, fee: 0 }, legs: [], ageMs: 7, tsMs: 100 });
  const events = [
    { event: 'open', tracked: { opp: opp('cross-spot:BTC/USDT:okx>binance', 'BTC/USDT'), firstSeenMs: 10, lifetimeMs: 0 } },
    { event: 'open', tracked: { opp: opp('cross-spot:ETH/USDT:okx>binance', 'ETH/USDT'), firstSeenMs: 10, lifetimeMs: 0 } },
    { event: 'update', tracked: { opp: opp('cross-spot:BTC/USDT:kraken>binance', 'BTC/USDT'), firstSeenMs: 5, lifetimeMs: 5 } },
  ] as unknown as LiveEvent[];
  pub.sink.onTick({ now: 10, events, live: [], stale: [] } as TickResult);
  // Next tick: the opened one moves — a short line with its figures.
  const moved = [{ event: 'update', tracked: { opp: opp('cross-spot:BTC/USDT:okx>binance', 'BTC/USDT', 4), firstSeenMs: 10, lifetimeMs: 100 } }] as unknown as LiveEvent[];
  pub.sink.onTick({ now: 110, events: moved, live: [], stale: [] } as TickResult);
  const got: { subject: string; lines: Record<string, unknown>[] }[] = [];
  for await (const m of sub) got.push({ subject: m.subject, lines: m.string().split('\n').slice(0, -1).map((l) => JSON.parse(l)) });
  assert.deepEqual(got.map((m) => m.subject), [`${root}.opps.cross-spot.BTC_USDT`, `${root}.opps.cross-spot.ETH_USDT`, `${root}.opps.cross-spot.BTC_USDT`]);
  // First lines are whole (they carry kind and firstSeenMs), even the update of one opened before.
  assert.deepEqual(got[0].lines.map((l) => [l.event, l.id, l.kind, l.firstSeenMs]), [['open', 'cross-spot:BTC/USDT:okx>binance', 'cross-spot', 10], ['update', 'cross-spot:BTC/USDT:kraken>binance', 'cross-spot', 5]]);
  assert.deepEqual(got[1].lines.map((l) => [l.event, l.id]), [['open', 'cross-spot:ETH/USDT:okx>binance']]);
  assert.deepEqual(got[2].lines, [{ event: 'update', id: 'cross-spot:BTC/USDT:okx>binance', netProfit: 4, netSpreadPct: 0.5, size: 2, buy: { vwap: 1.5 }, ageMs: 7, tsMs: 100, lifetimeMs: 100 }]);
});

test('JetStream keeps opportunity messages: a late reader replays every event of the window', { skip }, async (t) => {
  const u = url();
  const spec = parseNatsUrl(u, 'x');
  const pub = await openPublisher(u, '--publish');
  const ev = (i: number) => ({ event: 'update', tracked: { opp: { id: `x${i}`, kind: 'cross-spot', symbol: i % 2 ? 'BTC/USDT' : 'ETH/USDT' }, firstSeenMs: 0, lifetimeMs: i } }) as unknown as LiveEvent;
  for (let k = 0; k < 3; k++) pub.sink.onTick({ now: k, events: [ev(2 * k), ev(2 * k + 1)], live: [], stale: [] } as unknown as TickResult);
  await pub.sink.close();
  const nc = await connect({ servers: spec.servers });
  t.after(() => nc.close());
  const jsm = await nc.jetstreamManager();
  // 3 ticks × 2 subjects = 6 messages, 6 events.
  assert.equal((await jsm.streams.info(spec.stream)).state.messages, 6);
  const ids: string[] = [];
  for (let seq = 1; seq <= 6; seq++) ids.push(...(await jsm.streams.getMessage(spec.stream, { seq })).string().split('\n').filter(Boolean).map((l) => JSON.parse(l).id as string));
  assert.deepEqual(ids, ['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
});

test('JetStream replay: a subscriber that starts late gets the newest quote per instrument, or everything with replay=all', { skip }, async (t) => {
  const u = url();
  const pub = await openPublisher(u, '--publish');
  for (let i = 0; i < 5; i++) pub.sink.onMarketEvent(quote('binance', 'BTC/USDT', 100 + i, i));
  for (let i = 0; i < 3; i++) pub.sink.onMarketEvent(quote('okx', 'BTC/USDT:USDT', 200 + i, i));
  await pub.sink.close(); // drained: the publisher is gone before anyone subscribes
  const late = await openBusSource(u, '--source', { fee });
  const all = await openBusSource(`${u}&replay=all`, '--source', { fee });
  t.after(async () => {
    await late.stream.close();
    await all.stream.close();
  });
  const newest = (await take(late.stream[Symbol.asyncIterator](), 2)).map((e) => (e as Quote).bids[0][0]).sort();
  // Last per subject: binance's 5th quote (bid 104) and okx's 3rd (bid 202).
  assert.deepEqual(newest, [104, 202]);
  const everything = await take(all.stream[Symbol.asyncIterator](), 8);
  assert.equal(everything.length, 8);
  assert.deepEqual(everything.filter((e) => (e as Quote).venue === 'binance').map((e) => (e as Quote).bids[0][0]), [100, 101, 102, 103, 104]);
});

test('--source on a bus nobody published to: one line saying to start a publisher', { skip }, async () => {
  await assert.rejects(openBusSource(url(), '--source', { fee }), /no JetStream stream .* start a publisher first/);
});
