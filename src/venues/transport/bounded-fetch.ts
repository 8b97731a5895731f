import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { VenueError } from '../../core/errors.js';

/**
 * One HTTP request with real deadlines and a size cap, on node:http(s) so every stage is ours:
 * connect, first byte (response head) and the whole body each have a deadline that DESTROYS the
 * socket (a venue trickling its body one byte a second cannot hold the process), and the body is
 * capped twice — bytes on the wire and bytes after gzip/deflate/br — so one oversized or
 * decompression-bomb answer fails that venue alone instead of taking the process's memory and
 * event loop from the others. Global fetch cannot do this: it decompresses out of sight and its
 * body reads outlive the caller's timer (ccxt clears its timer once the head arrives).
 */
export interface FetchLimits {
  /** Whose request: failures are that venue's VenueError. */
  readonly venue: string;
  /** The whole request, from the first connect to the last body byte. */
  readonly timeoutMs: number;
  /** TCP/TLS connection (default: min(timeoutMs, 10 s)). */
  readonly connectMs?: number;
  /** Response head after the request is sent (default: timeoutMs). */
  readonly firstByteMs?: number;
  /** Cap on the body, compressed and decompressed alike (default: maxBodyBytes()). */
  readonly maxBytes?: number;
}

export interface BoundedInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** The caller's deadline (scan timeout, Ctrl-C): aborting it destroys the request too. */
  readonly signal?: AbortSignal;
}

export interface BoundedResponse {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names; repeated headers joined with ', '. */
  readonly headers: Record<string, string>;
  /** The decoded body. */
  readonly body: Buffer;
}

/** Default cap per response: 64 MB (Binance's spot exchangeInfo, the largest listing we load, is well under), `ARBLENS_MAX_BODY_MB` overrides. */
export function maxBodyBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.ARBLENS_MAX_BODY_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : 64 * 1024 * 1024;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;

export function boundedFetch(url: string | URL, init: BoundedInit, limits: FetchLimits): Promise<BoundedResponse> {
  const u = typeof url === 'string' ? new URL(url) : url;
  const cap = limits.maxBytes ?? maxBodyBytes();
  const connectMs = limits.connectMs ?? Math.min(limits.timeoutMs, 10_000);
  const firstByteMs = limits.firstByteMs ?? limits.timeoutMs;
  // Paths only in messages: a signed query string carries a signature.
  const where = u.pathname;
  return new Promise<BoundedResponse>((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    let req: ClientRequest | undefined;
    let decoder: Transform | undefined;
    let done = false;
    let received = 0;
    const finish = () => {
      done = true;
      for (const t of timers) clearTimeout(t);
      init.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown) => {
      if (done) return;
      finish();
      decoder?.destroy();
      req?.destroy();
      reject(err);
    };
    const venueFail = (detail: string, kind: 'timeout' | 'payload' | 'network' | 'http') => fail(new VenueError(limits.venue, `${where}: ${detail}`, undefined, kind));
    const onAbort = () => fail(init.signal?.reason ?? new DOMException('aborted', 'AbortError'));
    if (init.signal?.aborted) return onAbort();
    init.signal?.addEventListener('abort', onAbort, { once: true });
    const after = (ms: number, f: () => void) => timers.push(setTimeout(f, ms));

    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...lowerKeys(init.headers ?? {}) };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      req = send(u, { method: init.method ?? 'GET', headers });
    } catch (err) {
      return venueFail((err as Error).message, 'network');
    }
    let connected = false;
    let headed = false;
    after(limits.timeoutMs, () => venueFail(headed ? `body not complete within ${limits.timeoutMs} ms (${mb(received)} received) — the request was aborted` : `no answer within ${limits.timeoutMs} ms — the request was aborted`, 'timeout'));
    after(connectMs, () => connected || venueFail(`no connection within ${connectMs} ms`, 'timeout'));
    after(firstByteMs, () => headed || venueFail(`no response within ${firstByteMs} ms — the request was aborted`, 'timeout'));
    req.on('socket', (s: Socket) => {
      // A reused keep-alive socket is connected already.
      if (!s.connecting) connected = true;
      else s.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => (connected = true));
    });
    req.on('error', (err) => venueFail(err.message, 'network'));
    req.on('response', (res: IncomingMessage) => {
      headed = true;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > cap) return venueFail(`response of ${mb(declared)} exceeds the ${mb(cap)} cap — refused`, 'payload');
      const chunks: Buffer[] = [];
      let decoded = 0;
      const enc = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
      decoder = enc === 'gzip' || enc === 'x-gzip' ? createGunzip() : enc === 'deflate' ? createInflate() : enc === 'br' ? createBrotliDecompress() : undefined;
      const out = decoder ?? res;
      res.on('data', (c: Buffer) => {
        received += c.length;
        if (received > cap) venueFail(`response larger than the ${mb(cap)} cap (compressed) — refused`, 'payload');
      });
      res.on('error', (err) => venueFail(err.message, 'network'));
      if (decoder) {
        res.pipe(decoder);
        decoder.on('error', (err: Error) => venueFail(`undecodable ${enc} body (${err.message})`, 'payload'));
        decoder.on('data', (c: Buffer) => {
          decoded += c.length;
          if (decoded > cap) return venueFail(`response larger than the ${mb(cap)} cap once decompressed (${enc}, ${mb(received)} on the wire) — refused`, 'payload');
          chunks.push(c);
        });
      } else {
        res.on('data', (c: Buffer) => chunks.push(c));
      }
      out.on('end', () => {
        if (done) return;
        finish();
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: flatHeaders(res.headers), body: Buffer.concat(chunks) });
      });
    });
    req.end(init.body);
  });
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

function flatHeaders(h: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetchImplementation` for ccxt (and ccxt.pro's REST calls): ccxt then reads the body from
 * memory, so its own timer (cleared when the head arrives) no longer matters — our deadlines
 * and caps cover the body. ccxt passes its AbortSignal, honoured as the caller's.
 */
export function ccxtFetch(limits: FetchLimits): (url: string, params: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response> {
  return async (url, params) => {
    const r = await boundedFetch(url, { method: params.method, headers: params.headers, body: params.body, signal: params.signal }, limits);
    if (r.status < 200 || r.status > 599) throw new VenueError(limits.venue, `${new URL(url).pathname}: HTTP status ${r.status} is not an answer`, undefined, 'http');
    const headers = new Headers();
    // The body is decoded already: its encoding and length headers no longer describe it.
    for (const [k, v] of Object.entries(r.headers)) if (k !== 'content-encoding' && k !== 'content-length' && k !== 'transfer-encoding') headers.set(k, v);
    return new Response(NULL_BODY.has(r.status) ? null : r.body, { status: r.status, statusText: r.statusText, headers });
  };
}
