// Betfair Exchange Betting API: https://docs.developer.betfair.com/display/1smk3cen4v3lu3yomq5qye0ni/Betting+API
// Every call needs an app key (X-Application) and a session token (X-Authentication); there is
// no anonymous access, so without both the venue is "not configured" and the scan goes on.
// MarketBook fields read here (Betting API type definitions,
// https://docs.developer.betfair.com/display/1smk3cen4v3lu3yomq5qye0ni/Betting+Type+Definitions#BettingTypeDefinitions-MarketBook):
// - `status` OPEN | SUSPENDED | CLOSED …: only OPEN markets have tradable prices;
// - `numberOfActiveRunners`: "the number of runners that are currently active" — a market is a
//   complete outcome set only when the ACTIVE runners listed equal it (and each has a price);
// - `isMarketDataDelayed`: "True if the data returned by listMarketBook will be delayed" (delayed
//   application keys, https://developer.betfair.com/en/get-started/#application-keys): such
//   prices are never live, so they are refused, said once per venue.
import type { Quote } from '../core/types.js';
import { noSymbol, yesSymbol, type BinaryFeeModel, type PredictionMarket } from '../core/prediction.js';
import type { VenueConfig, VenueContext, VenueDescriptor } from './types.js';
import { isObject, JsonClient, num, overrideBase, timeMs } from './transport/json-client.js';
import { cleanLevels, PredictionAdapterBase, type CatalogueRequest, type PredictionCatalogue } from './prediction-types.js';
import { VenueError } from '../core/errors.js';

export const BETFAIR_URL = 'https://api.betfair.com/exchange/betting/rest/v1.0';
export const BETFAIR_BASE_COMMISSION = 0.05;
/** Politics: the event type where exchange prices overlap most with prediction markets. */
const DEFAULT_FILTER = { eventTypeIds: ['2378961'] };

/**
 * Betfair charges nothing per trade; commission (market base rate, usually 5 %) is taken at
 * settlement on the NET WINNINGS of each market — never on stake. The engine applies it per
 * market and per outcome scenario (see binary-walk worstCommission).
 */
export function betfairFee(commission = BETFAIR_BASE_COMMISSION): BinaryFeeModel {
  return { source: 'venue-market-data', takerRate: 0, makerRate: 0, taker: () => 0, winningsRate: commission };
}

/** App key and session token: config file or ARBLENS_BETFAIR_API_KEY / ARBLENS_BETFAIR_SESSION. */
export function betfairCredentials(c: VenueConfig, env: NodeJS.ProcessEnv = process.env): { appKey?: string; session?: string } {
  const s = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return { appKey: s(c.apiKey) ?? s(c.appKey) ?? s(env.ARBLENS_BETFAIR_API_KEY), session: s(c.session) ?? s(env.ARBLENS_BETFAIR_SESSION) };
}

export interface BetfairCatalogue {
  marketId?: string;
  marketName?: string;
  marketStartTime?: string;
  event?: { id?: string; name?: string };
  eventType?: { id?: string; name?: string };
  runners?: { selectionId?: number; runnerName?: string }[];
}

export interface BetfairPriceSize {
  price?: number;
  size?: number;
}

export interface BetfairMarketBook {
  marketId?: string;
  status?: string;
  isMarketDataDelayed?: boolean;
  numberOfWinners?: number;
  numberOfRunners?: number;
  numberOfActiveRunners?: number;
  lastMatchTime?: string;
  runners?: { selectionId?: number; status?: string; ex?: { availableToBack?: BetfairPriceSize[]; availableToLay?: BetfairPriceSize[] } }[];
}

/**
 * Decimal odds → binary shares paying 1. Backing a stake s at odds o wins s·(o−1) or loses s:
 * exactly N = s·o YES shares bought at 1/o. Laying a backer's stake s at odds o wins s or loses
 * s·(o−1): N = s·o NO shares bought at 1 − 1/o. availableToBack offers are our YES asks;
 * availableToLay offers are our NO asks (and each side's bids are the mirror).
 */
