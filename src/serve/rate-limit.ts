/**
 * Token bucket per client address: `perSec` requests per second on average, bursts up to
 * `burst`. Time is passed in (pure, testable); idle buckets are swept so memory stays bounded.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSec: number, private readonly burst: number = perSec * 2) {}

  /** 0 when the request may go ahead, else the ms to wait before retrying. */
  take(key: string, now: number): number {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 10_000) this.sweep(now);
      this.buckets.set(key, (b = { tokens: this.burst, at: now }));
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.perSec) / 1000);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 1000) / this.perSec);
  }

  /** Drops buckets that have refilled completely (their clients are idle). */
  private sweep(now: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + ((now - b.at) * this.perSec) / 1000 >= this.burst) this.buckets.delete(k);
  }
}
