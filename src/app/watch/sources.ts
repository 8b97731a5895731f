import type { MarketEvent, MarketType } from '../../core/types.js';
import type { BinaryFeeModel, PredictionMarket } from '../../core/prediction.js';
import { describeError, UsageError } from '../../core/errors.js';
import { didYouMean } from '../../core/suggest.js';
import { expandSymbols } from '../../core/symbols.js';
import { suggestion } from '../../core/suggest.js';
import type { SurvivalOptions } from '../../venues/transport/backoff.js';
import type { VenueDescriptor } from '../../venues/types.js';
import type { ArblensConfig } from '../config.js';
import type { VenueStream } from '../../venues/types.js';
import type { PredictionFollow } from './prediction-follow.js';

/** Venues that are listed in the status panel but not streamed, with why. */
export interface Declared {
  readonly venue: string;
  readonly state: 'not-configured' | 'retired' | 'error';
  readonly message: string;
}

export interface Sources {
  readonly streams: VenueStream[];
  /** Funding-rate pollers of live perp venues (REST), merged into the same pipeline. */
  readonly pollers: AsyncIterable<MarketEvent>[];
  readonly declared: Declared[];
  /** Virtual clock for replay; undefined means wall time. */
  readonly clock?: () => number;
  readonly label: string;
  /** Prediction markets followed live, with metadata and fees for the binary engine. */
  readonly prediction?: PredictionFollow;
}

export interface SourceRequest {
  readonly venues?: readonly string[];
  readonly symbols?: readonly string[];
  readonly markets: ReadonlySet<MarketType>;
  readonly depth: number;
  readonly feed: 'books' | 'tops';
  readonly survival: SurvivalOptions;
  readonly demo?: boolean;
  readonly replay?: string;
  /** nats://…: the live stream another `watch --publish` puts on NATS, instead of the venues. */
  readonly source?: string;
  readonly speed: number;
  /** Funding poll period for live perps; 0 turns polling off. */
  readonly fundingPollMs: number;
  /** Deadline for loading each prediction venue's market list at start (default 20 s). */
  readonly catalogueTimeoutMs?: number;
}

/** The most traded pairs: what `watch` follows when --symbols is not given. */
export const DEFAULT_WATCH_SYMBOLS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'BNB', 'ADA', 'AVAX', 'LINK', 'LTC'].map((b) => `${b}/USDT`);