export function oddsToBooks(ex: { availableToBack?: BetfairPriceSize[]; availableToLay?: BetfairPriceSize[] } | undefined): {
  yes: { bids: [number, number][]; asks: [number, number][] };
  no: { bids: [number, number][]; asks: [number, number][] };
  dropped: number;
} {
  const conv = (xs: unknown, yes: boolean): [number, number][] =>
    (Array.isArray(xs) ? xs : []).map((l): [number, number] => {
      const o = isObject(l) ? num(l.price) : undefined;
      const s = isObject(l) ? num(l.size) : undefined;
      if (o === undefined || s === undefined || o <= 1) return [NaN, NaN];
      return [yes ? 1 / o : 1 - 1 / o, s * o];
    });
  const back = ex?.availableToBack;
  const lay = ex?.availableToLay;
  const yAsk = cleanLevels(conv(back, true), 'asks');
  const yBid = cleanLevels(conv(lay, true), 'bids');
  const nAsk = cleanLevels(conv(lay, false), 'asks');
  const nBid = cleanLevels(conv(back, false), 'bids');
  return { yes: { bids: yBid.levels, asks: yAsk.levels }, no: { bids: nBid.levels, asks: nAsk.levels }, dropped: yAsk.dropped + yBid.dropped };
}

/** Why a catalogue market has no quotes: no book in the answer, not OPEN, or delayed data. */
export type BetfairSkip = 'no-book' | 'not-open' | 'delayed';

/**
 * One market's catalogue entry and book → one normalized market and two quotes per active runner.
 * `skipped` says why a market yields no quotes (the caller counts these into one summary line).
 * A delayed book (`isMarketDataDelayed: true`) keeps its markets listed (pairs still resolve) but
 * gives no quotes: delayed prices are never live.
 */
export function parseBetfairMarket(
  cat: BetfairCatalogue,
  book: BetfairMarketBook | undefined,
  currency: string,
  now: number,
): { markets: PredictionMarket[]; quotes: Quote[]; warnings: string[]; skipped?: BetfairSkip; status?: string } {
  const out: { markets: PredictionMarket[]; quotes: Quote[]; warnings: string[]; skipped?: BetfairSkip; status?: string } = { markets: [], quotes: [], warnings: [] };
  if (typeof cat.marketId !== 'string') return out;
  if (!book) return { ...out, skipped: 'no-book' };
  if (book.status !== 'OPEN') return { ...out, skipped: 'not-open', status: typeof book.status === 'string' ? book.status : 'no status' };
  const delayed = book.isMarketDataDelayed === true;
  const names = new Map((cat.runners ?? []).map((r) => [r.selectionId, r.runnerName ?? String(r.selectionId)]));
  const active = (book.runners ?? []).filter((r) => isObject(r) && r.status === 'ACTIVE' && typeof r.selectionId === 'number');
  const title = [cat.event?.name, cat.marketName].filter(Boolean).join(' — ');
  const ts = timeMs(book.lastMatchTime);
  const books = active.map((r) => oddsToBooks(r.ex));
  // A complete outcome set: one winner, EVERY active runner listed, and each one buyable.
  let exhaustive = book.numberOfWinners === 1;
  if (exhaustive && active.length > 1) {
    const n = book.numberOfActiveRunners;
    const unpriced = active.filter((_, i) => books[i].yes.asks.length === 0).map((r) => names.get(r.selectionId) ?? String(r.selectionId));
    let why: string | undefined;
    if (typeof n !== 'number' || !Number.isInteger(n)) why = `numberOfActiveRunners is ${n === undefined ? 'missing' : JSON.stringify(n)}`;
    else if (n !== active.length) why = `${active.length} active runner(s) listed but numberOfActiveRunners is ${n}`;
    else if (unpriced.length > 0) why = `no back price for ${unpriced.join(', ')}`;
    if (why) {
      exhaustive = false;
      if (!delayed) out.warnings.push(`${cat.marketId} (${title}): not a complete outcome set, no multi-outcome arbitrage: ${why}`);
    }
  }
  for (let i = 0; i < active.length; i++) {
    const r = active[i];
    const label = names.get(r.selectionId) ?? String(r.selectionId);
    const id = `${cat.marketId}/${r.selectionId}`;
    out.markets.push({
      venue: 'betfair',
      id,
      question: `${title}: ${label}`,
      yesLabel: label,
      noLabel: `not ${label}`,
      closeTs: timeMs(cat.marketStartTime),
      currency,
      category: cat.eventType?.name,
      url: `https://www.betfair.com/exchange/plus/market/${cat.marketId}`,
      // One winner among every active runner, all listed: backing all of them is a complete set.
      event: active.length > 1 ? { id: cat.marketId, title, outcome: label, exhaustive, marketCount: active.length } : undefined,
    });
    if (delayed) continue;
    const b = books[i];
    if (b.dropped) out.warnings.push(`${id}: ${b.dropped} malformed price level(s) dropped`);
    // Betfair books carry no timestamp of their own: the receive time is the venue time.
    out.quotes.push(
      { type: 'quote', venue: 'betfair', symbol: yesSymbol(id), market: 'binary', bids: b.yes.bids, asks: b.yes.asks, venueTs: Math.max(ts ?? 0, now), localTs: now },
      { type: 'quote', venue: 'betfair', symbol: noSymbol(id), market: 'binary', bids: b.no.bids, asks: b.no.asks, venueTs: Math.max(ts ?? 0, now), localTs: now },
    );
  }
  if (delayed) out.skipped = 'delayed';
  return out;
}

