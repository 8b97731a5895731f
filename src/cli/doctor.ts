import type { Command } from 'commander';
import { durationOption } from './parse.js';
import { cacheDir } from '../core/cache-dir.js';

/** One line of the report: what was checked, how it went, and what to do about it. */
export interface Check {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  readonly fix?: string;
}

export interface DoctorOptions {
  db?: string;
  timeVenue: string;
  timeout: number;
  skew: number;
  json?: boolean;
}

/** Where each venue says what time it is (public, no key): path on its REST base and the field. */
const TIME_ENDPOINTS: Record<string, { base: string; path: string; read: (j: unknown) => number | undefined }> = {
  binance: { base: 'https://api.binance.com', path: '/api/v3/time', read: (j) => (j as { serverTime?: number }).serverTime },
  okx: { base: 'https://www.okx.com', path: '/api/v5/public/time', read: (j) => Number((j as { data?: { ts?: string }[] }).data?.[0]?.ts) || undefined },
  bybit: { base: 'https://api.bybit.com', path: '/v5/market/time', read: (j) => Number((j as { result?: { timeNano?: string } }).result?.timeNano) / 1e6 || undefined },
};

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the store, config, credentials (never printed), market cache and clock skew — and say what to fix')
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('--time-venue <venue>', `venue whose clock is compared with this machine's (${Object.keys(TIME_ENDPOINTS).join(', ')}; its REST base follows ARBLENS_<VENUE>_URL)`, 'binance')
    .addOption(durationOption('--timeout <duration>', 'deadline for the clock request', 5000, '5s'))
    .addOption(durationOption('--skew <duration>', 'clock difference above which the check fails', 1000, '1s'))
    .option('-j, --json', 'print the checks as JSON')
    .addHelpText('after', '\nExit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 usage error.')
    .action(async (o: DoctorOptions) => {
      const checks = await runChecks(o);
      if (o.json) process.stdout.write(JSON.stringify(checks, null, 2) + '\n');
      else for (const c of checks) process.stdout.write(`${c.status === 'ok' ? 'ok  ' : c.status === 'warn' ? 'warn' : 'FAIL'}  ${c.name}: ${c.detail}${c.fix ? ` — ${c.fix}` : ''}\n`);
      process.exitCode = checks.some((c) => c.status === 'fail') ? 1 : 0;
    });
}

export async function runChecks(o: DoctorOptions, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const { UsageError } = await import('../core/errors.js');
  if (!TIME_ENDPOINTS[o.timeVenue]) throw new UsageError(`--time-venue: '${o.timeVenue}' has no clock check — use one of ${Object.keys(TIME_ENDPOINTS).join(', ')}`);
  return [await store(o.db, env), ...(await config(env)), cache(env), await clock(o, env)];
}

async function store(db: string | undefined, env: NodeJS.ProcessEnv): Promise<Check> {
  const { existsSync } = await import('node:fs');
  const { defaultDbPath } = await import('../store/path.js');
  const path = defaultDbPath(db, env);
  if (!existsSync(path)) return { name: 'store', status: 'warn', detail: `no store at ${path} yet`, fix: 'it is created by `arblens scan --record` or `arblens watch --record`' };
  try {
    const { SqliteStore } = await import('../store/sqlite.js');
    new SqliteStore(path, { readonly: true }).close();
    return { name: 'store', status: 'ok', detail: `${path} opens (schema current)` };
  } catch (err) {
    return { name: 'store', status: 'fail', detail: `${path}: ${(err as Error).message}`, fix: 'point --db at a valid store, or move this file away' };
  }
}

async function config(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const { loadConfig, venueConfig } = await import('../app/config.js');
  const { venueIds } = await import('../venues/registry.js');
  let cfg;
  try {
    cfg = loadConfig(env);
  } catch (err) {
    return [{ name: 'config', status: 'fail', detail: (err as Error).message, fix: 'fix the JSON or remove the file' }];
  }
  const out: Check[] = [{ name: 'config', status: 'ok', detail: cfg.path ? `read ${cfg.path}` : 'no config file (defaults and environment only)' }];
  // Which venues have credentials: names of the fields only, never their values.
  const withKeys: string[] = [];
  const partial: string[] = [];
  for (const id of venueIds()) {
    let v;
    try {
      v = venueConfig(id, cfg, env) as { apiKey?: string; secret?: string };
    } catch (err) {
      out.push({ name: `venue ${id}`, status: 'fail', detail: (err as Error).message });
      continue;
    }
    if (v.apiKey && v.secret) withKeys.push(id);
    else if (v.apiKey || v.secret) partial.push(`${id} (${v.apiKey ? 'secret' : 'API key'} missing)`);
  }
  out.push({ name: 'credentials', status: 'ok', detail: withKeys.length ? `API key and secret present for ${withKeys.join(', ')} (values not shown)` : 'none (public data only; account fee rates need keys)' });
  if (partial.length) out.push({ name: 'credentials', status: 'warn', detail: `incomplete: ${partial.join(', ')}`, fix: 'set both ARBLENS_<VENUE>_API_KEY and ARBLENS_<VENUE>_SECRET (or the config file)' });
  return out;
}

function cache(env: NodeJS.ProcessEnv): Check {
  const ttl = env.ARBLENS_MARKET_CACHE_TTL;
  const dir = cacheDir(env, 'markets');
  if (ttl !== undefined && /^0+(ms|s|m|h)?$/.test(ttl.trim())) return { name: 'market cache', status: 'ok', detail: 'off (ARBLENS_MARKET_CACHE_TTL=0)' };
  return { name: 'market cache', status: 'ok', detail: `${dir}, lifetime ${ttl ?? '1h'}` };
}

async function clock(o: DoctorOptions, env: NodeJS.ProcessEnv): Promise<Check> {
  const ep = TIME_ENDPOINTS[o.timeVenue];
  const base = (env[`ARBLENS_${o.timeVenue.toUpperCase()}_URL`] || ep.base).replace(/\/+$/, '');
  const t0 = Date.now();
  try {
    const res = await fetch(base + ep.path, { signal: AbortSignal.timeout(o.timeout) });
    const t1 = Date.now();
    if (!res.ok) return { name: 'clock', status: 'warn', detail: `${o.timeVenue} answered HTTP ${res.status}`, fix: 'try --time-venue with another venue' };
    const venueTs = ep.read(await res.json());
    if (venueTs === undefined || !Number.isFinite(venueTs)) return { name: 'clock', status: 'warn', detail: `${o.timeVenue} sent no time`, fix: 'try --time-venue with another venue' };
    // The venue stamped its time somewhere in the round trip: compare with its middle.
    const skew = Math.round(venueTs - (t0 + t1) / 2);
    const line = `${Math.abs(skew)} ms ${skew >= 0 ? 'behind' : 'ahead of'} ${o.timeVenue} (round trip ${t1 - t0} ms)`;
    return Math.abs(skew) > o.skew
      ? { name: 'clock', status: 'fail', detail: line, fix: 'sync the clock (e.g. `timedatectl set-ntp true`): quote ages and signed requests depend on it' }
      : { name: 'clock', status: 'ok', detail: line };
  } catch (err) {
    return { name: 'clock', status: 'warn', detail: `${o.timeVenue} not reachable (${(err as Error).message})`, fix: 'check the network, or ARBLENS_<VENUE>_URL' };
  }
}
