/**
 * A local stand-in for Keepa's REST API (node:http on 127.0.0.1): GET /token and GET /product
 * with `asin=` or `code=` lists, the key checked, and a token bucket that answers 429
 * NOT_ENOUGH_TOKEN (with tokensLeft, refillIn, refillRate in the body, as Keepa does) when a call
 * costs more than is left. Time comes from `now()`, so a test's fake clock drives the refills.
 * Products are Keepa-shaped objects; any element may be malformed on purpose.
 */
import { createServer, type Server } from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { BIN } from './cli.js';

export const KEEPA_FIXTURES = new URL('../fixtures/keepa/rest/', import.meta.url);

export function keepaProducts(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(new URL('products.json', KEEPA_FIXTURES), 'utf8')) as Record<string, unknown>[];
}

export interface KeepaServerOptions {
  readonly key: string;
  readonly products: readonly unknown[];
  readonly tokensLeft?: number;
  readonly refillRate?: number;
  readonly now?: () => number;
}

export interface KeepaServer {
  readonly url: string;
  /** Requests seen as path + query, with the key replaced by "***". */
  readonly requests: string[];
  /** Status codes answered, in order. */
  readonly statuses: number[];
  state: { tokensLeft: number; refillRate: number; nextRefill: number };
  close(): Promise<void>;
}

export async function startKeepaServer(o: KeepaServerOptions): Promise<KeepaServer> {
  const now = o.now ?? Date.now;
  const requests: string[] = [];
  const statuses: number[] = [];
  const state = { tokensLeft: o.tokensLeft ?? 1000, refillRate: o.refillRate ?? 20, nextRefill: now() + 60_000 };
  const byAsin = new Map<string, unknown>();
  const byCode = new Map<string, unknown[]>();
  for (const p of o.products) {
    const x = p as { asin?: unknown; upcList?: unknown; eanList?: unknown };
    if (typeof x.asin === 'string') byAsin.set(x.asin, p);
    for (const list of [x.upcList, x.eanList]) if (Array.isArray(list)) for (const c of list) byCode.set(String(c), [...(byCode.get(String(c)) ?? []), p]);
  }
  const refill = () => {
    while (now() >= state.nextRefill) (state.tokensLeft = Math.min(state.tokensLeft + state.refillRate, state.refillRate * 60)), (state.nextRefill += 60_000);
  };
  const envelope = (consumed = 0) => ({ timestamp: now(), tokensLeft: state.tokensLeft, refillIn: state.nextRefill - now(), refillRate: state.refillRate, tokenFlowReduction: 0, tokensConsumed: consumed, processingTimeInMs: 3 });

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search.replace(/key=[^&]*/, 'key=***'));
    const send = (status: number, body: unknown) => {
      statuses.push(status);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    refill();
    if (url.searchParams.get('key') !== o.key) {
      // Keepa rejects a wrong key; this body echoes the request URL so tests prove the client scrubs it.
      return send(400, { ...envelope(), error: { type: 'invalidKey', message: `invalid key in ${req.url}` } });
    }
    if (url.pathname === '/token') return send(200, envelope());
    if (url.pathname !== '/product') return send(404, { error: { type: 'NOT_FOUND', message: url.pathname } });
    const asins = url.searchParams.get('asin')?.split(',').filter(Boolean) ?? [];
    const codes = url.searchParams.get('code')?.split(',').filter(Boolean) ?? [];
    if (asins.length + codes.length === 0 || asins.length > 100 || codes.length > 100) return send(400, { ...envelope(), error: { type: 'REQUEST_REJECTED', message: 'asin or code: 1 to 100 values' } });
    const products = asins.length ? asins.flatMap((a) => (byAsin.has(a) ? [byAsin.get(a)] : [])) : codes.flatMap((c) => byCode.get(c) ?? []);
    const cost = Math.max(1, products.length) * (1 + (url.searchParams.get('buybox') === '1' ? 2 : 0));
    if (cost > state.tokensLeft) return send(429, envelope());
    state.tokensLeft -= cost;
    send(200, { ...envelope(cost), products });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    statuses,
    state,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** The built CLI run without blocking this process's event loop (an in-process server must answer it). */
export function arblensAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