/**
 * One summary line per venue for the catalogue markets that gave no prices (details — the market
 * ids — only when verbose), and one line for delayed data.
 */
export function betfairSkipSummary(skips: readonly { marketId: string; skipped: BetfairSkip; status?: string }[], verbose: boolean): string[] {
  const out: string[] = [];
  const delayed = skips.filter((s) => s.skipped === 'delayed');
  if (delayed.length > 0) {
    out.push(
      `prices are delayed (isMarketDataDelayed: true, a delayed application key): ${delayed.length} market(s) listed but not priced — delayed prices are never live; use a live app key` +
        (verbose ? `: ${delayed.map((s) => s.marketId).join(', ')}` : ''),
    );
  }
  const rest = skips.filter((s) => s.skipped !== 'delayed');
  if (rest.length > 0) {
    const counts = new Map<string, string[]>();
    for (const s of rest) {
      const k = s.skipped === 'no-book' ? 'with no book in listMarketBook' : s.status ?? 'not open';
      counts.set(k, [...(counts.get(k) ?? []), s.marketId]);
    }
    const parts = [...counts].map(([k, ids]) => `${ids.length} ${k}`);
    const detail = verbose ? ` (${[...counts].map(([k, ids]) => `${k}: ${ids.join(', ')}`).join('; ')})` : '';
    out.push(`${rest.length} catalogue market(s) not priced: ${parts.join(', ')}${detail}`);
  }
  return out;
}

class BetfairAdapter extends PredictionAdapterBase {
  readonly id = 'betfair';
  private readonly http: JsonClient;
  private readonly fee_: BinaryFeeModel;
  private readonly currency: string;
  private readonly quotes = new Map<string, Quote[]>();
  private readonly verbose: boolean;

  constructor(private readonly ctx: VenueContext, appKey: string, session: string) {
    super();
    const c = ctx.config;
    this.http = new JsonClient({ venue: this.id, base: overrideBase(BETFAIR_URL, c.url), timeoutMs: ctx.timeoutMs, minIntervalMs: 100, headers: { 'X-Application': appKey, 'X-Authentication': session } });
    const rate = num(c.commission) ?? c.taker;
    this.fee_ = betfairFee(rate !== undefined && rate >= 0 && rate < 1 ? rate : BETFAIR_BASE_COMMISSION);
    this.currency = typeof c.currency === 'string' ? c.currency.toUpperCase() : 'GBP';
    this.verbose = c.verbose === true;
  }

  marketFee(): BinaryFeeModel {
    return this.fee_;
  }

