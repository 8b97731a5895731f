// ccxt manual: https://docs.ccxt.com/ — unified symbols, `has` capabilities, fetchBidsAsks,
// fetchTickers, fetchOrderBook, fetchFundingRates.
import type { BookLevel, FeeModel, FundingRate, MarketType, Quote } from '../core/types.js';
import { proportionalFee } from '../core/fees.js';
import { VenueError } from '../core/errors.js';
import { parseIntervalHours } from '../core/units.js';
import type { SnapshotRequest, VenueAdapter, VenueContext, VenueDescriptor, VenueSnapshot } from './types.js';

/** How one venue maps onto ccxt: the exchange class per market type, plus quirks. */
export interface CcxtSpec {
  readonly id: string;
  readonly label: string;
  readonly docs: string;
  /** ccxt exchange id for spot and for linear perpetuals (the same id when one class does both). */
  readonly spot?: string;
  readonly perp?: string;
  readonly defaultFees: VenueDescriptor['defaultFees'];
  /** Extra ccxt constructor options (e.g. which market types loadMarkets fetches). */
  readonly options?: Record<string, unknown>;
  /** Funding interval when the venue does not report one (hours). */
  readonly defaultFundingHours?: number;
}

/** Minimal structural view of a ccxt exchange instance: only what arblens calls. */
export interface CcxtExchange {
  id: string;
  has: Record<string, boolean | 'emulated' | undefined>;
  urls: { api?: unknown; [k: string]: unknown };
  markets: Record<string, CcxtMarket> | undefined;
  options: Record<string, unknown>;
  loadMarkets(): Promise<Record<string, CcxtMarket>>;
  fetchBidsAsks(symbols?: string[]): Promise<Record<string, CcxtTicker>>;
  fetchTickers(symbols?: string[], params?: Record<string, unknown>): Promise<Record<string, CcxtTicker>>;
  fetchOrderBook(symbol: string, limit?: number): Promise<{ bids: number[][]; asks: number[][]; timestamp?: number }>;
  fetchFundingRates(symbols?: string[]): Promise<Record<string, CcxtFunding>>;
  close?(): Promise<unknown>;
}
export interface CcxtMarket { symbol: string; type: string; spot: boolean; swap: boolean; linear?: boolean; active?: boolean; taker?: number; maker?: number; quote: string; settle?: string }
export interface CcxtTicker { symbol: string; bid?: number; ask?: number; bidVolume?: number; askVolume?: number; timestamp?: number }
export interface CcxtFunding { symbol: string; fundingRate?: number; interval?: string; fundingTimestamp?: number; nextFundingTimestamp?: number; timestamp?: number }

/**
 * Rewrites every REST URL of a ccxt exchange onto `base`, keeping each URL's path: that is how a
 * user points a venue at a proxy or demo host, and how tests point it at a local server.
 */
export function overrideUrls(api: unknown, base: string): unknown {
  const b = base.replace(/\/+$/, '');
  if (typeof api === 'string') return api.replace(/^[a-z]+:\/\/[^/]+/i, b);
  if (api && typeof api === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(api)) out[k] = overrideUrls(v, base);
    return out;
  }
  return api;
}

/** ccxt is ~0.45 s to import: loaded only when a live crypto venue is actually used. */
async function loadCcxt(): Promise<Record<string, new (cfg: Record<string, unknown>) => CcxtExchange>> {
  const mod = (await import('ccxt')) as unknown as { default?: unknown };
  return (mod.default ?? mod) as Record<string, new (cfg: Record<string, unknown>) => CcxtExchange>;
}

