// ccxt.pro manual: https://docs.ccxt.com/#/ccxt.pro.manual — watchOrderBookForSymbols,
// watchOrderBook, watchBidsAsks, watchTickers; `exchange.has` says which ones a venue supports.
import { ccxtFetch } from '../transport/bounded-fetch.js';
import type { BookLevel, FeeModel, MarketEvent, MarketType, Quote, VenueStatusEvent } from '../../core/types.js';
import { backoffDelay, cancellableSleep } from '../transport/backoff.js';
import { marketLimits, tickerToQuote, type CcxtMarket, type CcxtTicker } from './convert.js';
import { EventQueue } from '../transport/event-queue.js';
import type { StreamContext, VenueStream } from '../types.js';
import type { VenueDescriptor } from '../types.js';
import { rebaseUrls } from '../transport/rebase-urls.js';
import { describeError } from '../../core/errors.js';
import { resolveFee } from '../fees.js';
import { FeedHealth } from '../transport/feed-health.js';

/** Which ccxt class serves each market of a venue (mirrors the REST registry entries). */
export interface CcxtStreamSpec {
  readonly id: string;
  readonly spot?: string;
  readonly perp?: string;
  readonly options?: Record<string, unknown>;
  /** Options for one ccxt class only (as in the REST spec). */
  readonly classOptions?: Readonly<Record<string, Record<string, unknown>>>;
  readonly defaultFees: VenueDescriptor['defaultFees'];
}

export interface ProBook {
  symbol: string;
  bids: number[][];
  asks: number[][];
  timestamp?: number;
  /** Venue sequence number of the last applied update (where the venue sends one). */
  nonce?: number;
}
/** A ccxt.pro ticker has the REST ticker's shape. */
export type ProTicker = CcxtTicker;
export interface ProClient {
  onError(e: Error): void;
  close(): unknown;
}
/** The slice of a ccxt.pro exchange this file uses. */
export interface ProExchange {
  id: string;
  has: Record<string, unknown>;
  urls: { api?: unknown; [k: string]: unknown };
  markets?: Record<string, CcxtMarket>;
  precisionMode?: number;
  clients: Record<string, ProClient>;
  bidsasks?: Record<string, ProTicker>;
  /** ccxt's live books, updated in place. */
  orderbooks?: Record<string, ProBook>;
  tickers?: Record<string, ProTicker>;
  loadMarkets(): Promise<unknown>;
  /** ccxt calls this instead of the platform fetch when set (see ccxtFetch). */
  fetchImplementation?: unknown;
  loadHttpProxyAgent?(): Promise<unknown>;
  handleMessage(client: unknown, message: unknown): unknown;
  log?: (...args: unknown[]) => void;
  watchOrderBookForSymbols?(symbols: string[], limit?: number): Promise<ProBook>;
  watchOrderBook?(symbol: string, limit?: number): Promise<ProBook>;
  watchBidsAsks?(symbols: string[]): Promise<Record<string, ProTicker>>;
  watchTickers?(symbols: string[]): Promise<Record<string, ProTicker>>;
  close(): Promise<unknown>;
}

export type ProFactory = (exchangeId: string, options: Record<string, unknown>) => Promise<ProExchange>;

/** ccxt is ~0.45 s to import: only when a live crypto venue is streamed. */
const defaultFactory: ProFactory = async (exchangeId, options) => {
  const mod = (await import('ccxt')) as unknown as { default?: { pro: Record<string, unknown> }; pro?: Record<string, unknown> };
  const pro = (mod.default ?? mod).pro as Record<string, new (cfg: Record<string, unknown>) => ProExchange>;
  const Cls = pro?.[exchangeId];
  if (!Cls) throw new Error(`this ccxt release has no ccxt.pro exchange '${exchangeId}'`);
  return new Cls(options);
};

type Method = 'watchOrderBookForSymbols' | 'watchOrderBook' | 'watchBidsAsks' | 'watchTickers';

/** The first streaming method the venue has, in the order the requested feed prefers. */
export function pickMethod(has: Record<string, unknown>, feed: 'books' | 'tops'): Method | undefined {
  const books: Method[] = ['watchOrderBookForSymbols', 'watchOrderBook'];
  const tops: Method[] = ['watchBidsAsks', 'watchTickers'];
  return (feed === 'books' ? [...books, ...tops] : [...tops, ...books]).find((m) => has[m] === true || has[m] === 'emulated');
}

