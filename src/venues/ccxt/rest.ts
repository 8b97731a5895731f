// ccxt manual: https://docs.ccxt.com/ — unified symbols, `has` capabilities, fetchBidsAsks,
// fetchTickers, fetchOrderBook, fetchFundingRates.
import type { BookLevel, CurrencyNetworks, FeeModel, MarketLimits, FundingRate, MarketType, Quote } from '../../core/types.js';
import { describeError, VenueError } from '../../core/errors.js';
import { proportionalFee } from '../../core/fees.js';
import { parseIntervalHours } from '../../core/units.js';
import { marketCache } from '../transport/market-cache.js';
import { rebaseUrls } from '../transport/rebase-urls.js';
import { ccxtFetch } from '../transport/bounded-fetch.js';
import type { SnapshotRequest, VenueAdapter, VenueContext, VenueDescriptor, VenueSnapshot } from '../types.js';
import { resolveFee, type FeeRates } from '../fees.js';
import { abortable, bookLimit, currencyNetworks, marketLimits, fundingFrom, levels, tickerQuote, type CcxtCurrency, type CcxtFunding, type CcxtMarket, type CcxtTicker } from './convert.js';
import { num } from '../../core/json.js';

/** How one venue maps onto ccxt: the exchange class per market type, plus quirks. */
export interface CcxtSpec {
  readonly id: string;
  readonly label: string;
  readonly docs: string;
  /** ccxt exchange id for spot and for linear perpetuals (the same id when one class does both). */
  readonly spot?: string;
  readonly perp?: string;
  readonly defaultFees: VenueDescriptor['defaultFees'];
  /** Extra ccxt constructor options for every class of this venue. */
  readonly options?: Record<string, unknown>;
  /** Extra options for one ccxt class only (e.g. which market types its loadMarkets fetches). */
  readonly classOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** Funding interval when the venue does not report one (hours). */
  readonly defaultFundingHours?: number;
  /**
   * The venue's funding-rate payload carries no interval but a separate endpoint lists the
   * contracts whose interval differs from the default (Binance `fundingInfo`): fetch it
   * alongside the rates through ccxt's fetchFundingIntervals.
   */
  readonly fundingIntervals?: boolean;
  /** Book sizes the venue accepts (KuCoin: 20 or 100 only); a request asks for the next one up and trims. */
  readonly bookLimits?: readonly number[];
  /**
   * ccxt fills `market.taker` from the venue's own payload for this venue (KuCoin's
   * `takerFeeRate` × `takerCoefficient`), so it is the venue's figure, not ccxt's static guess.
   * Elsewhere `market.taker` is ignored and the published table is used.
   */
  readonly marketDataFees?: boolean;
}

/** Minimal structural view of a ccxt exchange instance: only what arblens calls. */
export interface CcxtExchange {
  id: string;
  has: Record<string, boolean | 'emulated' | undefined>;
  urls: { api?: unknown; [k: string]: unknown };
  markets: Record<string, CcxtMarket> | undefined;
  options: Record<string, unknown>;
  /** ccxt calls this instead of the platform fetch when set (see ccxtFetch). */
  fetchImplementation?: unknown;
  loadMarkets(): Promise<Record<string, CcxtMarket>>;
  setMarkets(markets: Record<string, CcxtMarket>): Record<string, CcxtMarket>;
  fetchBidsAsks(symbols?: string[], params?: Record<string, unknown>): Promise<Record<string, CcxtTicker>>;
  fetchTickers(symbols?: string[], params?: Record<string, unknown>): Promise<Record<string, CcxtTicker>>;
  fetchOrderBook(symbol: string, limit?: number): Promise<{ bids: number[][]; asks: number[][]; timestamp?: number }>;
  fetchFundingRates(symbols?: string[]): Promise<Record<string, CcxtFunding>>;
  fetchFundingIntervals?(symbols?: string[]): Promise<Record<string, CcxtFunding>>;
  fetchCurrencies(): Promise<Record<string, CcxtCurrency> | undefined>;
  fetchTradingFees(params?: Record<string, unknown>): Promise<Record<string, { taker?: number; maker?: number }>>;
  fetchFundingRateHistory(symbol?: string, since?: number): Promise<{ fundingRate?: number; timestamp?: number }[]>;
  close?(): Promise<unknown>;
}

