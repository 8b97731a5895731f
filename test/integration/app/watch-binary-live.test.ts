// `watch` ranks prediction markets live: the market list comes from a local Gamma server, the
// books from a local ws server speaking Polymarket's CLOB market channel, and the same pipeline
// as `arblens watch` (openSources → watchEngine → WatchPipeline → NDJSON) opens, updates and
// closes a binary-intra opportunity (YES + NO bought on one market for less than 1 after fees).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpportunityEngine } from '../../../src/engine/engine.js';
import { proportionalFee } from '../../../src/core/fees.js';
import { watchEngine } from '../../../src/engine/watch-engine.js';
import { NdjsonSink } from '../../../src/app/watch/ndjson-sink.js';
import { WatchPipeline } from '../../../src/app/watch/pipeline.js';
import { openSources } from '../../../src/app/watch/sources.js';
import { startVenueServer, fixture } from '../../helpers/venue-server.js';
import { startWsServer, waitFor, type TestWsServer } from '../../helpers/watch-ws.js';
import { generateKeyPairSync } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'arblens-watch-binary-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
// Never read the user's own config or pairs file.
process.env.XDG_CONFIG_HOME = dir;
process.env.ARBLENS_PAIRS = join(dir, 'pairs.json');
process.env.ARBLENS_CONFIG = join(dir, 'none.json');

const YES = 'tok-600100-yes';
const NO = 'tok-600100-no';
const lvl = (levels: [number, number][]) => levels.map(([p, s]) => ({ price: String(p), size: String(s) }));
const book = (asset: string, bids: [number, number][], asks: [number, number][]) =>
  JSON.stringify({ event_type: 'book', asset_id: asset, market: '0xc0de', bids: lvl(bids), asks: lvl(asks), timestamp: String(Date.now()) });
const change = (asset: string, price: number, size: number, side: 'BUY' | 'SELL') =>
  JSON.stringify({ event_type: 'price_change', market: '0xc0de', price_changes: [{ asset_id: asset, price: String(price), size: String(size), side }], timestamp: String(Date.now()) });
