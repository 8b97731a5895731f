import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.js';
import { TOKEN_ONLY } from './schemas.js';

export function registerMetrics(app: FastifyInstance, ctx: ServeContext): void {
  app.get('/metrics', { schema: { summary: 'Prometheus text exposition (prom-client)', querystring: TOKEN_ONLY } }, async (_req, reply) => {
    reply.type(ctx.metrics.contentType);
    return ctx.metrics.text();
  });
}