/** ccxt instances whose class can list currencies (their `has` flag is switched off so loadMarkets skips it). */
const CURRENCY_CAPABLE = new WeakSet<CcxtExchange>();

/** ccxt is ~0.45 s to import: loaded only when a live crypto venue is actually used. */
async function loadCcxt(): Promise<Record<string, new (cfg: Record<string, unknown>) => CcxtExchange>> {
  const mod = (await import('ccxt')) as unknown as { default?: unknown };
  return (mod.default ?? mod) as Record<string, new (cfg: Record<string, unknown>) => CcxtExchange>;
}

/**
 * Up to this many instruments of one market, `scan` fetches their order books straight away
 * instead of tickers: the books are needed for sizing anyway, and it saves a round trip.
 */
export const DIRECT_BOOK_LIMIT = 5;
/** Above this many symbols the ticker call asks for the whole market (a symbol list would not fit a URL). */
const MAX_SYMBOLS_PER_TICKER_CALL = 50;
/**
 * ccxt's leaky bucket starts empty, so the second concurrent request of a scan waits a full
 * request cost (Binance's spot exchangeInfo: 4 × 50 ms). A one-shot scan makes a handful of
 * calls, far below every venue's per-minute weight, so let a small burst through at once; long
 * runs are still paced at ccxt's rate.
 */
const BURST_TOKENS = 20;

const SPECS = new WeakMap<VenueDescriptor, CcxtSpec>();

/** The spec behind a ccxt-backed registry entry (benchmarks clone venues under new ids with it). */
export function specOf(d: VenueDescriptor | undefined): CcxtSpec | undefined {
  return d ? SPECS.get(d) : undefined;
}

export function ccxtVenue(spec: CcxtSpec): VenueDescriptor {
  const markets: MarketType[] = [];
  if (spec.spot) markets.push('spot');
  if (spec.perp) markets.push('perp');
  const descriptor: VenueDescriptor = {
    id: spec.id,
    label: spec.label,
    kind: 'crypto',
    markets,
    docs: spec.docs,
    defaultFees: spec.defaultFees,
    // ccxt.pro with the same classes and options as the REST adapter, so the two never drift.
    async stream(ctx) {
      const { ccxtStream } = await import('./stream.js');
      return ccxtStream({ id: spec.id, spot: spec.spot, perp: spec.perp, options: spec.options, classOptions: spec.classOptions, defaultFees: spec.defaultFees }, ctx);
    },
    async create(ctx) {
      const ccxt = await loadCcxt();
      for (const exId of new Set([spec.spot, spec.perp].filter(Boolean) as string[])) {
        if (!ccxt[exId]) throw new VenueError(spec.id, `this ccxt release has no exchange '${exId}'`);
      }
      // Public instances carry NO keys: arblens is read-only and market data is public, so ccxt
      // never sends a signed request while loading markets. A keyed twin is made only for the
      // few private reads that need keys (account fees, currency networks).
      const make = (exchangeId: string, withKeys = false) => {
        const ex = new ccxt[exchangeId]({
          timeout: ctx.timeoutMs,
          enableRateLimit: true,
          tokenBucket: { tokens: BURST_TOKENS, capacity: BURST_TOKENS },
          ...(withKeys ? { apiKey: ctx.config.apiKey, secret: ctx.config.secret, password: ctx.config.password } : {}),
          // fetchMargins: Binance would otherwise ask a signed margin endpoint with every market or currency load.
          options: { fetchMargins: false, ...(spec.options ?? {}), ...(spec.classOptions?.[exchangeId] ?? {}) },
        });
        // Currencies (networks, withdrawal fees) are not needed for a scan, cost a serial round
        // trip before the markets on several venues, and need API keys on some.
        if (ex.has['fetchCurrencies']) CURRENCY_CAPABLE.add(ex);
        ex.has['fetchCurrencies'] = false;
        if (ctx.config.url) ex.urls.api = rebaseUrls(ex.urls.api, ctx.config.url);
        // ccxt's own timer stops at the response head: a trickled body would hold the process.
        // Our fetch bounds connect, first byte and the whole body, and caps its size.
        ex.fetchImplementation = ccxtFetch({ venue: spec.id, timeoutMs: ctx.timeoutMs });
        return ex;
      };
      return new CcxtAdapter(spec, markets, make, ctx);
    },
  };
  SPECS.set(descriptor, spec);
  return descriptor;
}

