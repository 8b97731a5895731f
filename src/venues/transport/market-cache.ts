import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDurationMs } from '../../core/units.js';
import { cacheDir } from '../../core/cache-dir.js';

/**
 * On-disk cache of a venue's market list. Markets change a few times a day, but loading them is
 * a whole round trip (and the heaviest request) before any price can be asked for: a warm cache
 * makes a scan two round trips instead of three. `ARBLENS_MARKET_CACHE_TTL` sets the lifetime
 * (default 1h; 0 disables). The key includes the REST base URL, so a proxy, a demo environment
 * or a test server never shares entries with the real venue.
 */
export interface MarketCache {
  read(): unknown | undefined;
  write(markets: unknown): void;
}

const DEFAULT_TTL_MS = 3_600_000;

export function marketCache(venue: string, exchangeId: string, baseUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): MarketCache | undefined {
  const ttl = env.ARBLENS_MARKET_CACHE_TTL === undefined ? DEFAULT_TTL_MS : parseDurationMs(env.ARBLENS_MARKET_CACHE_TTL) ?? DEFAULT_TTL_MS;
  if (ttl <= 0) return undefined;
  const dir = cacheDir(env, 'markets');
  const tag = createHash('sha1').update(baseUrl ?? 'default').digest('hex').slice(0, 10);
  const file = join(dir, `${venue}-${exchangeId}-${tag}.json`);
  return {
    read() {
      try {
        if (Date.now() - statSync(file).mtimeMs > ttl) return undefined;
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        return undefined; // missing, unreadable or half-written by a crash: just load from the venue
      }
    },
    write(markets) {
      try {
        // Owner only, like everything arblens keeps under the user's home.
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(markets), { mode: 0o600 });
        renameSync(tmp, file);
      } catch {
        // A read-only home must not fail a scan: the cache is an optimisation only.
      }
    },
  };
}
