// Kalshi trade API v2: https://docs.kalshi.com/api-reference — public market data needs no auth.
// Since 2026-03-12 the integer-cent fields are gone: only the dollar strings (`*_dollars`) and the
// fixed-point counts (`*_fp`) are read here.
import type { Quote } from '../../core/types.js';
import { noSymbol, yesSymbol, type BinaryFeeModel, type PredictionMarket } from '../../core/prediction.js';
import type { VenueContext, VenueDescriptor } from '../types.js';
import { isObject, JsonClient, num, overrideBase, timeMs } from '../transport/json-client.js';
import { cleanLevels, PredictionAdapterBase, type CatalogueRequest, type PredictionCatalogue, type TopAsks, maxMarketsOf } from '../prediction-types.js';
import { VenueError } from '../../core/errors.js';

export const KALSHI_URL = 'https://api.elections.kalshi.com/trade-api/v2';

/** ceil to the next cent, tolerant of float noise (0.07 × 100 × 0.5 × 0.5 must stay 1.75). */
export function ceilToCent(x: number): number {
  // `|| 0`: a zero fee (fee-free series) must not print as −0.
  return Math.ceil(x * 100 - 1e-9) / 100 || 0;
}

// Fees. Sources (checked 2026-11):
// - Fee schedule, https://kalshi.com/docs/kalshi-fee-schedule.pdf: General Trading Fees
//   `fees = round up(0.07 × C × P × (1 − P))` (C contracts at price P dollars, rounded UP to the
//   cent); Maker Fees `round up(0.0175 × C × P × (1 − P))` on some series only; "Specific Trading
//   Fees Table for S&P500 and NASDAQ-100 Markets" `round up(0.035 × C × P × (1 − P))`.
// - Series fields, https://docs.kalshi.com/api-reference/market/get-series: `fee_type` ∈
//   quadratic (General table), quadratic_with_maker_fees (General + Maker Fees),
//   quadratic_with_combo_maker_fees (the same with a 0.5 maker share instead of 0.25), flat
//   ("described by the Specific Trading Fees Table"); `fee_multiplier` is "a floating point
//   multiplier applied to the fee calculations" — so it sits INSIDE the rounding: a half-fee
//   series pays round_up(0.035 × C × P × (1 − P)), never fractions of a cent.
// - Fee rounding, https://docs.kalshi.com/getting_started/fee_rounding: "The fee accumulator
//   tracks cumulative rounding overpayment across all fills of an order … This ensures the total
//   fee across many small fills converges to what a single equivalent fill would cost." So an
//   order sweeping several levels pays round_up(m × 0.07 × Σ C_i × P_i × (1 − P_i)), once.
// We buy at the ask (takers): the three quadratic types price the same for us.

export const KALSHI_FEE_TYPES = ['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat'] as const;
export type KalshiFeeType = (typeof KALSHI_FEE_TYPES)[number];

/** A series' fee rule as read from `/series`. */
export interface KalshiSeriesFee {
  readonly feeType: KalshiFeeType;
  readonly multiplier: number;
}

/** The rule applied when the venue's fee fields cannot be trusted: the General table, multiplier at least 1 (the highest taker fee Kalshi publishes). */
export const KALSHI_CONSERVATIVE_FEE: KalshiSeriesFee = { feeType: 'quadratic', multiplier: 1 };

const GENERAL = 0.07;
const SPECIFIC = 0.035;
/** Maker fee as a share of the taker coefficient, per fee_type (0.0175 = 0.25 × 0.07). */
const MAKER_SHARE: Record<KalshiFeeType, number> = { quadratic: 0, quadratic_with_maker_fees: 0.25, quadratic_with_combo_maker_fees: 0.5, flat: 0 };

/**
 * Taker fee model of a series: one fill (or a one-level order) of C contracts at P pays
 * ceil_to_cent(m × k × C × P × (1 − P)), k = 0.07 (0.035 for `flat`, the Specific table); an
 * order sweeping several levels pays the rounding of the summed raw fee (`perOrder`).
 */
