// Polymarket CLOB market channel: https://docs.polymarket.com/developers/CLOB/websocket/market-channel
// Subscribe {"assets_ids":[…],"type":"market"}; events `book` (full snapshot of one token),
// `price_change` (2025-09 shape: {market, price_changes:[{asset_id, price, size, side, …}]}; the
// older {asset_id, changes:[…]} is accepted too), `tick_size_change`, `last_trade_price`.
// Keep-alive: the client sends the text PING about every 10 s, the server answers PONG.
import type { MarketEvent, MarketType, Quote } from '../../core/types.js';
import type { FeeModel } from '../../core/types.js';
import { polymarketFee, POLYMARKET_DEFAULT_RATE } from './rest.js';
import { BookSide } from '../transport/sorted-book.js';
import type { StreamContext, VenueStream } from '../types.js';
import { wsFeed, type FrameResult, type WsProtocol } from '../transport/ws-feed.js';
import { rebaseUrls } from '../transport/rebase-urls.js';
import { num as numOrUndefined } from '../../core/json.js';

export const POLYMARKET_WS_URL = 'wss://ws-subscriptions-clob.polymarket.com/ws/market';
/** The server accepts at most 500 assets per connection. */
export const MAX_ASSETS = 500;

interface Book {
  readonly bids: BookSide;
  readonly asks: BookSide;
}

/**
 * One websocket for up to 500 tokens. `ctx.symbols` are CLOB token ids, optionally written
 * `symbol=tokenId` to name the quote (e.g. `12345:YES=7160…`); by default the quote's symbol is
 * the token id.
 */
export function polymarketStream(ctx: StreamContext): VenueStream {
  const symbolOf = new Map<string, string>();
  for (const s of ctx.symbols.slice(0, MAX_ASSETS)) {
    const i = s.lastIndexOf('=');
    if (i > 0) symbolOf.set(s.slice(i + 1), s.slice(0, i));
    else symbolOf.set(s, s);
  }
  const books = new Map<string, Book>();
  const protocol: WsProtocol = {
    venue: 'polymarket',
    url: () => String(ctx.config.wsUrl ? rebaseUrls(POLYMARKET_WS_URL, ctx.config.wsUrl) : POLYMARKET_WS_URL),
    onOpen(send) {
      books.clear();
      send(JSON.stringify({ assets_ids: [...symbolOf.keys()], type: 'market' }));
    },
    onFrame: (text, now) => parseFrame(text, now, books, symbolOf, ctx.depth),
    // Every 5 s rather than the documented ~10 s: each PONG re-dates quiet books (see parseFrame),
    // so this keeps them inside the default 10 s --max-age.
    ping: { text: 'PING', everyMs: 5_000 },
  };
  const queue = wsFeed(protocol, ctx.survival, ctx.now);
  return {
    venue: 'polymarket',
    fee: (_m: MarketType): FeeModel => polymarketFee(Number(ctx.config.feeRate ?? POLYMARKET_DEFAULT_RATE)),
    close: async () => void (await queue.return()),
    [Symbol.asyncIterator]: () => queue,
  };
}

/** Payload numbers as core reads them; NaN (refused by the book's guards) when absent. */
const num = (v: unknown): number => numOrUndefined(v) ?? NaN;
const time = (v: unknown, now: number): number => {
  const n = num(v);
  if (Number.isFinite(n)) return n < 1e11 ? n * 1000 : n; // seconds or ms
  const d = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(d) ? d : now;
};

export function parseFrame(text: string, now: number, books: Map<string, Book>, symbolOf: ReadonlyMap<string, string>, depth: number): FrameResult {
  if (text === 'PING') return {};
  // The market channel sends only changes, so a quiet book would age into "stale" while it is
  // still exact. Frames arrive in order: a PONG proves every change sent before it has been
  // applied, so each followed book is re-dated to this moment (a dead connection sends no PONG,
  // and its books do go stale).
  if (text === 'PONG') {
    const events: MarketEvent[] = [];
    for (const [id, b] of books) {
      const symbol = symbolOf.get(id);
      if (symbol !== undefined && (b.bids.size > 0 || b.asks.size > 0)) events.push(quoteOf(id, symbol, b, depth, now, now));
    }
    return { events };
  }
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { garbage: true };
  }
  const events: MarketEvent[] = [];
  let bad = false;
  // Usually one object per frame: no wrapper array for it (hot path).
  const list = Array.isArray(msg) ? (msg as unknown[]) : undefined;
  const count = list ? list.length : 1;
  for (let k = 0; k < count; k++) {
    const m = list ? list[k] : msg;
    if (!m || typeof m !== 'object') {
      bad = true;
      continue;
    }
    const e = m as Record<string, unknown>;
    // Usually one asset per frame: a small array beats a Set here (hot path).
    const touched: string[] = [];
    if (e.event_type === 'book') {
      const id = String(e.asset_id ?? '');
      if (!symbolOf.has(id) || !Array.isArray(e.bids) || !Array.isArray(e.asks)) {
        // A token we did not subscribe to is not garbage, a book without levels is.
        if (symbolOf.has(id)) bad = true;
        continue;
      }
      const b: Book = { bids: new BookSide(true), asks: new BookSide(false) };
      for (const [side, levels] of [['bids', e.bids], ['asks', e.asks]] as const) {
        for (const l of levels as { price?: unknown; size?: unknown }[]) {
          const p = num(l?.price);
          const s = num(l?.size);
          if (!Number.isFinite(p) || !Number.isFinite(s)) bad = true;
          else if (s > 0) b[side].set(p, s);
        }
      }
      books.set(id, b);
      touched.push(id);
    } else if (e.event_type === 'price_change') {
      const changes: Record<string, unknown>[] | undefined = Array.isArray(e.price_changes)
        ? (e.price_changes as Record<string, unknown>[])
        : Array.isArray(e.changes)
          ? (e.changes as Record<string, unknown>[]).map((c): Record<string, unknown> => ({ ...c, asset_id: e.asset_id }))
          : undefined;
      if (!changes) {
        bad = true;
        continue;
      }
      for (const c of changes) {
        const id = String(c?.asset_id ?? '');
        const b = books.get(id);
        if (!b) continue; // no snapshot yet: the next `book` event covers it
        const p = num(c.price);
        const s = num(c.size);
        const side = c.side === 'BUY' || c.side === 'SELL' ? c.side : String(c.side ?? '').toUpperCase();
        if (!Number.isFinite(p) || !Number.isFinite(s) || (side !== 'BUY' && side !== 'SELL')) {
          bad = true;
          continue;
        }
        const levels = side === 'BUY' ? b.bids : b.asks;
        levels.set(p, s);
        if (!touched.includes(id)) touched.push(id);
      }
    }
    const ts = time(e.timestamp, now);
    for (const id of touched) events.push(quoteOf(id, symbolOf.get(id)!, books.get(id)!, depth, ts, now));
  }
  return { events, garbage: bad && events.length === 0 ? true : undefined };
}

function quoteOf(id: string, symbol: string, b: Book, depth: number, venueTs: number, now: number): Quote {
  return { type: 'quote', venue: 'polymarket', symbol, market: 'binary', bids: b.bids.top(depth), asks: b.asks.top(depth), venueTs, localTs: now };
}
