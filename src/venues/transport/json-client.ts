import { VenueError } from '../../core/errors.js';
import { num } from '../../core/json.js';
import { boundedFetch, type BoundedResponse } from './bounded-fetch.js';

/** Payload numbers are read by core's one rule; re-exported for the venue files that read JSON through this client. */
export { num };

/**
 * A small JSON-over-HTTP client for the prediction venues' public REST APIs (node:http, no
 * extra package). Rate-limit aware: requests start at least `minIntervalMs` apart, and a 429 is
 * retried after the venue's Retry-After (capped) a few times before the venue is reported as
 * failing. Every call has its own deadlines (connect, first byte, whole body) and body cap on top of
 * the caller's signal (the scan deadline), all of which abort the request (see bounded-fetch.ts).
 */
export interface JsonClientOptions {
  readonly venue: string;
  readonly base: string;
  readonly timeoutMs: number;
  readonly minIntervalMs?: number;
  readonly headers?: Record<string, string>;
  /** Retries after HTTP 429. */
  readonly retries?: number;
  /** Body cap, compressed and decompressed (default: maxBodyBytes(), 64 MB). */
  readonly maxBytes?: number;
}

export class JsonClient {
  private nextStart = 0;
  constructor(private readonly o: JsonClientOptions) {}

  get base(): string {
    return this.o.base;
  }

  async get(path: string, query: Record<string, string | number | boolean | readonly string[] | undefined> = {}, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(joinUrl(this.o.base, path));
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, x);
      else url.searchParams.set(k, String(v));
    }
    return this.request(url, { method: 'GET' }, signal);
  }

  async post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(joinUrl(this.o.base, path));
    return this.request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, signal);
  }

  private async request(url: URL, init: { method: string; body?: string; headers?: Record<string, string> }, signal?: AbortSignal): Promise<unknown> {
    const retries = this.o.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      await this.pace(signal);
      let res: BoundedResponse;
      try {
        // Deadlines (connect, first byte, whole body) and the body cap abort the request itself.
        res = await boundedFetch(url, { ...init, headers: { accept: 'application/json', ...this.o.headers, ...init.headers }, signal }, { venue: this.o.venue, timeoutMs: this.o.timeoutMs, maxBytes: this.o.maxBytes });
      } catch (err) {
        if (err instanceof VenueError) throw err;
        throw new VenueError(this.o.venue, `${url.pathname}: ${(err as Error).message}`, err, 'network');
      }
      if (res.status === 429 && attempt < retries) {
        await sleep(retryAfterMs(res.headers['retry-after'] ?? null), signal);
        continue;
      }
      const text = res.body.toString('utf8');
      if (res.status < 200 || res.status > 299) throw new VenueError(this.o.venue, `${url.pathname}: HTTP ${res.status} ${text.slice(0, 200).replace(/\s+/g, ' ')}`, undefined, 'http');
      try {
        return JSON.parse(text);
      } catch {
        throw new VenueError(this.o.venue, `${url.pathname}: answer is not JSON (${text.slice(0, 80).replace(/\s+/g, ' ')}…)`);
      }
    }
  }

  private async pace(signal?: AbortSignal): Promise<void> {
    const gap = this.o.minIntervalMs ?? 0;
    if (gap <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + gap;
    if (start > now) await sleep(start - now, signal);
  }
}

/** Replaces the default base with a configured one: an override without a path keeps the default path. */
export function overrideBase(defaultBase: string, override: string | undefined): string {
  if (!override) return defaultBase;
  let u: URL;
  try {
    u = new URL(override);
  } catch {
    return defaultBase;
  }
  if (u.pathname && u.pathname !== '/') return override.replace(/\/+$/, '');
  return u.origin + new URL(defaultBase).pathname.replace(/\/+$/, '');
}

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

function retryAfterMs(v: string | null): number {
  const n = Number(v);
  if (v && Number.isFinite(n)) return Math.min(5000, Math.max(100, n * 1000));
  return 1000;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}


/** ISO string or epoch (s or ms) → epoch ms. */
export function timeMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? v * 1000 : v;
  if (typeof v === 'string' && v.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return timeMs(Number(v));
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
