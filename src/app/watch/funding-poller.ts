import type { FundingRate, MarketEvent } from '../../core/types.js';
import { EventQueue } from '../../venues/transport/event-queue.js';
import type { VenueAdapter } from '../../venues/types.js';

export interface FundingPollerOptions {
  /** Perpetual symbols to ask for (BTC/USDT:USDT …). */
  readonly symbols: readonly string[];
  /** Time between polls. Funding moves slowly and settles every 1–8 h: a minute is plenty. */
  readonly intervalMs: number;
  /** Deadline of one poll. */
  readonly timeoutMs: number;
}

/**
 * Funding rates for `watch`. No exchange streams funding on the channels arblens follows, so the
 * REST adapter is polled: one request per venue per interval, yielded as FundingRate events into
 * the same pipeline as the book streams. A failed poll is skipped silently (the book stream owns
 * the venue's status) and retried at the next interval. Closing the iterator clears the timer and
 * closes the adapter.
 */
export function fundingPoller(open: () => Promise<VenueAdapter>, o: FundingPollerOptions): AsyncIterableIterator<MarketEvent> & { readonly venue?: string } {
  let timer: NodeJS.Timeout | undefined;
  let adapter: VenueAdapter | undefined;
  let inFlight: AbortController | undefined;
  const queue = new EventQueue<MarketEvent>(async () => {
    if (timer) clearTimeout(timer);
    inFlight?.abort();
    await adapter?.close().catch(() => undefined);
  });

  const poll = async () => {
    inFlight = new AbortController();
    const signal = AbortSignal.any([inFlight.signal, AbortSignal.timeout(o.timeoutMs)]);
    try {
      adapter ??= await open();
      const snap = await adapter.snapshot({ symbols: o.symbols, markets: new Set(['perp']), funding: true, signal });
      for (const f of snap.funding as FundingRate[]) queue.push(f);
    } catch {
      // Next interval tries again; prices keep flowing from the book stream meanwhile.
    } finally {
      inFlight = undefined;
      if (!queue.isClosed) timer = setTimeout(poll, o.intervalMs);
    }
  };
  void poll();
  return queue;
}
