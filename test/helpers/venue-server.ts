/**
 * A local stand-in for a venue's REST API: node:http on 127.0.0.1, port 0 (the OS picks a free
 * one). Routes map a path (query string ignored unless the route key contains '?') to a JSON
 * fixture file, an inline value or a handler; faults (delay, status, garbage, hang) can be set
 * for the whole server or per route. Every request is logged so tests can assert what a client
 * actually called.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export const FIXTURES = new URL('../fixtures/', import.meta.url);

/**
 * Reads `test/fixtures/<rel>` as parsed JSON. Venues stamp payloads with the time of the request,
 * so fixtures may hold placeholders filled in on every read (otherwise every quote would be
 * stale): `"__NOW_MS__"` (quoted) → epoch ms as a number, `__NOW_MS__` inside a string → the
 * same digits, `__NOW_S__` / `__NOW_US__` / `__NOW_NS__` → epoch seconds / micro / nanoseconds, `__NOW_ISO__` → ISO-8601 time.
 */
export function fixture(rel: string, now = Date.now()): unknown {
  const text = readFileSync(new URL(rel, FIXTURES), 'utf8')
    .replace(/"__NOW_MS__"/g, String(now))
    .replace(/__NOW_MS__/g, String(now))
    .replace(/"__NOW_S__"/g, String(Math.floor(now / 1000)))
    .replace(/"__NOW_NS__"/g, String(now * 1e6))
    .replace(/"__NOW_US__"/g, String(now * 1000))
    .replace(/__NOW_US__/g, String(now * 1000))
    .replace(/__NOW_ISO__/g, new Date(now).toISOString());
  return JSON.parse(text);
}

export interface Fault {
  /** Answer only after this many ms. */
  readonly delayMs?: number;
  /** HTTP status to answer with (the body is still the route's, or an error text). */
  readonly status?: number;
  /** Send this raw text instead of JSON (a truncated or HTML body, say). */
  readonly garbage?: string;
  /** Never answer (the socket stays open until the server closes). */
  readonly hang?: boolean;
}

export type Handler = (req: IncomingMessage, url: URL) => unknown | Promise<unknown>;
/** A fixture path under test/fixtures/ (string ending in .json), a handler, or any JSON value. */
export type Route = string | Handler | { readonly json: unknown } | ({ readonly fixture: string } & Fault) | ({ readonly body: unknown } & Fault);

export interface VenueServer {
  readonly url: string;
  readonly port: number;
  /** Requests seen, as path + query. */
  readonly requests: string[];
  /** Fault applied to every route (tests flip it between runs). */
  fault: Fault;
  routes: Record<string, Route>;
  close(): Promise<void>;
}

export async function startVenueServer(routes: Record<string, Route>, fault: Fault = {}): Promise<VenueServer> {
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();
  const state = { fault, routes };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    const route = state.routes[url.pathname + url.search] ?? state.routes[url.pathname];
    const f: Fault = { ...state.fault, ...(route && typeof route === 'object' && !('json' in route) ? route : {}) };
    if (f.hang) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (res.destroyed) return;
    try {
      if (f.garbage !== undefined) return send(res, f.status ?? 200, f.garbage, 'text/html');
      if (!route) return send(res, f.status ?? 404, JSON.stringify({ error: f.status ? 'fault injected' : `no route for ${url.pathname}` }));
      const body = await resolve(route, req, url);
      send(res, f.status ?? 200, typeof body === 'string' ? body : JSON.stringify(body));
    } catch (err) {
      send(res, 500, JSON.stringify({ error: String(err) }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get fault() {
      return state.fault;
    },
    set fault(v: Fault) {
      state.fault = v;
    },
    get routes() {
      return state.routes;
    },
    set routes(v: Record<string, Route>) {
      state.routes = v;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function resolve(route: Route, req: IncomingMessage, url: URL): Promise<unknown> {
  if (typeof route === 'function') return route(req, url);
  if (typeof route === 'string') return route.endsWith('.json') ? fixture(route) : route;
  if ('json' in route) return route.json;
  if ('fixture' in route) return fixture(route.fixture);
  return route.body;
}

function send(res: ServerResponse, status: number, text: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
