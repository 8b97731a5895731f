/**
 * Pages a venue's candles into the store. Every page is written in its own transaction as soon as
 * it arrives, so an interrupted download keeps what it fetched and the next run resumes after the
 * last stored candle. The venue side (ccxt, deadlines) is venues/ccxt/candles.ts.
 */
import { UsageError, VenueError } from '../core/errors.js';
import type { Candle, HistoryStore } from '../store/types.js';
import { ccxtCandles } from '../venues/ccxt/candles.js';
import type { VenueConfig } from '../venues/types.js';

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

export async function downloadCandles(r: DownloadRequest): Promise<{ stored: number; requests: number; resumedFrom?: number }> {
  const last = r.store.lastCandleTsAsync ? await r.store.lastCandleTsAsync(r.venue, r.symbol, r.timeframe) : r.store.lastCandleTs(r.venue, r.symbol, r.timeframe);
  const start = last !== undefined ? last + r.tfMs : r.fromMs;
  if (start === undefined) throw new UsageError(`--from is needed: the store has no ${r.timeframe} candles for ${r.venue} ${r.symbol} yet — e.g. --from 2024-01-01`);
  // Every page has a real deadline (connect, first byte, whole body) that aborts the request: a
  // venue trickling its answer fails the page ("run again to resume") instead of hanging.
  const pages = await ccxtCandles(r.venue, r.config, r.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  let since = start;
  let stored = 0;
  let requests = 0;
  try {
    while (since <= r.toMs) {
      const rows = await pages.page(r.symbol, r.timeframe, since, r.limit);
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
    await pages.close();
  }
  return { stored, requests, resumedFrom: last };
}