interface MarketPart {
  readonly quotes: Quote[];
  readonly funding: FundingRate[];
  readonly warnings: string[];
  readonly withDepth: string[];
}

class CcxtAdapter implements VenueAdapter {
  readonly id: string;
  private readonly loaded = new Map<CcxtExchange, Promise<Record<string, CcxtMarket>>>();
  /** ccxt instances, built on first use: one costs 10–50 ms of CPU (see exchange()). */
  private readonly byMarket = new Map<MarketType, CcxtExchange>();
  private readonly byClass = new Map<string, CcxtExchange>();
  /** The account's own taker/maker rates by symbol (fetchTradingFees, only with API keys). */
  private readonly accountFees = new Map<string, FeeRates>();
  private readonly accountLoaded = new Set<MarketType>();
  /** Keyed twins of the public instances, for private reads only. */
  private readonly keyedByClass = new Map<string, CcxtExchange>();

  constructor(
    private readonly spec: CcxtSpec,
    private readonly marketTypes: readonly MarketType[],
    private readonly make: (exchangeId: string, withKeys?: boolean) => CcxtExchange,
    private readonly ctx: VenueContext,
  ) {
    this.id = spec.id;
  }

  /**
   * The ccxt instance serving a market type. Building one is synchronous CPU work; yielding to
   * the event loop first lets the venues that are already built send their requests meanwhile,
   * so eleven venues' set-up overlaps their network waits instead of preceding them.
   */
  private async exchange(market: MarketType): Promise<CcxtExchange | undefined> {
    if (!this.marketTypes.includes(market)) return undefined;
    let ex = this.byMarket.get(market);
    if (ex) return ex;
    await new Promise((r) => setImmediate(r));
    ex = this.byMarket.get(market);
    if (ex) return ex;
    const exId = market === 'spot' ? this.spec.spot! : this.spec.perp!;
    ex = this.byClass.get(exId);
    if (!ex) this.byClass.set(exId, (ex = this.make(exId)));
    this.byMarket.set(market, ex);
    return ex;
  }

  limits(market: MarketType, symbol: string): MarketLimits | undefined {
    const ex = this.byMarket.get(market);
    return marketLimits(ex?.markets?.[symbol], (ex as { precisionMode?: number } | undefined)?.precisionMode);
  }

  fee(market: MarketType, symbol: string): FeeModel {
    const account = this.accountFees.get(symbol);
    if (!account && this.spec.marketDataFees && this.ctx.config.taker === undefined) {
      const m = this.byMarket.get(market)?.markets?.[symbol];
      const taker = num(m?.taker);
      if (taker !== undefined && taker >= 0 && taker <= 0.1) return proportionalFee(taker, num(m?.maker) ?? taker, 'venue-market-data');
    }
    return resolveFee(this.spec.defaultFees, market, this.ctx.config, account);
  }

  /**
   * Networks per asset from ccxt's fetchCurrencies on the spot class (cached on disk like market
   * lists). Several venues serve it only with API keys: ccxt then refuses, and so do we, as a
   * 'config' error ("unknown", never "free").
   */
  async currencies(signal: AbortSignal): Promise<CurrencyNetworks> {
    const ex = (await this.exchange('spot')) ?? (await this.exchange('perp'));
    if (!ex || !CURRENCY_CAPABLE.has(ex)) throw new VenueError(this.id, 'this ccxt class lists no currency networks', undefined, 'config');
    const cache = marketCache(this.id, `${ex.id}-currencies`, this.ctx.config.url);
    let raw = cache?.read() as Record<string, CcxtCurrency> | undefined;
    if (!raw) {
      try {
        raw = await abortable((this.hasKeys() ? this.keyed(ex) : ex).fetchCurrencies(), signal);
      } catch (err) {
        if (/AuthenticationError|apiKey|credential/i.test(`${(err as Error)?.name} ${(err as Error)?.message}`)) {
          throw new VenueError(this.id, 'deposit/withdrawal networks need API keys here', err, 'config');
        }
        throw readable(this.id, err);
      }
      // ccxt answers {} where the venue serves currencies only to signed requests (Binance without keys).
      if (!raw || typeof raw !== 'object' || Object.keys(raw).length === 0) throw new VenueError(this.id, 'no deposit/withdrawal networks (the venue serves them only with API keys)', undefined, 'config');
      cache?.write(raw);
    }
    return currencyNetworks(raw);
  }

