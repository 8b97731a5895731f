// Peak memory of one scan over 11 venues × 500 symbols (spot and perp) with 20-level books:
// synthetic in-process venues, the real scan pipeline (top of book → candidates → depth → rank).
import { OpportunityEngine } from '../src/engine/engine.js';
import { scanVenues } from '../src/app/scan/crypto-books.js';
import { proportionalFee } from '../src/core/fees.js';
import type { BookLevel, MarketType, Quote } from '../src/core/types.js';
import type { VenueAdapter, VenueSnapshot } from '../src/venues/types.js';

const VENUES = 11;
const SYMBOLS = 500;
const DEPTH = 20;
let seed = 7;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const mids = Array.from({ length: SYMBOLS }, () => 1 + rnd() * 1000);

function book(mid: number): { bids: BookLevel[]; asks: BookLevel[] } {
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < DEPTH; i++) {
    bids.push([mid * (1 - 0.0001 * (i + 1)), 1 + rnd() * 10]);
    asks.push([mid * (1 + 0.0001 * (i + 1)), 1 + rnd() * 10]);
  }
  return { bids, asks };
}

class SyntheticVenue implements VenueAdapter {
  private readonly books = new Map<string, Quote>();
  constructor(readonly id: string) {
    const now = Date.now();
    for (let s = 0; s < SYMBOLS; s++) {
      for (const market of ['spot', 'perp'] as MarketType[]) {
        const symbol = market === 'spot' ? `S${s}/USDT` : `S${s}/USDT:USDT`;
        const mid = mids[s] * (1 + (rnd() - 0.5) * 0.01);
        this.books.set(symbol, { type: 'quote', venue: id, symbol, market, ...book(mid), venueTs: now, localTs: now });
      }
    }
  }
  fee() { return proportionalFee(0.001); }
  async snapshot(): Promise<VenueSnapshot> {
    return { quotes: [...this.books.values()].map((q) => ({ ...q, bids: q.bids.slice(0, 1), asks: q.asks.slice(0, 1) })), funding: [], warnings: [] };
  }
  async orderBooks(items: readonly { symbol: string }[]): Promise<VenueSnapshot> {
    return { quotes: items.map((i) => this.books.get(i.symbol)!), funding: [], warnings: [] };
  }
  async close() {}
}

const baseline = process.memoryUsage().rss;
const t = process.hrtime.bigint();
const venues = Array.from({ length: VENUES }, (_, i) => new SyntheticVenue(`v${i}`));
const engine = new OpportunityEngine({ fees: () => proportionalFee(0.001) });
const r = await scanVenues(venues, engine, { markets: new Set(['spot', 'perp']), funding: false, depth: DEPTH, timeoutMs: 10_000, concurrency: 8, now: () => Date.now(), warn: () => undefined });
const ranked = engine.ranked(Date.now(), { top: 20 });
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`scan memory: peak RSS ${peak.toFixed(0)} MB for ${VENUES} venues × ${SYMBOLS} symbols × 2 markets with ${DEPTH}-level books (${r.quotes.length} quotes, ${engine.liveCount} candidates, top ${ranked.length}; baseline ${(baseline / 2 ** 20).toFixed(0)} MB; ${ms.toFixed(0)} ms)`);
