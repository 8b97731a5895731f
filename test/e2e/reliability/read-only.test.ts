// Readers open the store read-only (issue 18, item 9): a store on a read-only disk, with no -shm
// beside it (the copy a backup restores), can be exported, backtested and replayed; an
// unreadable file given to watch --replay fails with exit 1 and a message. The read-only disk is
// a tmpfs remounted read-only: needs root (CI containers usually are); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arblens } from '../../helpers/cli.js';
import { makeStore } from '../../helpers/export-fixture.js';

const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });

function readOnlyDisk(t: { after(fn: () => void): void; skip(msg: string): void }, fill: (dir: string) => void): string | undefined {
  const stage = mkdtempSync(join(tmpdir(), 'arblens-ro-stage-'));
  const mnt = mkdtempSync(join(tmpdir(), 'arblens-ro-'));
  t.after(() => {
    sh(`umount ${mnt}`);
    rmSync(mnt, { recursive: true, force: true });
    rmSync(stage, { recursive: true, force: true });
  });
  if (sh(`mount -t tmpfs -o size=8m tmpfs ${mnt}`).status !== 0) {
    t.skip('cannot mount a tmpfs here (needs root)');
    return undefined;
  }
  fill(stage);
  for (const f of ['s.db']) copyFileSync(join(stage, f), join(mnt, f));
  assert.equal(sh(`mount -o remount,ro ${mnt}`).status, 0);
  return mnt;
}

test('a store on a read-only disk, without its -shm: export (stdout and file), backtest --no-save and watch --replay read it', { timeout: 120_000 }, (t) => {
  const mnt = readOnlyDisk(t, (stage) => {
    const s = makeStore(join(stage, 's.db'), 300);
    // 60 hourly candles, closes cycling 101..105, for the bar backtest.
    s.upsertCandles('binance', 'BTC/USDT', 'spot', '1h', Array.from({ length: 60 }, (_, i) => ({ ts: 1_700_000_000_000 + i * 3_600_000, open: 100, high: 110, low: 90, close: 101 + (i % 5), volume: 1 })));
    s.close();
  });
  if (!mnt) return;
  const db = join(mnt, 's.db');
  assert.ok(!existsSync(`${db}-shm`) && !existsSync(`${db}-wal`), 'no -shm/-wal beside the store');

  const csv = arblens(['export', '--db', db, '--table', 'quotes', '--format', 'csv', '--out', '-']);
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(csv.stdout.trimEnd().split('\n').length, 301, 'header + 300 rows');

  const outDir = mkdtempSync(join(tmpdir(), 'arblens-ro-out-'));
  t.after(() => rmSync(outDir, { recursive: true, force: true }));
  const file = arblens(['export', '--db', db, '--table', 'candles', '--format', 'ndjson', '--out', join(outDir, 'c.ndjson')]);
  assert.equal(file.code, 0, file.stderr);
  assert.match(file.stderr, /wrote 60 rows/);

  const bt = arblens(['backtest', '--strategy', 'sma', '--venue', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--no-save', '--db', db, '--json']);
  assert.equal(bt.code, 0, bt.stderr);

  const replay = arblens(['watch', '--replay', db, '--speed', 'max', '--ndjson']);
  assert.equal(replay.code, 0, replay.stderr);

  // An incremental export must move a watermark in the store: refused with a message, not a stack.
  const inc = arblens(['export', '--db', db, '--table', 'quotes', '--format', 'csv', '--out', outDir + '/', '--since', 'last']);
  assert.equal(inc.code, 1);
  assert.equal(inc.stderr.trim().split('\n').length, 1, inc.stderr);
  assert.ok(inc.stderr.includes(db), 'the message names the store');
});

test('watch --replay of a file that is not a store exits 1 with a message (not 0 with an event dated 1970)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-replay-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(dir, { recursive: true });
  const text = join(dir, 'notes.db');
  writeFileSync(text, 'this is not a database, just text that is long enough to have a header\n'.repeat(20));
  const r = arblens(['watch', '--replay', text, '--ndjson']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '', 'no event on stdout');
  assert.match(r.stderr, /is not an arblens store/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const empty = join(dir, 'empty.db');
  writeFileSync(empty, '');
  const e = arblens(['watch', '--replay', empty, '--ndjson']);
  assert.equal(e.code, 1, e.stderr);
  assert.match(e.stderr, /is not an arblens store/);
});