export const marketOf = (symbol: string): MarketType => (symbol.includes(':') ? 'perp' : 'spot');

/**
 * A venue's live stream through ccxt.pro. One ccxt instance per ccxt class (binance spot and
 * perps share one), one watch loop per instance; a loop that fails backs off and retries, and
 * ccxt resubscribes on the new socket. A watchdog forces a reconnect when nothing arrives for
 * `noMessageMs`. Frames ccxt could not parse are dropped and counted.
 */
export function ccxtStream(spec: CcxtStreamSpec, ctx: StreamContext, factory: ProFactory = defaultFactory): VenueStream {
  const exchanges = new Set<ProExchange>();
  const sleeps = new Set<{ cancel: () => void }>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const byMarket = new Map<MarketType, ProExchange>();

  const close = async () => {
    closed = true;
    for (const s of sleeps) s.cancel();
    for (const t of timers) clearInterval(t);
    await Promise.all([...exchanges].map((ex) => ex.close().catch(() => undefined)));
  };
  const queue = new EventQueue<MarketEvent>(close);
  const status = (state: VenueStatusEvent['state'], message?: string) =>
    queue.push({ type: 'status', venue: spec.id, state, message, localTs: ctx.now() });
  const sleep = async (ms: number) => {
    const s = cancellableSleep(ms);
    sleeps.add(s);
    await s.done;
    sleeps.delete(s);
  };

  const groups = new Map<string, { markets: MarketType[]; symbols: string[] }>();
  for (const m of ctx.markets) {
    const exId = m === 'spot' ? spec.spot : m === 'perp' ? spec.perp : undefined;
    if (!exId) continue;
    const symbols = ctx.symbols.filter((s) => marketOf(s) === m);
    if (!symbols.length) continue;
    const g = groups.get(exId) ?? { markets: [], symbols: [] };
    g.markets.push(m);
    g.symbols.push(...symbols);
    groups.set(exId, g);
  }

  const runGroup = async (exId: string, g: { markets: MarketType[]; symbols: string[] }) => {
    const ex = await factory(exId, {
      enableRateLimit: true,
      timeout: ctx.survival.connectTimeoutMs,
      apiKey: ctx.config.apiKey,
      secret: ctx.config.secret,
      password: ctx.config.password,
      options: { ...(spec.options ?? {}), ...(spec.classOptions?.[exId] ?? {}) },
    });
    // REST calls (market lists, book snapshots) through our fetch: deadlines that abort the
    // request, body included, and a size cap (ccxt's own timer stops at the response head).
    ex.fetchImplementation = ccxtFetch({ venue: spec.id, timeoutMs: ctx.survival.connectTimeoutMs });
    exchanges.add(ex);
    if (closed) return void (await ex.close().catch(() => undefined));
    for (const m of g.markets) byMarket.set(m, ex);
    configure(ex, ctx);
    // ccxt.pro refuses ws:// URLs until its proxy agent module is loaded.
    await ex.loadHttpProxyAgent?.();
    const tracker = new Tracker(ctx.now, status);
    countGarbage(ex, tracker);
    tracker.set('connecting');
    for (let attempt = 0; !closed && !ex.markets; attempt++) {
      try {
        await ex.loadMarkets();
      } catch (err) {
        if (closed) return;
        tracker.set('reconnecting', `markets unavailable (${describeError(err)})`);
        await sleep(backoffDelay(attempt, ctx.survival));
      }
    }
    if (closed) return;
    const known = g.symbols.filter((s) => ex.markets?.[s]);
    const unknown = g.symbols.filter((s) => !ex.markets?.[s]);
    if (unknown.length) tracker.note(`not listed here, skipped: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (+${unknown.length - 5})` : ''}`);
    if (!known.length) return tracker.set('error', 'none of the requested symbols is listed');
    const method = pickMethod(ex.has, ctx.feed);
    if (!method) return tracker.set('error', `${exId} has no websocket market-data method in this ccxt release`);

    tracker.health.onMessage();
    const watchdog = setInterval(() => {
      if (closed || tracker.state !== 'connected') return;
      const stale = tracker.health.staleness(ctx.survival);
      if (stale) {
        tracker.set('stale', stale);
        dropClients(ex);
      }
    }, FeedHealth.checkEveryMs(ctx.survival));
    timers.add(watchdog);

    const loop = async (watch: () => Promise<void>) => {
      let attempt = 0;
      while (!closed) {
        try {
          await watch();
          tracker.health.onMessage();
          if (tracker.state !== 'connected') tracker.set('connected');
          attempt = 0;
        } catch (err) {
          if (closed) return;
          tracker.set('reconnecting', describeError(err));
          tracker.health.onMessage();
          await sleep(backoffDelay(attempt++, ctx.survival));
        }
      }
    };
    const pushBook = (b: ProBook) => {
      const now = ctx.now();
      const q = bookQuote(spec.id, b, ctx.depth, now);
      if (q) queue.push(q);
    };
    // watchOrderBookForSymbols resolves with the book of the burst's first frame; ccxt applies
    // the rest to its books in place. After a burst, every other book that moved goes out too
    // (a moved book: new sequence number, time or top of book).
    const bookMark = new Map<string, BookMark>();
    const pushBooks = (b: ProBook) => {
      pushBook(b);
      if (b?.symbol) bookMark.set(b.symbol, markOf(b));
      if (tracker.frames > 1 && ex.orderbooks) {
        for (const s of known) {
          const ob = ex.orderbooks[s];
          if (!ob || s === b?.symbol) continue;
          const m = markOf(ob);
          const prev = bookMark.get(s);
          // A book not pushed yet counts once it is synced (a sequence or a time, both sides).
          if (prev ? sameMark(prev, m) : (m[0] === undefined && m[1] === undefined) || !ob.bids?.length || !ob.asks?.length) continue;
          bookMark.set(s, m);
          pushBook(ob);
        }
      }
      tracker.frames = 0;
    };
    const sent = new Map<string, ProTicker>();
    const pushTicker = (s: string, t: ProTicker, now: number) => {
      sent.set(s, t);
      // A missing size stays 0: the engine's guards refuse it (no book will replace it here).
      const q = tickerToQuote(spec.id, marketOf(t.symbol), t, now, 1, 0);
      if (q) queue.push(q);
    };
    const pushTickers = (r: Record<string, ProTicker>, cache?: Record<string, ProTicker>) => {
      const now = ctx.now();
      // ccxt conflates: the cache holds the newest state of each symbol the call returned.
      const woke = Object.keys(r);
      for (const s of woke) pushTicker(s, cache?.[s] ?? r[s], now);
      // ccxt resolves a watch with the first frame of a burst (one socket read) and only caches
      // the rest: after a burst, every other symbol whose cached ticker changed goes out too
      // (ccxt stores a new ticker object per frame), or it would wait for its own next wake-up.
      if (cache && tracker.frames > woke.length) {
        for (const s of known) {
          const t = cache[s];
          if (t !== undefined && t !== sent.get(s) && !(s in r)) pushTicker(s, t, now);
        }
      }
      tracker.frames = 0;
    };
    if (method === 'watchOrderBook') {
      await Promise.all(known.map((s) => loop(async () => pushBook(await ex.watchOrderBook!(s, ctx.depth)))));
    } else if (method === 'watchOrderBookForSymbols') {
      await loop(async () => pushBooks(await ex.watchOrderBookForSymbols!(known, ctx.depth)));
    } else if (method === 'watchBidsAsks') {
      await loop(async () => pushTickers(await ex.watchBidsAsks!(known), ex.bidsasks));
    } else {
      await loop(async () => pushTickers(await ex.watchTickers!(known), ex.tickers));
    }
  };

  void Promise.all(
    [...groups].map(([exId, g]) =>
      runGroup(exId, g).catch((err) => {
        if (!closed) status('error', describeError(err));
      }),
    ),
  ).then(() => queue.end());

  return {
    venue: spec.id,
    fee(market: MarketType): FeeModel {
      return resolveFee(spec.defaultFees, market, ctx.config);
    },
    limits(market: MarketType, symbol: string) {
      const ex = byMarket.get(market);
      return marketLimits(ex?.markets?.[symbol], ex?.precisionMode);
    },
    close: async () => void (await queue.return()),
    [Symbol.asyncIterator]: () => queue,
  };
}

/** Connection state of one ccxt instance; emits a status event only when something changes. */
class Tracker {
  state: VenueStatusEvent['state'] = 'connecting';
  readonly health: FeedHealth;
  /** Frames ccxt handled since the stream last woke up (more than one: a conflated burst). */
  frames = 0;
  constructor(now: () => number, private readonly emit: (s: VenueStatusEvent['state'], m?: string) => void) {
    this.health = new FeedHealth(now);
  }
  set(state: VenueStatusEvent['state'], message?: string): void {
    if (state === this.state && message === undefined && state !== 'connecting') return;
    this.state = state;
    this.emit(state, message);
  }
  /** A remark that leaves the state as it is (skipped symbols, garbage counts). */
  note(message: string): void {
    this.emit(this.state, message);
  }
  onGarbage(): void {
    const remark = this.health.onGarbage();
    if (remark) this.note(remark);
  }
}

/** REST and websocket URL overrides from VenueConfig (`ARBLENS_<VENUE>_URL`, `_WS_URL`). */
function configure(ex: ProExchange, ctx: StreamContext): void {
  // ccxt logs unparsable frames with console.log, i.e. onto stdout, which belongs to the data
  // (NDJSON) — they are counted and reported as status events instead.
  ex.log = () => undefined;
  const api = ex.urls.api as Record<string, unknown> | undefined;
  if (!api || typeof api !== 'object') return;
  const ws = api.ws;
  if (ctx.config.url) {
    const rest = rebaseUrls({ ...api, ws: undefined }, ctx.config.url) as Record<string, unknown>;
    ex.urls.api = { ...rest, ws };
  }
  if (ctx.config.wsUrl && ws !== undefined) (ex.urls.api as Record<string, unknown>).ws = rebaseUrls(ws, ctx.config.wsUrl);
}

/** Frames ccxt could not JSON-parse reach handleMessage as strings: drop and count them. */
function countGarbage(ex: ProExchange, t: Tracker): void {
  const original = ex.handleMessage.bind(ex);
  ex.handleMessage = (client: unknown, message: unknown) => {
    if (message === null || typeof message !== 'object') return t.onGarbage();
    t.frames++;
    try {
      return original(client, message);
    } catch {
      return t.onGarbage();
    }
  };
}

/** Fails every open socket of an instance: pending watches reject, the loops back off and reconnect. */
function dropClients(ex: ProExchange): void {
  for (const c of Object.values(ex.clients ?? {})) {
    try {
      c.onError(new Error('no message within the no-message timeout'));
      c.close();
    } catch {
      /* already closed */
    }
  }
}

/** What tells a moved book from an unchanged one without copying it. */
type BookMark = readonly [nonce: unknown, ts: unknown, bid: unknown, bidSize: unknown, ask: unknown, askSize: unknown];
const markOf = (b: ProBook): BookMark => [b.nonce, b.timestamp, b.bids?.[0]?.[0], b.bids?.[0]?.[1], b.asks?.[0]?.[0], b.asks?.[0]?.[1]];
const sameMark = (a: BookMark, b: BookMark): boolean => a.every((v, i) => v === b[i]);

function levels(raw: number[][], depth: number): BookLevel[] {
  const n = Math.min(raw.length, depth);
  const out: BookLevel[] = new Array(n);
  // Copy: ccxt mutates its book arrays in place on the next delta.
  for (let i = 0; i < n; i++) out[i] = [+raw[i][0], +raw[i][1]];
  return out;
}

export function bookQuote(venue: string, b: ProBook, depth: number, now: number): Quote | undefined {
  if (!b?.symbol || !Array.isArray(b.bids) || !Array.isArray(b.asks)) return undefined;
  return { type: 'quote', venue, symbol: b.symbol, market: marketOf(b.symbol), bids: levels(b.bids, depth), asks: levels(b.asks, depth), venueTs: b.timestamp ?? now, localTs: now };
}

