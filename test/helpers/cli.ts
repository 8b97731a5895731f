import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/arblens.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would (`node bin/arblens.js …`); `npm test` builds first. */
export function arblens(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    input,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** The house style of a usage error: exit 2, nothing on stdout, one line `arblens: <flag>: … — <fix>`, no stack. */
export function assertUsageError(r: CliResult, flag: string, fragment: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line:\n${r.stderr}`);
  assert.ok(lines[0].startsWith(`arblens: ${flag}: `), lines[0]);
  assert.match(lines[0], / — /, 'names the fix');
  assert.match(lines[0], fragment);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:|\.ts:\d+|\.js:\d+/);
}
