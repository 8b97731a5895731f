import type { Notice } from './message.js';
import { DeliveryError, type Target } from './targets.js';
import { scrub } from './redact.js';

export interface QueueOptions {
  /** Notices waiting per target; when full the oldest is dropped (and counted). */
  readonly maxQueued: number;
  /** Tries per notice, the first included. */
  readonly attempts: number;
  /** Backoff before retry k (1-based): base × 2^(k−1), capped; a 429's Retry-After wins when longer. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Deadline of one delivery. */
  readonly timeoutMs: number;
  readonly warn: (message: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_QUEUE: Omit<QueueOptions, 'warn'> = { maxQueued: 100, attempts: 4, backoffBaseMs: 1000, backoffMaxMs: 30_000, timeoutMs: 10_000 };

/**
 * One target's deliveries, one at a time, off the pipeline's path: push() only appends to an
 * array, so a dead or slow target never delays anything but its own queue.
 */
export class NotifyQueue {
  private readonly q: Notice[] = [];
  private running?: Promise<void>;
  private stopped = false;
  delivered = 0;
  dropped = 0;
  failed = 0;

  constructor(readonly target: Target, private readonly o: QueueOptions) {}

  push(n: Notice): void {
    if (this.stopped) return;
    this.q.push(n);
    if (this.q.length > this.o.maxQueued) {
      this.q.shift();
      if (this.dropped++ === 0) this.o.warn(`notify ${this.target.label}: queue full (${this.o.maxQueued}) — dropping the oldest notices`);
    }
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  get pending(): number {
    return this.q.length;
  }

  /** Waits up to graceMs for the queue to empty, then gives up on the rest. */
  async close(graceMs: number): Promise<void> {
    const idle = this.running ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([idle, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    this.stopped = true;
    this.q.length = 0;
  }

  private async drain(): Promise<void> {
    for (let n = this.q.shift(); n && !this.stopped; n = this.q.shift()) await this.deliver(n);
  }

  private async deliver(n: Notice): Promise<void> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.target.send(n, AbortSignal.timeout(this.o.timeoutMs));
        this.delivered++;
        return;
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error)?.message ?? String(err), true);
        if (!e.retryable || attempt >= this.o.attempts || this.stopped) {
          this.failed++;
          this.o.warn(`notify ${this.target.label}: ${scrub(e.message, this.target.secrets)} — gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
          return;
        }
        const backoff = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (attempt - 1));
        await sleep(Math.max(backoff, Math.min(e.retryAfterMs ?? 0, this.o.backoffMaxMs)));
      }
    }
  }
}
