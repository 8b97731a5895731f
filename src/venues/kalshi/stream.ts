// Kalshi websocket v2: https://docs.kalshi.com/websockets/websocket-connection
// Signed handshake: KALSHI-ACCESS-KEY, KALSHI-ACCESS-TIMESTAMP (ms), KALSHI-ACCESS-SIGNATURE =
// base64 RSA-PSS SHA-256 over timestamp + "GET" + path. Channel `orderbook_delta`: an
// `orderbook_snapshot`, then `orderbook_delta` messages numbered by `seq` per subscription (`sid`);
// a gap means a missed delta, so the book is rebuilt from a fresh snapshot.
import { constants, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { BookLevel, MarketEvent, MarketType, Quote } from '../../core/types.js';
import type { FeeModel } from '../../core/types.js';
import { kalshiFee } from './rest.js';
import type { StreamContext, VenueStream } from '../types.js';
import { wsFeed, type FrameResult, type WsProtocol } from '../transport/ws-feed.js';
import { rebaseUrls } from '../transport/rebase-urls.js';
import { EventQueue } from '../transport/event-queue.js';
import { num as numOrUndefined } from '../../core/json.js';
import { VenueError } from '../../core/errors.js';

export const KALSHI_WS_URL = 'wss://api.elections.kalshi.com/trade-api/ws/v2';

/** The three handshake headers for `path` at `ts` (ms). */
export function kalshiHeaders(keyId: string, key: KeyObject, path: string, ts: number): Record<string, string> {
  const sig = sign('sha256', Buffer.from(`${ts}GET${path}`), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  return { 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-TIMESTAMP': String(ts), 'KALSHI-ACCESS-SIGNATURE': sig.toString('base64') };
}

/** The private key from `secret`: PEM text, or the path of a PEM file. */
export function loadKey(secret: string): KeyObject {
  const pem = secret.includes('-----BEGIN') ? secret : existsSync(secret) ? readFileSync(secret, 'utf8') : undefined;
  if (!pem) throw new VenueError('kalshi', 'ARBLENS_KALSHI_SECRET must be the RSA private key (PEM) or the path of its file', undefined, 'config');
  return createPrivateKey(pem);
}

/** Why the key is unusable, in one line that never quotes the key itself. */
function keyProblem(err: unknown): string {
  if (err instanceof VenueError) return err.detail;
  const why = String((err as Error)?.message ?? err).split('\n')[0].slice(0, 120);
  return `ARBLENS_KALSHI_SECRET is not a usable RSA private key (${why}) — set it to the key's PEM text or the path of its .pem file`;
}

interface Book {
  readonly yes: Map<number, number>;
  readonly no: Map<number, number>;
}

/** Kalshi order books for `ctx.symbols` (market tickers); emits `<ticker>:YES` and `<ticker>:NO` quotes. */
export function kalshiStream(ctx: StreamContext): VenueStream {
  const tickers = [...new Set(ctx.symbols.map((s) => s.replace(/:(YES|NO)$/, '')))];
  const fee = (_m: MarketType): FeeModel => kalshiFee(1);
  if (!ctx.config.apiKey || !ctx.config.secret) {
    // The order-book channel is private: without a key there is nothing to stream.
    const q = new EventQueue<MarketEvent>();
    q.push({ type: 'status', venue: 'kalshi', state: 'not-configured', message: 'the order-book channel needs an API key: set ARBLENS_KALSHI_API_KEY and ARBLENS_KALSHI_SECRET (RSA private key PEM or its path)', localTs: ctx.now() });
    q.end();
    return { venue: 'kalshi', fee, close: async () => void (await q.return()), [Symbol.asyncIterator]: () => q };
  }
  let key: KeyObject;
  try {
    key = loadKey(String(ctx.config.secret));
  } catch (err) {
    // Bad credentials are this venue's error, reported once on its row; the others stream on.
    const q = new EventQueue<MarketEvent>();
    q.push({ type: 'status', venue: 'kalshi', state: 'error', message: keyProblem(err), localTs: ctx.now() });
    q.end();
    return { venue: 'kalshi', fee, close: async () => void (await q.return()), [Symbol.asyncIterator]: () => q };
  }
  const url = String(ctx.config.wsUrl ? rebaseUrls(KALSHI_WS_URL, ctx.config.wsUrl) : KALSHI_WS_URL);
  const books = new Map<string, Book>();
  const seqs = new Map<number, number>();
  let id = 0;
  const protocol: WsProtocol = {
    venue: 'kalshi',
    url: () => url,
    headers: () => kalshiHeaders(String(ctx.config.apiKey), key, new URL(url).pathname, Date.now()),
    onOpen(send) {
      books.clear();
      seqs.clear();
      send(JSON.stringify({ id: ++id, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: tickers } }));
    },
    onFrame: (text, now) => parseKalshiFrame(text, now, books, seqs, ctx.depth),
    onHeartbeat: (now) => [...books].flatMap(([ticker, b]) => quotes(ticker, b, ctx.depth, now)),
  };
  const queue = wsFeed(protocol, ctx.survival, ctx.now);
  return { venue: 'kalshi', fee, close: async () => void (await queue.return()), [Symbol.asyncIterator]: () => queue };
}

/** Payload numbers as core reads them; NaN (refused by the book's guards) when absent. */
const num = (v: unknown): number => numOrUndefined(v) ?? NaN;

/** Levels of a snapshot side: dollar strings (`yes_dollars_fp` / `yes_dollars`) or legacy cents (`yes`). */
function side(msg: Record<string, unknown>, name: 'yes' | 'no'): Map<number, number> | undefined {
  const dollars = msg[`${name}_dollars_fp`] ?? msg[`${name}_dollars`];
  const cents = msg[name];
  const raw = dollars ?? cents;
  if (raw === undefined) return new Map();
  if (!Array.isArray(raw)) return undefined;
  const out = new Map<number, number>();
  for (const l of raw) {
    if (!Array.isArray(l)) return undefined;
    const p = num(l[0]) / (dollars === undefined ? 100 : 1);
    const q = num(l[1]);
    if (!Number.isFinite(p) || !Number.isFinite(q)) return undefined;
    if (q > 0) out.set(round6(p), q);
  }
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function parseKalshiFrame(text: string, now: number, books: Map<string, Book>, seqs: Map<number, number>, depth: number): FrameResult {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text);
  } catch {
    return { garbage: true };
  }
  if (!m || typeof m !== 'object') return { garbage: true };
  const msg = m.msg as Record<string, unknown> | undefined;
  if (m.type === 'error') return { note: `kalshi error ${String((msg as { code?: unknown })?.code ?? '')}: ${String((msg as { msg?: unknown })?.msg ?? '')}` };
  if (m.type !== 'orderbook_snapshot' && m.type !== 'orderbook_delta') return {};
  const sid = num(m.sid);
  const seq = num(m.seq);
  const ticker = typeof msg?.market_ticker === 'string' ? msg.market_ticker : undefined;
  if (!msg || !ticker || !Number.isFinite(seq)) return { garbage: true };
  if (m.type === 'orderbook_snapshot') {
    const yes = side(msg, 'yes');
    const no = side(msg, 'no');
    if (!yes || !no) return { garbage: true };
    books.set(ticker, { yes, no });
    seqs.set(sid, seq);
  } else {
    const prev = seqs.get(sid);
    if (prev === undefined) return { resync: `delta before snapshot on sid ${sid}` };
    if (seq !== prev + 1) return { resync: `sequence gap on sid ${sid}: expected ${prev + 1}, got ${seq}` };
    seqs.set(sid, seq);
    const b = books.get(ticker);
    const dollars = msg.price_dollars !== undefined;
    const p = round6(dollars ? num(msg.price_dollars) : num(msg.price) / 100);
    const d = num(msg.delta_fp ?? msg.delta);
    const s = msg.side;
    if (!b || !Number.isFinite(p) || !Number.isFinite(d) || (s !== 'yes' && s !== 'no')) return { garbage: true };
    const levels = s === 'yes' ? b.yes : b.no;
    const next = (levels.get(p) ?? 0) + d;
    // Fixed-point deltas: a level that nets to (almost) zero is gone, not a phantom 1e-12 level.
    if (next > 1e-9) levels.set(p, next);
    else levels.delete(p);
  }
  const b = books.get(ticker)!;
  return { events: quotes(ticker, b, depth, now) };
}

/** Bids only on the wire: YES ask = 1 − best NO bid, NO ask = 1 − best YES bid. */
function quotes(ticker: string, b: Book, depth: number, now: number): Quote[] {
  const bids = (m: Map<number, number>): BookLevel[] => [...m].sort((x, y) => y[0] - x[0]).slice(0, depth) as BookLevel[];
  const asks = (m: Map<number, number>): BookLevel[] => [...m].map(([p, q]) => [round6(1 - p), q] as const).sort((x, y) => x[0] - y[0]).slice(0, depth);
  const q = (symbol: string, bs: BookLevel[], as: BookLevel[]): Quote => ({ type: 'quote', venue: 'kalshi', symbol, market: 'binary', bids: bs, asks: as, venueTs: now, localTs: now });
  return [q(`${ticker}:YES`, bids(b.yes), asks(b.no)), q(`${ticker}:NO`, bids(b.no), asks(b.yes))];
}
