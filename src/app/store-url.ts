import { UsageError } from '../core/errors.js';
import type { HistoryStore } from '../store/types.js';
import { defaultDbPath } from '../store/path.js';
import { isClickHouseUrl, maskUrl, parseClickHouseUrl, type ClickHouseSpec } from '../store/clickhouse/url.js';

/** Which store a command uses: a SQLite file, or a ClickHouse database. */
export type StoreSpec = { readonly kind: 'sqlite'; readonly path: string; readonly display: string } | ClickHouseSpec;

export interface StoreFlags {
  /** `--store`: sqlite:<path>, a path, or clickhouse://user:pass@host:8123/db. */
  readonly store?: string;
  /** `--db`: a SQLite file (kept for compatibility; same as --store <path>). */
  readonly db?: string;
}

/**
 * The store a command uses: `--store`, else `--db`, else `$ARBLENS_STORE`, else `$ARBLENS_DB`,
 * else the default SQLite file (flags before environment, as everywhere).
 */
export function resolveStore(o: StoreFlags, env: NodeJS.ProcessEnv = process.env): StoreSpec {
  if (o.store !== undefined && o.db !== undefined) throw new UsageError(`--store and --db both name a store — keep one (--store '${maskUrl(o.store)}' or --db '${o.db}')`);
  if (o.store !== undefined) return parseStore(o.store, '--store');
  if (o.db !== undefined) return sqlite(defaultDbPath(o.db, env));
  if (env.ARBLENS_STORE) return parseStore(env.ARBLENS_STORE, 'ARBLENS_STORE');
  return sqlite(defaultDbPath(undefined, env));
}

/** `sqlite:<path>`, `sqlite://<path>`, a bare path, or `clickhouse://…`. */
export function parseStore(v: string, flag: string): StoreSpec {
  const t = v.trim();
  if (t === '') throw new UsageError(`${flag} '': the store is empty — give a file such as data/arblens.db or clickhouse://localhost:8123/arblens`);
  if (isClickHouseUrl(t)) return parseClickHouseUrl(t, flag);
  if (/^sqlite:/i.test(t)) {
    const path = t.replace(/^sqlite:(\/\/)?/i, '');
    if (!path) throw new UsageError(`${flag} '${t}': no file after sqlite: — use sqlite:data/arblens.db`);
    return sqlite(path);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) throw new UsageError(`${flag} '${maskUrl(t)}': unknown store scheme — use a SQLite path (sqlite:data/arblens.db) or clickhouse://host:8123/arblens`);
  return sqlite(t);
}

function sqlite(path: string): StoreSpec {
  return { kind: 'sqlite', path, display: path };
}

export interface OpenStoreOptions {
  readonly readonly?: boolean;
  readonly warn?: (message: string) => void;
  /** ClickHouse: batch period in ms (default 1000). */
  readonly flushMs?: number;
}

/** Opens the store a spec names (SQLite synchronously underneath; ClickHouse connects and migrates). */
export async function openHistoryStore(spec: StoreSpec, o: OpenStoreOptions = {}): Promise<HistoryStore> {
  if (spec.kind === 'clickhouse') {
    const { ClickHouseStore } = await import('../store/clickhouse/store.js');
    return ClickHouseStore.open(spec, { create: !o.readonly, warn: o.warn, flushMs: o.flushMs });
  }
  const { SqliteStore } = await import('../store/sqlite.js');
  return new SqliteStore(spec.path, { readonly: o.readonly });
}
