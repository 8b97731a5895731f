// The export lock under stress (issue 18, item 4): N processes hammering one lock never hold it
// at once; a holder killed with -9 frees it at once; a live holder is named in the refusal.
// Bounded: 4 processes × 300 rounds, a few seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock, LockedError } from '../../../src/export/lock.js';
import { EXIT } from '../../../src/core/errors.js';

const CONTENDER = fileURLToPath(new URL('../../helpers/lock-contender.ts', import.meta.url));
const child = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', CONTENDER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

function output(p: ReturnType<typeof child>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d) => (stdout += d));
    p.stderr!.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('4 processes × 300 rounds on one lock: never two holders at once, and every round ends', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lock = join(dir, '.export.lock');
  const t0 = Date.now() + 4000;
  const results = await Promise.all(Array.from({ length: 4 }, () => output(child(['stress', lock, join(dir, 'held-marker'), '300', String(t0)]))));
  let held = 0;
  let busy = 0;
  let violations = 0;
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout.trim()) as { held: number; busy: number; violations: number };
    held += o.held;
    busy += o.busy;
    violations += o.violations;
  }
  assert.equal(held + busy, 1200, 'every round either held the lock or was refused');
  assert.ok(held > 0 && busy > 0, `the runs did contend (held ${held}, refused ${busy})`);
  assert.equal(violations, 0, `rounds where a second process held the lock too: ${violations} of ${held}`);
});

test('a holder killed with -9 frees the lock at once; a live one is refused with exit code 4 and its pid', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lock = join(dir, '.export.lock');
  const holder = child(['hold', lock]);
  await new Promise<void>((resolve) => holder.stdout!.on('data', (d) => String(d).includes('held') && resolve()));
  assert.throws(() => acquireLock(lock, 'nightly'), (e: Error & { exitCode?: number }) => e instanceof LockedError && e.exitCode === EXIT.locked && e.message.includes(`pid ${holder.pid}`));
  holder.kill('SIGKILL');
  await new Promise((r) => holder.once('exit', r));
  const release = acquireLock(lock, 'nightly'); // no stale lock to wait for or break
  assert.throws(() => acquireLock(lock, 'nightly'), LockedError, 'a second taker in the same process is refused too');
  release();
  acquireLock(lock, 'nightly')();
  assert.equal(statSync(lock).mode & 0o777, 0o600);
});