export function kalshiFee(multiplier = 1, feeType: KalshiFeeType = 'quadratic'): BinaryFeeModel {
  const k = (feeType === 'flat' ? SPECIFIC : GENERAL) * multiplier;
  const raw = (p: number, c: number): number => k * c * p * (1 - p);
  return {
    source: 'venue-market-data',
    takerRate: k,
    makerRate: GENERAL * multiplier * MAKER_SHARE[feeType],
    taker: (p, c) => ceilToCent(raw(p, c)),
    perOrder: { raw, round: ceilToCent },
  };
}

/**
 * Reads a `/series` entry's fee fields. Bad input is never a crash and never a cheaper fee: an
 * unknown or missing `fee_type`, or a `fee_multiplier` that is not a non-negative number, gives
 * a warning naming the series and the field, and the conservative rule (General table, multiplier
 * at least 1).
 */
export function readSeriesFee(s: Record<string, unknown>): { ticker: string; fee: KalshiSeriesFee; warning?: string } | undefined {
  if (typeof s.ticker !== 'string' || !s.ticker) return undefined;
  const ticker = s.ticker;
  const ft = s.fee_type;
  const m = s.fee_multiplier;
  const problems: string[] = [];
  const known = typeof ft === 'string' && (KALSHI_FEE_TYPES as readonly string[]).includes(ft);
  if (!known) problems.push(ft === undefined ? 'no fee_type' : `unknown fee_type ${JSON.stringify(ft)}`);
  const mult = typeof m === 'number' && Number.isFinite(m) && m >= 0 ? m : undefined;
  if (mult === undefined) problems.push(m === undefined ? 'no fee_multiplier' : `fee_multiplier ${JSON.stringify(m)} is not a non-negative number`);
  if (problems.length === 0) return { ticker, fee: { feeType: ft as KalshiFeeType, multiplier: mult! } };
  const fee: KalshiSeriesFee = { feeType: 'quadratic', multiplier: Math.max(1, mult ?? 1) };
  return { ticker, fee, warning: `series ${ticker}: ${problems.join(', ')}: priced with the conservative rule round_up(${GENERAL * fee.multiplier} × C × P × (1 − P))` };
}

export interface KalshiMarket {
  ticker?: string;
  event_ticker?: string;
  /** Present on some payloads; otherwise the series comes from the event. */
  series_ticker?: string;
  title?: string;
  subtitle?: string;
  yes_sub_title?: string;
  no_sub_title?: string;
  status?: string;
  market_type?: string;
  /** Trading close. On sports and other event markets a postponement buffer, often weeks after the event. */
  close_time?: string;
  /** When the market is expected to resolve: the date days-to-resolution is based on. */
  expected_expiration_time?: string;
  /** When the event itself happens (sports: the game's start). */
  occurrence_datetime?: string;
  latest_expiration_time?: string;
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

/**
 * One Kalshi market → normalized market plus listing asks, or why it is skipped. Dates: the
 * EXPECTED resolution (`expected_expiration_time`, else `occurrence_datetime`, else
 * `close_time`) is `closeTs`; `close_time` (else `latest_expiration_time`) is kept as the latest
 * possible date, because on sports and other event markets it is a postponement buffer.
 */
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
  const expected = timeMs(m.expected_expiration_time) ?? timeMs(m.occurrence_datetime);
  const latest = timeMs(m.close_time) ?? timeMs(m.latest_expiration_time);
  const market: PredictionMarket = {
    venue: 'kalshi',
    id: m.ticker,
    question,
    yesLabel: 'Yes',
    noLabel: 'No',
    closeTs: expected ?? latest,
    latestCloseTs: latest !== undefined && expected !== undefined ? Math.max(latest, expected) : latest,
    currency: 'USD',
    category: ev?.category,
    url: `https://kalshi.com/markets/${(ev?.series_ticker ?? m.event_ticker ?? m.ticker).toLowerCase()}`,
    // Kalshi's mutually exclusive events are NOT assumed exhaustive: if an unlisted outcome
    // happens every market resolves No, so a sum of YES asks below 1 is no guarantee.
    event: ev?.event_ticker && (ev.markets?.length ?? 0) > 1 ? { id: ev.event_ticker, title: ev.title ?? '', outcome: sub || m.title, exhaustive: false, marketCount: ev.markets!.length } : undefined,
  };
  const series = typeof ev?.series_ticker === 'string' && ev.series_ticker ? ev.series_ticker : typeof m.series_ticker === 'string' && m.series_ticker ? m.series_ticker : undefined;
  return { market, top, series };
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
  /** market ticker → series ticker, for every listed market whose series is known. */
  private readonly seriesOf = new Map<string, string>();
  /** series ticker → fee rule read from `/series` (or `/series/{ticker}`). */
  private readonly seriesFee = new Map<string, KalshiSeriesFee>();
  /** Problems with a series' fee fields, reported once when a listed market uses the series. */
  private readonly seriesWarning = new Map<string, string>();
  private readonly models = new Map<string, BinaryFeeModel>();
  private readonly known = new Set<string>();
  private readonly maxMarkets: number;
  private readonly verbose: boolean;

