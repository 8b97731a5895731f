/**
 * A parsed recording held for several replays (`--latency 0,50,…` replays it once per value):
 * quotes as columns — names as small integers, times and book levels in typed arrays — and
 * rebuilt as Quote objects one at a time while replaying. A million quotes kept as objects are
 * ~13 million long-lived objects every major garbage collection has to walk; as columns they are
 * a few arrays, and each rebuilt quote dies young (cheap to collect).
 */
import type { BookLevel, FundingRate, MarketType, Quote } from '../core/types.js';

export class Recording {
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private n = 0;
  private venue = new Uint32Array(1024);
  private symbol = new Uint32Array(1024);
  private market = new Uint8Array(1024);
  private times = new Float64Array(2048);
  /** Per quote: start of its levels in `levels` (pairs), then bid count; asks follow the bids. */
  private start = new Uint32Array(1025);
  private bidCount = new Uint32Array(1024);
  private levels = new Float64Array(16_384);
  private used = 0;
  /** Funding rates (rare) with the index of the quote they come before. */
  private readonly funding: { at: number; f: FundingRate }[] = [];

  get length(): number {
    return this.n + this.funding.length;
  }

  add(e: Quote | FundingRate): void {
    if (e.type === 'funding') {
      this.funding.push({ at: this.n, f: e });
      return;
    }
    const i = this.n;
    if (i === this.venue.length) this.grow();
    this.venue[i] = this.id(e.venue);
    this.symbol[i] = this.id(e.symbol);
    this.market[i] = MARKETS.indexOf(e.market);
    this.times[2 * i] = e.venueTs;
    this.times[2 * i + 1] = e.localTs;
    const need = this.used + 2 * (e.bids.length + e.asks.length);
    if (need > this.levels.length) this.levels = copy(this.levels, Math.max(need, this.levels.length * 2));
    this.start[i] = this.used / 2;
    this.bidCount[i] = e.bids.length;
    for (const [p, s] of e.bids) (this.levels[this.used++] = p), (this.levels[this.used++] = s);
    for (const [p, s] of e.asks) (this.levels[this.used++] = p), (this.levels[this.used++] = s);
    this.n = i + 1;
    this.start[this.n] = this.used / 2;
  }

  /** The events in recorded order, quotes rebuilt one at a time. */
  *events(): Generator<Quote | FundingRate> {
    let f = 0;
    for (let i = 0; i < this.n; i++) {
      while (f < this.funding.length && this.funding[f].at === i) yield this.funding[f++].f;
      yield this.quote(i);
    }
    while (f < this.funding.length) yield this.funding[f++].f;
  }

  private quote(i: number): Quote {
    const a = this.start[i];
    const b = a + this.bidCount[i];
    const e = this.start[i + 1];
    return { type: 'quote', venue: this.names[this.venue[i]], symbol: this.names[this.symbol[i]], market: MARKETS[this.market[i]], bids: side(this.levels, a, b), asks: side(this.levels, b, e), venueTs: this.times[2 * i], localTs: this.times[2 * i + 1] };
  }

  private id(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) this.nameIds.set(name, (id = this.names.push(name) - 1));
    return id;
  }

  private grow(): void {
    const size = this.venue.length * 2;
    this.venue = copy(this.venue, size);
    this.symbol = copy(this.symbol, size);
    this.market = copy(this.market, size);
    this.times = copy(this.times, 2 * size);
    this.start = copy(this.start, size + 1);
    this.bidCount = copy(this.bidCount, size);
  }
}

const MARKETS: readonly MarketType[] = ['spot', 'perp', 'binary'];

/** Levels [from, to) of the flat price/size array as book levels. */
function side(levels: Float64Array, from: number, to: number): BookLevel[] {
  const out: BookLevel[] = new Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = [levels[2 * k], levels[2 * k + 1]];
  return out;
}

function copy<T extends Uint32Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