  async fundingHistory(symbol: string, sinceMs: number, signal: AbortSignal): Promise<{ rate: number; ts: number }[]> {
    const ex = await this.exchange('perp');
    if (!ex || !ex.has['fetchFundingRateHistory']) throw new VenueError(this.id, 'no funding history in this ccxt class', undefined, 'config');
    await this.markets(ex, signal);
    const rows = await abortable(ex.fetchFundingRateHistory(symbol, sinceMs), signal).catch((err: unknown) => {
      throw readable(this.id, err);
    });
    const out: { rate: number; ts: number }[] = [];
    for (const r of Array.isArray(rows) ? rows : []) {
      const rate = num(r?.fundingRate);
      const ts = num(r?.timestamp);
      // Same plausibility cut as live rates: ±5 % per interval is a unit mix-up, not a market.
      if (rate !== undefined && ts !== undefined && Math.abs(rate) <= 0.05) out.push({ rate, ts });
    }
    return out;
  }

  async listSymbols(market: MarketType, signal: AbortSignal): Promise<string[]> {
    const ex = await this.exchange(market);
    if (!ex) return [];
    const mk = await this.markets(ex, signal);
    return Object.values(mk).filter((m) => matches(m, market)).map((m) => m.symbol);
  }

  /**
   * Spot and perp run concurrently (each behind its own loadMarkets, which ccxt shares when one
   * class serves both), and funding rates go out alongside the tickers, so a scan costs two
   * round trips per venue: markets, then prices.
   */
  async snapshot(req: SnapshotRequest): Promise<VenueSnapshot> {
    const parts = await Promise.all([...req.markets].filter((m) => this.marketTypes.includes(m)).map((m) => this.snapshotMarket(m, req))).catch((err: unknown) => {
      throw readable(this.id, err);
    });
    return {
      quotes: parts.flatMap((p) => p.quotes),
      funding: parts.flatMap((p) => p.funding),
      warnings: parts.flatMap((p) => p.warnings),
      withDepth: parts.flatMap((p) => p.withDepth),
    };
  }

  private async snapshotMarket(market: MarketType, req: SnapshotRequest): Promise<MarketPart> {
    const part: MarketPart = { quotes: [], funding: [], warnings: [], withDepth: [] };
    const ex = (await this.exchange(market))!;
    const mk = await this.markets(ex, req.signal);
    const listed = req.symbols ?? Object.values(mk).filter((m) => matches(m, market) && m.active !== false).map((m) => m.symbol);
    const symbols = listed.filter((s) => mk[s] && matches(mk[s], market));
    if (symbols.length === 0) return part;
    const direct = req.symbols !== undefined && req.depth !== undefined && symbols.length <= DIRECT_BOOK_LIMIT && !!ex.has['fetchOrderBook'];
    const [prices, funding] = await Promise.all([
      this.loadAccountFees(ex, market, req.signal, part.warnings).then(() => undefined),
      direct ? this.books(ex, symbols, market, req.depth!, req.signal) : this.tops(ex, symbols, market, req.signal),
      market === 'perp' && req.funding && ex.has['fetchFundingRates'] ? this.funding(ex, symbols, req.signal) : Promise.resolve(undefined),
    ]).then(([, p, f]) => [p, f] as const);
    part.quotes.push(...prices.quotes);
    part.warnings.push(...prices.warnings);
    if (direct) part.withDepth.push(...prices.quotes.map((q) => q.symbol));
    if (funding) {
      part.funding.push(...funding.funding);
      part.warnings.push(...funding.warnings);
    }
    return part;
  }

  async orderBooks(items: readonly { symbol: string; market: MarketType }[], depth: number, signal: AbortSignal): Promise<VenueSnapshot> {
    const parts = await Promise.all(
      this.marketTypes.map(async (market) => {
        const symbols = items.filter((i) => i.market === market).map((i) => i.symbol);
        return symbols.length ? this.books((await this.exchange(market))!, symbols, market, depth, signal) : { quotes: [], warnings: [] };
      }),
    );
    return { quotes: parts.flatMap((p) => p.quotes), funding: [], warnings: parts.flatMap((p) => p.warnings) };
  }

  async close(): Promise<void> {
    for (const ex of [...this.byClass.values(), ...this.keyedByClass.values()]) await ex.close?.().catch(() => undefined);
  }

