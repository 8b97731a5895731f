import { consumerOpts, type JetStreamSubscription, type NatsConnection } from 'nats';
import type { MarketEvent, MarketType } from '../../core/types.js';
import type { VenueStream } from '../../venues/types.js';
import type { FeeModel } from '../../core/types.js';
import type { NatsSpec } from './nats-url.js';
import { onConnectionChange } from './nats-connect.js';

export interface NatsSourceOptions {
  /** Fee of an instrument (the venue's published defaults: a bus carries no fee schedules). */
  readonly fee: (market: MarketType, symbol: string) => FeeModel;
  /** Only these venues / symbols (unified names, compared with the payload, not the subject). */
  readonly venues?: readonly string[];
  readonly symbols?: readonly string[];
  readonly now?: () => number;
}

/**
 * `watch --source nats://…` (and `serve --source`): quotes, funding and venue states from the
 * JetStream stream another arblens publishes, as one event stream for the same pipeline.
 * Each kind is read by its own ordered consumer (one filter subject each: servers before 2.10
 * take one). With no `replay` in the URL a consumer starts at the newest message of each
 * subject (the current book of every instrument at once), then follows live; `replay=15m`
 * starts 15 minutes back, `replay=all` at the start of the retention window.
 */
export async function natsStream(nc: NatsConnection, spec: NatsSpec, o: NatsSourceOptions): Promise<VenueStream> {
  const js = nc.jetstream();
  const subs: JetStreamSubscription[] = [];
  // Push ordered consumers: the ordered pull consumer of this client hangs against 2.9 servers.
  for (const kind of ['venues', 'funding', 'quotes']) {
    const opts = consumerOpts();
    opts.orderedConsumer();
    opts.bindStream(spec.stream);
    if (spec.replayMs === undefined) opts.deliverLastPerSubject();
    else if (spec.replayMs === Infinity) opts.deliverAll();
    else opts.startTime(new Date((o.now ?? Date.now)() - spec.replayMs));
    subs.push(await js.subscribe(`${spec.root}.${kind}.>`, opts));
  }
  const venues = o.venues?.length ? new Set(o.venues) : undefined;
  const symbols = o.symbols?.length ? new Set(o.symbols) : undefined;
  let queue: MarketEvent[] = [];
  let head = 0;
  let wake: (() => void) | undefined;
  let done = false;
  for (const sub of subs) {
    void (async () => {
      for await (const m of sub) {
        const e = m.json<MarketEvent>();
        if ('venue' in e && venues && !venues.has(e.venue)) continue;
        if ((e.type === 'quote' || e.type === 'funding') && symbols && !symbols.has(e.symbol)) continue;
        queue.push(e);
        wake?.();
      }
    })().catch(() => undefined);
  }
  // The bus's own connection as a venue state, in band like any venue's: the quotes stop while
  // the server is away, and the pipeline marks them stale; this says why.
  onConnectionChange(nc, (up) => {
    if (done) return;
    queue.push({ type: 'status', venue: 'nats', state: up ? 'connected' : 'reconnecting', message: up ? `reconnected to ${spec.display}` : `lost ${spec.display}; reconnecting`, localTs: (o.now ?? Date.now)() });
    wake?.();
  });
  const close = async () => {
    if (done) return;
    done = true;
    for (const s of subs) s.unsubscribe();
    wake?.();
    if (!nc.isClosed()) await nc.close();
  };
  return {
    venue: 'nats',
    fee: (market, symbol) => o.fee(market, symbol),
    close,
    [Symbol.asyncIterator]() {
      return {
        next: async (): Promise<IteratorResult<MarketEvent>> => {
          while (head === queue.length && !done) await new Promise<void>((r) => (wake = r));
          if (head < queue.length) {
            const value = queue[head++];
            if (head > 4096 && head * 2 > queue.length) (queue = queue.slice(head)), (head = 0);
            return { done: false, value };
          }
          return { done: true, value: undefined };
        },
        return: async (): Promise<IteratorResult<MarketEvent>> => {
          await close();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
