import type { VenueStatusEvent } from '../../core/types.js';
import { DEFAULT_SURVIVAL, type SurvivalOptions } from '../../venues/transport/backoff.js';

/** What the status panel and NDJSON `venue` events show about one venue. */
export type VenueState = VenueStatusEvent['state'];

export interface VenueRow {
  readonly venue: string;
  /** Reported state; `connected` becomes `stale` when nothing arrived for longer than --max-age. */
  readonly state: VenueState;
  readonly message?: string;
  /** Market-data events per second over the last sampling window (≥ 1 s). */
  readonly perSec: number;
  /** ms since the last market-data event, undefined before the first one. */
  readonly lastMessageAgeMs?: number;
  readonly messages: number;
  /** Quotes the engine's guards refused (NaN, crossed, non-positive …). */
  readonly rejected: number;
  /** Reconnect attempts since the venue was last connected (0 while it is up). */
  readonly retries: number;
  /** ms since the venue went down, while it is down. */
  readonly downForMs?: number;
  /**
   * Latest time of the next reconnect attempt, ms from now, while reconnecting: the feed waits
   * at most one full backoff step (the jitter only shortens it), so this is an upper bound.
   */
  readonly nextAttemptInMs?: number;
}

interface Entry {
  state: VenueState;
  message?: string;
  messages: number;
  rejected: number;
  last?: number;
  sampleAt: number;
  sampleCount: number;
  perSec: number;
  retries: number;
  downSince?: number;
  lastRetryAt?: number;
}

/** States in which a venue's quotes must not back a live opportunity. */
const DOWN: ReadonlySet<VenueState> = new Set(['reconnecting', 'stale', 'error', 'closed', 'not-configured', 'retired']);

/** States of a venue that was asked to stream and is not delivering (the header's "N/M venues down"). */
export const FAILING: ReadonlySet<VenueState> = new Set(['reconnecting', 'stale', 'error', 'closed']);

/** Venues that are not part of the session at all (no key, retired): not counted in N/M. */
export const ABSENT: ReadonlySet<VenueState> = new Set(['not-configured', 'retired']);

/** Per-venue counters fed from the hot path (cheap increments); rows are derived at tick time. */
export class VenueStats {
  private readonly by = new Map<string, Entry>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly backoff: Pick<SurvivalOptions, 'backoffBaseMs' | 'backoffMaxMs'> = DEFAULT_SURVIVAL,
  ) {}

  private entry(venue: string, now: number): Entry {
    let e = this.by.get(venue);
    if (!e) {
      e = { state: 'connected', messages: 0, rejected: 0, sampleAt: now, sampleCount: 0, perSec: 0, retries: 0 };
      this.by.set(venue, e);
    }
    return e;
  }

  /** Declares a venue before any event (not-configured venues stay listed with their reason). */
  declare(venue: string, state: VenueState, message: string | undefined, now: number): void {
    const e = this.entry(venue, now);
    e.state = state;
    e.message = message;
  }

  onStatus(s: VenueStatusEvent): void {
    const e = this.entry(s.venue, s.localTs);
    const wasDown = FAILING.has(e.state);
    // Back up: the outage's remark ("simulated outage", the socket error) no longer applies.
    if (s.message !== undefined || s.state !== 'connected' || wasDown) e.message = s.message;
    if (s.state === 'connected') {
      e.retries = 0;
      e.downSince = undefined;
      e.lastRetryAt = undefined;
    } else if (FAILING.has(s.state)) {
      e.downSince ??= s.localTs;
      // Each reconnecting event is one failed attempt; a repeated remark on the same state is not.
      if (s.state === 'reconnecting' && !(e.state === 'reconnecting' && e.lastRetryAt === s.localTs)) {
        e.retries++;
        e.lastRetryAt = s.localTs;
      }
    }
    e.state = s.state;
  }

  onMessage(venue: string, now: number, rejected: boolean): void {
    const e = this.by.get(venue) ?? this.entry(venue, now);
    e.messages++;
    if (rejected) e.rejected++;
    e.last = now;
  }

  /** Derived state at `now`: a connected venue with nothing newer than maxAge is stale. */
  state(venue: string, now: number): VenueState | undefined {
    const e = this.by.get(venue);
    if (!e) return undefined;
    if (e.state === 'connected' && e.last !== undefined && now - e.last > this.maxAgeMs) return 'stale';
    return e.state;
  }

  down(now: number): Set<string> {
    const out = new Set<string>();
    for (const v of this.by.keys()) if (DOWN.has(this.state(v, now)!)) out.add(v);
    return out;
  }

  /** The longest wait before attempt `attempt` (see backoffDelay: half fixed, half jitter). */
  private maxStep(attempt: number): number {
    return Math.min(this.backoff.backoffMaxMs, this.backoff.backoffBaseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  }

  rows(now: number): VenueRow[] {
    const out: VenueRow[] = [];
    for (const [venue, e] of this.by) {
      if (now - e.sampleAt >= 1000) {
        e.perSec = ((e.messages - e.sampleCount) * 1000) / (now - e.sampleAt);
        e.sampleAt = now;
        e.sampleCount = e.messages;
      }
      out.push({
        venue,
        state: this.state(venue, now)!,
        message: e.message,
        perSec: e.perSec,
        lastMessageAgeMs: e.last === undefined ? undefined : Math.max(0, now - e.last),
        messages: e.messages,
        rejected: e.rejected,
        retries: e.retries,
        downForMs: e.downSince === undefined ? undefined : Math.max(0, now - e.downSince),
        nextAttemptInMs: e.state === 'reconnecting' && e.lastRetryAt !== undefined ? Math.max(0, e.lastRetryAt + this.maxStep(e.retries - 1) - now) : undefined,
      });
    }
    return out.sort((a, b) => (a.venue < b.venue ? -1 : 1));
  }
}