  private hasKeys(): boolean {
    return typeof this.ctx.config.apiKey === 'string' && this.ctx.config.apiKey !== '' && typeof this.ctx.config.secret === 'string' && this.ctx.config.secret !== '';
  }

  /** The keyed twin of a public instance, sharing its loaded markets (no second market load). */
  private keyed(ex: CcxtExchange): CcxtExchange {
    let k = this.keyedByClass.get(ex.id);
    if (!k) {
      k = this.make(ex.id, true);
      if (ex.markets) k.setMarkets(ex.markets);
      this.keyedByClass.set(ex.id, k);
    }
    return k;
  }

  /**
   * The account's own rates (fetchTradingFees) once per market type, when keys are configured;
   * a refusal or failure leaves the published rates, with a warning.
   */
  private async loadAccountFees(ex: CcxtExchange, market: MarketType, signal: AbortSignal, warnings: string[]): Promise<void> {
    if (!this.hasKeys() || this.accountLoaded.has(market) || this.ctx.config.taker !== undefined) return;
    this.accountLoaded.add(market);
    const k = this.keyed(ex);
    if (!k.has['fetchTradingFees']) return;
    try {
      const fees = await abortable(k.fetchTradingFees({ type: market === 'spot' ? 'spot' : 'swap' }), signal);
      for (const [symbol, f] of Object.entries(fees ?? {})) {
        const taker = num(f?.taker);
        const maker = num(f?.maker);
        // A rate outside [0, 10 %] is a unit mix-up, not an account tier: keep the published one.
        if (taker !== undefined && taker >= 0 && taker <= 0.1) this.accountFees.set(symbol, { taker, maker: maker !== undefined && maker >= -0.01 && maker <= 0.1 ? maker : taker });
      }
    } catch (err) {
      warnings.push(`${this.id}: account fees unavailable, published rates used (${describeError(err)})`);
    }
  }

  private markets(ex: CcxtExchange, signal: AbortSignal): Promise<Record<string, CcxtMarket>> {
    let p = this.loaded.get(ex);
    if (!p) {
      const cache = marketCache(this.id, ex.id, this.ctx.config.url);
      const cached = cache?.read() as Record<string, CcxtMarket> | undefined;
      if (cached && Object.keys(cached).length > 0) {
        ex.setMarkets(cached);
        p = ex.loadMarkets();
      } else {
        p = ex.loadMarkets().then((mk) => {
          // Same reasoning as for tickers: an empty market list means an unreadable answer.
          if (!mk || Object.keys(mk).length === 0) throw new VenueError(this.id, 'no markets in the response (garbage or empty payload)');
          cache?.write(mk);
          return mk;
        });
      }
      this.loaded.set(ex, p);
      p.catch(() => this.loaded.delete(ex));
    }
    return abortable(p, signal);
  }

  /**
   * Order books, one call each (concurrently: ccxt's rate limiter paces them). One book that
   * fails is a warning; when every book fails the venue has failed.
   */
  private async books(ex: CcxtExchange, symbols: readonly string[], market: MarketType, depth: number, signal: AbortSignal): Promise<{ quotes: Quote[]; warnings: string[] }> {
    await this.markets(ex, signal);
    const quotes: Quote[] = [];
    const warnings: string[] = [];
    let lastError: unknown;
    await Promise.all(
      symbols.map(async (symbol) => {
        try {
          const ob = await abortable(ex.fetchOrderBook(symbol, bookLimit(depth, this.spec.bookLimits)), signal);
          const now = this.ctx.now();
          const unit = contractSize(ex, symbol);
          const bids = levels(ob.bids, depth, 'desc', unit);
          const asks = levels(ob.asks, depth, 'asc', unit);
          if (bids.dropped + asks.dropped > 0) warnings.push(`${this.id} ${symbol}: ${bids.dropped + asks.dropped} malformed order-book level(s) dropped`);
          quotes.push({ type: 'quote', venue: this.id, symbol, market, bids: bids.levels, asks: asks.levels, venueTs: num(ob.timestamp) ?? now, localTs: now });
        } catch (err) {
          if (signal.aborted) throw err;
          lastError = err;
          warnings.push(`${this.id} ${symbol}: order book unavailable (${describeError(err)})`);
        }
      }),
    );
    if (quotes.length === 0 && lastError) throw lastError;
    return { quotes, warnings };
  }

