// The ccxt adapter against local servers speaking each venue's REST wire format (fixtures in
// test/fixtures/<venue>/): markets, top of book, depth, funding intervals and fees.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startVenueServer, type VenueServer } from '../../helpers/venue-server.js';
import { ROUTES } from '../../helpers/venue-routes.js';
import { REGISTRY } from '../../../src/venues/registry.js';
import type { VenueAdapter, VenueConfig, VenueSnapshot } from '../../../src/venues/types.js';
import type { FundingRate, MarketType, Quote } from '../../../src/core/types.js';

const BOTH = new Set<MarketType>(['spot', 'perp']);

async function connect(venue: string, config: Omit<VenueConfig, 'url'> = {}): Promise<{ server: VenueServer; adapter: VenueAdapter }> {
  const server = await startVenueServer(ROUTES[venue]());
  const adapter = await REGISTRY.get(venue)!.create({ config: { ...config, url: server.url }, timeoutMs: 5000, now: () => Date.now() });
  return { server, adapter };
}

const signal = () => AbortSignal.timeout(5000);
const quote = (s: VenueSnapshot, symbol: string): Quote => {
  const q = s.quotes.find((x) => x.symbol === symbol);
  assert.ok(q, `no quote for ${symbol}; got ${s.quotes.map((x) => x.symbol).join(', ')}`);
  return q;
};
const funding = (s: VenueSnapshot, symbol: string): FundingRate => {
  const f = s.funding.find((x) => x.symbol === symbol);
  assert.ok(f, `no funding for ${symbol}`);
  return f;
};

/** Bids strictly best (highest) first, asks best (lowest) first. */
function assertSorted(q: Quote): void {
  for (let i = 1; i < q.bids.length; i++) assert.ok(q.bids[i - 1][0] > q.bids[i][0], `${q.venue} ${q.symbol} bids not best-first`);
  for (let i = 1; i < q.asks.length; i++) assert.ok(q.asks[i - 1][0] < q.asks[i][0], `${q.venue} ${q.symbol} asks not best-first`);
}

