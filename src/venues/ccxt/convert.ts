import type { BookLevel, CurrencyNetwork, CurrencyNetworks, FundingRate, MarketLimits, MarketType, Quote } from '../../core/types.js';
import { num } from '../../core/json.js';
import { parseIntervalHours, UNKNOWN_SIZE } from '../../core/units.js';

/** ccxt's unified shapes, as far as arblens reads them, and their conversion to normalized events (REST and stream alike). */
export interface CcxtMarket {
  symbol: string; type: string; spot: boolean; swap: boolean; linear?: boolean; active?: boolean; taker?: number; maker?: number; quote: string; settle?: string; contractSize?: number;
  precision?: { amount?: number; price?: number };
  limits?: { amount?: { min?: number }; cost?: { min?: number } };
}
export interface CcxtTicker { symbol: string; bid?: number; ask?: number; bidVolume?: number; askVolume?: number; timestamp?: number }
export interface CcxtFunding { symbol: string; fundingRate?: number; interval?: string; fundingTimestamp?: number; nextFundingTimestamp?: number; timestamp?: number }

/** The smallest accepted book size ≥ depth (the largest when none is big enough). */
export function bookLimit(depth: number, allowed?: readonly number[]): number {
  if (!allowed || allowed.length === 0) return depth;
  const sorted = [...allowed].sort((a, b) => a - b);
  return sorted.find((n) => n >= depth) ?? sorted[sorted.length - 1];
}




/**
 * Raw [price, size, …] rows → valid levels, best first. ccxt already sorts, but a book from a
 * venue quirk or a test stand-in may not be; malformed rows (NaN, ≤ 0) are dropped and counted.
 */
export function levels(raw: unknown, depth: number, order: 'asc' | 'desc', unit = 1): { levels: BookLevel[]; dropped: number } {
  const rows = Array.isArray(raw) ? raw : [];
  const out: BookLevel[] = [];
  let dropped = 0;
  for (const r of rows) {
    const price = Array.isArray(r) ? num(r[0]) : undefined;
    const size = Array.isArray(r) ? num(r[1]) : undefined;
    if (price === undefined || size === undefined || price <= 0 || size <= 0) dropped++;
    else out.push([price, size * unit]);
  }
  out.sort(order === 'asc' ? (a, b) => a[0] - b[0] : (a, b) => b[0] - a[0]);
  return { levels: out.slice(0, depth), dropped };
}

export { UNKNOWN_SIZE } from '../../core/units.js';

/** A ticker → top-of-book quote, or the reason it was dropped. */
export function tickerQuote(venue: string, market: MarketType, t: CcxtTicker, now: number, unit = 1): Quote | string {
  const bid = Number(t.bid);
  const ask = Number(t.ask);
  if (!Number.isFinite(bid) || !Number.isFinite(ask)) return 'no bid/ask in ticker';
  if (bid <= 0 || ask <= 0) return `non-positive price (bid ${bid}, ask ${ask})`;
  if (bid >= ask) return `crossed book (bid ${bid} ≥ ask ${ask})`;
  return tickerToQuote(venue, market, t, now, unit, UNKNOWN_SIZE)!;
}

/**
 * The conversion alone, shared with the live stream: sizes scaled by `unit` (contract size);
 * a missing size becomes `missingSize` — the REST placeholder above, or 0 for a stream, where no
 * book replaces it and the engine's guards must refuse it. Undefined when a price is missing.
 */
export function tickerToQuote(venue: string, market: MarketType, t: CcxtTicker, now: number, unit: number, missingSize: number): Quote | undefined {
  const bid = Number(t?.bid);
  const ask = Number(t?.ask);
  if (!t?.symbol || !Number.isFinite(bid) || !Number.isFinite(ask)) return undefined;
  const bidSize = Number(t.bidVolume);
  const askSize = Number(t.askVolume);
  return {
    type: 'quote',
    venue,
    symbol: t.symbol,
    market,
    bids: [[bid, Number.isFinite(bidSize) && bidSize > 0 ? bidSize * unit : missingSize]],
    asks: [[ask, Number.isFinite(askSize) && askSize > 0 ? askSize * unit : missingSize]],
    venueTs: num(t.timestamp) ?? now,
    localTs: now,
  };
}