  /** Best bid/ask for many symbols in as few calls as the venue allows. */
  private async tops(ex: CcxtExchange, symbols: string[], market: MarketType, signal: AbortSignal): Promise<{ quotes: Quote[]; warnings: string[] }> {
    // A whole-market call is selected by type, so ccxt needs no symbol list to pick the endpoint.
    const ask = symbols.length <= MAX_SYMBOLS_PER_TICKER_CALL ? symbols : undefined;
    // Only `type` (ccxt consumes it): other keys would be forwarded to the venue as query params.
    const params = ask ? {} : { type: market === 'spot' ? 'spot' : 'swap' };
    let tickers: Record<string, CcxtTicker>;
    if (ex.has['fetchBidsAsks']) tickers = await abortable(ex.fetchBidsAsks(ask, params), signal);
    else if (ex.has['fetchTickers']) tickers = await abortable(ex.fetchTickers(ask, params), signal);
    else return this.books(ex, symbols, market, 1, signal);
    // ccxt turns an unreadable body (an HTML error page with status 200, truncated JSON) into an
    // empty result rather than an error: a venue that answers nothing usable has failed.
    if (!tickers || typeof tickers !== 'object' || Object.keys(tickers).length === 0) throw new VenueError(this.id, `no usable ${market} tickers in the response (garbage or empty payload)`);
    const quotes: Quote[] = [];
    const warnings: string[] = [];
    const now = this.ctx.now();
    for (const s of symbols) {
      const t = tickers[s];
      if (!t) continue;
      const q = tickerQuote(this.id, market, t, now, contractSize(ex, s));
      if (typeof q === 'string') warnings.push(`${this.id} ${s}: ${q}`);
      else quotes.push(q);
    }
    return { quotes, warnings };
  }

  private async funding(ex: CcxtExchange, symbols: string[], signal: AbortSignal): Promise<{ funding: FundingRate[]; warnings: string[] }> {
    const warnings: string[] = [];
    const intervals =
      this.spec.fundingIntervals && ex.fetchFundingIntervals
        ? abortable(ex.fetchFundingIntervals(), signal).catch((err: unknown) => {
            warnings.push(`${this.id}: funding intervals unavailable, assuming ${this.spec.defaultFundingHours ?? 8} h (${describeError(err)})`);
            return {} as Record<string, CcxtFunding>;
          })
        : Promise.resolve({} as Record<string, CcxtFunding>);
    try {
      const [rates, iv] = await Promise.all([abortable(ex.fetchFundingRates(symbols.length <= MAX_SYMBOLS_PER_TICKER_CALL ? symbols : undefined), signal), intervals]);
      const now = this.ctx.now();
      const funding: FundingRate[] = [];
      for (const s of symbols) {
        const f = rates[s];
        if (!f) continue;
        const r = fundingFrom(this.id, f, iv[s]?.interval, now, this.spec.defaultFundingHours ?? 8);
        if (typeof r === 'string') warnings.push(`${this.id} ${s}: funding dropped (${r})`);
        else funding.push(r);
      }
      return { funding, warnings };
    } catch (err) {
      if (signal.aborted) throw err;
      return { funding: [], warnings: [...warnings, `${this.id}: funding rates unavailable (${describeError(err)})`] };
    }
  }
}

function matches(m: CcxtMarket, market: MarketType): boolean {
  return market === 'spot' ? m.spot === true : m.swap === true && m.linear !== false && (!m.settle || m.settle === m.quote);
}

/**
 * Base units per contract. Venues quote perp book sizes in contracts (OKX BTC-USDT-SWAP: 0.01 BTC,
 * KuCoin XBTUSDTM: 0.001 BTC, Gate: 0.0001 BTC); BookLevel sizes are in base units.
 */
function contractSize(ex: CcxtExchange, symbol: string): number {
  const m = ex.markets?.[symbol];
  const c = m && m.swap ? num(m.contractSize) : undefined;
  return c !== undefined && c > 0 ? c : 1;
}

/**
 * ccxt parses some garbage bodies into strings and then trips over them (TypeError: Cannot use
 * 'in' operator …): say what happened instead of leaking ccxt's internals.
 */
function readable(venue: string, err: unknown): unknown {
  if (err instanceof TypeError || err instanceof SyntaxError) return new VenueError(venue, `unreadable response (${describeError(err)})`, err);
  return err;
}
