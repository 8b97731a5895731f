import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { Duplex } from 'node:stream';
import type { ServeContext } from './context.js';
import { errorHandler } from './errors.js';
import { requestToken, tokenMatches } from './auth.js';
import { RateLimiter } from './rate-limit.js';
import { CLOSE_GOING_AWAY } from './clients.js';
import { collectRoutes, openApiDocument } from './routes/openapi.js';
import { registerOpportunities } from './routes/opportunities.js';
import { registerVenues } from './routes/venues.js';
import { registerMetrics } from './routes/metrics.js';
import { registerStreams } from './routes/streams.js';
import { registerDashboard } from './routes/dashboard.js';
import { registerStore } from './routes/store.js';
import { registerRetail } from './routes/retail.js';
import { registerBacktests } from './routes/backtests.js';
import { TOKEN_ONLY } from './routes/schemas.js';

/** Paths served without a token: the dashboard page holds no data (it asks the API with the token). */
const PUBLIC = new Set(['/', '/favicon.ico']);

export interface ServeServer {
  readonly app: FastifyInstance;
  /** Pings WS clients and comments SSE streams every heartbeatMs; drops WS clients that missed a pong. */
  startHeartbeat(): void;
  /** Closes every stream client with a close frame (1001) / a final SSE record, then the server. */
  close(): Promise<void>;
}

/** Builds the HTTP server on a context (hub, metrics, options). Listening is the caller's. */
export async function buildServer(ctx: ServeContext, onInternal: (err: unknown, where: string) => void = () => undefined): Promise<ServeServer> {
  const o = ctx.options;
  const app = Fastify({
    logger: false,
    bodyLimit: o.bodyLimit,
    // Parameters are validated, not silently dropped: an unknown or misspelt one is a 400.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, verbose: true, allErrors: false } },
    routerOptions: { ignoreTrailingSlash: true },
  });
  const routes = collectRoutes(app);
  // Upgrade sockets (WebSocket, and upgrades refused with 400/401) are not tracked by the HTTP
  // server's connection list: kept here so shutdown can cut any a client holds open.
  const upgrades = new Set<Duplex>();
  app.server.on('upgrade', (_req, socket: Duplex) => {
    upgrades.add(socket);
    socket.once('close', () => upgrades.delete(socket));
  });
  app.setErrorHandler(errorHandler(onInternal));
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]} — see /openapi.json` }));
  const limiter = o.rateLimit > 0 ? new RateLimiter(o.rateLimit) : undefined;

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (o.cors && applyCors(o.cors, req, reply)) return reply;
    if (limiter) {
      const wait = limiter.take(req.ip, ctx.clock());
      if (wait > 0) return reply.code(429).header('retry-after', Math.ceil(wait / 1000)).send({ error: `rate limit of ${o.rateLimit} requests/s passed — retry after ${wait} ms` });
    }
    const path = req.url.split('?')[0];
    if (o.token && !PUBLIC.has(path) && !tokenMatches(o.token, requestToken(req.headers.authorization, req.query))) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or wrong token — send Authorization: Bearer <token> (or ?token=<token> for WebSocket/SSE)' });
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    ctx.metrics.http.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(websocket, { options: { maxPayload: 4096 } });
  registerDashboard(app);
  registerVenues(app, ctx);
  registerMetrics(app, ctx);
  registerOpportunities(app, ctx);
  registerStreams(app, ctx);
  if (ctx.store) registerStore(app, ctx, ctx.store);
  if (ctx.store) registerRetail(app, ctx.store);
  if (ctx.backtests) registerBacktests(app, ctx.backtests);
  let doc: Record<string, unknown> | undefined;
  app.get('/openapi.json', { schema: { summary: 'This document', querystring: TOKEN_ONLY } }, async () => (doc ??= openApiDocument(routes, o.version)));

  let heartbeat: NodeJS.Timeout | undefined;
  return {
    app,
    startHeartbeat() {
      heartbeat = setInterval(() => beat(ctx), o.heartbeatMs);
      heartbeat.unref();
    },
    async close() {
      if (heartbeat) clearInterval(heartbeat);
      for (const ws of ctx.sockets) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
      for (const res of ctx.sse) res.end('event: shutdown\ndata: {"reason":"server shutting down"}\n\n');
      // Give close frames a moment to go out, then cut what is left.
      await new Promise((r) => setTimeout(r, ctx.sockets.size > 0 ? 100 : 0));
      for (const ws of ctx.sockets) ws.terminate();
      for (const s of upgrades) s.destroy();
      app.server.closeAllConnections();
      await app.close();
      await ctx.backtests?.close();
      ctx.store?.close();
    },
  };
}

function beat(ctx: ServeContext): void {
  for (const ws of ctx.sockets) {
    const s = ws as unknown as { isAlive?: boolean };
    if (s.isAlive === false) {
      ws.terminate();
      continue;
    }
    s.isAlive = false;
    ws.ping();
  }
  for (const res of ctx.sse) res.write(`: heartbeat ${ctx.clock()}\n\n`);
}

/** Sets CORS headers for an allowed origin; answers a preflight. True when the reply was sent. */
function applyCors(origins: readonly string[], req: FastifyRequest, reply: FastifyReply): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && (origins.includes('*') || origins.includes(origin));
  if (allowed) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  if (req.method === 'OPTIONS' && allowed) {
    reply.header('access-control-allow-methods', 'GET, POST').header('access-control-allow-headers', 'Authorization, Content-Type').header('access-control-max-age', '600').code(204).send();
    return true;
  }
  return false;
}
