import type { Opportunity, VenueStatusEvent } from '../../core/types.js';
import type { TickResult } from '../../engine/live-ranker.js';
import { eventLine } from '../watch/ndjson-sink.js';
import type { WatchSink } from '../watch/pipeline.js';
import type { Notice } from './message.js';
import { NotifyQueue, type QueueOptions } from './queue.js';
import type { Target } from './targets.js';

export interface NotifyRules {
  /** Net spread in percent at or above which an opportunity notifies. */
  readonly alertNet?: number;
  /** Net profit (valuation currency when valued) at or above which an opportunity notifies. */
  readonly alertProfit?: number;
  /** Quiet period per opportunity and per target (and per venue state change). */
  readonly cooldownMs: number;
  /** Venue down/up notices (on unless turned off). */
  readonly venues?: boolean;
}

const FAILING = new Set(['reconnecting', 'stale', 'error', 'closed']);

/**
 * `--notify`: a pipeline sink that turns opens/updates crossing a threshold and venue down/up
 * changes into notices, one queue per target. Cooldowns are per target, so a target that was
 * down when a notice fired does not silence the others. Pure bookkeeping on the hot path.
 */
export class NotifySink implements WatchSink {
  readonly queues: NotifyQueue[];
  private readonly last = new Map<string, number>();
  private readonly down = new Set<string>();

  constructor(targets: readonly Target[], private readonly rules: NotifyRules, queue: QueueOptions, private readonly clock: () => number = Date.now) {
    this.queues = targets.map((t) => new NotifyQueue(t, queue));
  }

  hot(o: Opportunity): boolean {
    const profit = typeof o.netProfitValue === 'number' ? o.netProfitValue : o.netProfit;
    return (this.rules.alertNet !== undefined && o.netSpreadPct >= this.rules.alertNet) || (this.rules.alertProfit !== undefined && profit >= this.rules.alertProfit);
  }

  onTick(t: TickResult): void {
    for (const e of t.events) {
      if (e.event === 'close' || !this.hot(e.tracked.opp)) continue;
      const line = eventLine(e, t.now);
      this.emit(`opp:${e.tracked.opp.id}`, { type: 'opportunity', opportunity: line, tsMs: t.now }, t.now);
    }
  }

  onVenueStatus(s: VenueStatusEvent): void {
    if (this.rules.venues === false) return;
    const now = s.localTs ?? this.clock();
    if (FAILING.has(s.state) && !this.down.has(s.venue)) {
      this.down.add(s.venue);
      this.emit(`venue:${s.venue}:down`, { type: 'venue', venue: s.venue, state: 'down', detail: s.message ? `${s.state}: ${s.message}` : s.state, tsMs: now }, now);
    } else if (s.state === 'connected' && this.down.delete(s.venue)) {
      this.emit(`venue:${s.venue}:up`, { type: 'venue', venue: s.venue, state: 'up', tsMs: now }, now);
    }
  }

  private emit(key: string, n: Notice, now: number): void {
    for (let i = 0; i < this.queues.length; i++) {
      const k = `${i}|${key}`;
      const prev = this.last.get(k);
      if (prev !== undefined && now - prev < this.rules.cooldownMs) continue;
      this.last.set(k, now);
      this.queues[i].push(n);
    }
  }

  /** Gives pending notices a moment to go out when the session ends. */
  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close(3000)));
  }
}
