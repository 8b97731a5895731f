import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ArblensError } from '../core/errors.js';
import { checkDbPath } from './path.js';

export { checkDbPath };
import { isBusy, storeError } from './errors.js';
import { MIGRATIONS } from './migrations.js';

export type DB = Database.Database;

// better-sqlite3 reads SQLITE_USE_URI once, when its native addon loads (at the first `new
// Database`): URI names are how a store is opened immutable (see openReadOnly). Only names that
// start with "file:" are affected.
process.env.SQLITE_USE_URI ??= '1';

/** How long one statement waits for another connection's write lock before SQLite says BUSY. */
export const BUSY_TIMEOUT_MS = 5000;
/** BUSY past busy_timeout is retried this many times (so a writer waits up to ~6 × 5 s). */
const BUSY_RETRIES = 5;

/** Synchronous pause (better-sqlite3 is synchronous; a retry happens inside a write). */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn`, retrying when SQLite reports the store busy (another writer held its lock past
 * busy_timeout, or a case where SQLite does not wait at all, such as the WAL switch of a new file).
 */
export function withBusyRetry<T>(fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || attempt >= BUSY_RETRIES) throw err;
      sleepMs(20 + Math.floor(Math.random() * 80) * (attempt + 1));
    }
  }
}

/**
 * Applies pending migrations. `user_version` is read INSIDE an immediate (write-locked)
 * transaction: two processes opening a new store at once cannot both see version 0 and both
 * create the tables — the second waits, then sees the first one's version and does nothing.
 */
export function migrate(db: DB): number {
  const step = db.transaction((): boolean => {
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v > MIGRATIONS.length) throw newerSchema(v);
    if (v === MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[v]);
    db.pragma(`user_version = ${v + 1}`);
    return true;
  });
  while (withBusyRetry(() => step.immediate()));
  return MIGRATIONS.length;
}

function newerSchema(v: number): ArblensError {
  return new ArblensError(`the store was written by a newer arblens (schema ${v}, this one knows ${MIGRATIONS.length}): upgrade arblens or use another --db`);
}

/**
 * Creates the store file owner-only (0600) before SQLite does (SQLite would make it 0644, and
 * its -wal/-shm copy the store's mode), in an owner-only directory (0700) when we create that.
 */
function createPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw storeError(err, path, 'creating the store');
  }
}

/** Opens (creating when needed) a store for writing: WAL, busy_timeout, migrations. */
export function openDatabase(path: string, opts: { readonly?: boolean } = {}): DB {
  checkDbPath(path);
  if (opts.readonly) return openReadOnly(path);
  if (path !== ':memory:') createPrivate(path);
  let db: DB | undefined;
  try {
    db = new Database(path);
    const d = db;
    d.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL + NORMAL: a crash or kill -9 may lose the last transaction, never corrupts the file.
    withBusyRetry(() => d.pragma('journal_mode = WAL'));
    d.pragma('synchronous = NORMAL');
    d.pragma('foreign_keys = ON');
    migrate(d);
    return d;
  } catch (err) {
    db?.close();
    throw storeError(err, path, 'opening the store');
  }
}

/**
 * Opens an existing store for reading only: nothing is created, migrated or locked for writing,
 * so a store on a read-only disk or owned by another user can be read. A WAL store whose -shm
 * is missing and cannot be created is opened immutable (what is in the main file: all of it
 * when the last writer closed cleanly). A store one migration behind is upgraded first when the
 * file is writable, else refused with the fix.
 */
export function openReadOnly(path: string): DB {
  checkDbPath(path);
  if (path !== ':memory:' && !existsSync(path)) {
    throw new ArblensError(`no store at '${path}' — record some data first (\`arblens scan --record\`) or point --db / ARBLENS_DB at your store`);
  }
  let db = roConnection(path);
  try {
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v > MIGRATIONS.length) throw newerSchema(v);
    if (v === 0) throw new ArblensError(`'${path}' is not an arblens store (it has no arblens schema) — check --db / ARBLENS_DB`);
    if (v < MIGRATIONS.length) {
      if (!writable(path)) {
        throw new ArblensError(`the store '${path}' has schema ${v} and this arblens needs ${MIGRATIONS.length}: it is read-only, so it cannot be upgraded — run any recording command on a writable copy first`);
      }
      db.close();
      openDatabase(path).close();
      db = roConnection(path);
    }
    return db;
  } catch (err) {
    db.close();
    throw storeError(err, path, 'reading the store');
  }
}

function roConnection(path: string): DB {
  let db: DB | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('user_version', { simple: true }); // the first read opens the -wal/-shm
    return db;
  } catch (err) {
    db?.close();
    const code = String((err as { code?: unknown }).code ?? '');
    if (path === ':memory:' || !(code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY'))) throw storeError(err, path, 'reading the store');
  }
  // -shm cannot be created (read-only directory or disk): read the file as immutable.
  try {
    const uri = 'file:' + encodeURI(resolve(path)).replace(/\?/g, '%3f').replace(/#/g, '%23') + '?immutable=1';
    const im = new Database(uri, { readonly: true, fileMustExist: true });
    im.pragma('user_version', { simple: true });
    return im;
  } catch (err) {
    throw storeError(err, path, 'reading the store');
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(resolve(path)), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
