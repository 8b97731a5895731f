import WebSocket from 'ws';
import type { MarketEvent, VenueStatusEvent } from '../../core/types.js';
import { backoffDelay, cancellableSleep, type SurvivalOptions } from './backoff.js';
import { EventQueue } from './event-queue.js';
import { FeedHealth } from './feed-health.js';
import { maxBodyBytes } from './bounded-fetch.js';

/** What one text frame meant. */
export interface FrameResult {
  readonly events?: MarketEvent[];
  /** The frame could not be parsed (counted and dropped). */
  readonly garbage?: boolean;
  /** The book can no longer be trusted (sequence gap …): reconnect now for a fresh snapshot. */
  readonly resync?: string;
  /** A remark for the status panel (venue error messages …). */
  readonly note?: string;
}

/** A venue's websocket protocol, as data plus three callbacks (cryptofeed style). */
export interface WsProtocol {
  readonly venue: string;
  url(): string;
  /** Handshake headers, rebuilt on every (re)connection: signatures carry a timestamp. */
  headers?(): Record<string, string>;
  /** On every (re)connection: drop book state, send the subscriptions. */
  onOpen(send: (text: string) => void): void;
  onFrame(text: string, now: number): FrameResult;
  /** Client keep-alive text and period (Polymarket: "PING" about every 10 s). */
  readonly ping?: { readonly text: string; readonly everyMs: number };
  /**
   * The server's websocket ping (Kalshi sends one every 10 s). Frames are ordered, so it proves
   * every change sent before it has been applied: a delta feed re-dates its books here, so quiet
   * but exact books do not age into "stale".
   */
  onHeartbeat?(now: number): readonly MarketEvent[];
}

/**
 * A resilient websocket feed: connect, subscribe, parse; on close or error reconnect with
 * exponential backoff and jitter and subscribe again; a watchdog reconnects a socket that has
 * been silent for `noMessageMs`; a resync request reconnects at once (new snapshot). Leaving
 * the iterator closes the socket and clears every timer.
 */
export function wsFeed(p: WsProtocol, survival: SurvivalOptions, now: () => number = Date.now): EventQueue<MarketEvent> {
  let closed = false;
  let sock: WebSocket | undefined;
  let attempt = 0;
  let state: VenueStatusEvent['state'] | undefined;
  const health = new FeedHealth(now);
  const timers = new Set<NodeJS.Timeout>();
  let sleeping: { cancel: () => void } | undefined;

  const queue = new EventQueue<MarketEvent>(() => {
    closed = true;
    sleeping?.cancel();
    for (const t of timers) clearInterval(t);
    sock?.terminate();
  });
  const status = (s: VenueStatusEvent['state'], message?: string) => {
    if (s === state && message === undefined) return;
    state = s;
    queue.push({ type: 'status', venue: p.venue, state: s, message, localTs: now() });
  };

  const connect = () => {
    if (closed) return;
    let headers: Record<string, string> | undefined;
    try {
      headers = p.headers?.();
    } catch (err) {
      status('error', `cannot sign the handshake: ${(err as Error).message}`);
      return queue.end();
    }
    if (state === undefined) status('connecting');
    // JSON.parse rejects invalid text anyway (counted as garbage): skip ws's own UTF-8 pass.
    // One frame is capped like a REST body (after permessage-deflate too): an oversized frame
    // closes this socket (1009) and the feed reconnects, the other venues never notice.
    const ws = new WebSocket(p.url(), { headers, handshakeTimeout: survival.connectTimeoutMs, skipUTF8Validation: true, maxPayload: maxBodyBytes() });
    sock = ws;
    health.onMessage();
    let lastError: string | undefined;
    let resync: string | undefined;
    const local = new Set<NodeJS.Timeout>();
    const every = (ms: number, f: () => void) => {
      const t = setInterval(f, ms);
      local.add(t);
      timers.add(t);
    };
    ws.on('open', () => {
      attempt = 0;
      health.onMessage();
      status('connected');
      p.onOpen((text) => ws.send(text));
      every(FeedHealth.checkEveryMs(survival), () => {
        const stale = health.staleness(survival);
        if (stale) {
          status('stale', stale);
          ws.terminate();
        }
      });
      if (p.ping) every(p.ping.everyMs, () => ws.readyState === WebSocket.OPEN && ws.send(p.ping!.text));
    });
    ws.on('message', (data) => {
      const last = health.onMessage();
      const r = p.onFrame(String(data), last);
      const garbage = r.garbage ? health.onGarbage() : undefined;
      if (garbage) status(state ?? 'connected', garbage);
      if (r.note) status(state ?? 'connected', r.note);
      if (r.events) for (const e of r.events) queue.push(e);
      if (r.resync && !resync) {
        resync = r.resync;
        ws.terminate();
      }
    });
    ws.on('ping', () => {
      const last = health.onMessage();
      for (const e of p.onHeartbeat?.(last) ?? []) queue.push(e);
    });
    ws.on('error', (err) => (lastError = err.message));
    ws.on('close', (code) => {
      for (const t of local) {
        clearInterval(t);
        timers.delete(t);
      }
      if (closed) return;
      if (resync) {
        status('reconnecting', `${resync} — resyncing from a fresh snapshot`);
        return connect();
      }
      status('reconnecting', lastError ?? `connection closed (code ${code})`);
      const s = cancellableSleep(backoffDelay(attempt++, survival));
      sleeping = s;
      void s.done.then((ok) => ok && connect());
    });
  };
  // Connect on the next tick, so the consumer has its iterator before the first event.
  setImmediate(connect);
  return queue;
}
