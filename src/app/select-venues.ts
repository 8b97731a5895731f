import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { REGISTRY } from '../venues/registry.js';
import type { VenueConfig, VenueDescriptor, VenueKind } from '../venues/types.js';
import { venueConfig, type ArblensConfig } from './config.js';

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

/** Venues ready to open with their configuration, and those that need configuration first (with why). */
export interface ConfiguredVenues {
  readonly ready: { readonly descriptor: VenueDescriptor; readonly config: VenueConfig }[];
  readonly notConfigured: { readonly id: string; readonly reason: string }[];
}

/** Pairs each venue with its configuration (file + environment); the one place "not configured" is decided. */
export function configureVenues(descriptors: readonly VenueDescriptor[], cfg: ArblensConfig): ConfiguredVenues {
  const ready: ConfiguredVenues['ready'] = [];
  const notConfigured: ConfiguredVenues['notConfigured'] = [];
  for (const descriptor of descriptors) {
    const config = venueConfig(descriptor.id, cfg);
    const reason = descriptor.notConfigured?.(config);
    if (reason) notConfigured.push({ id: descriptor.id, reason });
    else ready.push({ descriptor, config });
  }
  return { ready, notConfigured };
}
