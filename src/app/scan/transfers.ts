import pLimit from 'p-limit';
import type { Opportunity } from '../../core/types.js';
import { describeError } from '../../core/errors.js';
import { withTransfer, type VenueNetworks } from '../../engine/transfer.js';
import type { VenueAdapter } from '../../venues/types.js';

/**
 * Deposit/withdrawal networks of the venues whose opportunities may need an asset moved
 * (cross-spot, basis across venues), fetched once per venue under the scan's deadline. A venue
 * that hides them (no API keys) or fails is "unknown" with its reason, never "free".
 */
export async function fetchNetworks(adapters: readonly VenueAdapter[], venues: ReadonlySet<string>, timeoutMs: number, concurrency: number): Promise<Map<string, VenueNetworks>> {
  const limit = pLimit(concurrency);
  const out = new Map<string, VenueNetworks>();
  await Promise.all(
    adapters
      .filter((a) => venues.has(a.id))
      .map((a) =>
        limit(async () => {
          if (!a.currencies) return void out.set(a.id, { unknown: 'this venue publishes no network data' });
          const signal = AbortSignal.timeout(timeoutMs);
          try {
            out.set(a.id, { networks: await a.currencies(signal) });
          } catch (err) {
            out.set(a.id, { unknown: describeError(err, { signal, timeoutMs }) });
          }
        }),
      ),
  );
  return out;
}

/** The venues that buy an asset another venue sells, among the opportunities found. */
export function transferVenues(opps: readonly Opportunity[]): Set<string> {
  const out = new Set<string>();
  for (const o of opps) {
    if ((o.kind === 'cross-spot' || o.kind === 'basis') && o.legs.length === 2 && o.legs[0].venue !== o.legs[1].venue) for (const l of o.legs) out.add(l.venue);
  }
  return out;
}

export function annotateTransfers(opps: readonly Opportunity[], nets: ReadonlyMap<string, VenueNetworks>): Opportunity[] {
  return opps.map((o) => withTransfer(o, (v) => nets.get(v)));
}
