import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { ArblensError } from '../core/errors.js';

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, data: string, flag: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ArblensError(`${flag} '${path}': cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
