// Polymarket: Gamma API (markets, events) https://docs.polymarket.com/developers/gamma-markets-api/overview
// and CLOB API (order books) https://docs.polymarket.com/developers/CLOB/introduction — public reads, no auth.
import type { FeeSource, Quote } from '../../core/types.js';
import { noSymbol, yesSymbol, type BinaryFeeModel, type PredictionMarket } from '../../core/prediction.js';
import type { VenueContext, VenueDescriptor } from '../types.js';
import { isObject, JsonClient, num, overrideBase, timeMs } from '../transport/json-client.js';
import { cleanLevels, PredictionAdapterBase, type CatalogueRequest, type PredictionCatalogue, type TopAsks, maxMarketsOf } from '../prediction-types.js';
import { VenueError } from '../../core/errors.js';

export const GAMMA_URL = 'https://gamma-api.polymarket.com';
export const CLOB_URL = 'https://clob.polymarket.com';
/**
 * Polymarket's taker fee, as documented at https://docs.polymarket.com/trading/fees (crawled
 * 2026-06-18) and read by nautilus_trader's adapter (`compute_commission`,
 * `instrument_fee_exponent`):
 *
 *   fee = C × rate × (p × (1 − p))^exponent      (C shares at price p; makers pay nothing)
 *
 * `rate` and `exponent` come from the Gamma market's `feeSchedule`
 * (`{"exponent": 1, "rate": 0.07, "takerOnly": true, "rebateRate": 0.2}` on a market captured on
 * 2026-08-23; CLOB's `getClobMarketInfo` serves the same as `fd: {r, e, to}`, so both spellings
 * are read). Exponent 1 on most fee-enabled markets; some crypto up/down markets have used rate
 * 0.25 with exponent 2. `feesEnabled: false` means no fee whatever `feeSchedule` says.
 *
 * Buy-side fees are NOT modelled as collected in shares. Older versions of the fee page (and of
 * the maker-rebates page, January 2026) said "fees are collected in shares on buy orders and USDC
 * on sell orders"; the current page drops that sentence, says "Taker fees are calculated in USDC"
 * and "applied at match time by the protocol", and CLOB V2 clients charge a market BUY's fee in
 * collateral on top of the principal (`adjust_market_buy_amount` in polymarket-rs-clob-client-v2,
 * mirrored by nautilus_trader). So a complete set of C shares pays exactly C, and the fee is money
 * paid on top of the cost, which is how the engine already counts it.
 *
 * Fees are rounded by Polymarket to 5 decimal places per fill (0.00001 USDC): not modelled, the
 * difference is below 0.00001 per fill.
 */
export interface PolymarketFeeSchedule {
  readonly rate: number;
  readonly exponent: number;
}

/**
 * Published taker rates per category (fees page above). Used only for a market that carries no
 * fee data of its own but whose category (`category`, or Gamma's `feeType` such as
 * "crypto_fees") is known.
 */
export const POLYMARKET_CATEGORY_RATES: Readonly<Record<string, number>> = {
  crypto: 0.07,
  sports: 0.03,
  finance: 0.04,
  politics: 0.04,
  mentions: 0.04,
  tech: 0.04,
  economics: 0.05,
  culture: 0.05,
  weather: 0.05,
  other: 0.05,
  general: 0.05,
  geopolitics: 0,
  'world events': 0,
};

/** Rate for a fee-enabled market that publishes no rate and has no known category: the highest category rate (never a cheaper guess). */
export const POLYMARKET_DEFAULT_RATE = 0.07;

/**
 * Fee curves used when a market's fee data is malformed: the highest ones Polymarket has
 * published (crypto at 0.072 reported by third parties around March 2026, and the 0.25 / exponent
 * 2 crypto up/down schedule). The fee charged is the maximum of the curves at each price.
 */
export const POLYMARKET_CONSERVATIVE: readonly PolymarketFeeSchedule[] = [
  { rate: 0.072, exponent: 1 },
  { rate: 0.25, exponent: 2 },
];

/** Takers pay shares × rate × (p × (1 − p))^exponent; makers pay nothing. */
export function polymarketFee(rate: number, exponent = 1, source: FeeSource = 'venue-market-data'): BinaryFeeModel {
  return { source, takerRate: rate, makerRate: 0, taker: (p, shares) => shares * rate * Math.pow(p * (1 - p), exponent) };
}

/** The highest of several fee curves at each price (the conservative rule for malformed fee data). */
export function polymarketMaxFee(curves: readonly PolymarketFeeSchedule[], source: FeeSource = 'venue-market-data'): BinaryFeeModel {
  const takerRate = Math.max(...curves.map((c) => c.rate));
  return {
    source,
    takerRate,
    makerRate: 0,
    taker: (p, shares) => {
      let worst = 0;
      for (const c of curves) worst = Math.max(worst, c.rate * Math.pow(p * (1 - p), c.exponent));
      return shares * worst;
    },
  };
}

