import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pidAlive } from './lock.js';

/**
 * A file that appears under its final name only when complete: data goes to a hidden temp file
 * in the same directory (same filesystem, so rename is atomic), which is fsynced, renamed into
 * place, and the directory fsynced so the rename itself survives a power cut. A reader globbing
 * `*.parquet` never sees the temp file (it starts with a dot and ends in `.tmp`).
 */
export class AtomicFile {
  readonly tmpPath: string;
  private done = false;

  constructor(readonly finalPath: string) {
    this.tmpPath = join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  }

  /** fsync the temp file, rename it into place, fsync the directory. */
  commit(): void {
    const fd = openSync(this.tmpPath, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.tmpPath, this.finalPath);
    this.done = true;
    fsyncDir(dirname(this.finalPath));
  }

  /** Removes the temp file (a failed or interrupted export leaves nothing behind). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      unlinkSync(this.tmpPath);
    } catch {
      /* never created, or already gone */
    }
  }
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some filesystems refuse fsync on a directory: the rename is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const TMP_RE = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/;

/** Deletes temp files left in `dir` by exports that were killed (their pid is gone). */
export function removeStaleTemps(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TMP_RE.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch {
      /* raced with another cleaner */
    }
  }
  return removed;
}
