import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixture, startVenueServer, type Route } from '../../helpers/venue-server.js';
import { polymarket } from '../../../src/venues/polymarket/rest.js';
import { kalshi } from '../../../src/venues/kalshi/rest.js';
import { manifold } from '../../../src/venues/manifold/rest.js';
import { betfair } from '../../../src/venues/betfair.js';
import { cpmmCost } from '../../../src/venues/manifold/cpmm.js';
import type { PredictionAdapter } from '../../../src/venues/prediction-types.js';
import type { VenueConfig, VenueDescriptor } from '../../../src/venues/types.js';

const signal = () => AbortSignal.timeout(5000);
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);

async function open(d: VenueDescriptor, config: VenueConfig, timeoutMs = 2000): Promise<PredictionAdapter> {
  return (await d.create({ config, timeoutMs, now: () => Date.now() })) as PredictionAdapter;
}

async function body(req: IncomingMessage): Promise<unknown> {
  let s = '';
  for await (const c of req) s += c;
  return JSON.parse(s);
}

test('polymarket: Gamma string-encoded fields, outcome LABELS decide YES/NO, malformed markets warned, books sorted', async () => {
  let booksBody: unknown;
  const routes: Record<string, Route> = {
    '/events': (_req, url) => (url.searchParams.get('offset') === '0' ? fixture('polymarket/rest/polymarket-events.json') : []),
    '/books': async (req) => {
      booksBody = await body(req);
      return fixture('polymarket/rest/polymarket-books.json');
    },
  };
  const srv = await startVenueServer(routes);
  try {
    const a = await open(polymarket, { url: srv.url });
    const c = await a.catalogue({ signal: signal() });
    const ids = c.markets.map((m) => m.id).sort();
    assert.deepEqual(ids, ['540817', '540820', '542001', '542002', '543001', '543002']);
    assert.ok(c.warnings.some((w) => w.includes('540818') && w.includes('outcomes')), c.warnings.join('\n'));
    assert.ok(c.warnings.some((w) => w.includes('540821') && w.includes('clobTokenIds')));
    assert.ok(!c.warnings.some((w) => w.includes('540819')), 'closed markets are skipped silently');
    // Outcomes are ["No","Yes"]: bestBid/bestAsk quote the first token (No) → NO ask 0.56, YES ask 1 − 0.54.
    const top = c.tops.find((t) => t.marketId === '540817')!;
    close(top.noAsk!, 0.56);
    close(top.yesAsk!, 0.46);
    const btc = c.markets.find((m) => m.id === '540817')!;
    assert.equal(btc.closeTs, Date.parse('2026-12-31T23:59:00Z'));
    assert.equal(btc.currency, 'USD');
    assert.equal(btc.event, undefined, 'not a neg-risk event');
    // Two teams: labels kept, no pretence that one is "Yes".
    const game = c.markets.find((m) => m.id === '540820')!;
    assert.deepEqual([game.yesLabel, game.noLabel], ['Lakers', 'Celtics']);
    assert.equal(a.marketFee('540820').taker(0.5, 100), 0, 'feesEnabled false → no fee');
    close(a.marketFee('540817').taker(0.4, 100), 100 * 0.04 * 0.4 * 0.6);
    // Neg-risk events: exhaustive unless augmented; closed members do not count.
    const newsom = c.markets.find((m) => m.id === '542001')!;
    assert.deepEqual(newsom.event, { id: '9002', title: 'Democratic Presidential Nominee 2028', outcome: 'Gavin Newsom', exhaustive: true, marketCount: 2 });
    assert.equal(c.markets.find((m) => m.id === '543001')!.event?.exhaustive, false);

    const b = await a.books(['540817'], 10, signal());
    // The YES token is the SECOND clob token: the batch asked for both.
    assert.deepEqual(booksBody, [{ token_id: 'tok-btc-yes' }, { token_id: 'tok-btc-no' }]);
    const yes = b.quotes.find((q) => q.symbol === '540817:YES')!;
    const no = b.quotes.find((q) => q.symbol === '540817:NO')!;
    assert.deepEqual(yes.bids, [[0.44, 300], [0.4, 900]]);
    assert.deepEqual(yes.asks, [[0.46, 800], [0.47, 500]]);
    assert.deepEqual(no.asks, [[0.56, 300], [0.6, 2000]]);
    assert.ok(b.warnings.some((w) => w.includes('540817 NO') && w.includes('3 malformed')), b.warnings.join('\n'));
    assert.ok(b.warnings.some((w) => w.includes('tok-unknown')));
    assert.ok(Math.abs(no.venueTs - Date.now()) < 5000, 'ISO timestamps parsed');
  } finally {
    await srv.close();
  }
});