  async catalogue(req: CatalogueRequest): Promise<PredictionCatalogue> {
    const filter = isObject(this.ctx.config.filter) ? this.ctx.config.filter : DEFAULT_FILTER;
    const cats = await this.http.post('/listMarketCatalogue/', { filter, maxResults: 200, sort: 'MAXIMUM_TRADED', marketProjection: ['EVENT', 'EVENT_TYPE', 'RUNNER_DESCRIPTION', 'MARKET_START_TIME'] }, req.signal);
    if (!Array.isArray(cats)) throw new VenueError('betfair', apiError(cats) ?? 'listMarketCatalogue answered something other than an array');
    const catalogue = (cats as BetfairCatalogue[]).filter((c) => isObject(c) && typeof c.marketId === 'string');
    // Request weight: EX_BEST_OFFERS weighs 5, and weight × markets must stay ≤ 200.
    const books = new Map<string, BetfairMarketBook>();
    for (let i = 0; i < catalogue.length; i += 40) {
      const ids = catalogue.slice(i, i + 40).map((c) => c.marketId!);
      const r = await this.http.post('/listMarketBook/', { marketIds: ids, priceProjection: { priceData: ['EX_BEST_OFFERS'], exBestOffersOverrides: { bestPricesDepth: 10 } } }, req.signal);
      if (!Array.isArray(r)) throw new VenueError('betfair', apiError(r) ?? 'listMarketBook answered something other than an array');
      for (const b of r as BetfairMarketBook[]) if (isObject(b) && typeof b.marketId === 'string') books.set(b.marketId, b);
    }
    const now = this.ctx.now();
    const out: PredictionCatalogue = { markets: [], tops: [], quotes: [], warnings: [] };
    const skips: { marketId: string; skipped: BetfairSkip; status?: string }[] = [];
    for (const c of catalogue) {
      const p = parseBetfairMarket(c, books.get(c.marketId!), this.currency, now);
      out.markets.push(...p.markets);
      out.quotes.push(...p.quotes);
      out.warnings.push(...p.warnings);
      if (p.skipped) skips.push({ marketId: c.marketId!, skipped: p.skipped, status: p.status });
      for (let i = 0; i < p.markets.length; i++) this.quotes.set(p.markets[i].id, p.quotes.slice(2 * i, 2 * i + 2));
    }
    out.warnings.push(...betfairSkipSummary(skips, this.verbose));
    return out;
  }

  async books(marketIds: readonly string[], depth: number): Promise<{ quotes: Quote[]; warnings: string[] }> {
    const quotes = marketIds.flatMap((id) => this.quotes.get(id) ?? []).map((q) => ({ ...q, bids: q.bids.slice(0, depth), asks: q.asks.slice(0, depth) }));
    return { quotes, warnings: [] };
  }
}

/** Betfair's APINGException code, e.g. INVALID_SESSION_INFORMATION, when the answer is an error object. */
function apiError(v: unknown): string | undefined {
  const d = isObject(v) && isObject(v.detail) && isObject(v.detail.APINGException) ? v.detail.APINGException : undefined;
  return d ? `Betfair error ${String(d.errorCode)}` : undefined;
}

export const betfair: VenueDescriptor = {
  id: 'betfair',
  label: 'Betfair Exchange',
  kind: 'prediction',
  markets: ['binary'],
  docs: 'https://docs.developer.betfair.com/',
  defaultFees: { binary: { taker: 0, maker: 0 } },
  notConfigured(c) {
    const { appKey, session } = betfairCredentials(c);
    if (!appKey && !session) return 'needs an app key and a session token (ARBLENS_BETFAIR_API_KEY and ARBLENS_BETFAIR_SESSION, or venues.betfair.apiKey / .session in the config file)';
    if (!appKey) return 'needs an app key (ARBLENS_BETFAIR_API_KEY or venues.betfair.apiKey)';
    if (!session) return 'needs a session token (ARBLENS_BETFAIR_SESSION or venues.betfair.session; log in at identitysso.betfair.com)';
    return undefined;
  },
  async create(ctx: VenueContext) {
    const { appKey, session } = betfairCredentials(ctx.config);
    return new BetfairAdapter(ctx, appKey ?? '', session ?? '');
  },
};
