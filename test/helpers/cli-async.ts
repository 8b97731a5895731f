/**
 * The built CLI as an async child process, for tests whose local servers live in the test process
 * and must keep answering while the CLI runs (spawnSync would block them). Resolves with the exit
 * code, both streams and the wall time; a run still alive after `killAfterMs` is SIGKILLed and
 * reported with `killed: true` (a hang shows up as that, not as a stuck test).
 */
import { spawn } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

export interface AsyncRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly killed: boolean;
}

export function arblensAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}, killAfterMs = 60_000): Promise<AsyncRun> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const kill = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr, ms: Date.now() - t0, killed });
    });
  });
}
