import type { BookLevel, FeeModel, MarketEvent, MarketType } from '../../core/types.js';
import { assetKey } from '../../core/units.js';
import { loadDemoFile } from './crypto.js';
import { EventQueue } from '../transport/event-queue.js';
import { registryFee } from '../registry.js';
import type { VenueStream } from '../types.js';

export interface DemoStreamOptions {
  /** Market-data events per second across all venues. */
  readonly rate?: number;
  /** PRNG seed: the same seed gives the same sequence of books. */
  readonly seed?: number;
  /** Every this many ms one venue drops out for `outageMs` (0 = never), to show staleness handling. */
  readonly outageEveryMs?: number;
  readonly outageMs?: number;
  readonly venues?: readonly string[];
  readonly symbols?: readonly string[];
  readonly markets?: ReadonlySet<MarketType>;
  readonly now?: () => number;
}

/** mulberry32: tiny, fast, seedable; quality is plenty for a simulation. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Instrument {
  readonly venue: string;
  readonly symbol: string;
  readonly market: MarketType;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly asset: string;
  /** Venue-specific deviation from the common price, mean-reverting (an Ornstein–Uhlenbeck walk). */
  offset: number;
}

/**
 * `watch --demo`: a simulated live feed seeded from the sample books in data/demo/crypto.json.
 * Each asset's price follows a common random walk; each venue's book deviates from it by a
 * mean-reverting offset, so cross-venue spreads open and close as they do live. Synthetic data,
 * clearly labelled as such in the TUI header.
 */
export function demoStreams(o: DemoStreamOptions = {}): VenueStream[] {
  const file = loadDemoFile();
  const now = o.now ?? Date.now;
  const random = prng(o.seed ?? (Date.now() & 0xffffffff));
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pick = (sym: string) => !o.symbols || o.symbols.includes(sym) || o.symbols.includes(assetKey(sym));
  const instruments: Instrument[] = file.quotes
    .filter((q) => (!o.venues || o.venues.includes(q.venue)) && (!o.markets || o.markets.has(q.market)) && pick(q.symbol))
    .map((q) => ({ venue: q.venue, symbol: q.symbol, market: q.market, bids: q.bids, asks: q.asks, asset: assetKey(q.symbol), offset: 0 }));
  const level = new Map<string, number>();
  const venues = [...new Set(instruments.map((i) => i.venue))];
  const queues = new Map<string, EventQueue<MarketEvent>>();
  const rate = o.rate ?? 200;
  const perTick = Math.max(1, Math.round(rate / 20));
  let timer: NodeJS.Timeout | undefined;
  let down: { venue: string; until: number } | undefined;
  let nextOutage = now() + (o.outageEveryMs ?? 45_000);

  const stopIfIdle = () => {
    if ([...queues.values()].every((q) => q.isClosed) && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  const push = (venue: string, e: MarketEvent) => queues.get(venue)?.push(e);

  const step = () => {
    const t = now();
    if (o.outageEveryMs !== 0 && !down && t >= nextOutage && venues.length > 2) {
      down = { venue: venues[Math.floor(random() * venues.length)], until: t + (o.outageMs ?? 12_000) };
      push(down.venue, { type: 'status', venue: down.venue, state: 'reconnecting', message: 'simulated outage', localTs: t });
    } else if (down && t >= down.until) {
      push(down.venue, { type: 'status', venue: down.venue, state: 'connected', localTs: t });
      down = undefined;
      nextOutage = t + (o.outageEveryMs ?? 45_000);
    }
    for (const [asset, lv] of level) level.set(asset, lv * Math.exp(0.00015 * gauss()));
    for (let k = 0; k < perTick; k++) {
      const ins = instruments[Math.floor(random() * instruments.length)];
      if (down?.venue === ins.venue) continue;
      // Half-life of a venue's deviation ≈ 14 updates; noise sized so net spreads cross zero often.
      ins.offset = ins.offset * 0.95 + 0.0006 * gauss();
      const f = (level.get(ins.asset) ?? 1) * (1 + ins.offset);
      const jitter = () => 0.6 + 0.8 * random();
      push(ins.venue, {
        type: 'quote',
        venue: ins.venue,
        symbol: ins.symbol,
        market: ins.market,
        bids: ins.bids.map(([p, s]) => [p * f, s * jitter()] as const),
        asks: ins.asks.map(([p, s]) => [p * f, s * jitter()] as const),
        venueTs: t,
        localTs: t,
      });
    }
  };

  const start = () => {
    if (timer) return;
    const t = now();
    for (const i of instruments) level.set(i.asset, 1);
    for (const v of venues) push(v, { type: 'status', venue: v, state: 'connected', message: 'simulated feed (synthetic data)', localTs: t });
    for (const f of file.funding) {
      if (!queues.has(f.venue) || !pick(f.symbol)) continue;
      push(f.venue, { type: 'funding', venue: f.venue, symbol: f.symbol, rate: f.rate, intervalHours: f.intervalHours, nextFundingTs: t + 3_600_000, venueTs: t, localTs: t });
    }
    // Every instrument once up front, so the first frame already has books on every venue.
    for (const i of instruments) {
      push(i.venue, { type: 'quote', venue: i.venue, symbol: i.symbol, market: i.market, bids: i.bids, asks: i.asks, venueTs: t, localTs: t });
    }
    timer = setInterval(step, 50);
  };

  return venues.map((venue) => {
    const q = new EventQueue<MarketEvent>(() => stopIfIdle());
    queues.set(venue, q);
    return {
      venue,
      fee(market: MarketType): FeeModel {
        return registryFee(venue, market);
      },
      close: async () => void (await q.return()),
      [Symbol.asyncIterator]: () => {
        start();
        return q;
      },
    };
  });
}
