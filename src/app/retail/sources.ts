import { readFileSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { loadConfig } from '../config.js';
import { KeepaClient, type KeepaClientOptions } from '../../retail/keepa-client.js';
import { FixtureSource } from '../../retail/source.js';

/** data/retail/ in the installed package (same depth from src/ and dist/). */
export const DEMO_DIR = new URL('../../../data/retail/', import.meta.url);

export function demoSource(): FixtureSource {
  return new FixtureSource(JSON.parse(readFileSync(new URL('keepa-products.json', DEMO_DIR), 'utf8')) as unknown[]);
}

/** The key from ARBLENS_KEEPA_KEY or the config file's keepa.key; undefined when neither is set. */
export function keepaSettings(env: NodeJS.ProcessEnv, cwd?: string): { key?: string; url?: string } {
  const cfg = loadConfig(env, cwd) as { keepa?: { key?: unknown; url?: unknown } };
  const key = env.ARBLENS_KEEPA_KEY || (typeof cfg.keepa?.key === 'string' ? cfg.keepa.key : undefined);
  const url = env.ARBLENS_KEEPA_URL || (typeof cfg.keepa?.url === 'string' ? cfg.keepa.url : undefined);
  return { key: key || undefined, url };
}

export function keepaClient(env: NodeJS.ProcessEnv, cwd: string | undefined, opts: Omit<KeepaClientOptions, 'key' | 'baseUrl'>): KeepaClient {
  const s = keepaSettings(env, cwd);
  if (!s.key) throw new UsageError('no Keepa API key: set ARBLENS_KEEPA_KEY (or "keepa": {"key": …} in the config file) — or try `arblens retail analyze --demo`');
  if (s.url && !/^https?:\/\//.test(s.url)) throw new UsageError(`ARBLENS_KEEPA_URL '${s.url}' is not an http(s) URL — use e.g. http://127.0.0.1:9000`);
  return new KeepaClient({ ...opts, key: s.key, baseUrl: s.url });
}
