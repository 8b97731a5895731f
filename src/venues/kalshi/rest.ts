// Kalshi trade API v2: https://docs.kalshi.com/api-reference — public market data needs no auth.
// Since 2026-03-12 the integer-cent fields are gone: only the dollar strings (`*_dollars`) and the
// fixed-point counts (`*_fp`) are read here.
import type { Quote } from '../../core/types.js';
import { noSymbol, yesSymbol, type BinaryFeeModel, type PredictionMarket } from '../../core/prediction.js';
import type { VenueContext, VenueDescriptor } from '../types.js';
import { isObject, JsonClient, num, overrideBase, timeMs } from '../transport/json-client.js';
import { cleanLevels, PredictionAdapterBase, type CatalogueRequest, type PredictionCatalogue, type TopAsks } from '../prediction-types.js';
import { VenueError } from '../../core/errors.js';

export const KALSHI_URL = 'https://api.elections.kalshi.com/trade-api/v2';

/** ceil to the next cent, tolerant of float noise (0.07 × 100 × 0.5 × 0.5 must stay 1.75). */
export function ceilToCent(x: number): number {
  return Math.ceil(x * 100 - 1e-9) / 100;
}

/**
 * Taker fee of one fill of C contracts at price P: ceil_to_cent(0.07 × C × P × (1 − P)), times
 * the series' fee_multiplier. Charged per fill, so the depth walk charges it per price level.
 */
export function kalshiFee(multiplier = 1): BinaryFeeModel {
  return { takerRate: 0.07 * multiplier, makerRate: 0, taker: (p, c) => ceilToCent(0.07 * c * p * (1 - p)) * multiplier };
}

export interface KalshiMarket {
  ticker?: string;
  event_ticker?: string;
  title?: string;
  subtitle?: string;
  yes_sub_title?: string;
  no_sub_title?: string;
  status?: string;
  market_type?: string;
  close_time?: string;
  expected_expiration_time?: string;
  yes_bid_dollars?: string;
  yes_ask_dollars?: string;
  no_bid_dollars?: string;
  no_ask_dollars?: string;
  last_price_dollars?: string;
  volume_fp?: string;
}

export interface KalshiEvent {
  event_ticker?: string;
  series_ticker?: string;
  title?: string;
  category?: string;
  mutually_exclusive?: boolean;
  markets?: KalshiMarket[];
}

/** `orderbook_fp`: BIDS ONLY per side, [price_dollars, count_fp] ascending (best last). */
export interface KalshiOrderbook {
  orderbook_fp?: { yes_dollars?: [string, string][] | null; no_dollars?: [string, string][] | null };
}

const OPEN = new Set(['active', 'open', 'initialized']);

/** One Kalshi market → normalized market plus listing asks, or why it is skipped. */
export function parseKalshiMarket(m: KalshiMarket, ev: KalshiEvent | undefined): { market: PredictionMarket; top: TopAsks; series?: string } | string {
  if (typeof m.ticker !== 'string' || !m.ticker || typeof m.title !== 'string') return `market ${m.ticker ?? '?'}: no ticker or title`;
  if (m.status !== undefined && !OPEN.has(m.status)) return 'closed';
  if (m.market_type !== undefined && m.market_type !== 'binary') return 'closed';
  const sub = m.yes_sub_title?.trim();
  const question = sub && !m.title.toLowerCase().includes(sub.toLowerCase()) ? `${m.title} — ${sub}` : m.title;
  const yesBid = num(m.yes_bid_dollars);
  const noBid = num(m.no_bid_dollars);
  const top: TopAsks = {
    marketId: m.ticker,
    yesAsk: num(m.yes_ask_dollars) ?? (noBid !== undefined ? 1 - noBid : undefined),
    noAsk: num(m.no_ask_dollars) ?? (yesBid !== undefined ? 1 - yesBid : undefined),
  };
  const market: PredictionMarket = {
    venue: 'kalshi',
    id: m.ticker,
    question,
    yesLabel: 'Yes',
    noLabel: 'No',
    closeTs: timeMs(m.close_time) ?? timeMs(m.expected_expiration_time),
    currency: 'USD',
    category: ev?.category,
    url: `https://kalshi.com/markets/${(ev?.series_ticker ?? m.event_ticker ?? m.ticker).toLowerCase()}`,
    // Kalshi's mutually exclusive events are NOT assumed exhaustive: if an unlisted outcome
    // happens every market resolves No, so a sum of YES asks below 1 is no guarantee.
    event: ev?.event_ticker && (ev.markets?.length ?? 0) > 1 ? { id: ev.event_ticker, title: ev.title ?? '', outcome: sub || m.title, exhaustive: false, marketCount: ev.markets!.length } : undefined,
  };
  return { market, top, series: ev?.series_ticker };
}

/**
 * YES and NO books from `orderbook_fp`. Only bids are published: a YES ask at p exists because
 * someone bids 1 − p for NO, so YES asks = 1 − NO bids (and NO asks = 1 − YES bids).
 */
