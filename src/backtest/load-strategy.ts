/**
 * `--strategy sma` (built-in) or `--strategy ./my-strategy.ts|.js` (a user's file, default export
 * or `strategy` export). .ts files load through tsx's API, so users need no build step.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { BUILTIN_STRATEGIES } from './strategies/index.js';
import { userFrame } from './strategy-error.js';
import type { Strategy } from './types.js';

export const BUILTIN_NAMES = [...BUILTIN_STRATEGIES.keys(), 'arb'];

export function isPath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.(m?[jt]s|cjs|cts|mts)$/.test(spec);
}

export async function loadStrategy(spec: string, cwd = process.cwd()): Promise<Strategy<unknown>> {
  const builtin = BUILTIN_STRATEGIES.get(spec);
  if (builtin) return builtin;
  if (!isPath(spec)) {
    const guess = didYouMean(spec, BUILTIN_NAMES);
    throw new UsageError(`--strategy '${spec}' is not a built-in strategy (${BUILTIN_NAMES.join(', ')})${guess ? ` — did you mean '${guess}'?` : ''}; a file of your own is given by path, e.g. ./my-strategy.ts`);
  }
  const file = isAbsolute(spec) ? spec : resolve(cwd, spec);
  if (!existsSync(file)) throw new UsageError(`--strategy '${spec}': no such file (${file})`);
  let mod: Record<string, unknown>;
  try {
    if (/\.[mc]?ts$/.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    } else mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    const e = err as Error;
    // A .js file in a folder whose package.json says CommonJS (or nothing) is read as CommonJS;
    // Node's syntax detection usually rescues ESM syntax, tsx's loader takes what it misses.
    if (/\.js$/.test(file) && e instanceof SyntaxError) {
      try {
        const { tsImport } = await import('tsx/esm/api');
        mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
        return checkStrategy(spec, (mod.default as Record<string, unknown> | undefined)?.default ?? mod.default ?? mod.strategy);
      } catch {
        throw new UsageError(
          `--strategy '${spec}' failed to load: ${e.message} — a .js file is read as CommonJS unless the nearest package.json says "type": "module": rename it to .mjs, add "type": "module", or write it as .ts (see \`arblens new strategy\`)`,
        );
      }
    }
    const where = userFrame(e.stack ?? '');
    throw new UsageError(`--strategy '${spec}' failed to load${where ? ` (${where})` : ''}: ${e.message}`);
  }
  return checkStrategy(spec, (mod.default as Record<string, unknown> | undefined)?.default ?? mod.default ?? mod.strategy);
}

/** A loaded module must export the documented shape; say which part is missing. */
export function checkStrategy(spec: string, s: unknown): Strategy<unknown> {
  const o = s as Partial<Strategy<unknown>> | undefined;
  const problems: string[] = [];
  if (!o || typeof o !== 'object') problems.push('no default export (export default { name, params, init, next })');
  else {
    if (typeof o.next !== 'function') problems.push('next(ctx) is missing');
    if (o.init !== undefined && typeof o.init !== 'function') problems.push('init must be a function');
    if (o.params !== undefined && (typeof o.params !== 'object' || o.params === null)) problems.push('params must be an object of { default, min?, max? }');
    for (const [k, p] of Object.entries(o.params ?? {})) if (typeof (p as { default?: unknown }).default !== 'number') problems.push(`params.${k}.default must be a number`);
  }
  if (problems.length) throw new UsageError(`--strategy '${spec}': ${problems.join('; ')} — see strategies/example.ts`);
  return { name: o!.name ?? spec, params: o!.params ?? {}, init: o!.init ?? (() => undefined), next: o!.next!, valid: o!.valid, description: o!.description };
}