/** Builds the event sources for --demo, --replay or live venues; validates names before any I/O. */
export async function openSources(r: SourceRequest): Promise<Sources> {
  if (r.demo && (await wantsPredictionDemo(r))) return openPredictionDemo(r);
  if (r.demo) {
    const { demoStreams } = await import('../../venues/demo/stream.js');
    const { loadDemoFile } = await import('../../venues/demo/crypto.js');
    const ids = [...new Set(loadDemoFile().quotes.map((q) => q.venue))];
    for (const v of r.venues ?? []) {
      if (!ids.includes(v)) {
        const guess = didYouMean(v, ids);
        throw new UsageError(`--venues: '${v}' is not in the demo data (${ids.join(', ')})${guess ? ` — did you mean '${guess}'?` : ''}`);
      }
    }
    const streams = demoStreams({ venues: r.venues, symbols: r.symbols, markets: r.markets });
    if (streams.length === 0) throw new UsageError('--symbols: none of these symbols is in the demo data — try BTC/USDT or ETH/USDT');
    return { streams, pollers: [], declared: [], label: 'DEMO · simulated feed from data/demo (synthetic)' };
  }
  if (r.source) {
    const { openBusSource } = await import('../bus/open.js');
    const { replayFee } = await import('./replay.js');
    const bus = await openBusSource(r.source, '--source', { venues: r.venues, symbols: r.symbols, fee: (m) => replayFee('nats', m) });
    return { streams: [bus.stream], pollers: [], declared: [], label: `BUS ${bus.display}` };
  }
  if (r.replay) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(r.replay)) throw new UsageError(`--replay: no store at '${r.replay}' — record one with \`arblens watch --record\` (or pass --db's path)`);
    const { SqliteStore } = await import('../../store/sqlite.js');
    const { replayStream } = await import('./replay.js');
    const store = new SqliteStore(r.replay, { readonly: true });
    const rep = replayStream(store, { speed: r.speed, query: { venues: r.venues, symbols: r.symbols } });
    return { streams: [rep.stream], pollers: [], declared: [], clock: rep.clock, label: `REPLAY ${r.replay} at ${Number.isFinite(r.speed) ? r.speed + '×' : 'max speed'}` };
  }
  const { configureVenues, selectVenues } = await import('../select-venues.js');
  const { loadConfig } = await import('../config.js');
  const named = r.venues && r.venues.length > 0;
  const sel = selectVenues(r.venues, new Set(named ? ['crypto', 'prediction'] : ['crypto']));
  const declared: Declared[] = sel.skipped.map((s) => ({ venue: s.id, state: 'retired', message: s.reason }));
  const cfg = loadConfig();
  const streams: VenueStream[] = [];
  const pollers: AsyncIterable<MarketEvent>[] = [];
  const { fundingPoller } = await import('./funding-poller.js');
  const symbols = r.symbols ?? DEFAULT_WATCH_SYMBOLS;
  // Prediction venues follow market / token ids (--symbols entries without a '/').
  const marketsOf = (d: VenueDescriptor) => (d.kind === 'prediction' ? new Set<MarketType>(['binary']) : new Set([...r.markets].filter((m) => d.markets.includes(m))));
  const { ready, notConfigured } = configureVenues(sel.active.filter((d) => marketsOf(d).size > 0), cfg);
  declared.push(...notConfigured.map((n): Declared => ({ venue: n.id, state: 'not-configured', message: n.reason })));
  const predictionPlan = await followPredictionVenues(ready.map((x) => x.descriptor).filter((d) => d.kind === 'prediction' && d.stream !== undefined), r, cfg);
  for (const { descriptor: d, config } of ready) {
    const prediction = d.kind === 'prediction';
    const markets = marketsOf(d);
    if (!d.stream) {
      declared.push({ venue: d.id, state: 'not-configured', message: 'no live stream for this venue yet (use `arblens scan`)' });
      continue;
    }
    const plan = prediction ? predictionPlan?.byVenue.get(d.id) : undefined;
    const ids = prediction ? plan?.symbols ?? [] : expandSymbols(symbols, markets);
    if (ids.length === 0) {
      declared.push({ venue: d.id, state: 'not-configured', message: prediction ? 'name the markets to follow: --symbols <market ids, tickers or token ids> (or confirm pairs with `arblens match --accept`)' : 'no symbol for the selected markets' });
      continue;
    }
    let s: VenueStream | undefined;
    try {
      s = await d.stream({ config, symbols: ids, markets, depth: r.depth, feed: r.feed, survival: r.survival, now: Date.now });
    } catch (err) {
      // A venue that cannot even open (bad credentials, a missing ccxt class) is that venue's
      // status, reported once on its row; the others stream on.
      declared.push({ venue: d.id, state: 'error', message: describeError(err) });
      continue;
    }
    if (s && plan?.remark) s = withRemark(s, plan.remark);
    if (s) streams.push(s);
    const perps = ids.filter((id) => id.includes(':'));
    if (s && !prediction && perps.length > 0 && r.fundingPollMs > 0) {
      pollers.push(fundingPoller(() => d.create({ config, timeoutMs: 10_000, now: Date.now }), { symbols: perps, intervalMs: r.fundingPollMs, timeoutMs: 10_000 }));
    }
  }
  return { streams, pollers, declared, label: 'LIVE', prediction: predictionPlan };
}

