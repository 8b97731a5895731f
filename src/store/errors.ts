import { ArblensError } from '../core/errors.js';

/**
 * SQLite failures as one line naming the file and the fix (no stack trace): a full disk, a file
 * that is not a database, a store the user cannot write. Anything else passes through unchanged.
 */
export function storeError(err: unknown, path: string, doing: string): unknown {
  if (err instanceof ArblensError) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
  const msg = (err as Error)?.message ?? String(err);
  // SHMSIZE: the -shm file could not grow, which on a local disk means it is full.
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_SHMSIZE' || /disk is full/i.test(msg)) {
    return new ArblensError(`${doing} '${path}' failed: the disk is full — nothing of this write was kept; free some space and run again`);
  }
  if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(msg)) {
    return new ArblensError(`'${path}' is not an arblens store (file is not a database) — check --db / ARBLENS_DB`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new ArblensError(`${doing} '${path}' failed: ${msg} — check the file's permissions, or point --db / ARBLENS_DB elsewhere`);
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CORRUPT')) {
    return new ArblensError(`${doing} '${path}' failed: ${msg} (${code})`);
  }
  return err;
}

/** Another connection holds the write lock past busy_timeout: worth retrying, never worth losing data. */
export function isBusy(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
}
