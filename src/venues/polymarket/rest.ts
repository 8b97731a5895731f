// Polymarket: Gamma API (markets, events) https://docs.polymarket.com/developers/gamma-markets-api/overview
// and CLOB API (order books) https://docs.polymarket.com/developers/CLOB/introduction — public reads, no auth.
import type { Quote } from '../../core/types.js';
import { noSymbol, yesSymbol, type BinaryFeeModel, type PredictionMarket } from '../../core/prediction.js';
import type { VenueContext, VenueDescriptor } from '../types.js';
import { isObject, JsonClient, num, overrideBase, timeMs } from '../transport/json-client.js';
import { cleanLevels, PredictionAdapterBase, type CatalogueRequest, type PredictionCatalogue, type TopAsks } from '../prediction-types.js';
import { VenueError } from '../../core/errors.js';

export const GAMMA_URL = 'https://gamma-api.polymarket.com';
export const CLOB_URL = 'https://clob.polymarket.com';
/** Taker rate used when a fee-enabled market does not publish its own (categories run 0.03–0.07). */
export const POLYMARKET_DEFAULT_RATE = 0.05;

/** Takers pay shares × rate × p × (1 − p); makers pay nothing. `rate` is the market's category rate. */
export function polymarketFee(rate: number): BinaryFeeModel {
  return { takerRate: rate, makerRate: 0, taker: (p, shares) => shares * rate * p * (1 - p) };
}

/** Gamma market as served (string-encoded arrays; any field may be missing or malformed). */
export interface GammaMarket {
  id?: string | number;
  question?: string;
  conditionId?: string;
  slug?: string;
  outcomes?: string | string[];
  outcomePrices?: string | string[];
  clobTokenIds?: string | string[];
  endDate?: string;
  bestBid?: number | string;
  bestAsk?: number | string;
  active?: boolean;
  closed?: boolean;
  negRisk?: boolean;
  feesEnabled?: boolean;
  feeSchedule?: { rate?: number | string } | string;
  enableOrderBook?: boolean;
  groupItemTitle?: string;
  category?: string;
}

export interface GammaEvent {
  id?: string | number;
  title?: string;
  slug?: string;
  negRisk?: boolean;
  enableNegRisk?: boolean;
  negRiskAugmented?: boolean;
  category?: string;
  markets?: GammaMarket[];
}

export interface ClobBook {
  market?: string;
  asset_id?: string;
  timestamp?: string | number;
  bids?: { price?: string; size?: string }[];
  asks?: { price?: string; size?: string }[];
}

/** A market as arblens keeps it: metadata plus which CLOB token is YES and which is NO. */
export interface ParsedGamma {
  readonly market: PredictionMarket;
  readonly yesToken: string;
  readonly noToken: string;
  readonly feeRate: number;
  readonly top: TopAsks;
}

