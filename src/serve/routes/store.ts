import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS, type Format } from '../../export/formats/types.js';
import { TABLES, TABLE_NAMES, type TableName } from '../../export/tables.js';
import { runExport } from '../../export/run-export.js';
import type { StoreReads } from '../store-reads.js';
import type { ServeContext } from '../context.js';

const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  json: 'application/json',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.file',
  hdf5: 'application/x-hdf5',
  tfrecord: 'application/octet-stream',
};

const TIME = { type: 'string', format: 'date-time', description: 'ISO-8601 time, e.g. 2026-01-01T00:00:00Z' };
const NO_STORE = 'no store yet — start serve with --record (or point --db / ARBLENS_DB at a store)';

/** The time window of the store routes: episodes first seen in [from, to). */
const FIRST_SEEN_WINDOW = {
  from: { ...TIME, description: 'first seen at or after this time (ISO-8601)' },
  to: { ...TIME, description: 'first seen before this time (ISO-8601)' },
};

/** `GET /api/v1/episodes` (paginated) and `GET /api/v1/export/{table}.{format}` (streamed). */
export function registerStore(app: FastifyInstance, ctx: ServeContext, store: StoreReads): void {
  const kinds = ctx.options.kinds;
  app.get('/api/v1/episodes', {
    schema: {
      summary: 'Recorded opportunity episodes, oldest first, paginated by `after` (the previous page’s `next`)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...FIRST_SEEN_WINDOW,
          kind: { type: 'string', enum: [...kinds], description: `one kind: ${kinds.join(', ')}` },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'episodes per page, 1 to 1000' },
          after: { type: 'integer', minimum: 0, description: 'the `next` of the previous page' },
          token: { type: 'string' },
        },
      },
    },
  }, async (req, reply) => {
    if (!store.exists) return reply.code(404).send({ error: NO_STORE });
    const q = req.query as { from?: string; to?: string; kind?: string; limit: number; after?: number };
    return store.episodes({ fromMs: q.from ? Date.parse(q.from) : undefined, toMs: q.to ? Date.parse(q.to) : undefined, kind: q.kind, limit: q.limit, after: q.after });
  });

  app.get('/api/v1/stats', {
    schema: {
      summary: 'The `arblens stats --json` summary of recorded episodes (lifetimes, profits, close reasons) by kind / pair / symbol / hour',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...FIRST_SEEN_WINDOW,
          kinds: { type: 'string', pattern: `^(${kinds.join('|')})(,(${kinds.join('|')}))*$`, description: `comma-separated kinds, from: ${kinds.join(', ')}` },
          venues: { type: 'string', pattern: '^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$', description: 'comma-separated venue ids' },
          by: { type: 'string', pattern: '^(kind|pair|symbol|hour)(,(kind|pair|symbol|hour))*$', default: 'kind', description: 'comma-separated: kind, pair, symbol, hour' },
          token: { type: 'string' },
        },
      },
    },
  }, async (req, reply) => {
    if (!store.exists) return reply.code(404).send({ error: NO_STORE });
    const q = req.query as { from?: string; to?: string; kinds?: string; venues?: string; by: string };
    return store.stats({ fromMs: q.from ? Date.parse(q.from) : undefined, toMs: q.to ? Date.parse(q.to) : undefined, kinds: q.kinds?.split(','), venues: q.venues?.split(','), by: q.by.split(',') });
  });

  app.get('/api/v1/export/:table.:format', {
    schema: {
      summary: 'A table of the store in one format, streamed (the same files as `arblens export`)',
      params: {
        type: 'object',
        properties: {
          table: { type: 'string', enum: [...TABLE_NAMES], description: `one of ${TABLE_NAMES.join(', ')}` },
          format: { type: 'string', enum: [...FORMATS], description: `one of ${FORMATS.join(', ')}` },
        },
        required: ['table', 'format'],
      },
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          from: { ...TIME, description: 'rows at or after this time (ISO-8601)' },
          to: { ...TIME, description: 'rows before this time (ISO-8601)' },
          venues: { type: 'string', pattern: '^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$', description: 'comma-separated venue ids' },
          symbols: { type: 'string', pattern: '^[^,]+(,[^,]+)*$', description: 'comma-separated unified symbols' },
          token: { type: 'string' },
        },
      },
    },
  }, async (req, reply) => {
    if (!store.exists) return reply.code(404).send({ error: NO_STORE });
    const { table, format } = req.params as { table: TableName; format: Format };
    const q = req.query as { from?: string; to?: string; venues?: string; symbols?: string };
    // The export writes a whole file (atomically) into a private temp folder; it is streamed, then removed.
    const dir = await mkdtemp(join(tmpdir(), 'arblens-serve-export-'));
    try {
      const r = await runExport({
        dbPath: store.path,
        table: TABLES[table],
        format,
        out: dir + '/',
        sinceLast: false,
        fromMs: q.from ? Date.parse(q.from) : undefined,
        toMs: q.to ? Date.parse(q.to) : undefined,
        venues: q.venues?.split(','),
        symbols: q.symbols?.split(','),
        compression: 'zstd',
        progress: false,
      });
      const file = r.files[0]?.path;
      if (!file) return reply.code(204).send();
      const stream = createReadStream(file);
      stream.once('close', () => void rm(dir, { recursive: true, force: true }));
      return reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${table}.${format === 'hdf5' ? 'h5' : format}"`).header('x-arblens-rows', String(r.rows)).send(stream);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  });
}
