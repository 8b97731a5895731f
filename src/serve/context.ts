import type { WebSocket } from 'ws';
import type { ServerResponse } from 'node:http';
import type { ServeHub } from './hub.js';
import type { ServeMetrics } from './metrics.js';
import type { StoreReads } from './store-reads.js';
import type { BacktestJobs } from './backtests.js';

/** How the HTTP side is configured (flags of `arblens serve`). */
export interface ServeOptions {
  /** Required for any non-loopback bind; compared in constant time. */
  readonly token?: string;
  /** Origins allowed by CORS (`*` for any); undefined = no CORS headers at all. */
  readonly cors?: readonly string[];
  /** Requests per second per client address (0 = no limit); bursts of twice that. */
  readonly rateLimit: number;
  /** Largest request body accepted, bytes. */
  readonly bodyLimit: number;
  /** Bytes a stream client may have queued before it is dropped. */
  readonly maxClientBufferBytes: number;
  /** Ping / comment period of the streams. */
  readonly heartbeatMs: number;
  /** Opportunity kinds the session ranks (the `kinds` parameter's allowed values). */
  readonly kinds: readonly string[];
  readonly version: string;
}

/** What the routes share: the live state, the metrics, the open stream clients. */
export interface ServeContext {
  readonly hub: ServeHub;
  readonly metrics: ServeMetrics;
  readonly options: ServeOptions;
  readonly startedAt: number;
  readonly clock: () => number;
  readonly sockets: Set<WebSocket>;
  readonly sse: Set<ServerResponse>;
  /** The store behind /api/v1/episodes and /api/v1/export (absent: those routes are not served). */
  readonly store?: StoreReads;
  /** Backtests over the API (absent: not served). */
  readonly backtests?: BacktestJobs;
}