describe('binance (spot api/v3 + USDⓈ-M fapi/v1)', () => {
  let v: Awaited<ReturnType<typeof connect>>;
  before(async () => (v = await connect('binance')));
  after(async () => {
    await v.adapter.close();
    await v.server.close();
  });

  test('top of book from bookTicker for spot and linear perps, only the markets asked for', async () => {
    const s = await v.adapter.snapshot({ markets: BOTH, funding: true, signal: signal() });
    assert.deepEqual(s.quotes.map((q) => q.symbol).sort(), ['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT']);
    assert.deepEqual(quote(s, 'BTC/USDT').bids, [[64000, 1.5]]);
    assert.deepEqual(quote(s, 'BTC/USDT').asks, [[64000.01, 2]]);
    assert.deepEqual(quote(s, 'BTC/USDT:USDT').bids, [[64030, 3.1]]);
    assert.equal(quote(s, 'BTC/USDT:USDT').market, 'perp');
    assert.deepEqual(s.warnings, []);
    // loadMarkets fetched spot + linear only (no inverse dapi, no currency endpoint needing keys).
    assert.ok(!v.server.requests.some((r) => r.startsWith('/dapi') || r.startsWith('/sapi')), v.server.requests.join(' '));
  });

  test('funding from premiumIndex, interval from fundingInfo (ETH 4 h), default 8 h when not listed', async () => {
    const s = await v.adapter.snapshot({ markets: new Set(['perp']), funding: true, signal: signal() });
    assert.equal(funding(s, 'BTC/USDT:USDT').rate, 0.0001);
    assert.equal(funding(s, 'BTC/USDT:USDT').intervalHours, 8);
    assert.equal(funding(s, 'ETH/USDT:USDT').rate, 0.0002);
    assert.equal(funding(s, 'ETH/USDT:USDT').intervalHours, 4);
  });

  test('order books: depth levels best first, trimmed to depth', async () => {
    const s = await v.adapter.orderBooks([{ symbol: 'BTC/USDT', market: 'spot' }, { symbol: 'BTC/USDT:USDT', market: 'perp' }], 2, signal());
    const spot = quote(s, 'BTC/USDT');
    assert.deepEqual(spot.bids, [[64000, 1.5], [63999, 2]]);
    assert.deepEqual(spot.asks, [[64000.01, 2], [64001, 3]]);
    assertSorted(quote(s, 'BTC/USDT:USDT'));
    // depth 2 is not a size fapi accepts: the adapter asked for 5 and trimmed.
    assert.ok(v.server.requests.includes('/fapi/v1/depth?symbol=BTCUSDT&limit=5'), v.server.requests.join(' '));
  });

  test('fees are the published base tier per market type; config overrides win and say so', async () => {
    // binance.com/en/fee: spot regular user 0.10 % taker; USDⓈ-M futures 0.05 % taker.
    assert.equal(v.adapter.fee('spot', 'BTC/USDT').takerRate, 0.001);
    assert.equal(v.adapter.fee('spot', 'BTC/USDT').source, 'published');
    assert.equal(v.adapter.fee('perp', 'BTC/USDT:USDT').takerRate, 0.0005);
    const o = await connect('binance', { taker: 0.00025 });
    try {
      await o.adapter.snapshot({ markets: BOTH, funding: false, signal: signal() });
      assert.equal(o.adapter.fee('spot', 'BTC/USDT').takerRate, 0.00025);
      assert.equal(o.adapter.fee('spot', 'BTC/USDT').source, 'override');
      // 0.00025 × 64000 × 2 = 32 USDT for a 2 BTC fill
      assert.equal(o.adapter.fee('spot', 'BTC/USDT').taker(64000, 2), 32);
    } finally {
      await o.adapter.close();
      await o.server.close();
    }
  });

  test('without API keys Binance serves no networks: a config error ("unknown"), never an empty "free" list', async () => {
    await assert.rejects(v.adapter.currencies!(signal()), (err: Error & { kind?: string }) => err.kind === 'config' && /API keys/.test(err.message));
    assert.ok(!v.server.requests.some((r) => r.startsWith('/sapi')), 'no signed request was sent');
  });

  test('with API keys: markets load unsigned; the account\'s own fees and the networks come from the signed reads', async () => {
    const k = await connect('binance', { apiKey: 'KEY-MARKER-123', secret: 'SECRET-MARKER-456' });
    try {
      await k.adapter.snapshot({ markets: new Set(['spot']), funding: false, signal: signal() });
      // tradeFee: takerCommission "0.00075" (a BNB-discount tier) instead of the published 0.10 %.
      assert.equal(k.adapter.fee('spot', 'BTC/USDT').takerRate, 0.00075);
      assert.equal(k.adapter.fee('spot', 'BTC/USDT').source, 'account');
      // 0.00075 × 64,000 × 2 = 96 USDT
      assert.equal(k.adapter.fee('spot', 'BTC/USDT').taker(64000, 2), 96);
      const nets = await k.adapter.currencies!(signal());
      assert.deepEqual(nets.get('BTC')!.map((n) => [n.network, n.withdraw, n.fee, n.min]), [['BTC', true, 0.0002, 0.001], ['BEP20', false, 0.0000045, 0.0000098]]);
      const signed = k.server.requests.filter((r) => r.includes('signature='));
      assert.deepEqual([...new Set(signed.map((r) => r.split('?')[0]))].sort(), ['/sapi/v1/asset/tradeFee', '/sapi/v1/capital/config/getall']);
      assert.ok(!k.server.requests.some((r) => r.startsWith('/sapi/v1/margin')), 'no margin endpoint while loading markets');
    } finally {
      await k.adapter.close();
      await k.server.close();
    }
  });

  test('funding history from /fapi/v1/fundingRate: rates as paid, with their times', async () => {
    const h = await v.adapter.fundingHistory!('BTC/USDT:USDT', 1795100000000, signal());
    assert.deepEqual(h.map((r) => r.rate), [0.0001, -0.000025, 0.0003]);
    assert.equal(h[0].ts, 1795190400000);
    assert.ok(v.server.requests.some((r) => r.startsWith('/fapi/v1/fundingRate?symbol=BTCUSDT&startTime=1795100000000')), v.server.requests.join(' '));
  });

  test('order limits from the markets: LOT_SIZE step and minimum, NOTIONAL minimum, per market type', async () => {
    await v.adapter.snapshot({ markets: BOTH, funding: false, signal: signal() });
    assert.deepEqual(v.adapter.limits!('spot', 'BTC/USDT'), { step: 0.00001, minAmount: 0.00001, minNotional: 5 });
    assert.deepEqual(v.adapter.limits!('perp', 'BTC/USDT:USDT'), { step: 0.001, minAmount: 0.001, minNotional: 100 });
  });

  test('few symbols with a depth: books straight away (one round trip fewer), listed in withDepth', async () => {
    v.server.requests.length = 0;
    const s = await v.adapter.snapshot({ symbols: ['ETH/USDT', 'ETH/USDT:USDT'], markets: BOTH, funding: false, signal: signal(), depth: 20 });
    assert.deepEqual([...(s.withDepth ?? [])].sort(), ['ETH/USDT', 'ETH/USDT:USDT']);
    assert.equal(quote(s, 'ETH/USDT').bids.length, 2);
    assert.ok(!v.server.requests.some((r) => r.includes('bookTicker')), v.server.requests.join(' '));
  });
});

