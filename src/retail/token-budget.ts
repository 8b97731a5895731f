import type { KeepaEnvelope } from './keepa-types.js';

/**
 * Keepa's token bucket as the last answer described it: `tokensLeft` now, `refillRate` tokens
 * added every minute, the next refill `refillIn` ms after the answer. Used to wait just long
 * enough before a request instead of being refused with 429.
 */
export class TokenBudget {
  tokensLeft: number | undefined;
  refillRate: number | undefined;
  private nextRefillAt = 0;

  update(e: KeepaEnvelope, now: number): void {
    if (typeof e.tokensLeft === 'number') this.tokensLeft = e.tokensLeft;
    if (typeof e.refillRate === 'number' && e.refillRate > 0) this.refillRate = e.refillRate;
    if (typeof e.refillIn === 'number' && e.refillIn >= 0) this.nextRefillAt = now + e.refillIn;
  }

  get known(): boolean {
    return this.tokensLeft !== undefined && this.refillRate !== undefined;
  }

  /** Milliseconds until `need` tokens are there (0 when they are, or when the budget is unknown). */
  waitMs(need: number, now: number): number {
    if (!this.known || this.tokensLeft! >= need) return 0;
    const refills = Math.ceil((need - this.tokensLeft!) / this.refillRate!);
    return Math.max(0, this.nextRefillAt - now) + (refills - 1) * 60_000;
  }

  /** After sleeping `ms` from `then`: the refills that happened meanwhile, until the next answer corrects it. */
  advance(then: number, now: number): void {
    if (!this.known) return;
    let at = this.nextRefillAt;
    while (at <= now) {
      this.tokensLeft! += this.refillRate!;
      at += 60_000;
    }
    this.nextRefillAt = Math.max(at, then);
  }
}
