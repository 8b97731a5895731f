import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where arblens keeps caches (`$XDG_CACHE_HOME/arblens`, else `~/.cache/arblens`), with `parts` appended. */
export function cacheDir(env: NodeJS.ProcessEnv, ...parts: string[]): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'arblens', ...parts);
}