describe('okx (v5)', () => {
  let v: Awaited<ReturnType<typeof connect>>;
  before(async () => (v = await connect('okx')));
  after(async () => {
    await v.adapter.close();
    await v.server.close();
  });

  test('spot and linear swaps; the inverse BTC-USD-SWAP is not a linear perp; contract sizes become base units', async () => {
    const s = await v.adapter.snapshot({ markets: BOTH, funding: true, signal: signal() });
    assert.deepEqual(s.quotes.map((q) => q.symbol).sort(), ['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT']);
    // SOL-USDT is in the ticker payload but not among the instruments: ignored.
    assert.deepEqual(quote(s, 'BTC/USDT').bids, [[64300, 1.25]]);
    // BTC-USDT-SWAP: 250 contracts × ctVal 0.01 BTC = 2.5 BTC; 180 × 0.01 = 1.8
    assert.deepEqual(quote(s, 'BTC/USDT:USDT').bids, [[64350, 2.5]]);
    assert.deepEqual(quote(s, 'BTC/USDT:USDT').asks, [[64350.1, 1.8]]);
    // ETH-USDT-SWAP: ctVal 0.1 → 520 contracts = 52 ETH
    assert.deepEqual(quote(s, 'ETH/USDT:USDT').bids, [[3211.2, 52]]);
    // Fresh venue timestamps (ts field) are carried through.
    assert.ok(Math.abs(quote(s, 'BTC/USDT').venueTs - Date.now()) < 10_000);
  });

  test('perp order limits in base units: lotSz 0.01 contracts × ctVal 0.01 BTC = 0.0001 BTC', async () => {
    await v.adapter.snapshot({ markets: BOTH, funding: false, signal: signal() });
    const l = v.adapter.limits!('perp', 'BTC/USDT:USDT')!;
    assert.ok(Math.abs(l.step! - 0.0001) < 1e-15 && Math.abs(l.minAmount! - 0.0001) < 1e-15, JSON.stringify(l));
  });

  test('funding interval derived from fundingTime → nextFundingTime: 8 h and 1 h', async () => {
    const s = await v.adapter.snapshot({ markets: new Set(['perp']), funding: true, signal: signal() });
    assert.equal(funding(s, 'BTC/USDT:USDT').intervalHours, 8);
    assert.equal(funding(s, 'ETH/USDT:USDT').intervalHours, 1);
    assert.equal(funding(s, 'ETH/USDT:USDT').rate, -0.00005);
  });

  test('order books scaled by contract size and sorted; fees from OKX\'s published base tier, not ccxt\'s static 0.15 %', async () => {
    const s = await v.adapter.orderBooks([{ symbol: 'BTC/USDT:USDT', market: 'perp' }, { symbol: 'BTC/USDT', market: 'spot' }], 20, signal());
    assert.deepEqual(quote(s, 'BTC/USDT:USDT').bids, [[64350, 2.5], [64349, 4]]);
    assert.deepEqual(quote(s, 'BTC/USDT').asks, [[64300.1, 0.8], [64301, 1.5], [64305, 4]]);
    for (const q of s.quotes) assertSorted(q);
    // okx.com/fees, regular user tier: spot taker 0.10 %, perpetual swap taker 0.05 %.
    assert.equal(v.adapter.fee('spot', 'BTC/USDT').takerRate, 0.001);
    assert.equal(v.adapter.fee('spot', 'BTC/USDT').source, 'published');
    assert.equal(v.adapter.fee('perp', 'BTC/USDT:USDT').takerRate, 0.0005);
  });
});

