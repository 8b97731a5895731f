// CoinDCX public REST API: https://docs.coindcx.com/ (not in any ccxt release, hence this file).
//   GET https://api.coindcx.com/exchange/ticker                       every market's bid/ask/last
//   GET https://api.coindcx.com/exchange/v1/markets_details           symbols, pairs, status
//   GET https://public.coindcx.com/market_data/orderbook?pair=B-BTC_USDT  {bids:{price:qty}, asks:{…}}
// ARBLENS_COINDCX_URL replaces both hosts (the paths do not overlap).
import type { BookLevel, FeeModel, MarketType, Quote } from '../core/types.js';
import { VenueError } from '../core/errors.js';
import { DIRECT_BOOK_LIMIT } from './ccxt/rest.js';
import { UNKNOWN_SIZE } from './ccxt/convert.js';
import type { SnapshotRequest, VenueAdapter, VenueContext, VenueDescriptor, VenueSnapshot } from './types.js';
import { resolveFee } from './fees.js';
import { num } from '../core/json.js';

/** One row of /exchange/v1/markets_details. Note the naming: `base_currency_short_name` is the QUOTE currency. */
export interface CoinDcxMarketDetails {
  coindcx_name: string;
  base_currency_short_name: string;
  target_currency_short_name: string;
  pair: string;
  ecode?: string;
  status?: string;
}

/** One row of /exchange/ticker (prices arrive as strings or numbers; timestamp in seconds). */
export interface CoinDcxTicker {
  market: string;
  bid?: string | number;
  ask?: string | number;
  last_price?: string | number;
  timestamp?: number;
}

/** /market_data/orderbook: price → quantity maps, in no guaranteed order. */
export interface CoinDcxOrderBook {
  bids?: Record<string, string | number>;
  asks?: Record<string, string | number>;
  timestamp?: number;
}

interface Market {
  readonly symbol: string;
  readonly name: string;
  readonly pair: string;
}

// Published base tier for spot: 0.1 % taker and maker (coindcx.com/fees); override per venue.
const DEFAULT_FEE = { taker: 0.001, maker: 0.001 };

export const coindcx: VenueDescriptor = {
  id: 'coindcx',
  label: 'CoinDCX',
  kind: 'crypto',
  markets: ['spot'],
  docs: 'https://docs.coindcx.com/',
  defaultFees: { spot: DEFAULT_FEE },
  async create(ctx) {
    return new CoinDcxAdapter(ctx);
  },
};

class CoinDcxAdapter implements VenueAdapter {
  readonly id = 'coindcx';
  private readonly api: string;
  private readonly pub: string;
  private marketsP?: Promise<{ bySymbol: Map<string, Market>; byName: Map<string, Market>; dropped: number }>;

  constructor(private readonly ctx: VenueContext) {
    const base = ctx.config.url?.replace(/\/+$/, '');
    this.api = base ?? 'https://api.coindcx.com';
    this.pub = base ?? 'https://public.coindcx.com';
  }

  fee(): FeeModel {
    return resolveFee(coindcx.defaultFees, 'spot', this.ctx.config);
  }

  async listSymbols(market: MarketType, signal: AbortSignal): Promise<string[]> {
    if (market !== 'spot') return [];
    return [...(await this.markets(signal)).bySymbol.keys()];
  }

  /**
   * Markets and tickers go out together (the ticker is keyed by market name, mapped to symbols
   * once both are in). With few symbols asked for, their books are fetched instead of tickers.
   */
  async snapshot(req: SnapshotRequest): Promise<VenueSnapshot> {
    if (!req.markets.has('spot')) return { quotes: [], funding: [], warnings: [] };
    const wanted = req.symbols?.filter((s) => !s.includes(':'));
    if (wanted && wanted.length === 0) return { quotes: [], funding: [], warnings: [] };
    const warnings: string[] = [];
    if (wanted && req.depth !== undefined && wanted.length <= DIRECT_BOOK_LIMIT) {
      const mk = await this.markets(req.signal);
      if (mk.dropped) warnings.push(`coindcx: ${mk.dropped} malformed market row(s) dropped`);
      const snap = await this.orderBooks(wanted.map((symbol) => ({ symbol, market: 'spot' as const })), req.depth, req.signal);
      return { ...snap, warnings: [...warnings, ...snap.warnings], withDepth: snap.quotes.map((q) => q.symbol) };
    }
    const [mk, raw] = await Promise.all([this.markets(req.signal), this.getJson('/exchange/ticker', this.api, req.signal)]);
    if (mk.dropped) warnings.push(`coindcx: ${mk.dropped} malformed market row(s) dropped`);
    if (!Array.isArray(raw)) throw new VenueError(this.id, 'ticker payload is not an array');
    const want = wanted ? new Set(wanted) : undefined;
    const now = this.ctx.now();
    const quotes: Quote[] = [];
    for (const row of raw as CoinDcxTicker[]) {
      const m = row && typeof row === 'object' ? mk.byName.get(String(row.market)) : undefined;
      if (!m || (want && !want.has(m.symbol))) continue;
      const q = tickerQuote(m.symbol, row, now);
      if (typeof q === 'string') warnings.push(`coindcx ${m.symbol}: ${q}`);
      else quotes.push(q);
    }
    return { quotes, funding: [], warnings };
  }

