import type { FastifyInstance } from 'fastify';
import type { VenueRow } from '../../app/watch/venue-stats.js';
import type { ServeContext } from '../context.js';
import { TOKEN_ONLY } from './schemas.js';

/** States in which a venue delivers data; anything else counts as down for /health. */
const UP = new Set(['connected', 'connecting']);

export function venueJson(v: VenueRow): Record<string, unknown> {
  return { venue: v.venue, state: v.state, ...(v.message ? { message: v.message } : {}), lastMessageAgeMs: v.lastMessageAgeMs ?? null, messages: v.messages, perSec: Math.round(v.perSec * 10) / 10, rejected: v.rejected };
}

/** `GET /health` (503 when every venue is down) and `GET /api/v1/venues`. */
export function registerVenues(app: FastifyInstance, ctx: ServeContext): void {
  app.get('/health', { schema: { summary: 'Liveness: status, version, uptime, each venue state; 503 when every venue is down', querystring: TOKEN_ONLY } }, async (_req, reply) => {
    const rows = ctx.hub.snapshot()?.venues ?? [];
    const venues: Record<string, { state: string; lastMessageAgeMs: number | null }> = {};
    for (const v of rows) venues[v.venue] = { state: v.state, lastMessageAgeMs: v.lastMessageAgeMs ?? null };
    const down = rows.length > 0 && rows.every((v) => !UP.has(v.state));
    return reply.code(down ? 503 : 200).send({ status: down ? 'down' : 'ok', version: ctx.options.version, uptimeS: Math.floor((ctx.clock() - ctx.startedAt) / 1000), venues });
  });

  app.get('/api/v1/venues', { schema: { summary: 'Venue states and counters', querystring: TOKEN_ONLY } }, async () => (ctx.hub.snapshot()?.venues ?? []).map(venueJson));
}