describe('bybit (v5)', () => {
  let v: Awaited<ReturnType<typeof connect>>;
  before(async () => (v = await connect('bybit')));
  after(async () => {
    await v.adapter.close();
    await v.server.close();
  });

  test('spot + linear tickers, funding interval from instruments-info fundingInterval (480 → 8 h, 240 → 4 h)', async () => {
    const s = await v.adapter.snapshot({ markets: BOTH, funding: true, signal: signal() });
    assert.equal(s.quotes.length, 4);
    assert.deepEqual(quote(s, 'ETH/USDT:USDT').asks, [[3206.05, 60]]);
    assert.deepEqual(funding(s, 'BTC/USDT:USDT'), { ...funding(s, 'BTC/USDT:USDT'), rate: 0.0001, intervalHours: 8 });
    assert.deepEqual(funding(s, 'ETH/USDT:USDT'), { ...funding(s, 'ETH/USDT:USDT'), rate: 0.00015, intervalHours: 4 });
    // only spot and linear instruments were loaded
    assert.ok(!v.server.requests.some((r) => /category=(inverse|option)/.test(r)), v.server.requests.join(' '));
  });

  test('order books (b/a arrays) best first; perp fee from Bybit\'s published base tier (0.055 %), not ccxt\'s 0.06 %', async () => {
    const s = await v.adapter.orderBooks([{ symbol: 'BTC/USDT', market: 'spot' }, { symbol: 'ETH/USDT:USDT', market: 'perp' }], 20, signal());
    assert.deepEqual(quote(s, 'BTC/USDT').bids, [[64050, 0.9], [64049.5, 1.8], [64045, 5]]);
    assert.deepEqual(quote(s, 'ETH/USDT:USDT').asks, [[3206.05, 60], [3206.5, 90]]);
    assert.equal(v.adapter.fee('perp', 'ETH/USDT:USDT').takerRate, 0.00055);
  });
});

describe('kucoin (spot) + kucoinfutures (perps)', () => {
  let v: Awaited<ReturnType<typeof connect>>;
  before(async () => (v = await connect('kucoin')));
  after(async () => {
    await v.adapter.close();
    await v.server.close();
  });

  test('XBT is BTC; futures sizes in contracts × multiplier; funding granularity → hours', async () => {
    const s = await v.adapter.snapshot({ markets: BOTH, funding: true, signal: signal() });
    assert.deepEqual(s.quotes.map((q) => q.symbol).sort(), ['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT']);
    // XBTUSDTM: 2767 contracts × 0.001 BTC = 2.767 BTC
    assert.deepEqual(quote(s, 'BTC/USDT:USDT').bids, [[64060, 2.767]]);
    // nanosecond ts → ms
    assert.ok(Math.abs(quote(s, 'BTC/USDT:USDT').venueTs - Date.now()) < 10_000);
    assert.equal(funding(s, 'BTC/USDT:USDT').intervalHours, 8);
    assert.equal(funding(s, 'ETH/USDT:USDT').intervalHours, 4);
    assert.equal(funding(s, 'ETH/USDT:USDT').rate, -0.0001);
    // the .XBTUSDTMFPI8H funding index row is not a contract
    assert.equal(s.funding.length, 2);
  });

  test('taker fees from the venue payloads: spot takerFeeRate × takerCoefficient, futures takerFeeRate', async () => {
    await v.adapter.snapshot({ markets: BOTH, funding: false, signal: signal() });
    assert.equal(v.adapter.fee('spot', 'BTC/USDT').takerRate, 0.001);
    // ETH-USDT: 0.001 × 0.5
    assert.equal(v.adapter.fee('spot', 'ETH/USDT').takerRate, 0.0005);
    assert.equal(v.adapter.fee('spot', 'ETH/USDT').source, 'venue-market-data');
    assert.equal(v.adapter.fee('perp', 'BTC/USDT:USDT').takerRate, 0.0006);
  });

  test('deposit/withdrawal networks from the public /api/v3/currencies, per network (not the "any network" flags)', async () => {
    const nets = await v.adapter.currencies!(signal());
    // ccxt maps KuCoin's chainId 'btc' to the unified network code BTC.
    const btc = nets.get('BTC')!.find((n) => n.network === 'BTC')!;
    assert.deepEqual({ deposit: btc.deposit, withdraw: btc.withdraw, fee: btc.fee, min: btc.min }, { deposit: true, withdraw: true, fee: 0.0005, min: 0.0008 });
    assert.ok(nets.get('BTC')!.some((n) => n.withdraw === false), 'the closed chain is kept, closed');
    assert.equal(nets.get('ETH')![0].withdraw, false);
    // ccxt names Ethereum mainnet after the currency here (ETH); the engine compares it as ERC20.
    assert.equal(nets.get('ETH')![0].network, 'ETH');
  });

  test('depth 10 is asked as level2 20 (KuCoin accepts 20 or 100) and trimmed', async () => {
    const s = await v.adapter.orderBooks([{ symbol: 'ETH/USDT:USDT', market: 'perp' }, { symbol: 'BTC/USDT', market: 'spot' }], 1, signal());
    // ETHUSDTM: 4100 contracts × 0.01 ETH = 41 ETH
    assert.deepEqual(quote(s, 'ETH/USDT:USDT').bids, [[3203, 41]]);
    assert.deepEqual(quote(s, 'BTC/USDT').asks, [[64020.2, 1.3]]);
    assert.ok(v.server.requests.some((r) => r.startsWith('/api/v1/level2/depth20?symbol=ETHUSDTM')), v.server.requests.join(' '));
  });
});