  constructor(private readonly ctx: VenueContext) {
    super();
    // Basic tier: 20 reads/s → one request per 55 ms.
    this.http = new JsonClient({ venue: this.id, base: overrideBase(KALSHI_URL, ctx.config.url), timeoutMs: ctx.timeoutMs, minIntervalMs: 55 });
    this.maxMarkets = maxMarketsOf(ctx.config, 2000);
    this.verbose = ctx.config.verbose === true;
  }

  /**
   * The market's series fee rule; a market whose series or fee rule is unknown gets the
   * conservative rule (catalogue() has said so in a warning).
   */
  marketFee(marketId: string): BinaryFeeModel {
    const series = this.seriesOf.get(marketId);
    const f = (series !== undefined ? this.seriesFee.get(series) : undefined) ?? KALSHI_CONSERVATIVE_FEE;
    const key = `${f.feeType}\u0000${f.multiplier}`;
    let model = this.models.get(key);
    if (!model) this.models.set(key, (model = kalshiFee(f.multiplier, f.feeType)));
    return model;
  }

  async catalogue(req: CatalogueRequest): Promise<PredictionCatalogue> {
    const warnings: string[] = [];
    const markets: PredictionMarket[] = [];
    const tops: TopAsks[] = [];
    const eventOf = new Map<string, string>();
    const take = (r: ReturnType<typeof parseKalshiMarket>, eventTicker?: unknown) => {
      if (typeof r === 'string') {
        if (r !== 'closed') warnings.push(r);
        return;
      }
      if (this.known.has(r.market.id)) return;
      this.known.add(r.market.id);
      if (r.series) this.seriesOf.set(r.market.id, r.series);
      else if (typeof eventTicker === 'string' && eventTicker) eventOf.set(r.market.id, eventTicker);
      markets.push(r.market);
      tops.push(r.top);
    };
    let cursor: string | undefined;
    do {
      const page = await this.http.get('/events', { status: 'open', with_nested_markets: 'true', limit: 200, cursor }, req.signal);
      if (!isObject(page) || !Array.isArray(page.events)) throw new VenueError('kalshi', '/events answer has no events array');
      for (const ev of page.events as KalshiEvent[]) {
        if (!isObject(ev)) continue;
        for (const m of Array.isArray(ev.markets) ? ev.markets : []) take(isObject(m) ? parseKalshiMarket(m, ev) : 'not an object', isObject(m) ? m.event_ticker ?? ev.event_ticker : undefined);
      }
      cursor = typeof page.cursor === 'string' && page.cursor ? page.cursor : undefined;
    } while (cursor && markets.length < this.maxMarkets);
    const missing = (req.include ?? []).filter((t) => !this.known.has(t));
    for (let i = 0; i < missing.length; i += 100) {
      const page = await this.http.get('/markets', { tickers: missing.slice(i, i + 100).join(',') }, req.signal);
      if (isObject(page) && Array.isArray(page.markets)) for (const m of page.markets) take(isObject(m) ? parseKalshiMarket(m, undefined) : 'not an object', isObject(m) ? m.event_ticker : undefined);
    }
    await this.resolveEvents(eventOf, req.signal, warnings);
    await this.loadSeries(markets, req.signal, warnings);
    return { markets, tops, quotes: [], warnings };
  }

