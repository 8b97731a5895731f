import type { MarketEvent, Opportunity, Quote, VenueStatusEvent } from '../../core/types.js';
import type { LiveEngine } from '../../engine/watch-engine.js';
import { LiveRanker, type LiveEvent, type TickResult } from '../../engine/live-ranker.js';
import type { RankOptions } from '../../engine/rank.js';
import { VenueStats, type VenueRow } from './venue-stats.js';
import { markSharedDepth } from '../../engine/depth-share.js';

/** Where the pipeline's output goes: the TUI, NDJSON on stdout, the recorder. */
export interface WatchSink {
  /** Every market event, on the hot path: keep it to a push into a buffer. */
  onMarketEvent?(e: MarketEvent): void;
  onVenueStatus?(s: VenueStatusEvent): void;
  /** One ranking tick (every tickMs): opportunity events plus the state the TUI draws. */
  onTick?(t: TickResult, snap: WatchSnapshot): void;
  close?(): void | Promise<void>;
}

/** Everything the TUI needs for one frame. */
export interface WatchSnapshot {
  readonly now: number;
  readonly live: TickResult['live'];
  readonly staleCount: number;
  readonly venues: VenueRow[];
  readonly messages: number;
  readonly rejected: number;
}

export interface WatchPipelineOptions {
  readonly engine: LiveEngine;
  readonly streams: readonly AsyncIterable<MarketEvent>[];
  /** Filters and sort for ranking; maxAge and top are applied by the live ranker. */
  readonly rank: Omit<RankOptions, 'maxAgeMs' | 'top'>;
  readonly maxAgeMs: number;
  readonly top?: number;
  /** Ranking throttle: at most one ranking per tickMs of clock time (never per message). */
  readonly tickMs: number;
  /** Wall clock for live feeds, the replay's virtual clock for --replay. */
  readonly clock: () => number;
  readonly sinks: WatchSink[];
}

/**
 * streams → engine → ranker → sinks. Each stream is drained by its own loop, so a failing venue
 * never stops the others. Ranking runs on a timer and, for fast virtual clocks (replay), also
 * when the clock passes the next tick boundary while events are processed.
 */
export class WatchPipeline {
  readonly stats: VenueStats;
  private readonly ranker: LiveRanker;
  /** Latest book per venue, then per symbol (nested maps: no key string built per message). */
  private readonly books = new Map<string, Map<string, Quote>>();
  /** Sinks with an onMarketEvent hook, so the hot path does not probe every sink per event. */
  private marketSinks: WatchSink[] = [];
  private timer?: NodeJS.Timeout;
  private nextTick = -Infinity;
  private messages = 0;
  private rejected = 0;
  private stopped = false;
  private last?: WatchSnapshot;
  private readonly iterators: AsyncIterator<MarketEvent>[] = [];

  constructor(private readonly o: WatchPipelineOptions) {
    this.stats = new VenueStats(o.maxAgeMs);
    this.ranker = new LiveRanker({ maxAgeMs: o.maxAgeMs, top: o.top });
    this.marketSinks = o.sinks.filter((s) => s.onMarketEvent);
  }

  /** Adds a sink before run() (the TUI subscribes this way). */
  addSink(s: WatchSink): void {
    (this.o.sinks as WatchSink[]).push(s);
    this.marketSinks = this.o.sinks.filter((x) => x.onMarketEvent);
  }

  /** Latest book of an instrument (for the detail pane's depth walk). */
  book(venue: string, symbol: string): Quote | undefined {
    return this.books.get(venue)?.get(symbol);
  }

  get snapshot(): WatchSnapshot | undefined {
    return this.last;
  }

  /** Runs until every stream has ended or stop() is called; then closes open opportunities. */
  async run(): Promise<void> {
    this.timer = setInterval(() => this.maybeTick(), this.o.tickMs);
    await Promise.all(this.o.streams.map((s) => this.drain(s)));
    await this.stop();
  }

  /** Stops the streams (closing their sockets), emits a final tick and `close` events, closes sinks. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.iterators.map((it) => it.return?.().catch(() => undefined)));
    const now = this.o.clock();
    this.emit(this.tick(now));
    this.emit({ now, events: this.ranker.closeAll(now, 'end'), live: [], stale: [] });
    for (const s of this.o.sinks) await s.close?.();
  }

  private async drain(stream: AsyncIterable<MarketEvent>): Promise<void> {
    const it = stream[Symbol.asyncIterator]();
    this.iterators.push(it);
    // Queue-backed streams hand over a whole burst at once: one await and one clock read per
    // burst instead of per event (other iterables go one event per await).
    const burst = typeof (it as Partial<Burst>).drainInto === 'function' ? (it as unknown as Burst) : undefined;
    let now = 0;
    const apply = (e: MarketEvent) => this.apply(e, now);
    try {
      for (;;) {
        const r = await it.next();
        if (r.done || this.stopped) return;
        now = this.o.clock();
        this.apply(r.value, now);
        burst?.drainInto(apply);
        if (now >= this.nextTick) this.maybeTick();
      }
    } catch (err) {
      // A stream that throws is one venue failing: report it, keep the others running.
      const venue = (stream as { venue?: string }).venue ?? 'unknown';
      this.handle({ type: 'status', venue, state: 'error', message: (err as Error)?.message ?? String(err), localTs: this.o.clock() });
    }
  }

  /** Hot path: one event into the engine and the sinks' buffers. */
  handle(e: MarketEvent): void {
    const now = this.o.clock();
    this.apply(e, now);
    if (now >= this.nextTick) this.maybeTick();
  }

  private apply(e: MarketEvent, now: number): void {
    if (e.type === 'quote') {
      this.messages++;
      let byVenue = this.books.get(e.venue);
      if (!byVenue) this.books.set(e.venue, (byVenue = new Map()));
      byVenue.set(e.symbol, e);
      const problem = this.o.engine.update(e, now);
      if (problem) this.rejected++;
      this.stats.onMessage(e.venue, now, problem !== undefined);
    } else if (e.type === 'funding') {
      this.messages++;
      this.o.engine.updateFunding(e, now);
      this.stats.onMessage(e.venue, now, false);
    } else {
      this.stats.onStatus(e);
      for (const s of this.o.sinks) s.onVenueStatus?.(e);
    }
    const sinks = this.marketSinks;
    for (let i = 0; i < sinks.length; i++) sinks[i].onMarketEvent!(e);
  }

  private maybeTick(): void {
    if (this.stopped) return;
    const now = this.o.clock();
    if (now < this.nextTick) return;
    this.nextTick = now + this.o.tickMs;
    this.emit(this.tick(now));
  }

  private tick(now: number): TickResult {
    // Rows that take from the same book levels say so: their profits do not add up.
    const ranked: Opportunity[] = markSharedDepth(this.o.engine.ranked(now, this.o.rank));
    return this.ranker.tick(ranked, now, this.stats.down(now));
  }

  private emit(t: TickResult): void {
    const snap: WatchSnapshot = { now: t.now, live: t.live, staleCount: t.stale.length, venues: this.stats.rows(t.now), messages: this.messages, rejected: this.rejected };
    this.last = snap;
    for (const s of this.o.sinks) s.onTick?.(t, snap);
  }
}

/** The synchronous side of EventQueue the pipeline uses when a stream's iterator has it. */
interface Burst {
  drainInto(f: (e: MarketEvent) => void): number;
}

export type { LiveEvent, TickResult };