const close = (a: unknown, b: number, what: string) => assert.ok(Math.abs((a as number) - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

async function setup(opts: { gammaFails?: boolean; maxAgeMs: number; symbols?: string[]; pairs?: unknown; kalshi?: TestWsServer }) {
  const gamma = await startVenueServer(
    opts.gammaFails
      ? {}
      : {
          '/events': (_req, url) => (url.searchParams.get('offset') === '0' ? fixture('polymarket/rest/polymarket-gamma-live.json') : []),
          '/markets': () => [],
          // Kalshi's REST API on the same local server (its paths keep the /trade-api/v2 prefix).
          '/trade-api/v2/events': 'kalshi/rest/kalshi-events.json',
          '/trade-api/v2/series': 'kalshi/rest/kalshi-series.json',
        },
    opts.gammaFails ? { status: 500 } : {},
  );
  const ws = await startWsServer();
  process.env.ARBLENS_POLYMARKET_URL = gamma.url;
  process.env.ARBLENS_POLYMARKET_WS_URL = ws.url;
  if (opts.kalshi) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    process.env.ARBLENS_KALSHI_URL = gamma.url;
    process.env.ARBLENS_KALSHI_WS_URL = opts.kalshi.url;
    process.env.ARBLENS_KALSHI_API_KEY = 'key-id';
    process.env.ARBLENS_KALSHI_SECRET = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  if (opts.pairs) writeFileSync(process.env.ARBLENS_PAIRS!, JSON.stringify(opts.pairs));
  else rmSync(process.env.ARBLENS_PAIRS!, { force: true });
  const sources = await openSources({
    venues: opts.kalshi ? ['polymarket', 'kalshi'] : ['polymarket'],
    symbols: opts.symbols,
    markets: new Set(['spot', 'perp']),
    depth: 10,
    feed: 'books',
    // The stall watchdog is far away: silence must show as `stale` by --max-age, not as a reconnect.
    survival: { backoffBaseMs: 20, backoffMaxMs: 100, noMessageMs: 60_000, connectTimeoutMs: 2000 },
    speed: 1,
    fundingPollMs: 0,
    catalogueTimeoutMs: 3000,
  });
  const warnings: string[] = [];
  const engine = watchEngine(new OpportunityEngine({ fees: () => proportionalFee(0.001) }), sources.prediction, { warn: (m) => warnings.push(m) });
  const lines: Record<string, unknown>[] = [];
  const venueEvents: Record<string, unknown>[] = [];
  const pipeline = new WatchPipeline({
    engine,
    streams: [...sources.streams],
    rank: {},
    maxAgeMs: opts.maxAgeMs,
    tickMs: 20,
    clock: Date.now,
    sinks: [
      new NdjsonSink((chunk) => {
        for (const l of chunk.trim().split('\n').map((x) => JSON.parse(x))) (l.event === 'venue' ? venueEvents : lines).push(l);
      }),
    ],
  });
  const running = pipeline.run();
  const c = await ws.nextConnection();
  const sub = JSON.parse(await c.first) as { assets_ids: string[] };
  const stop = async () => {
    await pipeline.stop();
    await running;
    await ws.close();
    await gamma.close();
  };
  return { sources, engine, pipeline, lines, venueEvents, socket: c.socket, sub, gamma, warnings, stop };
}

test('polymarket binary-intra: opens with hand-computed figures, updates, closes gone, reopens, closes stale', async () => {
  const s = await setup({ maxAgeMs: 800, symbols: ['600100'] });
  try {
    // The market id was resolved through the Gamma list to its two CLOB tokens (YES, NO); the
    // unfollowed market 600101 is not subscribed.
    assert.deepEqual(s.sub, { assets_ids: [YES, NO], type: 'market' });
    assert.ok(s.gamma.requests.some((r) => r.startsWith('/events')), 'the market list was read once at start');

    // YES asks 0.40 × 100, 0.47 × 200; NO asks 0.55 × 60, 0.58 × 100.  Fee (Polymarket, category
    // rate 0.04 from feeSchedule): shares × 0.04 × p × (1 − p).
    //  slice 1: 60 shares at 0.40 + 0.55 = 0.95 → cost 24 + 33 = 57,
    //           fees 60·0.04·0.4·0.6 = 0.576 + 60·0.04·0.55·0.45 = 0.594 → profit 60 − 57 − 1.17 = 1.83
    //  slice 2: 40 more at 0.40 + 0.58 = 0.98 → 100 shares, cost 40 + 33 + 23.2 = 96.2,
    //           fees 100·0.04·0.24 = 0.96 + 0.594 + 40·0.04·0.58·0.42 = 0.38976 → 1.94376,
    //           profit 100 − 96.2 − 1.94376 = 1.85624 (best)
    //  next YES level 0.47 + 0.58 = 1.05 ≥ 1: the walk stops.
    s.socket.send(book(YES, [[0.38, 50]], [[0.4, 100], [0.47, 200]]));
    s.socket.send(book(NO, [[0.53, 50]], [[0.55, 60], [0.58, 100]]));
    await waitFor(() => s.lines.some((l) => l.event === 'open'), 5000, 'an open event');
    const open = s.lines.find((l) => l.event === 'open')!;
    assert.equal(open.id, 'binary-intra:polymarket:600100');
    assert.equal(open.kind, 'binary-intra');
    assert.equal(open.quote, 'USD');
    assert.equal(open.question, 'Will the local test pass?');
    close(open.size, 100, 'shares');
    close(open.cost, 96.2, 'cost');
    close(open.fees, 1.94376, 'fees');
    close(open.netProfit, 1.85624, 'net profit');
    close(open.netSpreadPct, (1.85624 / 96.2) * 100, 'net % = 1.85624 / 96.2 = 1.92956 %');
    const legs = open.legs as { market: string; vwap: number; fee: number; size: number }[];
    assert.deepEqual(legs.map((l) => l.market), ['600100:YES', '600100:NO']);
    close(legs[0].vwap, 0.4, 'YES vwap 40 / 100');
    close(legs[1].vwap, 0.562, 'NO vwap (33 + 23.2) / 100');
    close(legs[0].fee, 0.96, 'YES fee');
    close(legs[1].fee, 0.594 + 0.38976, 'NO fee');

    // price_change: the NO ask at 0.55 shrinks 60 → 20.
    //  slice 1: 20 at 0.95 → profit 20 − 19 − (0.192 + 0.198) = 0.61
    //  slice 2: 80 more at 0.98 → 100 shares, cost 40 + 11 + 46.4 = 97.4,
    //           fees 0.96 + 0.198 + 80·0.04·0.2436 = 0.77952 → 1.93752, profit 100 − 97.4 − 1.93752 = 0.66248
    const noChangedAt = Date.now();
    s.socket.send(change(NO, 0.55, 20, 'SELL'));
    await waitFor(() => s.lines.some((l) => l.event === 'update'), 5000, 'an update event');
    const upd = s.lines.find((l) => l.event === 'update')!;
    close(upd.size, 100, 'shares after update');
    close(upd.cost, 97.4, 'cost after update');
    close(upd.netProfit, 0.66248, 'net profit after update');

    // The YES ask at 0.40 is taken away: 0.47 + 0.55 = 1.02 ≥ 1, nothing pays → close, reason gone.
    s.socket.send(change(YES, 0.4, 0, 'SELL'));
    await waitFor(() => s.lines.some((l) => l.event === 'close'), 5000, 'a close event');
    assert.equal(s.lines.find((l) => l.event === 'close')!.reason, 'gone');

    // It comes back (a fresh 0.40 × 100 YES ask) → opens again; then the feed goes silent: after
    // --max-age (800 ms) the books are stale and it closes with reason stale, never shown live.
    s.socket.send(change(YES, 0.4, 100, 'SELL'));
    await waitFor(() => s.lines.filter((l) => l.event === 'open').length === 2, 5000, 'a second open');
    await waitFor(() => s.lines.filter((l) => l.event === 'close').length === 2, 5000, 'a stale close');
    const stale = s.lines.filter((l) => l.event === 'close')[1];
    assert.equal(stale.reason, 'stale');
    // Age is the OLDEST leg's: the NO book last moved at noChangedAt.
    assert.ok((stale.tsMs as number) - noChangedAt >= 800, 'not before max-age');
    assert.equal(s.pipeline.snapshot!.live.length, 0, 'nothing live once stale');
  } finally {
    await s.stop();
  }
});

test('polymarket multi-outcome: naming one market of a complete event follows its siblings; YES asks sum < 1 opens', async () => {
  const s = await setup({ maxAgeMs: 10_000, symbols: ['600201'] });
  try {
    assert.deepEqual(s.sub.assets_ids.sort(), ['tok-blue-no', 'tok-blue-yes', 'tok-red-no', 'tok-red-yes']);
    // Fees off (feesEnabled false). Red YES 0.45 × 10, Blue YES 0.50 × 30: 10 sets at 0.95 →
    // cost 9.5, profit 10 − 9.5 = 0.5; then Red runs out (no more levels) and the walk ends.
    s.socket.send(book('tok-red-yes', [], [[0.45, 10]]));
    s.socket.send(book('tok-blue-yes', [], [[0.5, 30]]));
    await waitFor(() => s.lines.some((l) => l.event === 'open'), 5000, 'an open event');
    const open = s.lines.find((l) => l.event === 'open')!;
    assert.equal(open.id, 'multi-outcome:polymarket:9200');
    assert.equal(open.eventTitle, 'Which colour wins?', "the event's title does not clobber the NDJSON event type");
    close(open.size, 10, 'sets');
    close(open.netProfit, 0.5, 'net profit');
  } finally {
    await s.stop();
  }
});

test('market list down (HTTP 500): the venue still streams the ids as given, remarked, nothing ranked', async () => {
  const s = await setup({ gammaFails: true, maxAgeMs: 10_000, symbols: [YES] });
  try {
    assert.deepEqual(s.sub, { assets_ids: [YES], type: 'market' }, 'token id streamed as given');
    s.socket.send(book(YES, [[0.38, 50]], [[0.4, 100]]));
    await waitFor(() => s.pipeline.snapshot?.messages === 1, 5000, 'the book counted');
    const row = s.pipeline.snapshot!.venues.find((v) => v.venue === 'polymarket')!;
    assert.match(row.message ?? '', /market list unavailable \(.*HTTP 500.*\): books stream, no opportunity ranked/);
    assert.equal(row.rejected, 0, 'an unranked book is not a rejected one');
    assert.equal(s.pipeline.book('polymarket', YES)?.asks[0][0], 0.4, 'the book is kept (detail pane, recorder)');
    assert.equal(s.lines.length, 0);
  } finally {
    await s.stop();
  }
});

test('binary-complement across venues for a confirmed pair: Polymarket YES + Kalshi NO < 1 after both fees', async () => {
  const kalshiWs = await startWsServer();
  const KX = 'KXBTCY-26DEC31-T150000';
  // No prediction id on the command line: watch follows the confirmed pairs between the venues.
  const pairs = { version: 1, pairs: [{ id: `kalshi:${KX}~polymarket:600100`, a: { venue: 'kalshi', id: KX }, b: { venue: 'polymarket', id: '600100' }, inverted: false }] };
  const s = await setup({ maxAgeMs: 10_000, pairs, kalshi: kalshiWs });
  try {
    assert.deepEqual(s.sub, { assets_ids: [YES, NO], type: 'market' });
    const k = await kalshiWs.nextConnection();
    assert.deepEqual(JSON.parse(await k.first).params.market_tickers, [KX]);
    // Polymarket YES asks 0.40 × 100, NO asks 0.65 × 100 (intra 1.05: nothing).
    s.socket.send(book(YES, [[0.38, 10]], [[0.4, 100]]));
    s.socket.send(book(NO, [[0.6, 10]], [[0.65, 100]]));
    // Kalshi bids only: YES bid 0.45 × 40 → NO ask 1 − 0.45 = 0.55 × 40; NO bid 0.30 × 50 → YES ask 0.70.
    k.socket.send(JSON.stringify({ type: 'orderbook_snapshot', sid: 2, seq: 1, msg: { market_ticker: KX, yes_dollars_fp: [['0.4500', '40.00']], no_dollars_fp: [['0.3000', '50.00']] } }));
    // Sets: Kalshi NO 0.55 + Polymarket YES 0.40 = 0.95 < 1 (Kalshi YES 0.70 + Polymarket NO 0.65 = 1.35: no).
    //  40 shares (Kalshi's whole level): cost 0.55·40 + 0.40·40 = 22 + 16 = 38
    //  fees: Kalshi ceil_to_cent(0.07 · 40 · 0.55 · 0.45 = 0.693) = 0.70 × series multiplier 0.5 = 0.35;
    //        Polymarket 40 · 0.04 · 0.4 · 0.6 = 0.384 → 0.734
    //  net 40 − 38 − 0.734 = 1.266
    await waitFor(() => s.lines.some((l) => l.event === 'open'), 5000, 'an open event');
    const opens = s.lines.filter((l) => l.event === 'open');
    assert.equal(opens.length, 1, 'only the paying set');
    const o = opens[0];
    assert.equal(o.id, `binary-complement:kalshi:${KX}:NO+polymarket:600100:YES`);
    assert.equal(o.pairId, `kalshi:${KX}~polymarket:600100`);
    assert.equal(o.confirmed, true);
    close(o.size, 40, 'shares');
    close(o.cost, 38, 'cost');
    close(o.fees, 0.734, 'fees');
    close(o.netProfit, 1.266, 'net profit');
    // A Kalshi delta removes the YES bid: no NO ask left on Kalshi → the set closes (gone).
    k.socket.send(JSON.stringify({ type: 'orderbook_delta', sid: 2, seq: 2, msg: { market_ticker: KX, price_dollars: '0.4500', delta_fp: '-40.00', side: 'yes' } }));
    await waitFor(() => s.lines.some((l) => l.event === 'close'), 5000, 'a close event');
    assert.equal(s.lines.find((l) => l.event === 'close')!.reason, 'gone');
  } finally {
    await s.stop();
    await kalshiWs.close();
    for (const k of ['URL', 'WS_URL', 'API_KEY', 'SECRET']) delete process.env[`ARBLENS_KALSHI_${k}`];
  }
});