/** How one market's fee was decided: the model, plus a warning when its fee fields were malformed. */
export interface PolymarketFeeDecision {
  readonly fee: BinaryFeeModel;
  readonly warning?: string;
}

/**
 * One Gamma market's fee rule:
 * - `feesEnabled: false` → no fee, whatever else the market carries;
 * - a valid `feeSchedule` → its rate and exponent (exponent 1 when absent);
 * - `feesEnabled: true` without a rate → the category's published rate, else the highest one;
 * - neither field → the category's published rate when the category is known, else NO fee.
 *   Why fee-free by default: the fee page says fee-enabled markets carry `feesEnabled: true`, and
 *   every fee-charging market captured from Gamma (nautilus_trader's fixtures, 2026) carries a
 *   `feeSchedule`; a market with neither is one Polymarket does not charge (nautilus_trader
 *   defaults to zero in the same case).
 * - a fee field of the wrong type → a warning naming the market and the field, and the maximum
 *   of the parts that did parse and POLYMARKET_CONSERVATIVE (never a cheaper fee).
 * A user override (`taker` in config / ARBLENS_POLYMARKET_TAKER) replaces the rate of every market
 * that is not `feesEnabled: false` (exponent kept), with source 'override'.
 */
export function polymarketFeeOf(m: GammaMarket, marketId: string, override?: number): PolymarketFeeDecision {
  const problems: string[] = [];
  const enabled = m.feesEnabled;
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') problems.push(`feesEnabled ${JSON.stringify(enabled)} is not true/false`);
  if (enabled === false) return { fee: polymarketFee(0) };

  let sched: unknown = m.feeSchedule;
  if (typeof sched === 'string') {
    try {
      sched = JSON.parse(sched);
    } catch {
      problems.push(`feeSchedule ${JSON.stringify(sched).slice(0, 60)} is not JSON`);
      sched = undefined;
    }
  }
  let rate: number | undefined;
  let exponent: number | undefined;
  if (isObject(sched)) {
    const r = sched.rate ?? sched.r;
    const e = sched.exponent ?? sched.e;
    if (r !== undefined && r !== null) {
      const n = num(r);
      if (n !== undefined && n >= 0 && n < 1) rate = n;
      else problems.push(`feeSchedule.rate ${JSON.stringify(r)} is not a number in [0, 1)`);
    }
    if (e !== undefined && e !== null) {
      const n = num(e);
      if (n !== undefined && n > 0 && n <= 10) exponent = n;
      else problems.push(`feeSchedule.exponent ${JSON.stringify(e)} is not a positive number`);
    }
  } else if (sched !== undefined && sched !== null && problems.length === 0) {
    problems.push(`feeSchedule ${JSON.stringify(sched).slice(0, 60)} is not an object`);
  }

  if (override !== undefined) return { fee: polymarketFee(override, exponent ?? 1, 'override'), warning: warn(marketId, problems, 'the configured taker rate is used') };
  if (problems.length > 0) {
    const curves = [...POLYMARKET_CONSERVATIVE, { rate: rate ?? POLYMARKET_CONSERVATIVE[0].rate, exponent: exponent ?? 1 }];
    return { fee: polymarketMaxFee(curves), warning: warn(marketId, problems, 'priced with the highest published fee curve') };
  }
  if (rate !== undefined) return { fee: polymarketFee(rate, exponent ?? 1) };
  const cat = categoryRate(m);
  if (enabled === true) return { fee: polymarketFee(cat ?? POLYMARKET_DEFAULT_RATE, exponent ?? 1) };
  return { fee: polymarketFee(cat ?? 0, exponent ?? 1) };
}

function warn(marketId: string, problems: string[], what: string): string | undefined {
  return problems.length ? `market ${marketId}: ${problems.join('; ')}: ${what}` : undefined;
}

