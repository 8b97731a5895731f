// A full disk (issue 18, item 12), simulated with a small tmpfs filled to the last byte: `scan
// --record` and `export` end with one line naming the file, exit 1, and nothing half-written
// (the store intact with none of the failed batch, no export file or temp, watermark unmoved).
// Mounting needs root (CI containers usually are); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { arblens } from '../../helpers/cli.js';
import { makeStore } from '../../helpers/export-fixture.js';
import { SqliteStore } from '../../../src/store/sqlite.js';

const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });

function smallDisk(t: { after(fn: () => void): void; skip(msg: string): void }, size: string): string | undefined {
  const mnt = mkdtempSync(join(tmpdir(), 'arblens-full-'));
  t.after(() => {
    sh(`umount ${mnt}`);
    rmSync(mnt, { recursive: true, force: true });
  });
  if (sh(`mount -t tmpfs -o size=${size} tmpfs ${mnt}`).status !== 0) {
    t.skip('cannot mount a tmpfs here (needs root)');
    return undefined;
  }
  return mnt;
}

/** Writes a filler file until the device says ENOSPC. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
}

const oneLine = (stderr: string) => stderr.trim().split('\n').filter((l) => l.startsWith('arblens:'));

test('scan --record on a full disk: one line naming the store, exit 1, the store intact without the batch', { timeout: 60_000 }, (t) => {
  const mnt = smallDisk(t, '1m');
  if (!mnt) return;
  const db = join(mnt, 's.db');
  new SqliteStore(db).close(); // a store that exists, then the disk fills up
  fill(mnt);
  const r = arblens(['scan', '--demo', '--record', '--db', db]);
  assert.equal(r.code, 1, r.stderr);
  const lines = oneLine(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0].includes(db) && /disk is full/.test(lines[0]), lines[0]);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  rmSync(join(mnt, 'filler'));
  const d = new Database(db, { readonly: true });
  assert.equal(d.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(d.prepare('SELECT count(*) FROM quotes').pluck().get(), 0, 'none of the failed batch');
  d.close();
});

test('export to a full disk (csv, parquet, --since last): one line naming the output, exit 1, no file, no temp, watermark unmoved', { timeout: 60_000 }, (t) => {
  const mnt = smallDisk(t, '64k');
  if (!mnt) return;
  const dir = mkdtempSync(join(tmpdir(), 'arblens-full-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 's.db');
  makeStore(db, 20_000).close(); // ~1.5 MB of csv, ~300 KB of parquet: far more than 64 KB
  for (const args of [['--format', 'csv', '--out', join(mnt, 'q.csv')], ['--format', 'parquet', '--out', join(mnt, 'q.parquet')], ['--format', 'csv', '--out', mnt + '/', '--since', 'last']]) {
    const r = arblens(['export', '--db', db, '--table', 'quotes', ...args]);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    const lines = oneLine(r.stderr);
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0].includes(mnt) && /no space left/.test(lines[0]), lines[0]);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(readdirSync(mnt), [], 'nothing half-written, no temp file');
  }
  const d = new Database(db, { readonly: true });
  assert.equal(d.prepare('SELECT count(*) FROM export_watermarks').pluck().get(), 0);
  d.close();
});
