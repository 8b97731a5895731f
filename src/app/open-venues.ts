import { describeError, UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import type { VenueAdapter, VenueDescriptor, VenueKind } from '../venues/types.js';
import { loadConfig } from './config.js';
import type { Report } from './report.js';
import { configureVenues, selectVenues } from './select-venues.js';

export interface OpenedVenues {
  readonly adapters: VenueAdapter[];
  /** Venues that could not even be created (reported on stderr): the run is partial. */
  readonly notRun: number;
}

/**
 * Resolves --venues for `kinds`, then creates each venue's adapter with its configuration.
 * Retired and not-configured venues are reported and skipped; a venue whose set-up fails is
 * reported as an error and counted, and the others go on.
 */
export async function openVenues(
  names: readonly string[] | undefined,
  kinds: ReadonlySet<VenueKind>,
  report: Report,
  timeoutMs: number,
  wanted: (d: VenueDescriptor) => boolean = () => true,
  verbose = false,
): Promise<OpenedVenues> {
  const sel = selectVenues(names, kinds);
  for (const s of sel.skipped) report(s.id, s.reason);
  const { ready, notConfigured } = configureVenues(sel.active.filter(wanted), loadConfig());
  for (const n of notConfigured) report(n.id, `not configured: ${n.reason}`);
  const adapters: VenueAdapter[] = [];
  let notRun = 0;
  for (const { descriptor, config } of ready) {
    try {
      adapters.push(await descriptor.create({ config: verbose ? { ...config, verbose } : config, timeoutMs, now: Date.now }));
    } catch (err) {
      notRun++;
      report(descriptor.id, describeError(err), 'error');
    }
  }
  return { adapters, notRun };
}

/** Keeps the demo venues named by --venues; a name the sample data lacks is a usage error. */
export function pickDemoVenues<T extends { readonly id: string }>(all: readonly T[], names: readonly string[] | undefined, what: string): T[] {
  if (!names) return [...all];
  const ids = all.map((a) => a.id);
  for (const v of names) {
    if (!ids.includes(v)) {
      const guess = didYouMean(v, ids);
      throw new UsageError(`--venues: '${v}' is not in the ${what} (${ids.join(', ')})${guess ? ` — did you mean '${guess}'?` : ''}`);
    }
  }
  return all.filter((a) => names.includes(a.id));
}
