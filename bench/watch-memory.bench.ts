// Memory of a big watch session: 11 venues × 200 symbols × 50-level books held by the pipeline
// (latest book per instrument, engine groups and live evaluations, venue stats), after several
// rounds of updates. Target: RSS ≤ 400 MB.
//   node --expose-gc --import tsx bench/watch-memory.bench.ts
import type { BookLevel, MarketEvent, Quote } from '../src/core/types.js';
import { proportionalFee } from '../src/core/fees.js';
import { OpportunityEngine } from '../src/engine/engine.js';
import { WatchPipeline } from '../src/app/watch/pipeline.js';

const VENUES = 11;
const SYMBOLS = 200;
const LEVELS = 50;
const ROUNDS = 5;

function book(mid: number, v: number, r: number): { bids: BookLevel[]; asks: BookLevel[] } {
  // Venue-specific offset so books cross between some venues (live opportunities exist).
  const m = mid * (1 + ((v * 37 + r * 11) % 9 - 4) * 0.0004);
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < LEVELS; i++) {
    bids.push([m * (1 - 0.0001 * (i + 1)), 1 + ((i * 7) % 5)]);
    asks.push([m * (1 + 0.0001 * (i + 1)), 1 + ((i * 3) % 5)]);
  }
  return { bids, asks };
}

const rss = () => process.memoryUsage().rss / 1024 / 1024;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const base = rss();
const engine = new OpportunityEngine({ fees: () => proportionalFee(0.0005) });
const pipeline = new WatchPipeline({ engine, streams: [], rank: {}, maxAgeMs: 60_000, tickMs: 100, clock: Date.now, sinks: [] });
const t0 = performance.now();
let n = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (let s = 0; s < SYMBOLS; s++) {
    for (let v = 0; v < VENUES; v++) {
      const now = Date.now();
      const q: Quote = { type: 'quote', venue: `venue${v}`, symbol: `S${s}/USDT`, market: 'spot', ...book(100 + s, v, r), venueTs: now, localTs: now };
      pipeline.handle(q as MarketEvent);
      n++;
    }
  }
}
const secs = (performance.now() - t0) / 1000;

// ccxt.pro keeps its own copy of every book it maintains, plus each exchange's market table:
// 11 instances with 200 markets and 200 cached 50-level order books each.
const { default: ccxt } = await import('ccxt');
type Pro = { setMarkets(m: unknown): void; orderBook(s: unknown, depth: number): unknown; orderbooks: Record<string, unknown> };
const exchanges: Pro[] = [];
for (let v = 0; v < VENUES; v++) {
  const ex = new (ccxt.pro as unknown as Record<string, new (o: unknown) => Pro>).binance({});
  const markets: Record<string, unknown> = {};
  for (let s = 0; s < SYMBOLS; s++) markets[`S${s}/USDT`] = { id: `S${s}USDT`, lowercaseId: `s${s}usdt`, symbol: `S${s}/USDT`, base: `S${s}`, quote: 'USDT', baseId: `S${s}`, quoteId: 'USDT', type: 'spot', spot: true, swap: false, future: false, option: false, contract: false, active: true, precision: { price: 0.0001, amount: 0.0001 }, limits: {} };
  ex.setMarkets(markets);
  for (let s = 0; s < SYMBOLS; s++) {
    const b = book(100 + s, v, 0);
    ex.orderbooks[`S${s}/USDT`] = ex.orderBook({ bids: b.bids.map((l) => [...l]), asks: b.asks.map((l) => [...l]) }, LEVELS);
  }
  exchanges.push(ex);
}
const ranked = engine.ranked(Date.now(), { maxAgeMs: 60_000 }).length;
gc?.();
const after = rss();
console.log(`watch memory: ${VENUES} venues × ${SYMBOLS} symbols × ${LEVELS}-level books, ${n.toLocaleString('en-US')} updates (${Math.round(n / secs).toLocaleString('en-US')} updates/s with depth walks), ${ranked} live opportunities`);
console.log(`watch memory: RSS ${after.toFixed(0)} MB with the pipeline state and ${exchanges.length} ccxt.pro instances holding their own books (process baseline ${base.toFixed(0)} MB) — target ≤ 400 MB: ${after <= 400 ? 'met' : 'NOT met'}`);
await pipeline.stop();
