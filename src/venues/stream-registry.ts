import { ccxtStream } from './ccxt-stream.js';
import { specOf } from './ccxt-venue.js';
import { REGISTRY } from './registry.js';
import { kalshiStream } from './kalshi-stream.js';
import { polymarketStream } from './polymarket-stream.js';
import type { StreamContext, VenueStream } from './stream-types.js';
import type { VenueDescriptor } from './types.js';

/**
 * How `watch` streams each venue. Crypto venues stream through ccxt.pro with the same classes and
 * options as their REST adapter (read from the registry's ccxt spec, so the two never drift);
 * other venues register a factory here. A venue with neither shows "no live stream".
 */
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
  return EXTRA.has(venue) || specOf(REGISTRY.get(venue)) !== undefined;
}

export function openStream(d: VenueDescriptor, ctx: StreamContext): VenueStream | undefined {
  const extra = EXTRA.get(d.id);
  if (extra) return extra(d, ctx);
  const spec = specOf(d);
  return spec ? ccxtStream({ id: d.id, spot: spec.spot, perp: spec.perp, options: spec.options, classOptions: spec.classOptions, defaultFees: d.defaultFees }, ctx) : undefined;
}
