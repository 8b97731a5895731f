import type { WebSocket } from 'ws';
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { OppQuery } from './filter.js';
import type { Batch, Subscriber } from './hub.js';

/** Close code sent to a client whose send buffer passed the bound (application range 4000–4999). */
export const CLOSE_SLOW = 4008;
/** Close code on shutdown (RFC 6455 "going away"). */
export const CLOSE_GOING_AWAY = 1001;

export interface ClientOptions {
  /** Bytes a client may have queued (socket buffer included) before it is dropped. */
  readonly maxBufferBytes: number;
  /** Called once when the client is dropped for being slow. */
  readonly onDrop: () => void;
}

function isAll(q: OppQuery): boolean {
  return !q.kinds && !q.venues && !q.symbols && q.minNet === undefined && q.minProfit === undefined && q.minSize === undefined;
}

/** The ws 8 internals the pre-framed path checks (pinned version; any mismatch falls back to ws.send). */
interface WsInternals {
  readonly _socket?: Duplex;
  readonly _sender?: { readonly _state?: number; readonly _queue?: readonly unknown[] };
}

/**
 * A WebSocket subscriber: one message per tick holding that tick's events as NDJSON (one JSON
 * object per line), so 1,000 events/s cost a client ~10 frames/s, not 1,000. A client whose
 * queued bytes pass the bound gets close code 4008 and is terminated if it does not close.
 */
export class WsClient implements Subscriber {
  readonly all: boolean;
  readonly seen = new Set<string>();
  private dropped = false;

  constructor(private readonly ws: WebSocket, readonly query: OppQuery, private readonly o: ClientOptions) {
    this.all = isAll(query);
  }

  deliver(batch: Batch): void {
    if (batch.size === 0 || this.dropped || this.ws.readyState !== 1) return;
    const frame = batch.wsFrame;
    if (this.ws.bufferedAmount + frame.length > this.o.maxBufferBytes) return this.drop();
    const raw = this.ws as unknown as WsInternals;
    // The tick's frame, built once for every client, goes straight to the socket when ws has
    // nothing of its own in flight (no compression, no queued frame: it would write the very same
    // bytes) — one write per client instead of a header, a cork and a writev. Otherwise ws frames it.
    if (raw._socket && raw._sender?._state === 0 && raw._sender._queue?.length === 0 && this.ws.extensions === '') raw._socket.write(frame);
    else this.ws.send(batch.buffer, { binary: false });
  }

  private drop(): void {
    this.dropped = true;
    this.o.onDrop();
    this.ws.close(CLOSE_SLOW, 'slow client: send buffer full');
    // The close frame queues behind the backlog; a client that never reads is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }
}

/**
 * A Server-Sent Events subscriber: each event is one `event: <type>` + `data: <json>` record.
 * SSE has no close code: a slow client gets a final `event: drop` record and the response ends.
 */
export class SseClient implements Subscriber {
  readonly all: boolean;
  readonly seen = new Set<string>();
  private dropped = false;

  constructor(private readonly res: ServerResponse, readonly query: OppQuery, private readonly o: ClientOptions) {
    this.all = isAll(query);
  }

  deliver(batch: Batch): void {
    if (batch.size === 0 || this.dropped || this.res.destroyed) return;
    const text = batch.sse;
    if (this.res.writableLength + text.length > this.o.maxBufferBytes) return this.drop();
    this.res.write(text);
  }

  private drop(): void {
    this.dropped = true;
    this.o.onDrop();
    this.res.end(`event: drop\ndata: {"code":${CLOSE_SLOW},"reason":"slow client: send buffer full"}\n\n`);
    setTimeout(() => this.res.destroy(), 2000).unref();
  }
}

export { sseRecord } from './hub.js';
