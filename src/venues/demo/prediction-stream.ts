import type { BookLevel, FeeModel, MarketEvent } from '../../core/types.js';
import { NO_FEE } from '../../core/fees.js';
import { EventQueue } from '../transport/event-queue.js';
import type { VenueStream } from '../types.js';
import { loadPredictionDemo, type PredictionDemoFile } from './prediction.js';
import { prng } from './stream.js';

export interface PredictionDemoStreamOptions {
  readonly venues?: readonly string[];
  readonly now?: () => number;
  readonly seed?: number;
  /** Book updates per second over all venues (default 40). */
  readonly rate?: number;
}

/**
 * `watch --demo --market prediction`: a simulated live feed over the synthetic prediction sample
 * (data/demo/prediction.json). Each market's YES probability drifts by a mean-reverting offset;
 * its NO book moves the opposite way, so complete sets open and close as they do live. Prices
 * stay inside (0.01, 0.99). Synthetic data, labelled so in the TUI header.
 */
export function predictionDemoStreams(o: PredictionDemoStreamOptions = {}, file: PredictionDemoFile = loadPredictionDemo()): VenueStream[] {
  const now = o.now ?? Date.now;
  const random = prng(o.seed ?? (Date.now() & 0xffffffff));
  const books = file.books.filter((b) => !o.venues || o.venues.includes(b.venue)).map((b) => ({ ...b, offset: 0 }));
  const venues = [...new Set(books.map((b) => b.venue))];
  const queues = new Map<string, EventQueue<MarketEvent>>();
  const perTick = Math.max(1, Math.round((o.rate ?? 40) / 20));
  let timer: NodeJS.Timeout | undefined;
  const clamp = (p: number) => Math.min(0.99, Math.max(0.01, Number(p.toFixed(4))));
  const moved = (levels: readonly BookLevel[], by: number): BookLevel[] => levels.map(([p, s]) => [clamp(p + by), s * (0.7 + 0.6 * random())]);

  const emit = (b: (typeof books)[number], t: number) => {
    // YES drifts up by `offset`, NO down by it (and vice versa): the market's two sides stay consistent.
    const sign = b.symbol.endsWith(':NO') ? -1 : 1;
    queues.get(b.venue)?.push({ type: 'quote', venue: b.venue, symbol: b.symbol, market: 'binary', bids: moved(b.bids, sign * b.offset), asks: moved(b.asks, sign * b.offset), venueTs: t, localTs: t });
  };
  const step = () => {
    const t = now();
    for (let k = 0; k < perTick; k++) {
      const b = books[Math.floor(random() * books.length)];
      b.offset = b.offset * 0.9 + 0.004 * (random() - 0.5);
      emit(b, t);
    }
  };
  const start = () => {
    if (timer) return;
    const t = now();
    for (const v of venues) queues.get(v)?.push({ type: 'status', venue: v, state: 'connected', message: 'simulated feed (synthetic data)', localTs: t });
    for (const b of books) emit(b, t);
    timer = setInterval(step, 50);
  };
  const stopIfIdle = () => {
    if ([...queues.values()].every((q) => q.isClosed) && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return venues.map((venue) => {
    const q = new EventQueue<MarketEvent>(() => stopIfIdle());
    queues.set(venue, q);
    return {
      venue,
      // Binary fees are per market (the engine's universe carries them); no proportional fee here.
      fee(): FeeModel {
        return NO_FEE;
      },
      close: async () => void (await q.return()),
      [Symbol.asyncIterator]: () => {
        start();
        return q;
      },
    };
  });
}
