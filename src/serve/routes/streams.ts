import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.js';
import { accepts, parseOppQuery, type OppQuery } from '../filter.js';
import { SseClient, WsClient, sseRecord } from '../clients.js';
import { venueJson } from './venues.js';
import { filterQuery } from './schemas.js';

/** The first message of a stream: the live set (filtered) and the venues. */
function snapshotText(ctx: ServeContext, q: OppQuery, seen: Set<string>): string {
  const opportunities = ctx.hub.live().filter((l) => accepts(q, l));
  for (const o of opportunities) seen.add(o.id);
  const now = ctx.clock();
  const venues = (ctx.hub.snapshot()?.venues ?? []).map(venueJson);
  return JSON.stringify({ event: 'snapshot', opportunities, venues, ts: new Date(now).toISOString(), tsMs: now });
}

/** `WS /ws/opportunities` and `GET /sse/opportunities`: snapshot, then open/update/close/venue events. */
export function registerStreams(app: FastifyInstance, ctx: ServeContext): void {
  const querystring = filterQuery(ctx.options.kinds, false);
  const description = 'A snapshot of the live set, then open / update / close / venue events. Filters as query parameters.';
  // A dropped client leaves the fan-out at once (its transport is closing; nothing more is
  // framed for it, and an ended SSE response is never written to again, e.g. by a heartbeat).
  const clientOptions = (transport: 'ws' | 'sse', leave: () => void) => ({
    maxBufferBytes: ctx.options.maxClientBufferBytes,
    onDrop: () => {
      ctx.metrics.dropped.inc({ transport });
      leave();
    },
  });

  app.get('/ws/opportunities', { websocket: true, schema: { summary: 'WebSocket stream (one message per tick; one JSON event per line)', description, querystring } }, (socket, req) => {
    const client = new WsClient(socket, parseOppQuery(req.query as Record<string, unknown>), clientOptions('ws', () => off()));
    socket.send(snapshotText(ctx, client.query, client.seen));
    const off = ctx.hub.subscribe(client);
    ctx.sockets.add(socket);
    ctx.metrics.clients.inc({ transport: 'ws' });
    (socket as unknown as { isAlive: boolean }).isAlive = true;
    socket.on('pong', () => ((socket as unknown as { isAlive: boolean }).isAlive = true));
    // Clients only listen: anything they send is ignored (and bounded by maxPayload).
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      off();
      ctx.sockets.delete(socket);
      ctx.metrics.clients.dec({ transport: 'ws' });
    });
  });

  app.get('/sse/opportunities', { schema: { summary: 'Server-Sent Events stream (event name = event type)', description, querystring } }, (req, reply) => {
    const res = reply.raw;
    reply.hijack();
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no', ...corsHeaders(reply.getHeaders()) });
    const client = new SseClient(res, parseOppQuery(req.query as Record<string, unknown>), clientOptions('sse', () => {
      off();
      ctx.sse.delete(res);
    }));
    res.write(`retry: 2000\n\n${sseRecord(snapshotText(ctx, client.query, client.seen))}`);
    const off = ctx.hub.subscribe(client);
    ctx.sse.add(res);
    ctx.metrics.clients.inc({ transport: 'sse' });
    res.on('close', () => {
      off();
      ctx.sse.delete(res);
      ctx.metrics.clients.dec({ transport: 'sse' });
    });
  });
}

/** CORS headers set by the onRequest hook must survive the hijack. */
function corsHeaders(h: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('access-control-') || k === 'vary') out[k] = String(v);
  return out;
}