  /** Markets fetched by ticker carry no series: `/events/{event_ticker}` names it. */
  private async resolveEvents(eventOf: Map<string, string>, signal: AbortSignal, warnings: string[]): Promise<void> {
    const seriesOfEvent = new Map<string, string | undefined>();
    for (const ev of new Set(eventOf.values())) {
      try {
        const r = await this.http.get(`/events/${encodeURIComponent(ev)}`, {}, signal);
        const e = isObject(r) && isObject(r.event) ? r.event : undefined;
        const st = e?.series_ticker;
        seriesOfEvent.set(ev, typeof st === 'string' && st ? st : undefined);
        if (typeof st !== 'string' || !st) warnings.push(`event ${ev}: no series_ticker in /events/${ev}: its markets are priced with the conservative fee rule`);
      } catch (err) {
        if (signal.aborted) throw err;
        seriesOfEvent.set(ev, undefined);
        warnings.push(`event ${ev}: series unknown (${(err as Error).message}): its markets are priced with the conservative fee rule`);
      }
    }
    for (const [ticker, ev] of eventOf) {
      const st = seriesOfEvent.get(ev);
      if (st) this.seriesOf.set(ticker, st);
    }
  }

  /**
   * Fee rules of the series of every listed market: `/series` once, then `/series/{ticker}` for a
   * series the list lacks. Whatever stays unknown is priced with the conservative rule and said
   * in ONE summary warning (tickers listed when verbose).
   */
  private async loadSeries(markets: readonly PredictionMarket[], signal: AbortSignal, warnings: string[]): Promise<void> {
    const wanted = new Set<string>();
    for (const m of markets) {
      const s = this.seriesOf.get(m.id);
      if (s !== undefined && !this.seriesFee.has(s)) wanted.add(s);
    }
    const read = (v: unknown) => {
      const r = isObject(v) ? readSeriesFee(v) : undefined;
      if (!r) return;
      this.seriesFee.set(r.ticker, r.fee);
      if (r.warning) this.seriesWarning.set(r.ticker, r.warning);
      else this.seriesWarning.delete(r.ticker);
    };
    let listFailed = false;
    if (wanted.size > 0) {
      try {
        const r = await this.http.get('/series', {}, signal);
        if (!isObject(r) || !Array.isArray(r.series)) throw new Error('no series array in the answer');
        for (const s of r.series) read(s);
      } catch (err) {
        if (signal.aborted) throw err;
        listFailed = true;
        warnings.push(`series fee rules unavailable (${(err as Error).message}): the conservative fee rule round_up(0.07 × C × P × (1 − P)) is applied`);
      }
    }
    // A series missing from the list: ask for it alone (a few at most: the list is complete).
    const absent = listFailed ? [] : [...wanted].filter((s) => !this.seriesFee.has(s)).slice(0, 20);
    for (const t of absent) {
      try {
        const r = await this.http.get(`/series/${encodeURIComponent(t)}`, {}, signal);
        if (isObject(r)) read(r.series);
      } catch (err) {
        if (signal.aborted) throw err;
      }
    }
    const used = new Set<string>();
    const unknown: string[] = [];
    for (const m of markets) {
      const s = this.seriesOf.get(m.id);
      if (s !== undefined && this.seriesFee.has(s)) used.add(s);
      else unknown.push(s !== undefined ? `${m.id} (series ${s})` : m.id);
    }
    for (const s of used) {
      const w = this.seriesWarning.get(s);
      if (w) warnings.push(w);
    }
    if (unknown.length > 0 && !listFailed) {
      const detail = this.verbose || unknown.length <= 3 ? `: ${unknown.join(', ')}` : `, e.g. ${unknown.slice(0, 3).join(', ')} …`;
      warnings.push(`${unknown.length} market(s) with no known series fee rule, priced with the conservative rule round_up(0.07 × C × P × (1 − P))${detail}`);
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
