// ccxt fetchOHLCV: https://docs.ccxt.com/#/README?id=ohlcv-candlestick-charts — rows are
// [timestamp, open, high, low, close, volume], `since` inclusive, at most `limit` rows a call.
/**
 * Pages a venue's candles into the store. Every page is written in its own transaction as soon as
 * it arrives, so an interrupted download keeps what it fetched and the next run resumes after the
 * last stored candle.
 */
import { UsageError, VenueError } from '../core/errors.js';
import type { HistoryStore } from '../store/types.js';
import { rebaseUrls } from '../venues/transport/rebase-urls.js';
import { ccxtFetch } from '../venues/transport/bounded-fetch.js';
import type { VenueConfig } from '../venues/types.js';
import type { Candle } from '../store/types.js';

export interface DownloadRequest {
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly tfMs: number;
  readonly fromMs?: number;
  readonly toMs: number;
  readonly limit: number;
  readonly config: VenueConfig;
  readonly store: HistoryStore;
  readonly onProgress?: (p: { fraction: number; stored: number; at: number }) => void;
  /** Deadline per request (default 20 s). */
  readonly timeoutMs?: number;
  /** Wall clock (tests): a candle whose period has not ended by now is still forming. */
  readonly now?: () => number;
}

const DOWNLOAD_TIMEOUT_MS = 20_000;

interface OhlcvExchange {
  urls: { api?: unknown };
  has: Record<string, unknown>;
  fetchImplementation?: unknown;
  loadMarkets(): Promise<Record<string, unknown>>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<number[][]>;
  close?(): Promise<unknown>;
}

export async function downloadCandles(r: DownloadRequest): Promise<{ stored: number; requests: number; resumedFrom?: number }> {
  const last = r.store.lastCandleTs(r.venue, r.symbol, r.timeframe);
  const start = last !== undefined ? last + r.tfMs : r.fromMs;
  if (start === undefined) throw new UsageError(`--from is needed: the store has no ${r.timeframe} candles for ${r.venue} ${r.symbol} yet — e.g. --from 2024-01-01`);
  const mod = (await import('ccxt')) as unknown as { default?: Record<string, unknown> } & Record<string, unknown>;
  const ccxt = (mod.default ?? mod) as Record<string, new (cfg: Record<string, unknown>) => OhlcvExchange>;
  const Cls = ccxt[r.venue];
  if (!Cls) throw new UsageError(`--venue '${r.venue}': this ccxt release has no such exchange`);
  const ex = new Cls({ enableRateLimit: true, timeout: r.timeoutMs ?? DOWNLOAD_TIMEOUT_MS, options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } } });
  if (r.config.url) ex.urls.api = rebaseUrls(ex.urls.api, r.config.url);
  // Every page has a real deadline (connect, first byte, whole body) that aborts the request: a
  // venue trickling its answer fails the page ("run again to resume") instead of hanging.
  ex.fetchImplementation = ccxtFetch({ venue: r.venue, timeoutMs: r.timeoutMs ?? DOWNLOAD_TIMEOUT_MS });
  if (!ex.has['fetchOHLCV']) throw new UsageError(`--venue '${r.venue}' does not offer candles through ccxt`);
  let since = start;
  let stored = 0;
  let requests = 0;
  try {
    await ex.loadMarkets();
    while (since <= r.toMs) {
      let rows: number[][];
      try {
        rows = await ex.fetchOHLCV(r.symbol, r.timeframe, since, r.limit);
      } catch (err) {
        throw new VenueError(r.venue, `fetchOHLCV ${r.symbol} ${r.timeframe} since ${new Date(since).toISOString()} failed: ${(err as Error).message} — run the same command again to resume`, err);
      }
      requests++;
      const page: Candle[] = [];
      // Only closed candles are stored: the venue's last row is usually the still-forming one,
      // whose close is still moving, and a resumed download starts after the last stored candle,
      // so a forming candle once stored would never be corrected.
      const formingFrom = (r.now ?? Date.now)() - r.tfMs;
      let forming = false;
      for (const row of rows) {
        const [ts, open, high, low, close, volume] = row.map(Number);
        if (ts > formingFrom) {
          forming = true;
          continue;
        }
        if (ts < since || ts > r.toMs) continue;
        if (![ts, open, high, low, close].every(Number.isFinite) || open <= 0 || high <= 0 || low <= 0 || close <= 0) {
          throw new VenueError(r.venue, `garbage candle ${JSON.stringify(row)} — nothing after ${new Date(since).toISOString()} was stored; run again to resume`);
        }
        page.push({ ts, open, high, low, close, volume: Number.isFinite(volume) ? volume : 0 });
      }
      if (page.length === 0) break;
      stored += r.store.upsertCandles(r.venue, r.symbol, 'spot', r.timeframe, page);
      const lastTs = page[page.length - 1].ts;
      r.onProgress?.({ fraction: (lastTs - start) / Math.max(1, r.toMs - start), stored, at: lastTs });
      // A short page, or one reaching the forming candle, means the venue has nothing newer yet.
      if (rows.length < r.limit || forming) break;
      since = lastTs + r.tfMs;
    }
  } finally {
    await ex.close?.().catch(() => undefined);
  }
  return { stored, requests, resumedFrom: last };
}
