import { ccxtStream, type CcxtStreamSpec } from './ccxt-stream.js';
import { kalshiStream } from './kalshi-stream.js';
import { polymarketStream } from './polymarket-stream.js';
import type { StreamContext, VenueStream } from './stream-types.js';
import type { VenueDescriptor } from './types.js';

/**
 * How `watch` streams each venue. Crypto venues map onto ccxt.pro classes (the same ids the REST
 * registry uses); a venue missing here is shown as "no live stream" in the status panel.
 */
const CCXT: Record<string, Omit<CcxtStreamSpec, 'id' | 'defaultFees'>> = {
  binance: { spot: 'binance', perp: 'binance', options: { fetchMarkets: { types: ['spot', 'linear'] } } },
  bybit: { spot: 'bybit', perp: 'bybit', options: { fetchMarkets: { types: ['spot', 'linear'] } } },
  okx: { spot: 'okx', perp: 'okx', options: { fetchMarkets: { types: ['spot', 'swap'] } } },
  kucoin: { spot: 'kucoin', perp: 'kucoinfutures' },
  deribit: { perp: 'deribit' },
  gate: { spot: 'gate', perp: 'gate' },
  mexc: { spot: 'mexc', perp: 'mexc' },
  bitget: { spot: 'bitget', perp: 'bitget' },
  phemex: { spot: 'phemex', perp: 'phemex' },
};

export type StreamFactory = (d: VenueDescriptor, ctx: StreamContext) => VenueStream;

const EXTRA = new Map<string, StreamFactory>([
  ['polymarket', (_d, ctx) => polymarketStream(ctx)],
  ['kalshi', (_d, ctx) => kalshiStream(ctx)],
]);

/** Adds a non-ccxt venue's stream (prediction markets register theirs here). */
export function registerStream(venue: string, f: StreamFactory): void {
  EXTRA.set(venue, f);
}

export function hasStream(venue: string): boolean {
  return venue in CCXT || EXTRA.has(venue);
}

export function openStream(d: VenueDescriptor, ctx: StreamContext): VenueStream | undefined {
  const extra = EXTRA.get(d.id);
  if (extra) return extra(d, ctx);
  const c = CCXT[d.id];
  return c ? ccxtStream({ id: d.id, defaultFees: d.defaultFees, ...c }, ctx) : undefined;
}