export function ccxtVenue(spec: CcxtSpec): VenueDescriptor {
  const markets: MarketType[] = [];
  if (spec.spot) markets.push('spot');
  if (spec.perp) markets.push('perp');
  return {
    id: spec.id,
    label: spec.label,
    kind: 'crypto',
    markets,
    docs: spec.docs,
    defaultFees: spec.defaultFees,
    async create(ctx) {
      const ccxt = await loadCcxt();
      const make = (exchangeId: string) => {
        const Cls = ccxt[exchangeId];
        if (!Cls) throw new VenueError(spec.id, `this ccxt release has no exchange '${exchangeId}'`);
        const ex = new Cls({
          timeout: ctx.timeoutMs,
          enableRateLimit: true,
          apiKey: ctx.config.apiKey,
          secret: ctx.config.secret,
          password: ctx.config.password,
          options: { ...(spec.options ?? {}) },
        });
        if (ctx.config.url) ex.urls.api = overrideUrls(ex.urls.api, ctx.config.url);
        return ex;
      };
      const byMarket = new Map<MarketType, CcxtExchange>();
      const shared = new Map<string, CcxtExchange>();
      for (const m of markets) {
        const exId = m === 'spot' ? spec.spot! : spec.perp!;
        let ex = shared.get(exId);
        if (!ex) shared.set(exId, (ex = make(exId)));
        byMarket.set(m, ex);
      }
      return new CcxtAdapter(spec, byMarket, ctx);
    },
  };
}

class CcxtAdapter implements VenueAdapter {
  readonly id: string;
  private readonly loaded = new Map<CcxtExchange, Promise<Record<string, CcxtMarket>>>();

  constructor(
    private readonly spec: CcxtSpec,
    private readonly byMarket: Map<MarketType, CcxtExchange>,
    private readonly ctx: VenueContext,
  ) {
    this.id = spec.id;
  }

  fee(market: MarketType, symbol: string): FeeModel {
    const c = this.ctx.config;
    const m = this.byMarket.get(market)?.markets?.[symbol];
    const d = this.spec.defaultFees[market] ?? { taker: 0.001, maker: 0.001 };
    return proportionalFee(c.taker ?? m?.taker ?? d.taker, c.maker ?? m?.maker ?? d.maker);
  }

  async listSymbols(market: MarketType, signal: AbortSignal): Promise<string[]> {
    const ex = this.byMarket.get(market);
    if (!ex) return [];
    const mk = await this.markets(ex, signal);
    return Object.values(mk).filter((m) => matches(m, market)).map((m) => m.symbol);
  }

  async snapshot(req: SnapshotRequest): Promise<VenueSnapshot> {
    const quotes: Quote[] = [];
    const funding: FundingRate[] = [];
    const warnings: string[] = [];
    for (const market of req.markets) {
      const ex = this.byMarket.get(market);
      if (!ex) continue;
      const mk = await this.markets(ex, req.signal);
      const symbols = (req.symbols ?? Object.values(mk).filter((m) => matches(m, market) && m.active !== false).map((m) => m.symbol)).filter(
        (s) => mk[s] && matches(mk[s], market),
      );
      if (symbols.length === 0) continue;
      const tickers = await this.tops(ex, symbols, req.signal);
      const now = this.ctx.now();
      for (const s of symbols) {
        const t = tickers[s];
        if (!t) continue;
        const q = tickerQuote(this.id, market, t, now);
        if (typeof q === 'string') warnings.push(`${this.id} ${s}: ${q}`);
        else quotes.push(q);
      }
      if (market === 'perp' && req.funding && ex.has['fetchFundingRates']) {
        try {
          const rates = await abortable(ex.fetchFundingRates(symbols), req.signal);
          for (const s of symbols) {
            const f = rates[s];
            const r = f && fundingFrom(this.id, f, now, this.spec.defaultFundingHours ?? 8);
            if (r) funding.push(r);
          }
        } catch (err) {
          warnings.push(`${this.id}: funding rates unavailable (${(err as Error).message})`);
        }
      }
    }
    return { quotes, funding, warnings };
  }

