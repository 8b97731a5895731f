/**
 * A push-to-pull bridge: producers (socket handlers, timers) `push` events, one consumer pulls
 * them with `for await`. Closing the iterator (`return()`, or `break` in a for-await) runs the
 * `onClose` hook exactly once, which is where a stream closes its sockets and clears its timers.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiter?: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };
  private ended = false;
  private failure?: unknown;
  private closed = false;

  constructor(private readonly onClose: () => void | Promise<void> = () => undefined) {}

  /** Number of events waiting for the consumer. */
  get size(): number {
    return this.items.length - this.head;
  }

  get isClosed(): boolean {
    return this.closed || this.ended;
  }

  push(item: T): void {
    if (this.ended || this.closed) return;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w.resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  /** No more events: the consumer drains what is queued, then its loop ends. */
  end(err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = err;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      if (err !== undefined) w.reject(err);
      else w.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head++];
      // Compact now and then so a long-lived queue does not keep a growing array.
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended || this.closed) {
      if (this.failure !== undefined && !this.closed) {
        const f = this.failure;
        this.failure = undefined;
        return Promise.reject(f);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /**
   * Hands every event queued right now to `f`, synchronously, and returns how many. A consumer
   * that has just been woken by `next()` takes the rest of the burst (a socket read delivers
   * hundreds of frames at once) without a promise and a microtask per event.
   */
  drainInto(f: (item: T) => void): number {
    const items = this.items;
    const n = items.length - this.head;
    if (n <= 0) return 0;
    // Taken before calling out: `f` may push more (handled on the next wake-up) or close the queue.
    const from = this.head;
    const to = items.length;
    this.head = to;
    for (let i = from; i < to && !this.closed; i++) f(items[i]);
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    }
    return n;
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.items.length = 0;
      this.head = 0;
      const w = this.waiter;
      this.waiter = undefined;
      w?.resolve({ value: undefined, done: true });
      await this.onClose();
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