export function parseKalshiOrderbook(ob: KalshiOrderbook): { yes: { bids: [number, number][]; asks: [number, number][] }; no: { bids: [number, number][]; asks: [number, number][] }; dropped: number } | string {
  const fp = ob?.orderbook_fp;
  if (!isObject(fp)) return 'no orderbook_fp in the answer';
  const side = (v: unknown): [number, number][] => (Array.isArray(v) ? v : []).map((l): [number, number] => (Array.isArray(l) ? [num(l[0]) ?? NaN, num(l[1]) ?? NaN] : [NaN, NaN]));
  const yb = cleanLevels(side(fp.yes_dollars), 'bids');
  const nb = cleanLevels(side(fp.no_dollars), 'bids');
  const flip = (ls: [number, number][]) => cleanLevels(ls.map(([p, s]): [number, number] => [round6(1 - p), s]), 'asks').levels;
  return { yes: { bids: yb.levels, asks: flip(nb.levels) }, no: { bids: nb.levels, asks: flip(yb.levels) }, dropped: yb.dropped + nb.dropped };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

class KalshiAdapter extends PredictionAdapterBase {
  readonly id = 'kalshi';
  private readonly http: JsonClient;
  private readonly seriesOf = new Map<string, string>();
  private readonly multiplier = new Map<string, number>();
  private readonly known = new Set<string>();
  private readonly maxMarkets: number;

  constructor(private readonly ctx: VenueContext) {
    super();
    // Basic tier: 20 reads/s → one request per 55 ms.
    this.http = new JsonClient({ venue: this.id, base: overrideBase(KALSHI_URL, ctx.config.url), timeoutMs: ctx.timeoutMs, minIntervalMs: 55 });
    const mm = num(ctx.config.maxMarkets);
    this.maxMarkets = mm !== undefined && mm > 0 ? mm : 2000;
  }

  marketFee(marketId: string): BinaryFeeModel {
    const series = this.seriesOf.get(marketId);
    return kalshiFee(series !== undefined ? this.multiplier.get(series) ?? 1 : 1);
  }

  async catalogue(req: CatalogueRequest): Promise<PredictionCatalogue> {
    const warnings: string[] = [];
    const markets: PredictionMarket[] = [];
    const tops: TopAsks[] = [];
    const take = (r: ReturnType<typeof parseKalshiMarket>) => {
      if (typeof r === 'string') {
        if (r !== 'closed') warnings.push(r);
        return;
      }
      if (this.known.has(r.market.id)) return;
      this.known.add(r.market.id);
      if (r.series) this.seriesOf.set(r.market.id, r.series);
      markets.push(r.market);
      tops.push(r.top);
    };
    let cursor: string | undefined;
    do {
      const page = await this.http.get('/events', { status: 'open', with_nested_markets: 'true', limit: 200, cursor }, req.signal);
      if (!isObject(page) || !Array.isArray(page.events)) throw new VenueError('kalshi', '/events answer has no events array');
      for (const ev of page.events as KalshiEvent[]) {
        if (!isObject(ev)) continue;
        for (const m of Array.isArray(ev.markets) ? ev.markets : []) take(isObject(m) ? parseKalshiMarket(m, ev) : 'not an object');
      }
      cursor = typeof page.cursor === 'string' && page.cursor ? page.cursor : undefined;
    } while (cursor && markets.length < this.maxMarkets);
    const missing = (req.include ?? []).filter((t) => !this.known.has(t));
    for (let i = 0; i < missing.length; i += 100) {
      const page = await this.http.get('/markets', { tickers: missing.slice(i, i + 100).join(',') }, req.signal);
      if (isObject(page) && Array.isArray(page.markets)) for (const m of page.markets) take(isObject(m) ? parseKalshiMarket(m, undefined) : 'not an object');
    }
    await this.loadSeries(req.signal, warnings);
    return { markets, tops, quotes: [], warnings };
  }

  /** Fee multipliers per series; a failure leaves the standard fee (multiplier 1) with a warning. */
  private async loadSeries(signal: AbortSignal, warnings: string[]): Promise<void> {
    try {
      const r = await this.http.get('/series', {}, signal);
      const list = isObject(r) && Array.isArray(r.series) ? r.series : [];
      for (const s of list) {
        const mult = isObject(s) ? num(s.fee_multiplier) : undefined;
        if (isObject(s) && typeof s.ticker === 'string' && mult !== undefined && mult >= 0) this.multiplier.set(s.ticker, mult);
      }
    } catch (err) {
      if (signal.aborted) throw err;
      warnings.push(`series fee multipliers unavailable, standard fee assumed (${(err as Error).message})`);
    }
  }

  async books(marketIds: readonly string[], depth: number, signal: AbortSignal): Promise<{ quotes: Quote[]; warnings: string[] }> {
    const quotes: Quote[] = [];
    const warnings: string[] = [];
    for (const t of marketIds) {
      let raw: unknown;
      try {
        raw = await this.http.get(`/markets/${encodeURIComponent(t)}/orderbook`, { depth }, signal);
      } catch (err) {
        if (signal.aborted) throw err;
        warnings.push(`${t}: order book unavailable (${(err as Error).message})`);
        continue;
      }
      const ob = parseKalshiOrderbook(raw as KalshiOrderbook);
      if (typeof ob === 'string') {
        warnings.push(`${t}: ${ob}`);
        continue;
      }
      if (ob.dropped) warnings.push(`${t}: ${ob.dropped} malformed level(s) dropped`);
      const now = this.ctx.now();
      const q = (symbol: string, b: { bids: [number, number][]; asks: [number, number][] }): Quote => ({ type: 'quote', venue: this.id, symbol, market: 'binary', bids: b.bids.slice(0, depth), asks: b.asks.slice(0, depth), venueTs: now, localTs: now });
      quotes.push(q(yesSymbol(t), ob.yes), q(noSymbol(t), ob.no));
    }
    return { quotes, warnings };
  }
}

export const kalshi: VenueDescriptor = {
  id: 'kalshi',
  label: 'Kalshi',
  kind: 'prediction',
  markets: ['binary'],
  docs: 'https://docs.kalshi.com/',
  defaultFees: { binary: { taker: 0.07, maker: 0 } },
  async create(ctx: VenueContext) {
    return new KalshiAdapter(ctx);
  },
};
