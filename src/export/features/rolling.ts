/**
 * Rolling windows for feature computation. Every window only ever sees values pushed so far,
 * in time order: a feature at time t is a function of data at or before t — never after.
 */

/** Values in the last `ms` milliseconds (inclusive of now, exclusive of now − ms), with running sums. */
export class TimeWindow {
  private ts: number[] = [];
  private xs: number[] = [];
  private ws: number[] = [];
  private head = 0;
  sum = 0;
  sumSq = 0;
  wSum = 0;
  wxSum = 0;

  constructor(readonly ms: number) {}

  get count(): number {
    return this.ts.length - this.head;
  }

  push(t: number, x: number, w = 1): void {
    this.ts.push(t);
    this.xs.push(x);
    this.ws.push(w);
    this.sum += x;
    this.sumSq += x * x;
    this.wSum += w;
    this.wxSum += w * x;
    this.evict(t);
  }

  /** Drops values older than t − ms. */
  evict(t: number): void {
    while (this.head < this.ts.length && this.ts[this.head] <= t - this.ms) {
      const x = this.xs[this.head];
      const w = this.ws[this.head];
      this.sum -= x;
      this.sumSq -= x * x;
      this.wSum -= w;
      this.wxSum -= w * x;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.ts.length) this.compact();
    if (this.count === 0) this.sum = this.sumSq = this.wSum = this.wxSum = 0; // no drift carried over
  }

  std(): number {
    return sampleStd(this.count, this.sum, this.sumSq);
  }

  private compact(): void {
    this.ts = this.ts.slice(this.head);
    this.xs = this.xs.slice(this.head);
    this.ws = this.ws.slice(this.head);
    this.head = 0;
  }
}

/** The last `n` values, with running sums. */
export class CountWindow {
  private readonly buf: Float64Array;
  private next = 0;
  count = 0;
  sum = 0;
  sumSq = 0;

  constructor(readonly n: number) {
    this.buf = new Float64Array(n);
  }

  push(x: number): void {
    if (this.count === this.n) {
      const old = this.buf[this.next];
      this.sum -= old;
      this.sumSq -= old * old;
    } else this.count++;
    this.buf[this.next] = x;
    this.next = (this.next + 1) % this.n;
    this.sum += x;
    this.sumSq += x * x;
  }

  get full(): boolean {
    return this.count === this.n;
  }

  mean(): number {
    return this.sum / this.count;
  }

  std(): number {
    return sampleStd(this.count, this.sum, this.sumSq);
  }
}

/** The latest value at or before t − lag (for returns over a horizon). */
export class Lagged {
  private ts: number[] = [];
  private xs: number[] = [];
  private head = 0;

  constructor(readonly lag: number) {}

  push(t: number, x: number): void {
    this.ts.push(t);
    this.xs.push(x);
  }

  /** Value at or before t − lag, or NaN when history does not reach back that far. */
  at(t: number): number {
    const cut = t - this.lag;
    while (this.head + 1 < this.ts.length && this.ts[this.head + 1] <= cut) this.head++;
    if (this.head > 4096 && this.head * 2 > this.ts.length) {
      this.ts = this.ts.slice(this.head);
      this.xs = this.xs.slice(this.head);
      this.head = 0;
    }
    return this.head < this.ts.length && this.ts[this.head] <= cut ? this.xs[this.head] : NaN;
  }
}

/** Sample standard deviation from running sums (n − 1 denominator); NaN below 2 values. */
export function sampleStd(n: number, sum: number, sumSq: number): number {
  if (n < 2) return NaN;
  const v = (sumSq - (sum * sum) / n) / (n - 1);
  return Math.sqrt(Math.max(0, v));
}

/** RSI over the last n price changes (simple averages): 100 − 100 / (1 + gain / loss). */
export class Rsi {
  private readonly gains: CountWindow;
  private readonly losses: CountWindow;
  private last = NaN;

  constructor(readonly n: number) {
    this.gains = new CountWindow(n);
    this.losses = new CountWindow(n);
  }

  push(price: number): number {
    if (!Number.isNaN(this.last)) {
      const d = price - this.last;
      this.gains.push(d > 0 ? d : 0);
      this.losses.push(d < 0 ? -d : 0);
    }
    this.last = price;
    if (!this.gains.full) return NaN;
    const g = this.gains.sum;
    const l = this.losses.sum;
    if (l <= 1e-15) return g <= 1e-15 ? 50 : 100;
    return 100 - 100 / (1 + g / l);
  }
}
