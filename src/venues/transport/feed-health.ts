import type { SurvivalOptions } from './backoff.js';

/**
 * The health of one live feed, shared by the ccxt.pro streams and our own WebSocket feeds:
 * when the last message came (a silent connection past `noMessageMs` is stale and must be
 * reconnected) and how many unparsable frames were dropped (remarked at most every 5 s).
 */
export class FeedHealth {
  lastMessage = 0;
  garbage = 0;
  private lastGarbageNote = 0;

  constructor(private readonly now: () => number) {}

  /** A message arrived (any frame, parsable or not, proves the connection is alive). */
  onMessage(): number {
    return (this.lastMessage = this.now());
  }

  /** How often the silence check runs: a quarter of the allowed silence, between 50 ms and 1 s. */
  static checkEveryMs(s: SurvivalOptions): number {
    return Math.max(50, Math.min(1000, s.noMessageMs / 4));
  }

  /** The stale remark when the feed has been silent too long, else undefined. */
  staleness(s: SurvivalOptions): string | undefined {
    const silent = this.now() - this.lastMessage;
    return silent > s.noMessageMs ? `no message for ${(silent / 1000).toFixed(1)} s — reconnecting` : undefined;
  }

  /** Counts a dropped frame; returns the remark to show when one is due (first, then every 5 s). */
  onGarbage(): string | undefined {
    this.garbage++;
    const t = this.now();
    if (this.garbage !== 1 && t - this.lastGarbageNote <= 5000) return undefined;
    this.lastGarbageNote = t;
    return `dropped ${this.garbage} unparsable frame${this.garbage === 1 ? '' : 's'}`;
  }
}
