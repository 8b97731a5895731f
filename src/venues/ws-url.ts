/**
 * Rewrites the origin of every URL in a (nested) ccxt `urls` object onto `base`, keeping each
 * URL's path, so `ARBLENS_BINANCE_WS_URL=ws://127.0.0.1:9000` sends binance's `/ws/…` streams to
 * a local server or a proxy. Non-string leaves are kept as they are.
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
