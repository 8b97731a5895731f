import type { WatchRequest, WatchIo } from '../app/watch/run.js';
import type { ServeOptions } from './context.js';

/** One `serve` session: the watch request plus where and how to listen. */
export interface ServeRequest extends WatchRequest, Omit<ServeOptions, 'kinds' | 'version'> {
  readonly host: string;
  readonly port: number;
  /** Folder whose strategy files the backtest API may load by name (never a path from a request). */
  readonly strategies?: string;
}

export interface ServeHandle {
  /** Base URL, e.g. http://127.0.0.1:8420 (the real port when 0 was asked). */
  readonly url: string;
  /** Resolves when the pipeline has ended (its sources ran out or stop() was called). */
  readonly done: Promise<void>;
  /** Closes stream clients with a close frame, stops the pipeline (flushing the recorder), closes the server. */
  stop(): Promise<void>;
}

/**
 * Opens the very pipeline `watch` runs, hangs the server's hub on it as one more sink, and
 * listens. Returns an exit code instead when there is nothing to watch.
 */
export async function startServe(r: ServeRequest, symbols: readonly string[] | undefined, io: WatchIo & { log(message: string): void }): Promise<ServeHandle | { readonly exitCode: number; readonly message: string }> {
  const { openWatch, WATCH_KINDS } = await import('../app/watch/run.js');
  const opened = await openWatch(r, symbols, io);
  if ('exitCode' in opened) return opened;
  const { pipeline } = opened;
  const { ServeHub } = await import('./hub.js');
  const { ServeMetrics } = await import('./metrics.js');
  const { buildServer } = await import('./app.js');
  const { version } = await import('./version.js');
  const { StoreReads } = await import('./store-reads.js');
  const { defaultDbPath } = await import('../store/path.js');
  const { BacktestJobs } = await import('./backtests.js');
  const metrics = new ServeMetrics();
  if (opened.notify) metrics.watchNotify(opened.notify.queues);
  const hub = new ServeHub(metrics, (opp, now) => opened.alerts.ring(opp, now));
  pipeline.addSink(hub);
  const server = await buildServer(
    {
      hub,
      metrics,
      options: { ...pick(r), kinds: r.kinds ?? WATCH_KINDS, version },
      startedAt: Date.now(),
      clock: Date.now,
      sockets: new Set(),
      sse: new Set(),
      store: new StoreReads(defaultDbPath(r.db)),
      backtests: new BacktestJobs({ dbPath: defaultDbPath(r.db), strategiesDir: r.strategies, clock: Date.now }),
    },
    (err, where) => io.warn(`internal error on ${where}: ${(err as Error)?.message ?? String(err)}`),
  );
  const address = await server.app.listen({ host: r.host, port: r.port });
  server.startHeartbeat();
  const url = address;
  io.log(`serving ${opened.label} on ${url} — dashboard ${url}/ · API ${url}/api/v1/opportunities · stream ${url.replace(/^http/, 'ws')}/ws/opportunities`);
  const done = pipeline.run();
  let stopping: Promise<void> | undefined;
  return {
    url,
    done,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await pipeline.stop();
        await done.catch(() => undefined);
      })()),
  };
}

function pick(r: ServeRequest): Omit<ServeOptions, 'kinds' | 'version'> {
  return { token: r.token, cors: r.cors, rateLimit: r.rateLimit, bodyLimit: r.bodyLimit, maxClientBufferBytes: r.maxClientBufferBytes, heartbeatMs: r.heartbeatMs };
}