/** A ccxt funding record → a normalised rate (interval in hours), or why it was dropped. */
export function fundingFrom(venue: string, f: CcxtFunding, fallbackInterval: string | undefined, now: number, defaultHours: number): FundingRate | string {
  const rate = num(f.fundingRate);
  if (rate === undefined) return 'no funding rate';
  // Anything outside ±5 % per interval is a unit mix-up (percent vs fraction), not a market.
  if (Math.abs(rate) > 0.05) return `implausible rate ${rate}`;
  const hours = parseIntervalHours(f.interval) ?? parseIntervalHours(fallbackInterval) ?? defaultHours;
  return {
    type: 'funding',
    venue,
    symbol: f.symbol,
    rate,
    intervalHours: hours,
    nextFundingTs: num(f.fundingTimestamp) ?? num(f.nextFundingTimestamp),
    venueTs: num(f.timestamp) ?? now,
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

/** ccxt's unified currency, as far as transfers need it. */
export interface CcxtCurrency {
  code?: string;
  networks?: Record<string, { network?: string; id?: string; deposit?: boolean; withdraw?: boolean; fee?: number; limits?: { withdraw?: { min?: number } } }>;
}

/**
 * Unified currencies → networks per asset code. Only per-network flags are read (the top-level
 * ones say "any network"); a flag ccxt leaves undefined stays unknown, never true.
 */
export function currencyNetworks(raw: Record<string, CcxtCurrency>): CurrencyNetworks {
  const out = new Map<string, CurrencyNetwork[]>();
  for (const [key, c] of Object.entries(raw)) {
    if (!c || typeof c !== 'object') continue;
    const nets: CurrencyNetwork[] = [];
    for (const [code, n] of Object.entries(c.networks ?? {})) {
      if (!n || typeof n !== 'object') continue;
      nets.push({
        network: code.toUpperCase(),
        deposit: typeof n.deposit === 'boolean' ? n.deposit : undefined,
        withdraw: typeof n.withdraw === 'boolean' ? n.withdraw : undefined,
        fee: num(n.fee),
        min: num(n.limits?.withdraw?.min),
      });
    }
    out.set((c.code ?? key).toUpperCase(), nets);
  }
  return out;
}

/**
 * A ccxt market's order limits in base units: `precision.amount` is a step (TICK_SIZE mode, the
 * mode of every venue arblens uses) or a number of decimals (DECIMAL_PLACES); amounts of
 * contract markets are in contracts, so they are scaled by the contract size.
 */
export function marketLimits(m: CcxtMarket | undefined, precisionMode: number | undefined): MarketLimits | undefined {
  if (!m) return undefined;
  const unit = m.swap ? num(m.contractSize) ?? 1 : 1;
  const p = num(m.precision?.amount);
  const step = p === undefined ? undefined : precisionMode === DECIMAL_PLACES ? 10 ** -p : p;
  const minAmount = num(m.limits?.amount?.min);
  const minNotional = num(m.limits?.cost?.min);
  const out: MarketLimits = {
    step: step !== undefined && step > 0 ? step * unit : undefined,
    minAmount: minAmount !== undefined && minAmount > 0 ? minAmount * unit : undefined,
    minNotional: minNotional !== undefined && minNotional > 0 ? minNotional : undefined,
  };
  return out.step === undefined && out.minAmount === undefined && out.minNotional === undefined ? undefined : out;
}

/** ccxt's precision modes (ccxt/js/src/base/functions/number.js). */
const DECIMAL_PLACES = 2;