test('polymarket: without the batch endpoint, books come one by one from GET /book', async () => {
  const books = fixture('polymarket/rest/polymarket-books.json') as { asset_id: string }[];
  const srv = await startVenueServer({
    '/events': (_req, url) => (url.searchParams.get('offset') === '0' ? fixture('polymarket/rest/polymarket-events.json') : []),
    '/book': (_req, url) => books.find((b) => b.asset_id === url.searchParams.get('token_id')) ?? { error: 'unknown token' },
  });
  try {
    const a = await open(polymarket, { url: srv.url });
    await a.catalogue({ signal: signal() });
    const b = await a.books(['540817'], 10, signal());
    assert.ok(b.warnings.some((w) => w.includes('GET /book')));
    assert.deepEqual(b.quotes.find((q) => q.symbol === '540817:YES')!.asks, [[0.46, 800], [0.47, 500]]);
    assert.deepEqual(srv.requests.filter((r) => r.startsWith('/book?')).sort(), ['/book?token_id=tok-btc-no', '/book?token_id=tok-btc-yes']);
  } finally {
    await srv.close();
  }
});

test('polymarket: HTTP 500, garbage and a hang fail the venue with a clear error', async () => {
  const srv = await startVenueServer({ '/events': { body: [], status: 500 } });
  try {
    const a = await open(polymarket, { url: srv.url }, 300);
    await assert.rejects(a.catalogue({ signal: signal() }), /polymarket: \/events: HTTP 500/);
    srv.routes = { '/events': { json: [] } };
    srv.fault = { garbage: '<html>rate limited</html>' };
    await assert.rejects(a.catalogue({ signal: signal() }), /not JSON/);
    srv.fault = { hang: true };
    await assert.rejects(a.catalogue({ signal: signal() }), /no answer within 300 ms/);
  } finally {
    await srv.close();
  }
});

