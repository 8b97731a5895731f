import { marketKey, parseBinarySymbol, type BinaryFeeModel, type PredictionMarket } from '../../core/prediction.js';
import type { PairLink } from '../../engine/binary.js';
import type { VenueConfig, VenueDescriptor } from '../../venues/types.js';
import { isPredictionAdapter, type PredictionAdapter } from '../../venues/prediction-types.js';
import { describeError } from '../../core/errors.js';

/** One prediction venue `watch` will stream. */
export interface FollowVenue {
  readonly descriptor: VenueDescriptor;
  readonly config: VenueConfig;
}

export interface FollowRequest {
  readonly venues: readonly FollowVenue[];
  /** --symbols entries without a '/': market ids, tickers, token ids or `name=tokenId`. */
  readonly ids: readonly string[];
  /** Confirmed cross-venue pairs (the user's pairs file). */
  readonly pairs: readonly PairLink[];
  /** Deadline for one venue's whole market list, ms. */
  readonly timeoutMs: number;
  readonly now: () => number;
}

/** What each venue streams, and why some of it cannot be ranked. */
export interface FollowVenuePlan {
  /** Stream subscriptions (market ids, tickers, `<id>:YES=<token>` …). */
  readonly symbols: string[];
  /** Shown in the venue panel: market list failed, ids not listed … */
  readonly remark?: string;
}

/** Everything the BinaryEngine needs for the followed markets, fetched once at start. */
export interface PredictionFollow {
  readonly byVenue: Map<string, FollowVenuePlan>;
  /** Followed markets (named ones, their confirmed pair partners, siblings in complete events). */
  readonly markets: PredictionMarket[];
  /** Fee model per market key (venue + id), resolved while the adapters were open. */
  readonly fees: Map<string, BinaryFeeModel>;
  /** Confirmed pairs whose two markets are both followed. */
  readonly pairs: PairLink[];
}

/** `12345:YES=7160…` → 12345; `KX-1:NO` → KX-1; anything else unchanged. */
export function marketIdOf(raw: string): string {
  const i = raw.lastIndexOf('=');
  const name = i > 0 ? raw.slice(0, i) : raw;
  return parseBinarySymbol(name)?.marketId ?? name;
}

/**
 * Loads the market lists of the streamed prediction venues once (one deadline per venue,
 * concurrently) and decides what each follows: the named markets it lists, the other side of
 * each confirmed pair touching them (every confirmed pair between the venues when no id is
 * named), and every sibling of a complete (exhaustive) event, since a multi-outcome set needs all
 * of them. A venue whose list fails still streams the ids as given, with a remark.
 */
export async function followPrediction(r: FollowRequest): Promise<PredictionFollow> {
  const named = [...new Set(r.ids.map(marketIdOf))];
  const selected = new Set(r.venues.map((v) => v.descriptor.id));
  const pairs = r.pairs.filter((p) => selected.has(p.a.venue) && selected.has(p.b.venue) && p.a.venue !== p.b.venue);
  const lists = new Map<string, { adapter: PredictionAdapter; markets: Map<string, PredictionMarket> }>();
  const failed = new Map<string, string>();
  await Promise.all(
    r.venues.map(async ({ descriptor: d, config }) => {
      const include = [...named, ...pairs.flatMap((p) => [p.a, p.b]).filter((s) => s.venue === d.id).map((s) => s.id)];
      const signal = AbortSignal.timeout(r.timeoutMs);
      let adapter: PredictionAdapter | undefined;
      try {
        const a = await d.create({ config, timeoutMs: Math.min(10_000, r.timeoutMs), now: r.now });
        if (!isPredictionAdapter(a)) throw new Error('not a prediction venue');
        adapter = a;
        const c = await a.catalogue({ signal, include });
        lists.set(d.id, { adapter: a, markets: new Map(c.markets.map((m) => [m.id, m])) });
      } catch (err) {
        failed.set(d.id, describeError(err, { signal, timeoutMs: r.timeoutMs }));
        await adapter?.close().catch(() => undefined);
      }
    }),
  );

  // Which markets each venue follows.
  const follow = new Map<string, Set<string>>([...lists.keys()].map((v) => [v, new Set<string>()]));
  const listed = (venue: string, id: string) => lists.get(venue)?.markets.has(id) === true;
  const unknown: string[] = [];
  for (const id of named) {
    const where = [...lists.keys()].filter((v) => listed(v, id));
    for (const v of where) follow.get(v)!.add(id);
    if (where.length === 0) unknown.push(id);
  }
  const links: PairLink[] = [];
  for (const p of pairs) {
    if (!listed(p.a.venue, p.a.id) || !listed(p.b.venue, p.b.id)) continue;
    const touched = named.length === 0 || follow.get(p.a.venue)!.has(p.a.id) || follow.get(p.b.venue)!.has(p.b.id);
    if (!touched) continue;
    follow.get(p.a.venue)!.add(p.a.id);
    follow.get(p.b.venue)!.add(p.b.id);
    links.push(p);
  }
  for (const [venue, ids] of follow) {
    const all = [...lists.get(venue)!.markets.values()];
    const events = new Set([...ids].map((id) => lists.get(venue)!.markets.get(id)!.event).filter((e) => e?.exhaustive).map((e) => e!.id));
    if (events.size > 0) for (const m of all) if (m.event && events.has(m.event.id)) ids.add(m.id);
  }

  const markets: PredictionMarket[] = [];
  const fees = new Map<string, BinaryFeeModel>();
  const byVenue = new Map<string, FollowVenuePlan>();
  // Ids no answering list knows (token ids, or a failed list) go to every venue as before.
  const rawUnknown = r.ids.filter((raw) => unknown.includes(marketIdOf(raw)));
  for (const { descriptor: d } of r.venues) {
    const l = lists.get(d.id);
    if (!l) {
      byVenue.set(d.id, { symbols: [...r.ids], remark: `market list unavailable (${failed.get(d.id)}): books stream, no opportunity ranked` });
      continue;
    }
    const symbols: string[] = [];
    for (const id of follow.get(d.id)!) {
      const m = l.markets.get(id)!;
      markets.push(m);
      fees.set(marketKey(d.id, id), l.adapter.marketFee(id));
      symbols.push(...(l.adapter.streamSymbols?.(id) ?? [id]));
    }
    symbols.push(...rawUnknown);
    const remark = rawUnknown.length > 0 ? `not in the market list, streamed but not ranked: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ' …' : ''}` : undefined;
    byVenue.set(d.id, { symbols, remark });
    await l.adapter.close().catch(() => undefined);
  }
  return { byVenue, markets, fees, pairs: links };
}
