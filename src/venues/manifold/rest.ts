// Manifold Markets API: https://docs.manifold.markets/api — public reads, 500 requests/min per IP.
// Play money: prices are in mana ('MANA'); a market's `token` tells mana from 'CASH'. Neither is
// ever compared with a money venue (the engine pairs only markets of one currency).
import type { Quote } from '../../core/types.js';
import { noSymbol, yesSymbol, type BinaryFeeModel, type PredictionMarket } from '../../core/prediction.js';
import { NO_FEE } from '../../core/fees.js';
import type { VenueContext, VenueDescriptor } from '../types.js';
import { isObject, JsonClient, num, overrideBase, timeMs } from '../transport/json-client.js';
import { cpmmAsks, type CpmmPool } from './cpmm.js';
import { PredictionAdapterBase, type CatalogueRequest, type PredictionCatalogue, maxMarketsOf } from '../prediction-types.js';
import { VenueError } from '../../core/errors.js';

export const MANIFOLD_URL = 'https://api.manifold.markets/v0';

/** Manifold charges no trading fee on binary CPMM markets (the pool served carries the price). */
export const manifoldFee: BinaryFeeModel = { ...NO_FEE, source: 'venue-market-data' };

/** LiteMarket as served by /search-markets and /markets. */
export interface ManifoldLiteMarket {
  id?: string;
  question?: string;
  url?: string;
  outcomeType?: string;
  mechanism?: string;
  probability?: number;
  pool?: { YES?: number; NO?: number };
  p?: number;
  totalLiquidity?: number;
  isResolved?: boolean;
  closeTime?: number;
  token?: 'MANA' | 'CASH';
  /** Time of the last bet (or edit) on the market — NOT the age of the pool served. */
  lastUpdatedTime?: number;
}

/** One LiteMarket → metadata and CPMM ask ladders for both sides, or why it is skipped. */
export function parseManifoldMarket(m: ManifoldLiteMarket, now: number): { market: PredictionMarket; yes: Quote; no: Quote } | string {
  if (typeof m.id !== 'string' || typeof m.question !== 'string') return `market ${m.id ?? '?'}: no id or question`;
  if (m.isResolved === true || (m.closeTime !== undefined && m.closeTime < now)) return 'closed';
  if (m.outcomeType !== 'BINARY' || m.mechanism !== 'cpmm-1') return 'closed';
  const y = num(m.pool?.YES);
  const n = num(m.pool?.NO);
  const p = num(m.p);
  if (y === undefined || n === undefined || p === undefined || y <= 0 || n <= 0 || p <= 0 || p >= 1) return `market ${m.id}: pool/p missing or invalid (pool ${JSON.stringify(m.pool)}, p ${JSON.stringify(m.p)}), cannot price shares`;
  const pool: CpmmPool = { yes: y, no: n, p };
  const market: PredictionMarket = {
    venue: 'manifold',
    id: m.id,
    question: m.question.trim(),
    yesLabel: 'Yes',
    noLabel: 'No',
    closeTs: timeMs(m.closeTime),
    currency: m.token === 'CASH' ? 'CASH' : 'MANA',
    url: m.url,
  };
  // The pool (and so every price on the ladder) is the market's state when the answer was sent:
  // stamp the receive time. `lastUpdatedTime` is the last bet, which on a quiet market is hours
  // old and would make every Manifold set stale at the default --max-age.
  const ts = now;
  const q = (symbol: string, outcome: 'YES' | 'NO'): Quote => ({ type: 'quote', venue: 'manifold', symbol, market: 'binary', bids: [], asks: cpmmAsks(pool, outcome), venueTs: ts, localTs: now });
  return { market, yes: q(yesSymbol(m.id), 'YES'), no: q(noSymbol(m.id), 'NO') };
}

class ManifoldAdapter extends PredictionAdapterBase {
  readonly id = 'manifold';
  private readonly http: JsonClient;
  private readonly books_ = new Map<string, Quote[]>();
  private readonly maxMarkets: number;

  constructor(private readonly ctx: VenueContext) {
    super();
    this.http = new JsonClient({ venue: this.id, base: overrideBase(MANIFOLD_URL, ctx.config.url), timeoutMs: ctx.timeoutMs, minIntervalMs: 120 });
    this.maxMarkets = maxMarketsOf(ctx.config, 1000);
  }

  marketFee(): BinaryFeeModel {
    return manifoldFee;
  }

  async catalogue(req: CatalogueRequest): Promise<PredictionCatalogue> {
    const warnings: string[] = [];
    const markets: PredictionMarket[] = [];
    const quotes: Quote[] = [];
    const limit = Math.min(1000, this.maxMarkets);
    for (let offset = 0; markets.length < this.maxMarkets; offset += limit) {
      const page = await this.http.get('/search-markets', { term: '', filter: 'open', contractType: 'BINARY', sort: 'liquidity', limit, offset }, req.signal);
      if (!Array.isArray(page)) throw new VenueError('manifold', `/search-markets answered ${typeof page}, expected an array of markets`);
      const now = this.ctx.now(); // receive time of this page: the pools in it are current as of now
      for (const m of page) {
        const r = isObject(m) ? parseManifoldMarket(m as ManifoldLiteMarket, now) : 'not an object';
        if (typeof r === 'string') {
          if (r !== 'closed') warnings.push(r);
          continue;
        }
        if (this.books_.has(r.market.id)) continue;
        this.books_.set(r.market.id, [r.yes, r.no]);
        markets.push(r.market);
        quotes.push(r.yes, r.no);
      }
      if (page.length < limit) break;
    }
    return { markets, tops: [], quotes, warnings };
  }

  /** The CPMM ladder computed from the listing's pool (a second call would not add depth). */
  async books(marketIds: readonly string[], depth: number): Promise<{ quotes: Quote[]; warnings: string[] }> {
    const quotes = marketIds.flatMap((id) => this.books_.get(id) ?? []).map((q) => ({ ...q, asks: q.asks.slice(0, depth) }));
    return { quotes, warnings: [] };
  }
}

export const manifold: VenueDescriptor = {
  id: 'manifold',
  label: 'Manifold (play money)',
  kind: 'prediction',
  markets: ['binary'],
  docs: 'https://docs.manifold.markets/api',
  defaultFees: { binary: { taker: 0, maker: 0 } },
  async create(ctx: VenueContext) {
    return new ManifoldAdapter(ctx);
  },
};
