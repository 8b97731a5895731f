import type { FastifyInstance, RouteOptions } from 'fastify';

interface Collected {
  readonly method: string;
  readonly url: string;
  readonly schema: Record<string, unknown>;
  readonly websocket: boolean;
}

/**
 * Collects every route with its schema as it is registered (onRoute), and serves them as an
 * OpenAPI 3.0 document: the same schemas validate requests, so the document cannot drift.
 */
export function collectRoutes(app: FastifyInstance): Collected[] {
  const routes: Collected[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      if (m === 'HEAD' || m === 'OPTIONS') continue;
      routes.push({ method: m.toLowerCase(), url: r.url, schema: (r.schema ?? {}) as Record<string, unknown>, websocket: (r as { websocket?: boolean }).websocket === true });
    }
  });
  return routes;
}

export function openApiDocument(routes: readonly Collected[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (r.url === '/openapi.json' || r.url === '/') continue;
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const s = r.schema as { summary?: string; description?: string; querystring?: ObjSchema; params?: ObjSchema; body?: unknown };
    const parameters = [...params(s.params, 'path'), ...params(s.querystring, 'query')];
    const op: Record<string, unknown> = {
      summary: s.summary,
      ...(s.description || r.websocket ? { description: [s.description, r.websocket ? 'WebSocket upgrade (GET with Upgrade: websocket).' : ''].filter(Boolean).join(' ') } : {}),
      parameters,
      responses: { '200': { description: 'OK' }, '400': { description: 'A parameter is invalid (the body names it)' }, '401': { description: 'Missing or wrong token' } },
    };
    if (s.body) op.requestBody = { required: true, content: { 'application/json': { schema: s.body } } };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'arblens serve', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

interface ObjSchema {
  properties?: Record<string, { description?: string }>;
  required?: string[];
}

function params(s: ObjSchema | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!s?.properties) return [];
  return Object.entries(s.properties).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    ...(schema.description ? { description: schema.description } : {}),
    schema,
  }));
}
