import type { FastifyInstance } from 'fastify';
import type { StoreReads } from '../store-reads.js';

const NO_STORE = 'no store yet — run `arblens retail analyze` (it stores each batch) or point --db / ARBLENS_DB at a store';

/**
 * `GET /api/v1/retail/batches` and `GET /api/v1/retail/batches/{id}`: the retail batches stored
 * by `arblens retail analyze`, and one batch's per-product results (the same objects as
 * `retail analyze --json`). Read-only: running a batch spends Keepa tokens and stays a CLI job.
 */
export function registerRetail(app: FastifyInstance, store: StoreReads): void {
  app.get('/api/v1/retail/batches', {
    schema: {
      summary: 'Stored retail batches, newest first (`arblens retail batches`)',
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'batches, 1 to 500' }, token: { type: 'string' } } },
    },
  }, async (req, reply) => {
    if (!store.exists) return reply.code(404).send({ error: NO_STORE });
    return { batches: store.retailBatches((req.query as { limit: number }).limit) };
  });
  app.get('/api/v1/retail/batches/:id', {
    schema: {
      summary: 'One retail batch and its per-product results (the `retail analyze --json` objects)',
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
      querystring: { type: 'object', additionalProperties: false, properties: { token: { type: 'string' } } },
    },
  }, async (req, reply) => {
    if (!store.exists) return reply.code(404).send({ error: NO_STORE });
    const id = (req.params as { id: number }).id;
    const b = store.retailBatch(id);
    return b ?? reply.code(404).send({ error: `no retail batch ${id} — list them with GET /api/v1/retail/batches` });
  });
}
