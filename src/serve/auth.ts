import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Token check in constant time: both sides are hashed first, so the comparison always runs over
 * 32 bytes whatever the lengths (timingSafeEqual needs equal lengths and would leak them).
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token of a request: `Authorization: Bearer <t>`, else `?token=<t>` (browsers' WS/SSE cannot set headers). */
export function requestToken(authorization: string | undefined, query: unknown): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (m) return m[1].trim();
  const t = (query as { token?: unknown } | undefined)?.token;
  return typeof t === 'string' ? t : undefined;
}

/** Loopback hosts: the only binds allowed without a token. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** `?token=…` replaced in a URL before it reaches a log line. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/gi, '$1***');
}
