import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.js';
import { parseOppQuery, select } from '../filter.js';
import { filterQuery, TOKEN_ONLY } from './schemas.js';

/** `GET /api/v1/opportunities` (ranked, filtered) and `GET /api/v1/opportunities/{id}`. */
export function registerOpportunities(app: FastifyInstance, ctx: ServeContext): void {
  // Dashboards and bots poll the same few queries: each answer is serialised once per tick.
  const cache = new Map<string, string>();
  let cachedAt = -1;
  app.get('/api/v1/opportunities', {
    schema: {
      summary: 'Live opportunities ranked best first (the objects of scan --json, plus firstSeen and lifetimeMs)',
      querystring: filterQuery(ctx.options.kinds, true),
    },
  }, async (req, reply) => {
    if (cachedAt !== ctx.hub.version) {
      cache.clear();
      cachedAt = ctx.hub.version;
    }
    const key = JSON.stringify(req.query);
    let body = cache.get(key);
    if (body === undefined) {
      body = JSON.stringify(select(parseOppQuery(req.query as Record<string, unknown>), ctx.hub.live()));
      if (cache.size < 256) cache.set(key, body);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get('/api/v1/opportunities/:id', {
    schema: {
      summary: 'One opportunity, live or recently closed: legs (depth walk), assumptions, and its profit over its lifetime',
      params: { type: 'object', properties: { id: { type: 'string', description: 'the opportunity id, URL-encoded' } }, required: ['id'] },
      querystring: TOKEN_ONLY,
    },
  }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const found = ctx.hub.find(id);
    if (!found) return reply.code(404).send({ error: `no live or recent opportunity '${id}' — list them with GET /api/v1/opportunities` });
    return { ...found.line, status: found.status, history: found.trail.map(([tsMs, netProfit]) => ({ tsMs, netProfit })) };
  });
}