/** The published rate of the market's category (`category`, else `feeType` "crypto_fees" → crypto), if known. */
function categoryRate(m: GammaMarket): number | undefined {
  for (const c of [m.category, typeof m.feeType === 'string' ? m.feeType.replace(/_fees?$/, '') : undefined]) {
    if (typeof c !== 'string') continue;
    const r = POLYMARKET_CATEGORY_RATES[c.trim().toLowerCase().replace(/_/g, ' ')];
    if (r !== undefined) return r;
  }
  return undefined;
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
  /** `{rate, exponent, takerOnly, rebateRate}` (numbers, or decimal strings); older answers: a JSON string. */
  feeSchedule?: { rate?: number | string; exponent?: number | string } | string;
  /** e.g. "crypto_fees", "politics_fees"; null on fee-free markets. */
  feeType?: string | null;
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
  readonly fee: BinaryFeeModel;
  /** Set when the market's fee fields were malformed (the fee is then the conservative one). */
  readonly feeWarning?: string;
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
export function parseGammaMarket(m: GammaMarket, event: GammaEvent | undefined, openCount: number, override?: number): ParsedGamma | string {
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
  const f = polymarketFeeOf(m, id, override);
  return { market, yesToken: tokens[yi], noToken: tokens[ni], fee: f.fee, feeWarning: f.warning, top };
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
  private readonly override: number | undefined;
  private readonly maxMarkets: number;

  constructor(private readonly ctx: VenueContext) {
    super();
    const c = ctx.config;
    const gammaBase = overrideBase(GAMMA_URL, (c.gammaUrl as string | undefined) ?? c.url);
    const clobBase = overrideBase(CLOB_URL, (c.clobUrl as string | undefined) ?? c.url);
    // Gamma /events: 500 per 10 s; CLOB /books: 500 per 10 s → one call per 25 ms stays well under.
    this.gamma = new JsonClient({ venue: this.id, base: gammaBase, timeoutMs: ctx.timeoutMs, minIntervalMs: 25 });
    this.clob = new JsonClient({ venue: this.id, base: clobBase, timeoutMs: ctx.timeoutMs, minIntervalMs: 25 });
    this.override = num(c.taker);
    this.maxMarkets = maxMarketsOf(c, 2000);
  }

  marketFee(marketId: string): BinaryFeeModel {
    // A market outside the catalogue: nothing is known about it, so the conservative rule.
    return this.known.get(marketId)?.fee ?? (this.override !== undefined ? polymarketFee(this.override, 1, 'override') : polymarketMaxFee(POLYMARKET_CONSERVATIVE));
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
        for (const m of ms) this.take(isObject(m) ? parseGammaMarket(m, ev, open, this.override) : 'not an object', out, warnings);
      }
      if (page.length < limit) break;
    }
    const missing = (req.include ?? []).filter((id) => !this.known.has(id));
    for (let i = 0; i < missing.length; i += 50) {
      const page = await this.gamma.get('/markets', { id: missing.slice(i, i + 50) }, req.signal);
      if (Array.isArray(page)) for (const m of page as GammaMarket[]) this.take(isObject(m) ? parseGammaMarket(m, undefined, 1, this.override) : 'not an object', out, warnings);
    }
    return { markets: out.map((p) => p.market), tops: out.map((p) => p.top), quotes: [], warnings };
  }

  private take(r: ParsedGamma | string, out: ParsedGamma[], warnings: string[]): void {
    if (typeof r === 'string') {
      if (r !== 'closed') warnings.push(r);
      return;
    }
    if (this.known.has(r.market.id)) return;
    if (r.feeWarning) warnings.push(r.feeWarning);
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
    let batch = true;
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
      batch = false;
      raw.length = 0;
      let last: VenueError | undefined;
      for (const t of tokens) {
        try {
          raw.push(await this.clob.get('/book', { token_id: t }, signal));
        } catch (e) {
          // One token without a book (HTTP 404 "No orderbook exists for the requested token id"):
          // skip it, keep the others. Anything else (5xx, timeout, abort) still fails the venue.
          if (signal.aborted || !(e instanceof VenueError) || !/HTTP 404/.test(e.message)) throw e;
          last = e;
        }
      }
      // Every token 404: the endpoint itself is missing, not one book.
      if (last && raw.length === 0 && tokens.length > 0) throw last;
    }
    const now = this.ctx.now();
    const quotes: Quote[] = [];
    const answered = new Set<string>();
    for (const b of raw) {
      const assetId = isObject(b) && typeof b.asset_id === 'string' ? b.asset_id : undefined;
      const tok = assetId !== undefined ? byToken.get(assetId) : undefined;
      if (!tok || assetId === undefined) {
        warnings.push(`book for an unknown token ${isObject(b) ? String(b.asset_id) : typeof b} ignored`);
        continue;
      }
      answered.add(assetId);
      const book = parseClobBook(b as ClobBook);
      if (book.dropped) warnings.push(`market ${tok.id} ${tok.side}: ${book.dropped} malformed level(s) dropped`);
      quotes.push({ type: 'quote', venue: this.id, symbol: tok.side === 'YES' ? yesSymbol(tok.id) : noSymbol(tok.id), market: 'binary', bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth), venueTs: book.ts ?? now, localTs: now });
    }
    // Tokens asked for but not answered: one summary line per venue (the list with --verbose),
    // never a silent drop. Their markets have one side missing, so no set is priced on them.
    const missing = tokens.filter((t) => !answered.has(t));
    if (missing.length > 0) {
      const how = batch ? 'POST /books returned no book' : 'GET /book found no order book (HTTP 404)';
      const list = missing.map((t) => `${byToken.get(t)!.id} ${byToken.get(t)!.side}`);
      const detail = this.ctx.config.verbose === true ? `: ${list.join(', ')}` : ' (--verbose lists them)';
      warnings.push(`${how} for ${missing.length} of ${tokens.length} token(s); their markets are left out${detail}`);
    }
    return { quotes, warnings };
  }
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