/** Gamma encodes arrays as JSON strings ("[\"Yes\", \"No\"]"); newer answers may send arrays. */
export function stringArray(v: unknown): string[] | undefined {
  let x = v;
  if (typeof v === 'string') {
    try {
      x = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return Array.isArray(x) && x.every((e) => typeof e === 'string' || typeof e === 'number') ? x.map(String) : undefined;
}

/**
 * One Gamma market → normalized market, or the reason it is skipped. YES/NO come from the
 * outcome LABELS, never from positions: a market listing ["No","Yes"] maps token 1 to YES. A
 * two-outcome market with other labels (two teams) keeps them: YES is the first listed label and
 * `yesLabel` names it, so nothing downstream believes it means "Yes".
 */
export function parseGammaMarket(m: GammaMarket, event: GammaEvent | undefined, openCount: number, defaultRate: number): ParsedGamma | string {
  const id = m.id !== undefined ? String(m.id) : '';
  if (!id || typeof m.question !== 'string') return `market ${id || '?'}: no id or question`;
  if (m.closed === true || m.active === false) return 'closed';
  if (m.enableOrderBook === false) return 'closed';
  const outcomes = stringArray(m.outcomes);
  const tokens = stringArray(m.clobTokenIds);
  if (!outcomes || outcomes.length !== 2) return `market ${id}: outcomes ${JSON.stringify(m.outcomes)} is not a two-outcome list`;
  if (!tokens || tokens.length !== 2) return `market ${id}: clobTokenIds ${JSON.stringify(m.clobTokenIds)} is not a list of two token ids`;
  const lower = outcomes.map((o) => o.trim().toLowerCase());
  let yi = lower.indexOf('yes');
  let ni = lower.indexOf('no');
  if (yi < 0 || ni < 0) {
    yi = 0;
    ni = 1;
  }
  const ev = event && event.id !== undefined ? event : undefined;
  const mutuallyExclusive = !!(ev && (ev.negRisk || ev.enableNegRisk) && (ev.markets?.length ?? 0) > 1);
  const market: PredictionMarket = {
    venue: 'polymarket',
    id,
    question: m.question.trim(),
    yesLabel: outcomes[yi],
    noLabel: outcomes[ni],
    closeTs: timeMs(m.endDate),
    currency: 'USD',
    category: m.category ?? ev?.category,
    url: ev?.slug ? `https://polymarket.com/event/${ev.slug}` : m.slug ? `https://polymarket.com/market/${m.slug}` : undefined,
    event: mutuallyExclusive
      ? {
          id: String(ev!.id),
          title: ev!.title ?? '',
          outcome: m.groupItemTitle || m.question,
          // Augmented neg-risk events carry an implicit "Other": the listed outcomes do not cover everything.
          exhaustive: ev!.negRiskAugmented !== true && !(ev!.markets ?? []).some((x) => /^other$/i.test(x.groupItemTitle ?? '')),
          marketCount: openCount,
        }
      : undefined,
  };
  // Gamma's bestBid/bestAsk quote the FIRST token (clobTokenIds[0]); read them through its label.
  const bid = num(m.bestBid);
  const ask = num(m.bestAsk);
  const first = { ask, noAsk: bid !== undefined ? 1 - bid : undefined };
  const top: TopAsks = yi === 0 ? { marketId: id, yesAsk: first.ask, noAsk: first.noAsk } : { marketId: id, yesAsk: first.noAsk, noAsk: first.ask };
  return { market, yesToken: tokens[yi], noToken: tokens[ni], feeRate: feeRateOf(m, defaultRate), top };
}

function feeRateOf(m: GammaMarket, defaultRate: number): number {
  let sched: unknown = m.feeSchedule;
  if (typeof sched === 'string') {
    try {
      sched = JSON.parse(sched);
    } catch {
      sched = undefined;
    }
  }
  const rate = isObject(sched) ? num(sched.rate) : undefined;
  if (rate !== undefined && rate >= 0 && rate < 1) return rate;
  if (m.feesEnabled === false) return 0;
  return defaultRate;
}

/** One CLOB book → levels sorted best first (doc pages disagree on the order, so we sort). */
export function parseClobBook(b: ClobBook): { bids: [number, number][]; asks: [number, number][]; ts?: number; dropped: number } {
  const lv = (xs: unknown) => (Array.isArray(xs) ? xs : []).map((l): [number, number] => [num(isObject(l) ? l.price : undefined) ?? NaN, num(isObject(l) ? l.size : undefined) ?? NaN]);
  const bids = cleanLevels(lv(b.bids), 'bids');
  const asks = cleanLevels(lv(b.asks), 'asks');
  return { bids: bids.levels, asks: asks.levels, ts: timeMs(b.timestamp), dropped: bids.dropped + asks.dropped };
}

class PolymarketAdapter extends PredictionAdapterBase {
  readonly id = 'polymarket';
  private readonly gamma: JsonClient;
  private readonly clob: JsonClient;
  private readonly known = new Map<string, ParsedGamma>();
  private readonly defaultRate: number;
  private readonly maxMarkets: number;

  constructor(private readonly ctx: VenueContext) {
    super();
    const c = ctx.config;
    const gammaBase = overrideBase(GAMMA_URL, (c.gammaUrl as string | undefined) ?? c.url);
    const clobBase = overrideBase(CLOB_URL, (c.clobUrl as string | undefined) ?? c.url);
    // Gamma /events: 500 per 10 s; CLOB /books: 500 per 10 s → one call per 25 ms stays well under.
    this.gamma = new JsonClient({ venue: this.id, base: gammaBase, timeoutMs: ctx.timeoutMs, minIntervalMs: 25 });
    this.clob = new JsonClient({ venue: this.id, base: clobBase, timeoutMs: ctx.timeoutMs, minIntervalMs: 25 });
    this.defaultRate = c.taker ?? POLYMARKET_DEFAULT_RATE;
    this.maxMarkets = positive(c.maxMarkets) ?? 2000;
  }

  marketFee(marketId: string): BinaryFeeModel {
    return polymarketFee(this.known.get(marketId)?.feeRate ?? this.defaultRate);
  }

  /** The market's two CLOB tokens, named `<id>:YES` / `<id>:NO` for the market channel. */
  streamSymbols(marketId: string): string[] | undefined {
    const p = this.known.get(marketId);
    return p ? [`${yesSymbol(marketId)}=${p.yesToken}`, `${noSymbol(marketId)}=${p.noToken}`] : undefined;
  }

  /** Open events by 24 h volume, paged with offset, until `maxMarkets` markets are listed. */
  async catalogue(req: CatalogueRequest): Promise<PredictionCatalogue> {
    const warnings: string[] = [];
    const out: ParsedGamma[] = [];
    const limit = 100;
    for (let offset = 0; out.length < this.maxMarkets; offset += limit) {
      const page = await this.gamma.get('/events', { closed: 'false', active: 'true', limit, offset, order: 'volume24hr', ascending: 'false' }, req.signal);
      if (!Array.isArray(page)) throw new VenueError('polymarket', `/events answered ${typeof page}, expected an array of events`);
      for (const ev of page as GammaEvent[]) {
        if (!isObject(ev)) continue;
        const ms = Array.isArray(ev.markets) ? ev.markets : [];
        const open = ms.filter((m) => isObject(m) && m.closed !== true && m.active !== false).length;
        for (const m of ms) this.take(isObject(m) ? parseGammaMarket(m, ev, open, this.defaultRate) : 'not an object', out, warnings);
      }
      if (page.length < limit) break;
    }
    const missing = (req.include ?? []).filter((id) => !this.known.has(id));
    for (let i = 0; i < missing.length; i += 50) {
      const page = await this.gamma.get('/markets', { id: missing.slice(i, i + 50) }, req.signal);
      if (Array.isArray(page)) for (const m of page as GammaMarket[]) this.take(isObject(m) ? parseGammaMarket(m, undefined, 1, this.defaultRate) : 'not an object', out, warnings);
    }
    return { markets: out.map((p) => p.market), tops: out.map((p) => p.top), quotes: [], warnings };
  }

  private take(r: ParsedGamma | string, out: ParsedGamma[], warnings: string[]): void {
    if (typeof r === 'string') {
      if (r !== 'closed') warnings.push(r);
      return;
    }
    if (this.known.has(r.market.id)) return;
    this.known.set(r.market.id, r);
    out.push(r);
  }

  /** Books of both tokens of each market: POST /books in batches of ≤ 500 tokens, else GET /book each. */
  async books(marketIds: readonly string[], depth: number, signal: AbortSignal): Promise<{ quotes: Quote[]; warnings: string[] }> {
    const warnings: string[] = [];
    const byToken = new Map<string, { id: string; side: 'YES' | 'NO' }>();
    for (const id of marketIds) {
      const p = this.known.get(id);
      if (!p) {
        warnings.push(`market ${id}: not in the catalogue, no book fetched`);
        continue;
      }
      byToken.set(p.yesToken, { id, side: 'YES' });
      byToken.set(p.noToken, { id, side: 'NO' });
    }
    const tokens = [...byToken.keys()];
    const raw: unknown[] = [];
    try {
      for (let i = 0; i < tokens.length; i += 500) {
        const page = await this.clob.post('/books', tokens.slice(i, i + 500).map((t) => ({ token_id: t })), signal);
        if (!Array.isArray(page)) throw new VenueError('polymarket', `/books answered ${typeof page}, expected an array of books`);
        raw.push(...page);
      }
    } catch (err) {
      // A proxy or mirror without the batch endpoint (404/405): one GET /book per token instead.
      if (signal.aborted || !/HTTP 40[45]/.test((err as Error).message)) throw err;
      warnings.push('POST /books unavailable, fetching books one by one (GET /book)');
      raw.length = 0;
      for (const t of tokens) raw.push(await this.clob.get('/book', { token_id: t }, signal));
    }
    const now = this.ctx.now();
    const quotes: Quote[] = [];
    for (const b of raw) {
      const tok = isObject(b) && typeof b.asset_id === 'string' ? byToken.get(b.asset_id) : undefined;
      if (!tok) {
        warnings.push(`book for an unknown token ${isObject(b) ? String(b.asset_id) : typeof b} ignored`);
        continue;
      }
      const book = parseClobBook(b as ClobBook);
      if (book.dropped) warnings.push(`market ${tok.id} ${tok.side}: ${book.dropped} malformed level(s) dropped`);
      quotes.push({ type: 'quote', venue: this.id, symbol: tok.side === 'YES' ? yesSymbol(tok.id) : noSymbol(tok.id), market: 'binary', bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth), venueTs: book.ts ?? now, localTs: now });
    }
    return { quotes, warnings };
  }
}

function positive(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && n > 0 ? n : undefined;
}

export const polymarket: VenueDescriptor = {
  id: 'polymarket',
  label: 'Polymarket',
  kind: 'prediction',
  markets: ['binary'],
  docs: 'https://docs.polymarket.com/',
  defaultFees: { binary: { taker: POLYMARKET_DEFAULT_RATE, maker: 0 } },
  async create(ctx: VenueContext) {
    return new PolymarketAdapter(ctx);
  },
};