  async orderBooks(items: readonly { symbol: string; market: MarketType }[], depth: number, signal: AbortSignal): Promise<VenueSnapshot> {
    const quotes: Quote[] = [];
    const warnings: string[] = [];
    await Promise.all(
      items.map(async ({ symbol, market }) => {
        const ex = this.byMarket.get(market);
        if (!ex) return;
        await this.markets(ex, signal);
        try {
          const ob = await abortable(ex.fetchOrderBook(symbol, depth), signal);
          const now = this.ctx.now();
          quotes.push({ type: 'quote', venue: this.id, symbol, market, bids: levels(ob.bids, depth), asks: levels(ob.asks, depth), venueTs: ob.timestamp ?? now, localTs: now });
        } catch (err) {
          if (signal.aborted) throw err;
          warnings.push(`${this.id} ${symbol}: order book unavailable (${(err as Error).message})`);
        }
      }),
    );
    return { quotes, funding: [], warnings };
  }

  async close(): Promise<void> {
    for (const ex of new Set(this.byMarket.values())) await ex.close?.().catch(() => undefined);
  }

  private markets(ex: CcxtExchange, signal: AbortSignal): Promise<Record<string, CcxtMarket>> {
    let p = this.loaded.get(ex);
    if (!p) {
      p = ex.loadMarkets();
      this.loaded.set(ex, p);
      p.catch(() => this.loaded.delete(ex));
    }
    return abortable(p, signal);
  }

  /** Best bid/ask for many symbols in as few calls as the venue allows. */
  private async tops(ex: CcxtExchange, symbols: string[], signal: AbortSignal): Promise<Record<string, CcxtTicker>> {
    if (ex.has['fetchBidsAsks']) return abortable(ex.fetchBidsAsks(symbols), signal);
    if (ex.has['fetchTickers']) return abortable(ex.fetchTickers(symbols), signal);
    const out: Record<string, CcxtTicker> = {};
    for (const s of symbols) {
      const ob = await abortable(ex.fetchOrderBook(s, 5), signal);
      out[s] = { symbol: s, bid: ob.bids[0]?.[0], bidVolume: ob.bids[0]?.[1], ask: ob.asks[0]?.[0], askVolume: ob.asks[0]?.[1], timestamp: ob.timestamp };
    }
    return out;
  }
}

function matches(m: CcxtMarket, market: MarketType): boolean {
  return market === 'spot' ? m.spot === true : m.swap === true && m.linear !== false && (!m.settle || m.settle === m.quote);
}

function levels(raw: number[][], depth: number): BookLevel[] {
  const out: BookLevel[] = [];
  for (let i = 0; i < raw.length && out.length < depth; i++) out.push([Number(raw[i][0]), Number(raw[i][1])]);
  return out;
}

/** A ticker → top-of-book quote, or the reason it was dropped. A missing size means "unknown": 0 depth is not tradable. */
export function tickerQuote(venue: string, market: MarketType, t: CcxtTicker, now: number): Quote | string {
  const bid = Number(t.bid);
  const ask = Number(t.ask);
  if (!Number.isFinite(bid) || !Number.isFinite(ask)) return 'no bid/ask in ticker';
  if (bid <= 0 || ask <= 0) return `non-positive price (bid ${bid}, ask ${ask})`;
  if (bid >= ask) return `crossed book (bid ${bid} ≥ ask ${ask})`;
  const bidSize = Number(t.bidVolume);
  const askSize = Number(t.askVolume);
  return {
    type: 'quote',
    venue,
    symbol: t.symbol,
    market,
    bids: [[bid, Number.isFinite(bidSize) && bidSize > 0 ? bidSize : 0]],
    asks: [[ask, Number.isFinite(askSize) && askSize > 0 ? askSize : 0]],
    venueTs: t.timestamp ?? now,
    localTs: now,
  };
}

function fundingFrom(venue: string, f: CcxtFunding, now: number, defaultHours: number): FundingRate | undefined {
  const rate = Number(f.fundingRate);
  if (!Number.isFinite(rate)) return undefined;
  return {
    type: 'funding',
    venue,
    symbol: f.symbol,
    rate,
    intervalHours: parseIntervalHours(f.interval) ?? defaultHours,
    nextFundingTs: f.fundingTimestamp ?? f.nextFundingTimestamp,
    venueTs: f.timestamp ?? now,
    localTs: now,
  };
}

/** Races a promise against an AbortSignal (ccxt takes no signal of its own). */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
