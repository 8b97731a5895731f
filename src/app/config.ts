import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { configProblems } from './config-schema.js';
import { venueIds } from '../venues/registry.js';
import { addSecrets, secretsFromObject, secretsInUrls } from '../core/scrub.js';
import type { VenueConfig } from '../venues/types.js';

/** The config file's shape (`$XDG_CONFIG_HOME/arblens/config.json` or `./arblens.config.json`). */
export interface ArblensConfig {
  readonly venues?: Record<string, VenueConfig>;
  readonly defaults?: Record<string, unknown>;
  readonly path?: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'arblens');
}

/** Reads the config file; `./arblens.config.json` wins over the per-user one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ArblensConfig {
  const candidates = [env.ARBLENS_CONFIG, join(cwd, 'arblens.config.json'), join(configDir(env), 'config.json')].filter(Boolean) as string[];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as ArblensConfig;
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not a JSON object');
      // Its credentials join the scrubber before anything is sent or printed.
      addSecrets(secretsFromObject(parsed));
      addSecrets(secretsInUrls(Object.values(parsed.defaults ?? {})));
      const problems = configProblems(parsed, venueIds());
      if (problems.length > 0) throw new ConfigProblem(path, problems);
      return { ...parsed, path };
    } catch (err) {
      if (err instanceof ConfigProblem) throw new UsageError(err.message);
      throw new UsageError(`config file '${path}' is not valid JSON (${(err as Error).message}) — fix or remove it`);
    }
  }
  return {};
}

/** A schema violation (config-schema.ts): the first problem, and how many more there are. */
class ConfigProblem extends Error {
  constructor(path: string, problems: readonly string[]) {
    super(`config file '${path}': ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 4).map((p) => p.split(':')[0]).join(', ')})` : ''}`);
  }
}

const envName = (venue: string) => venue.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * One venue's settings: environment (`ARBLENS_<VENUE>_URL`, `_WS_URL`, `_API_KEY`, `_SECRET`,
 * `_PASSWORD`, `_TAKER`, `_MAKER`) over the config file's `venues.<id>`.
 */
export function venueConfig(venue: string, cfg: ArblensConfig, env: NodeJS.ProcessEnv = process.env): VenueConfig {
  const p = `ARBLENS_${envName(venue)}_`;
  const num = (k: string) => {
    const v = env[p + k];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 0.1) throw new UsageError(`${p + k}='${v}' is not a fee fraction — use e.g. 0.001 for 0.1 %`);
    return n;
  };
  const fromEnv: Record<string, unknown> = {
    url: env[p + 'URL'],
    wsUrl: env[p + 'WS_URL'],
    apiKey: env[p + 'API_KEY'],
    secret: env[p + 'SECRET'],
    password: env[p + 'PASSWORD'],
    taker: num('TAKER'),
    maker: num('MAKER'),
  };
  const out: Record<string, unknown> = { ...(cfg.venues?.[venue] ?? {}) };
  for (const [k, v] of Object.entries(fromEnv)) if (v !== undefined && v !== '') out[k] = v;
  return out as VenueConfig;
}
