import type { MarketType, OpportunityKind } from '../../core/types.js';
import { EXIT } from '../../core/errors.js';
import { MS_PER_HOUR } from '../../core/units.js';
import type { Filters } from '../filters.js';
import type { AlertTracker } from './alerts.js';
import type { NotifySink } from '../notify/sink.js';
import type { WatchPipeline, WatchSink } from './pipeline.js';

export const WATCH_MARKETS = ['all', 'spot', 'perp', 'prediction'] as const;
export const WATCH_KINDS: readonly OpportunityKind[] = ['cross-spot', 'cross-perp', 'basis', 'funding', 'binary-intra', 'binary-complement', 'multi-outcome'];

/** One `watch` session as any front end asks for it (the CLI's TUI or NDJSON, `serve`); durations in ms. */
export interface WatchRequest extends Filters {
  market: (typeof WATCH_MARKETS)[number];
  feed: 'books' | 'tops';
  record?: boolean;
  /** Where --record writes: sqlite:<path>, a path, or clickhouse://… (else --db / ARBLENS_STORE). */
  store?: string;
  /** nats://…: also publish quotes, opportunity events and venue states there (JetStream). */
  publish?: string;
  /** nats://…: read quotes from that bus instead of the venues. */
  source?: string;
  replay?: string;
  speed: number;
  demo?: boolean;
  alertNet?: number;
  /** --alert-profit: notify when net profit (valuation currency) ≥ this. */
  alertProfit?: number;
  /** --notify targets (kind:rest) and --notify-secret; see app/notify. */
  notify?: string[];
  notifySecret?: string;
  cooldown: number;
  tick: number;
  stallTimeout: number;
  fundingPoll: number;
}

export interface WatchIo {
  /** Warnings (a venue's list failed, a quote was dropped …). */
  warn(message: string): void;
  /** Where NDJSON events go, when the session writes NDJSON. */
  readonly ndjson?: (text: string) => void;
  /** A remark for a person (where the recording goes). */
  note?(message: string): void;
}

/** A session ready to run: the pipeline, its alerts, and a label for a header. */
export interface WatchSession {
  readonly pipeline: WatchPipeline;
  readonly alerts: AlertTracker;
  readonly label: string;
  /** The --notify sink, when targets were given (serve reports its queues' totals as metrics). */
  readonly notify?: NotifySink;
}

/**
 * Opens the sources (demo, replay or live venues), builds the engines, the sinks (NDJSON,
 * recorder) and the pipeline. The caller runs it (`pipeline.run()` or a TUI) and stops it.
 * Returns an exit code instead when there is nothing to watch.
 */
export async function openWatch(o: WatchRequest, symbols: readonly string[] | undefined, io: WatchIo): Promise<WatchSession | { readonly exitCode: number; readonly message: string }> {
  const warn = io.warn;
  // Notify targets are checked before any feed opens (a bad one is a usage error).
  const notify = o.notify?.length ? (await import('../notify/open.js')).openNotify(o, warn) : undefined;
  const markets = new Set<MarketType>(o.market === 'all' ? ['spot', 'perp'] : o.market === 'prediction' ? ['binary'] : [o.market]);
  const { openSources } = await import('./sources.js');
  const sources = await openSources({
    venues: o.venues?.map((v) => v.toLowerCase()),
    symbols,
    markets,
    depth: o.depth,
    feed: o.feed,
    survival: { backoffBaseMs: 500, backoffMaxMs: 30_000, noMessageMs: o.stallTimeout, connectTimeoutMs: 10_000 },
    demo: o.demo,
    replay: o.replay,
    source: o.source,
    speed: o.speed,
    fundingPollMs: o.kinds && !o.kinds.includes('funding') ? 0 : o.fundingPoll,
  });
  if (sources.streams.length === 0) {
    for (const d of sources.declared) warn(`${d.venue}: ${d.message}`);
    return { exitCode: EXIT.usage, message: 'no venue to watch — check --venues and --market (`arblens venues` lists them)' };
  }

  const { OpportunityEngine } = await import('../../engine/engine.js');
  const { WatchPipeline } = await import('./pipeline.js');
  const { AlertTracker } = await import('./alerts.js');
  const { replayFee } = await import('./replay.js');
  const byVenue = new Map(sources.streams.map((s) => [s.venue, s]));
  const { watchEngine } = await import('../../engine/watch-engine.js');
  const { Valuation } = await import('../../engine/valuation.js');
  const valuation = new Valuation(o.valueIn ?? 'USD', o.fx);
  // Crypto pairs in the OpportunityEngine; prediction books in a BinaryEngine over the markets loaded at start.
  const engine = watchEngine(
    new OpportunityEngine({
      fees: (venue, market, symbol) => (byVenue.get(venue) ?? { fee: (m: MarketType) => replayFee(venue, m) }).fee(market, symbol),
      marketLimits: (venue, market, symbol) => byVenue.get(venue)?.limits?.(market, symbol),
      limits: o.maxNotional !== undefined ? { maxNotional: o.maxNotional } : undefined,
      maxPlausiblePct: o.maxSpread,
      fundingHorizonHours: o.fundingHorizon / MS_PER_HOUR,
      kinds: o.kinds ? new Set(o.kinds) : undefined,
      valuation,
    }),
    sources.prediction,
    { kinds: o.kinds ? new Set(o.kinds) : undefined, limits: o.maxNotional !== undefined ? { maxCost: o.maxNotional } : undefined, warn, valuation },
  );
  const clock = sources.clock ?? Date.now;
  const alerts = new AlertTracker(o.alertNet, o.cooldown);
  const sinks: WatchSink[] = notify ? [notify] : [];
  if (io.ndjson) {
    const { NdjsonSink } = await import('./ndjson-sink.js');
    sinks.push(new NdjsonSink(io.ndjson, (opp, now) => alerts.ring(opp, now)));
  }
  if (o.record) {
    const { openHistoryStore, resolveStore } = await import('../store-url.js');
    const { BatchRecorder } = await import('./recorder.js');
    const store = await openHistoryStore(resolveStore(o), { warn });
    sinks.push(new BatchRecorder(store, { flushMs: 500, maxBuffered: 200_000, gapMs: Math.max(2000, o.maxAge), withDepth: o.feed === 'books', clock, warn }));
    // The recorder hands its last batch over on close; a server store is done once it is sent.
    if (store.kind !== 'sqlite') sinks.push({ close: () => store.close() });
    io.note?.(`recording to ${store.path}`);
  }
  if (o.publish) {
    const { openPublisher } = await import('../bus/open.js');
    const pub = await openPublisher(o.publish, '--publish', warn);
    sinks.push(pub.sink);
    io.note?.(`publishing to ${pub.display} (JetStream stream ${pub.stream})`);
  }
  const pipeline = new WatchPipeline({
    engine,
    streams: [...sources.streams, ...sources.pollers],
    rank: { minNetPct: o.minNet, minProfit: o.minProfit, minSize: o.minSize, sort: o.sort },
    maxAgeMs: o.maxAge,
    top: o.top,
    tickMs: o.tick,
    clock,
    sinks,
  });
  const now = clock();
  for (const d of sources.declared) {
    pipeline.stats.declare(d.venue, d.state, d.message, now);
    for (const s of sinks) s.onVenueStatus?.({ type: 'status', venue: d.venue, state: d.state, message: d.message, localTs: now });
  }

  return { pipeline, alerts, label: sources.label, notify };
}
