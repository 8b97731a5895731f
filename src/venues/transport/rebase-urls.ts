/**
 * Rewrites the origin (scheme + host, `{hostname}` placeholders included) of every URL in a URL
 * or a nested ccxt `urls` object onto `base`, keeping each URL's path. That is how
 * `ARBLENS_<VENUE>_URL` / `_WS_URL` point a venue's REST and WebSocket endpoints at a proxy, a
 * demo host or a local test server. Non-string leaves are kept as they are.
 */
export function rebaseUrls(urls: unknown, base: string): unknown {
  const b = base.replace(/\/+$/, '');
  if (typeof urls === 'string') return urls.replace(/^[a-z]+:\/\/[^/]+/i, b);
  if (urls && typeof urls === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(urls)) out[k] = rebaseUrls(v, base);
    return out;
  }
  return urls;
}
