import type { FundingRate, MarketEvent, Opportunity, Quote } from '../../core/types.js';
import type { HistoryStore } from '../../store/types.js';
import { isBusy } from '../../store/errors.js';
import type { TickResult } from '../../engine/live-ranker.js';
import type { WatchSink } from './pipeline.js';

export interface RecorderOptions {
  /** Batch period; a kill -9 loses at most this much. */
  readonly flushMs: number;
  /** Above this many buffered quotes, keep only the newest quote per instrument (and count the rest). */
  readonly maxBuffered: number;
  /** Opportunity episodes seen again within this gap are one episode (see HistoryStore). */
  readonly gapMs: number;
  readonly withDepth: boolean;
  readonly clock: () => number;
  readonly warn: (message: string) => void;
}

/**
 * `watch --record`: the hot path only pushes into arrays; a timer writes one transaction per
 * batch (WAL, synchronous=NORMAL: a crash loses at most the last batch and never corrupts the
 * file). Backpressure: when writes fall behind, quotes are conflated to the newest per
 * instrument instead of growing memory without bound.
 */
export class BatchRecorder implements WatchSink {
  private quotes: Quote[] = [];
  private funding: FundingRate[] = [];
  private live: Opportunity[] = [];
  private liveAt = 0;
  private dirtyOpps = false;
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** Every opportunity id this recorder has written (its episodes to end on a clean stop). */
  private readonly seen = new Set<string>();
  dropped = 0;
  written = 0;

  constructor(private readonly store: HistoryStore, private readonly o: RecorderOptions) {
    // Episodes a killed recorder left open would otherwise stay open forever.
    try {
      const n = store.closeStaleEpisodes?.(o.clock(), 'recorder-stopped') ?? 0;
      if (n > 0) o.warn(`closed ${n} opportunity episode${n === 1 ? '' : 's'} left open by a recorder that stopped (reason recorder-stopped)`);
    } catch (err) {
      o.warn(`could not close stale opportunity episodes: ${(err as Error).message}`);
    }
    this.timer = setInterval(() => this.flush(), o.flushMs);
  }

  onMarketEvent(e: MarketEvent): void {
    if (e.type === 'quote') {
      this.quotes.push(e);
      if (this.quotes.length > this.o.maxBuffered) this.conflate();
    } else if (e.type === 'funding') this.funding.push(e);
  }

  onTick(t: TickResult): void {
    this.live = t.live.map((x) => x.opp);
    for (const o of this.live) this.seen.add(o.id);
    this.liveAt = t.now;
    this.dirtyOpps = true;
  }

  /** Writes what is buffered in one transaction per table. */
  flush(): void {
    if (this.closed) return;
    const quotes = this.quotes;
    const funding = this.funding;
    this.quotes = [];
    this.funding = [];
    let done = 0; // 1: quotes in, 2: funding in (each its own transaction)
    try {
      if (quotes.length) this.store.recordQuotes(quotes, this.o.withDepth);
      done = 1;
      if (funding.length) this.store.recordFunding(funding);
      done = 2;
      if (this.dirtyOpps) this.store.recordOpportunities(this.live, this.liveAt || this.o.clock(), this.o.gapMs);
      this.dirtyOpps = false;
      this.written += quotes.length;
    } catch (err) {
      // Another writer held the store past every retry: keep what was not written for the next
      // flush (the conflation bound still caps memory; unwritten opportunities stay dirty).
      // Anything else (a full disk) loses this batch only, with a warning.
      if (isBusy(err)) {
        if (done < 1) this.quotes = quotes.concat(this.quotes);
        else this.written += quotes.length;
        if (done < 2) this.funding = funding.concat(this.funding);
        this.o.warn(`the store is busy (another writer): batch kept for the next write`);
        return;
      }
      this.o.warn(`recording failed, batch of ${quotes.length} quotes lost: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.flush();
    // A clean stop ends this recorder's episodes (those no other writer extended since).
    try {
      if (this.seen.size) this.store.endEpisodes?.([...this.seen], this.liveAt || this.o.clock(), 'end');
    } catch (err) {
      this.o.warn(`could not end open opportunity episodes: ${(err as Error).message}`);
    }
    this.closed = true;
    this.store.close();
  }

  private conflate(): void {
    const newest = new Map<string, Quote>();
    for (const q of this.quotes) newest.set(q.venue + '\u0000' + q.symbol + '\u0000' + q.market, q);
    const before = this.quotes.length;
    this.quotes = [...newest.values()];
    const lost = before - this.quotes.length;
    if (this.dropped === 0) this.o.warn(`recording is falling behind: keeping only the newest quote per instrument (${lost} dropped so far)`);
    this.dropped += lost;
  }
}
