import type { Opportunity } from '../core/types.js';

/** An opportunity followed across ranking ticks. */
export interface TrackedOpportunity {
  readonly opp: Opportunity;
  /** Tick time at which it first appeared in the live set. */
  readonly firstSeenMs: number;
  /** now − firstSeenMs at the latest tick. */
  readonly lifetimeMs: number;
  /** Ticks on which its figures changed after it opened. */
  readonly updates: number;
}

/**
 * Why an opportunity left the live set: `gone` (books no longer cross after fees, or it fell
 * under a filter / out of --top), `stale` (a leg's quote is older than --max-age), `venue-down`
 * (a leg's venue is disconnected or silent), `end` (the session stopped).
 */
export type CloseReason = 'gone' | 'stale' | 'venue-down' | 'end';

export type LiveEvent =
  | { readonly event: 'open'; readonly tracked: TrackedOpportunity }
  | { readonly event: 'update'; readonly tracked: TrackedOpportunity }
  | { readonly event: 'close'; readonly tracked: TrackedOpportunity; readonly reason: CloseReason; readonly closedMs: number };

export interface LiveRankerOptions {
  /** Quotes older than this make an opportunity stale: never live. */
  readonly maxAgeMs: number;
  /** Keep only the best n live opportunities (0 or undefined = all). */
  readonly top?: number;
}

export interface TickResult {
  readonly now: number;
  readonly events: LiveEvent[];
  /** Live opportunities in rank order. */
  readonly live: TrackedOpportunity[];
  /** Opportunities left out because a leg is stale or its venue is down (shown as a count). */
  readonly stale: Opportunity[];
}

/**
 * Turns successive ranked sets into open / update / close events with lifetimes. Pure: the
 * caller passes the engine's ranked output (WITHOUT the max-age cut, so stale ones can be told
 * apart from vanished ones), the time, and the venues currently down.
 */
export class LiveRanker {
  private open = new Map<string, TrackedOpportunity>();

  constructor(private readonly o: LiveRankerOptions) {}

  get size(): number {
    return this.open.size;
  }

  tick(ranked: readonly Opportunity[], now: number, downVenues: ReadonlySet<string> = new Set()): TickResult {
    const live: TrackedOpportunity[] = [];
    const stale: Opportunity[] = [];
    const staleWhy = new Map<string, CloseReason>();
    const events: LiveEvent[] = [];
    const next = new Map<string, TrackedOpportunity>();
    const top = this.o.top || Infinity;
    for (const opp of ranked) {
      const old = opp.ageMs > this.o.maxAgeMs;
      if (old || opp.legs.some((l) => downVenues.has(l.venue))) {
        stale.push(opp);
        staleWhy.set(opp.id, old ? 'stale' : 'venue-down');
        continue;
      }
      if (live.length >= top) continue;
      const prev = this.open.get(opp.id);
      let t: TrackedOpportunity;
      if (!prev) {
        t = { opp, firstSeenMs: now, lifetimeMs: 0, updates: 0 };
        events.push({ event: 'open', tracked: t });
      } else {
        const changed = moved(prev.opp, opp);
        t = { opp, firstSeenMs: prev.firstSeenMs, lifetimeMs: now - prev.firstSeenMs, updates: prev.updates + (changed ? 1 : 0) };
        if (changed) events.push({ event: 'update', tracked: t });
      }
      next.set(opp.id, t);
      live.push(t);
    }
    for (const [id, prev] of this.open) {
      if (next.has(id)) continue;
      events.push({ event: 'close', tracked: { ...prev, lifetimeMs: now - prev.firstSeenMs }, reason: staleWhy.get(id) ?? 'gone', closedMs: now });
    }
    this.open = next;
    return { now, events, live, stale };
  }

  /** Closes everything still open (end of session or replay). */
  closeAll(now: number, reason: CloseReason = 'end'): LiveEvent[] {
    const events: LiveEvent[] = [];
    for (const t of this.open.values()) events.push({ event: 'close', tracked: { ...t, lifetimeMs: now - t.firstSeenMs }, reason, closedMs: now });
    this.open.clear();
    return events;
  }
}

/** Whether the tradable figures changed (age and timestamps alone do not make an update). */
function moved(a: Opportunity, b: Opportunity): boolean {
  return (
    a.netProfit !== b.netProfit ||
    a.netSpreadPct !== b.netSpreadPct ||
    a.size !== b.size ||
    a.buy?.vwap !== b.buy?.vwap ||
    a.sell?.vwap !== b.sell?.vwap ||
    a.legs.length !== b.legs.length
  );
}