/** Market lists of the streamed prediction venues, loaded once (see prediction-follow.ts). */
async function followPredictionVenues(venues: readonly VenueDescriptor[], r: SourceRequest, cfg: ArblensConfig): Promise<PredictionFollow | undefined> {
  if (venues.length === 0) return undefined;
  const { loadPairs, pairsPath, toLinks } = await import('../pairs-file.js');
  const { venueConfig } = await import('../config.js');
  const { followPrediction } = await import('./prediction-follow.js');
  const ids = (r.symbols ?? []).filter((s) => !s.includes('/'));
  const pairs = toLinks(loadPairs(pairsPath()));
  if (ids.length === 0 && pairs.length === 0) return undefined;
  return followPrediction({ venues: venues.map((d) => ({ descriptor: d, config: venueConfig(d.id, cfg) })), ids, pairs, timeoutMs: r.catalogueTimeoutMs ?? 20_000, now: Date.now });
}

/** Keeps a remark (market list failed …) on the venue's row: added to its plain `connected` events. */
function withRemark(s: VenueStream, remark: string): VenueStream {
  return {
    venue: s.venue,
    fee: (m, symbol) => s.fee(m, symbol),
    close: () => s.close(),
    [Symbol.asyncIterator]() {
      // A plain iterator, not an async generator: a generator's return() would wait for the
      // pending next(), so stopping would hang until the feed's next message.
      const it = s[Symbol.asyncIterator]();
      return {
        next: async () => {
          const r = await it.next();
          const e = r.value as MarketEvent | undefined;
          return !r.done && e?.type === 'status' && e.state === 'connected' && !e.message ? { done: false, value: { ...e, message: remark } } : r;
        },
        return: async () => (it.return ? it.return() : { done: true, value: undefined }),
      };
    },
  };
}

/** `--market prediction`, or --venues naming only prediction venues of the demo sample. */
async function wantsPredictionDemo(r: SourceRequest): Promise<boolean> {
  if (r.markets.has('binary')) return true;
  if (!r.venues || r.venues.length === 0) return false;
  const { loadPredictionDemo } = await import('../../venues/demo/prediction.js');
  const ids = new Set(loadPredictionDemo().markets.map((m) => m.venue));
  return r.venues.every((v) => ids.has(v));
}

/**
 * The offline prediction feed: simulated books over data/demo/prediction.json, and the markets,
 * per-market fee models and confirmed pairs of the sample as the binary engine's universe.
 */
async function openPredictionDemo(r: SourceRequest): Promise<Sources> {
  const { loadPredictionDemo, predictionDemoVenues } = await import('../../venues/demo/prediction.js');
  const { predictionDemoStreams } = await import('../../venues/demo/prediction-stream.js');
  const { toLinks } = await import('../pairs-file.js');
  const { marketKey } = await import('../../core/prediction.js');
  const file = loadPredictionDemo();
  const ids = [...new Set(file.markets.map((m) => m.venue))];
  for (const v of r.venues ?? []) {
    if (!ids.includes(v)) throw new UsageError(`--venues: '${v}' is not in the prediction demo data (${ids.join(', ')})${suggestion(v, ids)}`);
  }
  const venues = predictionDemoVenues(Date.now(), file).filter((a) => !r.venues || r.venues.includes(a.id));
  const markets: PredictionMarket[] = [];
  const fees = new Map<string, BinaryFeeModel>();
  for (const a of venues) {
    for (const m of (await a.catalogue({ signal: AbortSignal.timeout(5000) })).markets) {
      markets.push(m);
      fees.set(marketKey(m.venue, m.id), a.marketFee(m.id));
    }
  }
  const followed = new Set(markets.map((m) => marketKey(m.venue, m.id)));
  const pairs = toLinks(file.pairs).filter((p) => followed.has(marketKey(p.a.venue, p.a.id)) && followed.has(marketKey(p.b.venue, p.b.id)));
  return {
    streams: predictionDemoStreams({ venues: venues.map((a) => a.id) }, file),
    pollers: [],
    declared: [],
    label: 'DEMO · simulated prediction feed from data/demo (synthetic)',
    prediction: { byVenue: new Map(), markets, fees, pairs },
  };
}