describe('faults', () => {
  test('garbage JSON, HTTP 500 and a dropped ticker row surface as errors or warnings, never as quotes', async () => {
    const v = await connect('okx');
    try {
      v.server.routes['/api/v5/market/tickers'] = { body: '', garbage: '<html>502 Bad Gateway</html>' };
      await assert.rejects(v.adapter.snapshot({ markets: BOTH, funding: false, signal: signal() }));
      v.server.routes['/api/v5/market/tickers'] = { fixture: 'okx/rest/tickers-SPOT.json', status: 500 };
      await assert.rejects(v.adapter.snapshot({ markets: new Set(['spot']), funding: false, signal: signal() }));
      // A NaN / crossed row is dropped with a warning, the rest stays.
      v.server.routes['/api/v5/market/tickers'] = {
        json: {
          code: '0',
          msg: '',
          data: [
            { instType: 'SPOT', instId: 'BTC-USDT', askPx: '64000', askSz: '1', bidPx: '64010', bidSz: '1', ts: String(Date.now()) },
            { instType: 'SPOT', instId: 'ETH-USDT', askPx: '3210.05', askSz: '12', bidPx: '3210', bidSz: '9.5', ts: String(Date.now()) },
          ],
        },
      };
      const s = await v.adapter.snapshot({ markets: new Set(['spot']), funding: false, signal: signal() });
      assert.deepEqual(s.quotes.map((q) => q.symbol), ['ETH/USDT']);
      assert.match(s.warnings.join('\n'), /BTC\/USDT: crossed book/);
    } finally {
      await v.adapter.close();
      await v.server.close();
    }
  });

  test('garbage instead of the market list fails the venue with a clear message', async () => {
    const server = await startVenueServer(ROUTES.bybit(), { garbage: '{"retCode":0,"result":{"list":[' });
    const adapter = await REGISTRY.get('bybit')!.create({ config: { url: server.url }, timeoutMs: 5000, now: () => Date.now() });
    try {
      await assert.rejects(adapter.snapshot({ markets: BOTH, funding: false, signal: signal() }), /no markets in the response/);
    } finally {
      await adapter.close();
      await server.close();
    }
  });

  test('a venue that hangs is cut off by the caller’s AbortSignal', async () => {
    const v = await connect('bybit');
    v.server.fault = { hang: true };
    try {
      const t0 = Date.now();
      await assert.rejects(v.adapter.snapshot({ markets: BOTH, funding: false, signal: AbortSignal.timeout(300) }), (e: Error) => e.name === 'TimeoutError');
      assert.ok(Date.now() - t0 < 3000);
    } finally {
      await v.adapter.close();
      await v.server.close();
    }
  });
});
