import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { ArblensError, EXIT } from '../core/errors.js';

/** Another run of the same export holds the lock: exit code 4, so cron mail says what happened. */
export class LockedError extends ArblensError {
  constructor(name: string, pid: number, path: string) {
    super(`export '${name}' is already running (pid ${pid}, lock ${path}) — this run did nothing; try again when it finishes`, EXIT.locked);
  }
}

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
 * An exclusive lock file holding the owner's pid, created with O_EXCL (atomic on local
 * filesystems). A lock whose pid is dead (the run was killed) is stale and taken over: it is
 * first renamed to a unique name, so of two runs racing to break it only one succeeds.
 */
export function acquireLock(path: string, name: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readOwner(path) === process.pid) unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ArblensError(`cannot create the lock file '${path}': ${(err as Error).message}`);
    }
    const owner = readOwner(path);
    if (owner !== undefined && pidAlive(owner)) throw new LockedError(name, owner, path);
    // Stale (dead owner) or empty (owner died between create and write): break it.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
      const moved = readOwner(aside);
      if (moved !== undefined && moved !== owner && pidAlive(moved)) {
        // We moved a fresh lock someone took in between: put it back and give way.
        renameSync(aside, path);
        throw new LockedError(name, moved, path);
      }
      unlinkSync(aside);
    } catch (err) {
      if (err instanceof LockedError) throw err;
      /* someone else broke it first: retry */
    }
  }
  throw new ArblensError(`could not take the lock '${path}' — delete it if no export is running`);
}

function readOwner(path: string): number | undefined {
  try {
    const n = parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}
