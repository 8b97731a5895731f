import type { MarketEvent, MarketType } from '../../core/types.js';
import type { FeeModel } from '../../core/types.js';
import { proportionalFee } from '../../core/fees.js';
import type { QuoteQuery, StoredQuote } from '../../store/types.js';
import { EventQueue } from '../../venues/transport/event-queue.js';
import { registryFee } from '../../venues/registry.js';
import { loadConfig, venueConfig } from '../config.js';
import type { VenueStream } from '../../venues/types.js';

export interface ReplayOptions {
  /** 1 = real time, 20 = twenty times faster, Infinity = as fast as the pipeline takes them. */
  readonly speed: number;
  readonly query?: QuoteQuery;
  /** Wall clock (injectable for tests). */
  readonly wallClock?: () => number;
}

export interface Replay {
  readonly stream: VenueStream;
  /** Virtual time: the recorded venue time the replay has reached. Feed it to the pipeline. */
  clock(): number;
}

/**
 * `watch --replay <db>`: recorded quotes back through the same pipeline, in venue-time order,
 * at `speed` × real time. The clock is virtual, so ages and lifetimes are those of the recording.
 */
export function replayStream(store: { iterateQuotes(q?: QuoteQuery): IterableIterator<StoredQuote>; close(): void }, o: ReplayOptions): Replay {
  const wall = o.wallClock ?? Date.now;
  let virtual = 0;
  let firstTs: number | undefined;
  let wallStart = 0;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let closed = false;
  const queue = new EventQueue<MarketEvent>(() => {
    closed = true;
    if (timer) clearTimeout(timer);
    wake?.();
  });
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  const run = async () => {
    const it = store.iterateQuotes(o.query ?? {});
    let n = 0;
    try {
      for (const q of it) {
        if (closed) break;
        if (firstTs === undefined) {
          firstTs = q.venueTs;
          wallStart = wall();
          virtual = q.venueTs;
        }
        if (Number.isFinite(o.speed)) {
          const due = wallStart + (q.venueTs - firstTs) / o.speed;
          const wait = due - wall();
          if (wait > 1) await pause(wait);
          if (closed) break;
        }
        const { id: _id, ...quote } = q;
        queue.push({ ...quote, type: 'quote', localTs: q.venueTs });
        // Let timers (ranking ticks, recorder, TUI) and the consumer run between bursts.
        if (++n % 512 === 0 || queue.size > 4096) {
          while (queue.size > 1024 && !closed) await new Promise((r) => setImmediate(r));
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      it.return?.();
    }
    // Let the consumer drain before the end is signalled.
    while (queue.size > 0 && !closed) await new Promise((r) => setImmediate(r));
    queue.end();
  };
  void run().catch((err) => queue.end(err));

  return {
    clock: () => (Number.isFinite(o.speed) && firstTs !== undefined && !queue.isClosed ? Math.max(virtual, firstTs + (wall() - wallStart) * o.speed) : virtual),
    stream: {
      venue: 'replay',
      fee(market: MarketType): FeeModel {
        return proportionalFee(0.001);
      },
      close: async () => {
        await queue.return();
        store.close();
      },
      // The virtual clock advances as the CONSUMER takes events, so a ranking tick never runs
      // ahead of the quotes the engine has actually seen.
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const r = await queue.next();
          if (!r.done) virtual = Math.max(virtual, r.value.localTs);
          return r;
        },
        return: () => queue.return(),
      }),
    },
  };
}

/** Fees for recorded venues: the published base tier, or the user's override in the config file. */
export function replayFee(venue: string, market: MarketType): FeeModel {
  return registryFee(venue, market, venueConfig(venue, loadConfig()));
}
