import Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { ArblensError, EXIT } from '../core/errors.js';

/** Another run of the same export holds the lock: exit code 4, so cron mail says what happened. */
export class LockedError extends ArblensError {
  constructor(name: string, pid: number | undefined, path: string) {
    super(`export '${name}' is already running (${pid ? `pid ${pid}, ` : ''}lock ${path}) — this run did nothing; try again when it finishes`, EXIT.locked);
  }
}

/** The lock file cannot be created at all (read-only disk or directory): not "someone holds it". */
export class LockUnavailableError extends ArblensError {}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The export lock is SQLite's own write lock on a small lock file beside the store: the holder
 * keeps a write transaction open on it (BEGIN IMMEDIATE, which is atomic: of any number of
 * processes exactly one gets it), and a second run, waiting for nothing (busy_timeout 0), gets
 * SQLITE_BUSY at once. The operating system drops the lock when its holder exits, however it
 * exits (kill -9 included), so there is no stale lock to detect or break, and no window where a
 * half-written or moved-aside lock file lets a second run in. The file is never deleted
 * (deleting it would let a waiting run lock the old file while a new run locks a new one).
 * `<lock>.pid` names the holder for the message only; it is not part of the lock.
 * Needs a filesystem with working POSIX locks (any local one; not every network filesystem).
 */
export function acquireLock(path: string, name: string): () => void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') throw new LockUnavailableError(`cannot create the lock file '${path}': ${(err as Error).message} — an incremental export (--since last) needs a writable store directory`);
    if (code !== 'EEXIST') throw new ArblensError(`cannot create the lock file '${path}': ${(err as Error).message}`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0 }); // an empty file: rollback-journal mode, nothing ever written
  } catch (err) {
    throw new ArblensError(`cannot open the lock file '${path}': ${(err as Error).message} — delete it if no export is running`);
  }
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    db.close();
    const code = String((err as { code?: unknown }).code ?? '');
    if (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') throw new LockedError(name, readOwner(path), path);
    throw new ArblensError(`cannot take the lock '${path}': ${(err as Error).message}`);
  }
  try {
    writeFileSync(`${path}.pid`, `${process.pid}\n`, { mode: 0o600 });
  } catch {
    /* informational only */
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      db.exec('ROLLBACK');
    } finally {
      db.close();
    }
  };
}

function readOwner(path: string): number | undefined {
  try {
    const n = parseInt(readFileSync(`${path}.pid`, 'utf8'), 10);
    return Number.isFinite(n) && pidAlive(n) ? n : undefined;
  } catch {
    return undefined;
  }
}
