// Several processes on one store at once (issue 18, items 5 and 6). Bounded in rounds and
// time: 4 processes × 40 fresh stores for migrations, 4 writers × 150 batches for writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../src/store/migrations.js';

const CONTENDER = fileURLToPath(new URL('../../helpers/store-contender.ts', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; out: { errors: string[]; written?: number }; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CONTENDER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      try {
        resolve({ code, out: JSON.parse(stdout.trim().split('\n').pop() || '{"errors":["no output"]}'), stderr });
      } catch {
        resolve({ code, out: { errors: [`unreadable output: ${stdout.slice(0, 200)}`] }, stderr });
      }
    });
  });
}

test('4 processes creating the same 40 new stores at the same instant: every open succeeds, each store migrated once', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-migrate-race-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const STORES = 40;
  // Start instant far enough ahead for 4 tsx processes to load on a busy 2-core machine.
  const t0 = Date.now() + 4000;
  const results = await Promise.all(Array.from({ length: 4 }, () => run(['migrate', dir, String(STORES), String(t0)])));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(results.flatMap((r) => r.out.errors), [], 'no process failed to open a store');
  for (let k = 0; k < STORES; k++) {
    const db = new Database(join(dir, `${k}.db`), { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'venues'").pluck().get(), 1);
    db.close();
  }
});

test('4 concurrent writers (quotes + read-then-write opportunity episodes): no batch lost, no error', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-writers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'shared.db');
  const WRITERS = 4;
  const BATCHES = 150;
  const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => run(['write', db, String(BATCHES), String(i)])));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(results.flatMap((r) => r.out.errors), [], 'no write failed with "database is locked"');
  const s = new Database(db, { readonly: true });
  // 4 writers × 150 batches × 20 quotes = 12,000 rows, all of them.
  assert.equal(s.prepare('SELECT count(*) FROM quotes').pluck().get(), WRITERS * BATCHES * 20);
  // 3 venues × 4 symbols created concurrently by 4 processes: each exactly once.
  assert.equal(s.prepare('SELECT count(*) FROM instruments').pluck().get(), 12);
  // The shared opportunity is one episode for all writers (merged by id), each writer's own one episode.
  assert.equal(s.prepare("SELECT count(*) FROM opportunities WHERE opp_key = 'shared'").pluck().get(), 1);
  assert.equal(s.prepare("SELECT count(*) FROM opportunities WHERE opp_key LIKE 'own-%'").pluck().get(), WRITERS);
  s.close();
});
