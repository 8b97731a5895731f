// ccxt fetchOHLCV: https://docs.ccxt.com/#/README?id=ohlcv-candlestick-charts — rows are
// [timestamp, open, high, low, close, volume], `since` inclusive, at most `limit` rows a call.
import { UsageError, VenueError } from '../../core/errors.js';
import { ccxtFetch } from '../transport/bounded-fetch.js';
import { rebaseUrls } from '../transport/rebase-urls.js';
import type { VenueConfig } from '../types.js';

/** One venue's spot candles, page by page. */
export interface CandlePages {
  /** Raw rows of one page; the caller validates and stores them. */
  page(symbol: string, timeframe: string, since: number, limit: number): Promise<number[][]>;
  close(): Promise<void>;
}

interface OhlcvExchange {
  urls: { api?: unknown };
  has: Record<string, unknown>;
  fetchImplementation?: unknown;
  loadMarkets(): Promise<Record<string, unknown>>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<number[][]>;
  close?(): Promise<unknown>;
}

/**
 * A ccxt class (by its ccxt id) reading public candles: no keys, base URL overridable, and every
 * request on our bounded fetch (connect, first byte and whole-body deadlines that abort it).
 */
export async function ccxtCandles(venue: string, config: VenueConfig, timeoutMs: number): Promise<CandlePages> {
  const mod = (await import('ccxt')) as unknown as { default?: Record<string, unknown> } & Record<string, unknown>;
  const ccxt = (mod.default ?? mod) as Record<string, new (cfg: Record<string, unknown>) => OhlcvExchange>;
  const Cls = ccxt[venue];
  if (!Cls) throw new UsageError(`--venue '${venue}': this ccxt release has no such exchange`);
  const ex = new Cls({ enableRateLimit: true, timeout: timeoutMs, options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } } });
  if (config.url) ex.urls.api = rebaseUrls(ex.urls.api, config.url);
  ex.fetchImplementation = ccxtFetch({ venue, timeoutMs });
  if (!ex.has['fetchOHLCV']) throw new UsageError(`--venue '${venue}' does not offer candles through ccxt`);
  let loaded: Promise<unknown> | undefined;
  return {
    async page(symbol, timeframe, since, limit) {
      await (loaded ??= ex.loadMarkets());
      try {
        return await ex.fetchOHLCV(symbol, timeframe, since, limit);
      } catch (err) {
        throw new VenueError(venue, `fetchOHLCV ${symbol} ${timeframe} since ${new Date(since).toISOString()} failed: ${(err as Error).message} — run the same command again to resume`, err);
      }
    },
    close: async () => void (await ex.close?.().catch(() => undefined)),
  };
}
