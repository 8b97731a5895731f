import { didYouMean, UsageError } from '../core/errors.js';
import { REGISTRY } from '../venues/registry.js';
import type { VenueDescriptor, VenueKind } from '../venues/types.js';

export interface VenueSelection {
  readonly active: VenueDescriptor[];
  /** Venues named but not usable, with why (retired): reported, never fatal. */
  readonly skipped: { id: string; reason: string }[];
}

/**
 * Resolves --venues before any network call. Unknown names are a usage error with a suggestion;
 * retired venues are skipped with their reason. Without --venues: every active venue of `kinds`.
 */
export function selectVenues(names: readonly string[] | undefined, kinds: ReadonlySet<VenueKind>): VenueSelection {
  const ids = [...REGISTRY.keys()];
  if (!names || names.length === 0) {
    const all = [...REGISTRY.values()].filter((d) => kinds.has(d.kind));
    return { active: all.filter((d) => !d.retired), skipped: [] };
  }
  const active: VenueDescriptor[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const raw of names) {
    const name = raw.toLowerCase();
    const d = REGISTRY.get(name);
    if (!d) {
      const guess = didYouMean(name, ids);
      throw new UsageError(`--venues: unknown venue '${raw}'${guess ? ` — did you mean '${guess}'?` : ''} Run \`arblens venues\` for the list.`);
    }
    if (!kinds.has(d.kind)) throw new UsageError(`--venues: '${d.id}' is a ${d.kind} venue — this command takes ${[...kinds].join(' or ')} venues here`);
    if (d.retired) skipped.push({ id: d.id, reason: `retired: ${d.retired}` });
    else if (!active.includes(d)) active.push(d);
  }
  return { active, skipped };
}
