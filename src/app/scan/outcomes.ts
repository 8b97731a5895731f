import type { VenueAdapter } from '../../venues/types.js';

export interface VenueOutcome {
  readonly venue: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly quotes: number;
  readonly ms: number;
}

/** How each venue of a scan fared: failed or not (with why), quotes it gave, time it took. */
export function venueOutcomes(adapters: readonly VenueAdapter[], failed: ReadonlyMap<string, string>, counts: ReadonlyMap<string, number>, started: ReadonlyMap<string, number>): VenueOutcome[] {
  const now = Date.now();
  return adapters.map((a) => ({ venue: a.id, ok: !failed.has(a.id), error: failed.get(a.id), quotes: counts.get(a.id) ?? 0, ms: now - (started.get(a.id) ?? now) }));
}
