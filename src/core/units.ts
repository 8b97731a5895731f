/** Unit conversions shared by the engine and the CLI, in one place so no two disagree. */

export const MS_PER_HOUR = 3_600_000;
export const HOURS_PER_YEAR = 24 * 365;

/** '8h' | '1h' | '30m' | 8 → hours. ccxt gives funding intervals as strings like '8h'. */
export function parseIntervalHours(v: unknown): number | undefined {
  if (typeof v === 'number' && v > 0) return v;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([mhd])$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  return unit === 'm' ? n / 60 : unit === 'd' ? n * 24 : n;
}

/** '500ms' | '2s' | '1m' | '1h' | '250' (ms) → milliseconds, or undefined when unparsable. */
export function parseDurationMs(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const mult: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: MS_PER_HOUR, d: 24 * MS_PER_HOUR };
  return n * mult[(m[2] ?? 'ms').toLowerCase()];
}

/** Splits a ccxt unified symbol: 'BTC/USDT:USDT' → { base: 'BTC', quote: 'USDT', settle: 'USDT' }. */
export function splitSymbol(symbol: string): { base: string; quote: string; settle?: string } {
  const [pair, settle] = symbol.split(':');
  const [base, quote = ''] = pair.split('/');
  return settle ? { base, quote, settle } : { base, quote };
}

/** The spot-equivalent key shared by BTC/USDT and BTC/USDT:USDT, so basis pairs can be found. */
export function assetKey(symbol: string): string {
  const i = symbol.indexOf(':');
  return i < 0 ? symbol : symbol.slice(0, i);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Size given to a top-of-book level when the venue's ticker carries none (CoinDCX, some ccxt
 * venues). The engine refuses zero sizes, and the pair must still be seen to become a candidate;
 * a candidate's real book replaces this placeholder before sizing, so it never makes profit.
 */
export const UNKNOWN_SIZE = 1e-9;
