import type { FastifyInstance } from 'fastify';
import { DASHBOARD_HTML } from '../dashboard/page.js';

/** `GET /`: the dashboard, one self-contained page (no CDN, nothing fetched but this API). */
export function registerDashboard(app: FastifyInstance): void {
  app.get('/', async (_req, reply) => {
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:");
    return DASHBOARD_HTML;
  });
}