test('polymarket: a 429 is retried after Retry-After, then succeeds; persistent 429s fail', async () => {
  let calls = 0;
  let limited = 1;
  const srv = createServer((req, res) => {
    calls++;
    if (calls <= limited) {
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
      return res.end('{"error":"too many requests"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[]');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    const a = await open(polymarket, { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}` });
    const c = await a.catalogue({ signal: signal() });
    assert.equal(c.markets.length, 0);
    assert.equal(calls, 2, 'one 429, one retry');
    calls = 0;
    limited = 99;
    await assert.rejects(a.catalogue({ signal: signal() }), /HTTP 429/);
    assert.equal(calls, 3, 'two retries, then the venue fails');
  } finally {
    await new Promise((r) => srv.close(r));
  }
});

test('polymarket: single-book fallback skips a token with no book (HTTP 404), keeps the other books', async () => {
  const books = fixture('polymarket/rest/polymarket-books.json') as { asset_id: string }[];
  const other = (t: string) => ({ market: 'm', asset_id: t, timestamp: String(Date.now()), bids: [{ price: '0.4', size: '10' }], asks: [{ price: '0.45', size: '20' }] });
  const noBook = { body: { error: 'No orderbook exists for the requested token id' }, status: 404 };
  const srv = await startVenueServer({
    '/events': (_req, url) => (url.searchParams.get('offset') === '0' ? fixture('polymarket/rest/polymarket-events.json') : []),
    // No '/books' route: the batch endpoint answers 404, so books come one by one.
    '/book?token_id=tok-btc-no': noBook,
    '/book': (_req, url) => books.find((b) => b.asset_id === url.searchParams.get('token_id')) ?? other(url.searchParams.get('token_id')!),
  });
  try {
    for (const verbose of [false, true]) {
      const a = await open(polymarket, { url: srv.url, verbose });
      await a.catalogue({ signal: signal() });
      const b = await a.books(['540817', '540820'], 10, signal());
      assert.deepEqual(b.quotes.map((q) => q.symbol).sort(), ['540817:YES', '540820:NO', '540820:YES'], 'the other three books are kept');
      const summary = b.warnings.filter((w) => /no order book/.test(w));
      assert.equal(summary.length, 1, b.warnings.join('\n'));
      assert.match(summary[0], /GET \/book found no order book \(HTTP 404\) for 1 of 4 token/);
      assert.equal(summary[0].includes('540817 NO'), verbose, `the token is named only with verbose: ${summary[0]}`);
    }
    // Every token 404: the endpoint itself is missing — the venue fails with the HTTP error.
    srv.routes = { ...srv.routes, '/book': noBook };
    const a = await open(polymarket, { url: srv.url });
    await a.catalogue({ signal: signal() });
    await assert.rejects(a.books(['540817'], 10, signal()), /HTTP 404 .*No orderbook exists/);
  } finally {
    await srv.close();
  }
});

test('polymarket: tokens asked for in POST /books but absent from the answer → one summary warning, listed when verbose', async () => {
  const books = fixture('polymarket/rest/polymarket-books.json') as { asset_id: string }[];
  const srv = await startVenueServer({
    '/events': (_req, url) => (url.searchParams.get('offset') === '0' ? fixture('polymarket/rest/polymarket-events.json') : []),
    // Only the BTC YES book comes back; BTC NO and both Lakers/Celtics tokens are missing.
    '/books': () => books.filter((b) => b.asset_id === 'tok-btc-yes'),
  });
  try {
    for (const verbose of [false, true]) {
      const a = await open(polymarket, { url: srv.url, verbose });
      await a.catalogue({ signal: signal() });
      const b = await a.books(['540817', '540820'], 10, signal());
      assert.deepEqual(b.quotes.map((q) => q.symbol), ['540817:YES']);
      const summary = b.warnings.filter((w) => /returned no book/.test(w));
      assert.equal(summary.length, 1, 'one line per venue, not one per token');
      assert.match(summary[0], /POST \/books returned no book for 3 of 4 token\(s\)/);
      for (const s of ['540817 NO', '540820 YES', '540820 NO']) assert.equal(summary[0].includes(s), verbose, summary[0]);
    }
  } finally {
    await srv.close();
  }
});

test('polymarket: fee rules read through the catalogue (exponent, feesEnabled false, bad fields warned)', async () => {
  const srv = await startVenueServer({
    '/events': (_req, url) => (url.searchParams.get('offset') === '0' ? [{ id: 'e-fees', title: 'fee markets', markets: fixture('polymarket/rest/polymarket-fee-markets.json') }] : []),
  });
  try {
    const a = await open(polymarket, { url: srv.url });
    const c = await a.catalogue({ signal: signal() });
    assert.equal(c.markets.length, 11);
    // rate 0.25, exponent 2: 100 × 0.25 × (0.4 × 0.6)^2 = 1.44
    close(a.marketFee('fee-updown-quadratic').taker(0.4, 100), 1.44);
    assert.equal(a.marketFee('fee-disabled-but-scheduled').taker(0.5, 100), 0);
    assert.equal(a.marketFee('fee-updown-quadratic').source, 'venue-market-data');
    assert.ok(c.warnings.some((w) => w.startsWith('market fee-bad-rate: feeSchedule.rate')), c.warnings.join('\n'));
    assert.ok(c.warnings.some((w) => w.startsWith('market fee-bad-enabled: feesEnabled')), c.warnings.join('\n'));
    // Conservative: 100 × max(0.072 × 0.25, 0.25 × 0.0625) = 1.8 at p = 0.5.
    close(a.marketFee('fee-bad-rate').taker(0.5, 100), 1.8);
    // A user override (ARBLENS_POLYMARKET_TAKER): 100 × 0.02 × 0.0576 = 0.1152, source override.
    const o = await open(polymarket, { url: srv.url, taker: 0.02 });
    await o.catalogue({ signal: signal() });
    close(o.marketFee('fee-updown-quadratic').taker(0.4, 100), 0.1152);
    assert.equal(o.marketFee('fee-updown-quadratic').source, 'override');
  } finally {
    await srv.close();
  }
});

test('kalshi: dollar strings and orderbook_fp only; YES ask = 1 − best NO bid; series fee multiplier', async () => {
  const srv = await startVenueServer({
    '/trade-api/v2/events': 'kalshi/rest/kalshi-events.json',
    '/trade-api/v2/series': 'kalshi/rest/kalshi-series.json',
    '/trade-api/v2/markets/KXBTCY-26DEC31-T150000/orderbook': 'kalshi/rest/kalshi-orderbook.json',
    '/trade-api/v2/markets/KXBTCY-26DEC31-T120000/orderbook': { json: { orderbook_fp: { yes_dollars: null, no_dollars: [] } } },
    '/trade-api/v2/markets/KXBAD/orderbook': { json: { orderbook: { yes: [[36, 500]] } } },
  });
  try {
    // An override without a path keeps the default /trade-api/v2 path.
    const a = await open(kalshi, { url: srv.url });
    const c = await a.catalogue({ signal: signal() });
    assert.deepEqual(c.markets.map((m) => m.id), ['KXBTCY-26DEC31-T150000', 'KXBTCY-26DEC31-T120000']);
    assert.ok(c.warnings.some((w) => w.includes('no ticker')));
    const m = c.markets[0];
    // yes_sub_title is appended only when the title does not already say it.
    assert.equal(m.question, 'Bitcoin above $150,000 on Dec 31, 2026?');
    assert.equal(m.closeTs, Date.parse('2026-12-31T22:00:00Z'));
    assert.equal(m.event?.exhaustive, false, 'Kalshi events are never assumed exhaustive');
    close(c.tops[0].yesAsk!, 0.38);
    close(c.tops[0].noAsk!, 0.64);
    // Missing asks fall back to 1 − the other side's bid.
    close(c.tops[1].yesAsk!, 0.6);
    close(c.tops[1].noAsk!, 0.42);
    // KXBTCY multiplier 0.5, inside the rounding: ceil(0.035 × 10 × 0.45 × 0.55 = 0.086625) = 0.09;
    // ceil(0.035 × 100 × 0.5 × 0.5 = 0.875) = 0.88, where rounding before the multiplier gave 0.875.
    close(a.marketFee('KXBTCY-26DEC31-T150000').taker(0.5, 100), 0.88);
    close(a.marketFee('KXBTCY-26DEC31-T150000').taker(0.45, 10), 0.09);

    const b = await a.books(['KXBTCY-26DEC31-T150000', 'KXBTCY-26DEC31-T120000', 'KXBAD'], 10, signal());
    const yes = b.quotes.find((q) => q.symbol === 'KXBTCY-26DEC31-T150000:YES')!;
    const no = b.quotes.find((q) => q.symbol === 'KXBTCY-26DEC31-T150000:NO')!;
    // Bids arrive ascending (best last): sorted best first. YES asks = 1 − NO bids (0.62 → 0.38).
    assert.deepEqual(yes.bids, [[0.36, 500], [0.35, 800], [0.34, 1500]]);
    assert.deepEqual(yes.asks, [[0.38, 400], [0.4, 600]]);
    assert.deepEqual(no.bids, [[0.62, 400], [0.6, 600]]);
    assert.deepEqual(no.asks, [[0.64, 500], [0.65, 800], [0.66, 1500]]);
    assert.ok(b.warnings.some((w) => w.includes('1 malformed')));
    const empty = b.quotes.find((q) => q.symbol === 'KXBTCY-26DEC31-T120000:YES')!;
    assert.deepEqual([empty.bids, empty.asks], [[], []]);
    assert.ok(b.warnings.some((w) => w.startsWith('KXBAD') && w.includes('orderbook_fp')), 'the removed cent-based shape is not read');
  } finally {
    await srv.close();
  }
});

test('kalshi: events are paged with the cursor until it is empty', async () => {
  const page2 = { events: [{ event_ticker: 'KXRAIN-26DEC', series_ticker: 'KXRAIN', title: 'Rain', markets: [{ ticker: 'KXRAIN-26DEC-T3', title: 'More than 3 inches of rain in NYC in December 2026?', status: 'active', market_type: 'binary', yes_ask_dollars: '0.2100', no_ask_dollars: '0.8100' }] }], cursor: '' };
  const srv = await startVenueServer({
    '/trade-api/v2/events': (_req, url) => (url.searchParams.get('cursor') === 'c2' ? page2 : { ...(fixture('kalshi/rest/kalshi-events.json') as object), cursor: 'c2' }),
    '/trade-api/v2/series': 'kalshi/rest/kalshi-series.json',
  });
  try {
    const a = await open(kalshi, { url: srv.url });
    const c = await a.catalogue({ signal: signal() });
    assert.deepEqual(c.markets.map((m) => m.id), ['KXBTCY-26DEC31-T150000', 'KXBTCY-26DEC31-T120000', 'KXRAIN-26DEC-T3']);
    assert.equal(srv.requests.filter((r) => r.startsWith('/trade-api/v2/events')).length, 2);
  } finally {
    await srv.close();
  }
});

test('kalshi: series endpoint failing leaves the conservative fee rule with a warning; events garbage fails the venue', async () => {
  const srv = await startVenueServer({ '/trade-api/v2/events': 'kalshi/rest/kalshi-events.json', '/trade-api/v2/series': { body: 'nope', status: 503 } });
  try {
    const a = await open(kalshi, { url: srv.url + '/trade-api/v2' });
    const c = await a.catalogue({ signal: signal() });
    assert.ok(c.warnings.some((w) => w.includes('series fee rules unavailable') && w.includes('HTTP 503')), c.warnings.join('\n'));
    // Multiplier 0.5 unknown → conservative 0.07: ceil(0.07 × 10 × 0.45 × 0.55 = 0.17325) = 0.18
    close(a.marketFee('KXBTCY-26DEC31-T150000').taker(0.45, 10), 0.18);
    srv.routes = { '/trade-api/v2/events': { json: { markets: [] } } };
    await assert.rejects(a.catalogue({ signal: signal() }), /no events array/);
  } finally {
    await srv.close();
  }
});

test('kalshi: every priced market gets its series fee rule — by-ticker markets via /events/{event_ticker}, absent series via /series/{ticker}', async () => {
  const events = fixture('kalshi/rest/kalshi-events.json') as { events: object[] };
  const odd = { event_ticker: 'KXODD-26DEC31', series_ticker: 'KXODD', title: 'Odd', markets: [{ ticker: 'KXODD-26DEC31-A', title: 'Odd market?', status: 'active', market_type: 'binary', yes_ask_dollars: '0.4000', no_ask_dollars: '0.6200' }] };
  const srv = await startVenueServer({
    '/trade-api/v2/events': { json: { events: [...events.events, odd], cursor: '' } },
    '/trade-api/v2/markets': 'kalshi/rest/markets-by-ticker.json',
    '/trade-api/v2/events/KXMLBGAME-26JUN281415MIASTL': 'kalshi/rest/event-KXMLBGAME-26JUN281415MIASTL.json',
    '/trade-api/v2/series': 'kalshi/rest/series.json',
    '/trade-api/v2/series/KXINXY': 'kalshi/rest/series-KXINXY.json',
  });
  try {
    const a = await open(kalshi, { url: srv.url });
    const include = ['KXMLBGAME-26JUN281415MIASTL-STL', 'KXINXY-26DEC31-B7000', 'KXGONE-26DEC31-X'];
    const c = await a.catalogue({ signal: signal(), include });
    assert.ok(srv.requests.includes('/trade-api/v2/events/KXMLBGAME-26JUN281415MIASTL'), srv.requests.join('\n'));
    assert.ok(srv.requests.includes('/trade-api/v2/series/KXINXY'));
    // KXMLBGAME (quadratic_with_maker_fees, ×0.5), learnt through the event:
    //   ceil(0.035 × 100 × 0.52 × 0.48 = 0.8736) = 0.88 (multiplier 1 would have charged 1.75).
    close(a.marketFee('KXMLBGAME-26JUN281415MIASTL-STL').taker(0.52, 100), 0.88);
    // KXINXY (quadratic ×0.5) from the market's series_ticker, fetched alone: ceil(0.035 × 100 × 0.42 × 0.58 = 0.8526) = 0.86
    close(a.marketFee('KXINXY-26DEC31-B7000').taker(0.42, 100), 0.86);
    // KXGONE: its event answers 404 → conservative: ceil(0.07 × 100 × 0.3 × 0.7 = 1.47) = 1.47
    close(a.marketFee('KXGONE-26DEC31-X').taker(0.3, 100), 1.47);
    assert.ok(c.warnings.some((w) => w.startsWith('event KXGONE-26DEC31: series unknown') && w.includes('HTTP 404')), c.warnings.join('\n'));
    // KXODD's fee_type "cubic" is named; KXBADM is in /series but used by no market: no warning.
    assert.ok(c.warnings.some((w) => w.startsWith('series KXODD: unknown fee_type "cubic"')));
    close(a.marketFee('KXODD-26DEC31-A').taker(0.4, 100), 1.68);
    assert.ok(!c.warnings.some((w) => w.includes('KXBADM')));
    // KXBTCY is in no series answer (/series/KXBTCY → 404) and KXGONE has none: ONE summary line.
    const summary = c.warnings.filter((w) => w.includes('no known series fee rule'));
    assert.equal(summary.length, 1);
    assert.match(summary[0], /^3 market\(s\) with no known series fee rule, priced with the conservative rule/);
    // Sports dates: expected_expiration_time resolves, close_time is the latest possible date.
    const mlb = c.markets.find((m) => m.id === 'KXMLBGAME-26JUN281415MIASTL-STL')!;
    assert.equal(mlb.closeTs, Date.parse('2026-06-28T21:15:00Z'));
    assert.equal(mlb.latestCloseTs, Date.parse('2026-07-12T18:15:00Z'));
  } finally {
    await srv.close();
  }
});

test('manifold: LiteMarket CPMM priced from pool/p for the size, mana and cash kept apart, bad pools warned', async () => {
  const srv = await startVenueServer({ '/v0/search-markets': 'manifold/rest/manifold-search.json' });
  try {
    const a = await open(manifold, { url: srv.url });
    const c = await a.catalogue({ signal: signal() });
    assert.deepEqual(c.markets.map((m) => [m.id, m.currency]), [['mf1', 'MANA'], ['mf2', 'CASH']]);
    assert.ok(c.warnings.some((w) => w.includes('mf3') && w.includes('pool')));
    const yes = c.quotes.find((q) => q.symbol === 'mf1:YES')!;
    // pool YES 600 / NO 400, p 0.5 → probability 400/1000 = 0.4. The first ladder level is 1
    // share at cost(1); each level's price is the AMM's average over that slice, so walking the
    // ladder to 100 shares costs exactly cpmmCost(100).
    const pool = { yes: 600, no: 400, p: 0.5 };
    close(yes.asks[0][0], cpmmCost(pool, 1, 'YES'), 1e-9);
    assert.ok(yes.asks[0][0] > 0.4 && yes.asks[0][0] < 0.41, `1 share just above the 0.4 probability: ${yes.asks[0][0]}`);
    let shares = 0;
    let cost = 0;
    for (const [p, s] of yes.asks) {
      if (shares >= 100) break;
      shares += s;
      cost += p * s;
    }
    close(shares, 100);
    close(cost, cpmmCost(pool, 100, 'YES'), 1e-6);
    // Exact check of the AMM: with p = 0.5, k² = 600·400 = 240000; a bet of M mana gives
    // 600 + M − 240000/(400 + M) YES shares. 100 shares: (500 + M)(400 + M) = 240000
    // → M² + 900M − 40000 = 0 → M = (−900 + √970000)/2 = 42.4429: average price 0.4244.
    close(cpmmCost(pool, 100, 'YES'), 42.4429, 1e-3);
    assert.equal(a.marketFee('mf1').taker(0.5, 100), 0);
  } finally {
    await srv.close();
  }
});

test('manifold: a quiet market (last bet days ago) is quoted at the receive time, not stale', async () => {
  const srv = await startVenueServer({ '/v0/search-markets': 'manifold/rest/manifold-quiet-market.json' });
  try {
    const a = await open(manifold, { url: srv.url });
    const before = Date.now();
    const c = await a.catalogue({ signal: signal() });
    const yes = c.quotes.find((q) => q.symbol === 'qQuiet01:YES')!;
    assert.ok(yes.venueTs >= before && yes.venueTs <= Date.now(), `venueTs ${yes.venueTs} is the receive time`);
    assert.notEqual(yes.venueTs, 1767312000000, 'not lastUpdatedTime');
    const b = await a.books(['qQuiet01'], 5, signal());
    assert.equal(b.quotes[0].venueTs, yes.venueTs);
  } finally {
    await srv.close();
  }
});

test('betfair: not configured without credentials; decimal odds → probabilities; commission on net winnings', async () => {
  assert.match(betfair.notConfigured!({}) ?? '', /app key and a session token/);
  let headers: Record<string, unknown> = {};
  let bookReq: unknown;
  const srv = await startVenueServer({
    '/exchange/betting/rest/v1.0/listMarketCatalogue/': (req) => {
      headers = req.headers;
      return fixture('betfair/rest/betfair-catalogue.json');
    },
    '/exchange/betting/rest/v1.0/listMarketBook/': async (req) => {
      bookReq = await body(req);
      return fixture('betfair/rest/betfair-book.json');
    },
  });
  try {
    const cfg = { url: srv.url, apiKey: 'app-key-1', session: 'sess-1' };
    assert.equal(betfair.notConfigured!(cfg), undefined);
    const a = await open(betfair, cfg);
    const c = await a.catalogue({ signal: signal() });
    assert.equal(headers['x-application'], 'app-key-1');
    assert.equal(headers['x-authentication'], 'sess-1');
    assert.deepEqual((bookReq as { marketIds: string[] }).marketIds, ['1.234567890', '1.999']);
    assert.deepEqual(c.markets.map((m) => m.id), ['1.234567890/101', '1.234567890/102', '1.234567890/103']);
    const dem = c.markets[0];
    assert.equal(dem.question, 'US Presidential Election 2028 — Winning Party: Democrats');
    assert.equal(dem.currency, 'GBP');
    assert.deepEqual(dem.event, { id: '1.234567890', title: 'US Presidential Election 2028 — Winning Party', outcome: 'Democrats', exhaustive: true, marketCount: 3 });
    const yes = c.quotes.find((q) => q.symbol === '1.234567890/101:YES')!;
    const no = c.quotes.find((q) => q.symbol === '1.234567890/101:NO')!;
    // Back £200 at 2.2 = 440 YES shares at 1/2.2; lay £150 at 2.24 = 336 NO shares at 1 − 1/2.24.
    close(yes.asks[0][0], 1 / 2.2);
    close(yes.asks[0][1], 440);
    close(yes.asks[1][0], 1 / 2.18);
    close(no.asks[0][0], 1 - 1 / 2.24);
    close(no.asks[0][1], 336);
    close(yes.bids[0][0], 1 / 2.24);
    assert.ok(c.warnings.some((w) => w.includes('1.234567890/102') && w.includes('malformed')));
    assert.equal(a.marketFee('x').winningsRate, 0.05);
    // The SUSPENDED market does not vanish silently: one summary line, ids only when verbose.
    assert.deepEqual(c.warnings.filter((w) => w.includes('not priced')), ['1 catalogue market(s) not priced: 1 SUSPENDED']);
    const v = await (await open(betfair, { ...cfg, verbose: true })).catalogue({ signal: signal() });
    assert.deepEqual(v.warnings.filter((w) => w.includes('not priced')), ['1 catalogue market(s) not priced: 1 SUSPENDED (SUSPENDED: 1.999)']);
  } finally {
    await srv.close();
  }
});

test('betfair: delayed app key → no live prices, said once; incomplete runner lists make no multi-outcome set', async () => {
  const srv = await startVenueServer({
    '/exchange/betting/rest/v1.0/listMarketCatalogue/': 'betfair/rest/listMarketCatalogue.json',
    '/exchange/betting/rest/v1.0/listMarketBook/': (_req) => (fixture('betfair/rest/listMarketBook.json') as object[]).map((b) => ({ ...b, isMarketDataDelayed: true })),
  });
  try {
    const a = await open(betfair, { url: srv.url, apiKey: 'delayed-key', session: 's' });
    const c = await a.catalogue({ signal: signal() });
    assert.equal(c.quotes.length, 0);
    assert.equal(c.warnings.filter((w) => w.includes('isMarketDataDelayed')).length, 1, c.warnings.join('\n'));
    assert.deepEqual((await a.books(['1.240000104/9001'], 10, signal())).quotes, []);
    srv.routes['/exchange/betting/rest/v1.0/listMarketBook/'] = 'betfair/rest/listMarketBook.json';
    const live = await (await open(betfair, { url: srv.url, apiKey: 'live-key', session: 's' })).catalogue({ signal: signal() });
    assert.equal(live.quotes.length, 18);
    assert.ok(!live.warnings.some((w) => w.includes('isMarketDataDelayed')));
    assert.equal(live.markets.find((m) => m.id === '1.240000100/5001')?.event?.exhaustive, false);
    assert.equal(live.markets.find((m) => m.id === '1.240000104/9001')?.event?.exhaustive, true);
    assert.ok(live.warnings.includes('2 catalogue market(s) not priced: 1 SUSPENDED, 1 with no book in listMarketBook'), live.warnings.join('\n'));
  } finally {
    await srv.close();
  }
});

test('betfair: a rejected session is a venue error naming the cause', async () => {
  const srv = await startVenueServer({
    '/exchange/betting/rest/v1.0/listMarketCatalogue/': { body: { faultcode: 'Client', detail: { APINGException: { errorCode: 'INVALID_SESSION_INFORMATION' } } }, status: 400 },
  });
  try {
    const a = await open(betfair, { url: srv.url, apiKey: 'k', session: 'expired' });
    await assert.rejects(a.catalogue({ signal: signal() }), /HTTP 400.*INVALID_SESSION_INFORMATION/);
  } finally {
    await srv.close();
  }
});