  async orderBooks(items: readonly { symbol: string; market: MarketType }[], depth: number, signal: AbortSignal): Promise<VenueSnapshot> {
    const mk = await this.markets(signal);
    const quotes: Quote[] = [];
    const warnings: string[] = [];
    let lastError: unknown;
    await Promise.all(
      items
        .filter((i) => i.market === 'spot')
        .map(async ({ symbol }) => {
          const m = mk.bySymbol.get(symbol);
          if (!m) return;
          try {
            const raw = (await this.getJson(`/market_data/orderbook?pair=${encodeURIComponent(m.pair)}`, this.pub, signal)) as CoinDcxOrderBook;
            const now = this.ctx.now();
            const bids = side(raw?.bids, 'desc', depth);
            const asks = side(raw?.asks, 'asc', depth);
            if (bids.dropped + asks.dropped > 0) warnings.push(`coindcx ${symbol}: ${bids.dropped + asks.dropped} malformed order-book level(s) dropped`);
            quotes.push({ type: 'quote', venue: this.id, symbol, market: 'spot', bids: bids.levels, asks: asks.levels, venueTs: toMs(raw?.timestamp) ?? now, localTs: now });
          } catch (err) {
            if (signal.aborted) throw err;
            lastError = err;
            warnings.push(`coindcx ${symbol}: order book unavailable (${(err as Error).message})`);
          }
        }),
    );
    if (quotes.length === 0 && lastError) throw lastError;
    return { quotes, funding: [], warnings };
  }

  async close(): Promise<void> {}

  /** markets_details once per run: active rows only, mapped to unified BASE/QUOTE symbols. */
  private markets(signal: AbortSignal) {
    if (!this.marketsP) {
      this.marketsP = this.getJson('/exchange/v1/markets_details', this.api, signal).then((raw) => {
        if (!Array.isArray(raw)) throw new VenueError(this.id, 'markets_details payload is not an array');
        const bySymbol = new Map<string, Market>();
        const byName = new Map<string, Market>();
        let dropped = 0;
        for (const row of raw as CoinDcxMarketDetails[]) {
          const m = parseMarket(row);
          if (m === 'inactive') continue;
          if (!m) {
            dropped++;
            continue;
          }
          // Several ecodes can list the same symbol; the first active one wins.
          if (!bySymbol.has(m.symbol)) bySymbol.set(m.symbol, m);
          byName.set(m.name, bySymbol.get(m.symbol)!);
        }
        return { bySymbol, byName, dropped };
      });
      this.marketsP.catch(() => (this.marketsP = undefined));
    }
    return this.marketsP;
  }

  private async getJson(path: string, host: string, signal: AbortSignal): Promise<unknown> {
    const res = await fetch(host + path, { signal: AbortSignal.any([signal, AbortSignal.timeout(this.ctx.timeoutMs)]), headers: { accept: 'application/json' } });
    const text = await res.text();
    if (!res.ok) throw new VenueError(this.id, `HTTP ${res.status} from ${path.split('?')[0]}: ${text.slice(0, 120)}`);
    try {
      return JSON.parse(text);
    } catch {
      throw new VenueError(this.id, `malformed JSON from ${path.split('?')[0]}: ${JSON.stringify(text.slice(0, 60))}`);
    }
  }
}

export function parseMarket(row: CoinDcxMarketDetails): Market | 'inactive' | undefined {
  if (!row || typeof row !== 'object') return undefined;
  const base = str(row.target_currency_short_name);
  const quote = str(row.base_currency_short_name);
  const name = str(row.coindcx_name);
  const pair = str(row.pair);
  if (!base || !quote || !name || !pair) return undefined;
  if (row.status !== undefined && row.status !== 'active') return 'inactive';
  return { symbol: `${base.toUpperCase()}/${quote.toUpperCase()}`, name, pair };
}

function tickerQuote(symbol: string, t: CoinDcxTicker, now: number): Quote | string {
  const bid = num(t.bid);
  const ask = num(t.ask);
  if (bid === undefined || ask === undefined) return 'no bid/ask in ticker';
  if (bid <= 0 || ask <= 0) return `non-positive price (bid ${bid}, ask ${ask})`;
  if (bid >= ask) return `crossed book (bid ${bid} ≥ ask ${ask})`;
  // The ticker carries no sizes: a placeholder until the order book of a candidate replaces it.
  return { type: 'quote', venue: 'coindcx', symbol, market: 'spot', bids: [[bid, UNKNOWN_SIZE]], asks: [[ask, UNKNOWN_SIZE]], venueTs: toMs(t.timestamp) ?? now, localTs: now };
}

/** A price → quantity map → levels best first; malformed entries counted, not kept. */
export function side(raw: unknown, order: 'asc' | 'desc', depth: number): { levels: BookLevel[]; dropped: number } {
  const out: BookLevel[] = [];
  let dropped = 0;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [p, q] of Object.entries(raw)) {
      const price = num(p);
      const size = num(q);
      if (price === undefined || size === undefined || price <= 0 || size <= 0) dropped++;
      else out.push([price, size]);
    }
  }
  out.sort(order === 'asc' ? (a, b) => a[0] - b[0] : (a, b) => b[0] - a[0]);
  return { levels: out.slice(0, depth), dropped };
}


function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** CoinDCX stamps tickers in seconds and books in milliseconds. */
function toMs(v: unknown): number | undefined {
  const n = num(v);
  if (n === undefined || n <= 0) return undefined;
  return n < 1e12 ? n * 1000 : n;
}
