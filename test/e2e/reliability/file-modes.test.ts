// File modes (issue 18, item 15), under the common umask 022 (which would make files 0644):
// the store and its -wal/-shm, pairs.json, the market cache and the export lock are owner-only
// (0600, directories arblens creates 0700); exports follow the umask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../../helpers/cli.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { savePairs } from '../../../src/app/pairs-file.js';
import { marketCache } from '../../../src/venues/transport/market-cache.js';

const mode = (p: string) => statSync(p).mode & 0o777;
const cli = (umask: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

test('store, -wal, -shm: 0600 in 0700 directories arblens creates (umask 022)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-modes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'new', 'sub', 's.db');
  const r = cli('022', ['scan', '--demo', '--record', '--db', db]);
  assert.ok(r.status === 0 || r.status === 3, r.stderr);
  assert.equal(mode(db), 0o600);
  assert.equal(mode(join(dir, 'new')), 0o700);
  assert.equal(mode(join(dir, 'new', 'sub')), 0o700);
  // While a writer has it open, the -wal and -shm exist: same mode as the store.
  const prev = process.umask(0o022);
  t.after(() => process.umask(prev));
  const s = new SqliteStore(db);
  s.recordFunding([{ type: 'funding', venue: 'okx', symbol: 'BTC/USDT:USDT', rate: 0.0001, intervalHours: 8, venueTs: 1, localTs: 1 }]);
  assert.equal(mode(`${db}-wal`), 0o600);
  assert.equal(mode(`${db}-shm`), 0o600);
  s.close();
});

test('pairs.json and the market cache: 0600, their directories 0700 (umask 022)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-modes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const prev = process.umask(0o022);
  t.after(() => process.umask(prev));
  const pairs = join(dir, 'config', 'arblens', 'pairs.json');
  savePairs(pairs, [{ id: 'kalshi:A~polymarket:1', a: { venue: 'kalshi', id: 'A' }, b: { venue: 'polymarket', id: '1' }, inverted: false }]);
  assert.equal(mode(pairs), 0o600);
  assert.equal(mode(join(dir, 'config', 'arblens')), 0o700);
  const cache = marketCache('binance', 'binance', 'http://127.0.0.1:1', { XDG_CACHE_HOME: join(dir, 'cache'), ARBLENS_MARKET_CACHE_TTL: '1h' })!;
  cache.write({ 'BTC/USDT': {} });
  const cdir = join(dir, 'cache', 'arblens', 'markets');
  assert.equal(mode(cdir), 0o700);
  const files = readdirSync(cdir);
  assert.equal(files.length, 1);
  assert.equal(mode(join(cdir, files[0])), 0o600);
});

test('exports follow the umask (0644 under 022, 0600 under 077); the export lock is 0600', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-modes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 's.db');
  const s = new SqliteStore(db);
  s.recordFunding([{ type: 'funding', venue: 'okx', symbol: 'BTC/USDT:USDT', rate: 0.0001, intervalHours: 8, venueTs: 1, localTs: 1 }]);
  s.close();
  for (const [umask, want] of [['022', 0o644], ['077', 0o600]] as const) {
    const out = join(dir, `f-${umask}.csv`);
    const r = cli(umask, ['export', '--db', db, '--table', 'funding', '--format', 'csv', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(mode(out), want, `umask ${umask}`);
  }
  const locks = readdirSync(dir).filter((f) => f.endsWith('.lock'));
  assert.ok(locks.length > 0);
  for (const l of locks) assert.equal(mode(join(dir, l)), 0o600);
});
