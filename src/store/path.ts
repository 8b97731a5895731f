import { homedir } from 'node:os';
import { join } from 'node:path';

/** `--db`, else `$ARBLENS_DB`, else `$XDG_DATA_HOME/arblens/arblens.db` (~/.local/share/…). */
export function defaultDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.ARBLENS_DB) return env.ARBLENS_DB;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'arblens', 'arblens.db');
}
