import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';

/** `--db ''` must not quietly mean "the default store". */
export function checkDbPath(path: string): void {
  if (path.trim() === '') throw new UsageError("--db '': the store path is empty — give a file such as data/arblens.db, or leave --db out for the default store");
}

/** `--db`, else `$ARBLENS_DB`, else `$XDG_DATA_HOME/arblens/arblens.db` (~/.local/share/…). */
export function defaultDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined) {
    checkDbPath(flag);
    return flag;
  }
  if (env.ARBLENS_DB) return env.ARBLENS_DB;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'arblens', 'arblens.db');
}
