// Parsed columns of large CSV files kept between runs (csv-cache.ts): the first read of a file
// only notes it, the second writes its columns, the third answers from the cache with the same
// columns and bad-row report; any change to the file, a corrupt cache file or
// ARBLENS_SERIES_CACHE=0 sends it back to the CSV; old files are pruned; an unwritable cache
// costs nothing but speed. The size threshold is lowered so small files are cached here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedCsvSeries } from '../../../src/backtest/csv-cache.js';
import { readCsvSeries } from '../../../src/backtest/load-data.js';

const dir = mkdtempSync(join(tmpdir(), 'arblens-csv-cache-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function rows(n: number, base = 100): string {
  const t0 = Date.UTC(2024, 0, 1);
  let s = 'date,open,high,low,close,volume\n';
  for (let k = 0; k < n; k++) s += `${new Date(t0 + k * 60_000).toISOString()},${base + k},${base + k + 1},${base + k - 1},${base + k + 0.5},${k % 5}\n`;
  return s;
}

/** One cache folder per test; every read counted, so a cache answer is told from a scan. */
function setup(name: string) {
  const home = join(dir, name);
  const env = { XDG_CACHE_HOME: join(home, 'cache') } as NodeJS.ProcessEnv;
  const csv = join(dir, `${name}.csv`);
  let scans = 0;
  // The cache file is written in the background: each read here waits for it, as the next run would.
  const read = async (path: string, skip = false, extra: { env?: NodeJS.ProcessEnv; maxBytes?: number } = {}) => {
    const r = cachedCsvSeries(path, skip, () => (scans++, readCsvSeries(path, skip)), { env: extra.env ?? env, minBytes: 0, maxBytes: extra.maxBytes });
    await r.written;
    return r;
  };
  const listing = () => {
    try {
      return readdirSync(join(home, 'cache', 'arblens', 'csv-columns'));
    } catch {
      return [];
    }
  };
  const cacheFiles = () => listing().filter((f) => f.endsWith('.f64'));
  /** Two reads: the file is noted, then its columns written. */
  const warm = async (path: string, skip = false, extra: { maxBytes?: number } = {}) => {
    assert.equal((await read(path, skip, extra)).cached, false);
    return read(path, skip, extra);
  };
  return { env, csv, read, warm, scans: () => scans, listing, cacheFiles, cacheDir: join(home, 'cache', 'arblens', 'csv-columns') };
}

const closes = (r: { series: { close: Float64Array } }) => Array.from(r.series.close);

test('the first read notes the file, the second caches it, the third reads the cache, column for column', async () => {
  const t = setup('same');
  writeFileSync(t.csv, rows(500));
  const first = await t.read(t.csv);
  assert.equal(first.cached, false);
  assert.deepEqual(t.cacheFiles(), [], 'a file read once leaves no copy');
  assert.equal(t.listing().filter((f) => f.endsWith('.seen')).length, 1);
  const second = await t.read(t.csv);
  assert.equal(second.cached, false);
  assert.equal(t.cacheFiles().length, 1);
  const third = await t.read(t.csv);
  assert.equal(third.cached, true);
  assert.equal(t.scans(), 2);
  for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) assert.deepEqual(Array.from(third.series[c]), Array.from(first.series[c]), c);
  assert.equal(third.series.length, 500);
  // Owner only, like everything arblens keeps under the user's home.
  assert.equal(statSync(t.cacheDir).mode & 0o777, 0o700);
  assert.equal(statSync(join(t.cacheDir, t.cacheFiles()[0])).mode & 0o777, 0o600);
});

test('a file rewritten in place — same size, its modification time put back — is scanned again', async () => {
  const t = setup('rewritten');
  writeFileSync(t.csv, rows(200, 200));
  const before = statSync(t.csv);
  assert.equal(closes(await t.warm(t.csv))[0], 200.5);
  assert.equal((await t.read(t.csv)).cached, true);
  // Same length (every price 200+k becomes 300+k), same mtime: only ctime and content differ.
  writeFileSync(t.csv, rows(200, 300));
  assert.equal(statSync(t.csv).size, before.size);
  utimesSync(t.csv, before.atime, before.mtime);
  const after = await t.read(t.csv);
  assert.equal(after.cached, false);
  assert.equal(closes(after)[0], 300.5);
  assert.equal(t.scans(), 3);
});

test('--skip-bad-rows is cached apart, with its count and reasons; a strict read that fails caches nothing', async () => {
  const t = setup('bad');
  writeFileSync(t.csv, rows(50) + '2024-01-02T00:00:00Z,1,2,3,x,1\n');
  await assert.rejects(() => t.read(t.csv), /line 52/);
  await assert.rejects(() => t.read(t.csv), /line 52/);
  assert.deepEqual(t.listing(), [], 'a failed read notes nothing');
  const skipped = await t.warm(t.csv, true);
  const again = await t.read(t.csv, true);
  assert.equal(again.cached, true);
  assert.equal(again.skipped, 1);
  assert.deepEqual(again.problems, skipped.problems);
  assert.match(again.problems[0], /line 52/);
  await assert.rejects(() => t.read(t.csv), /line 52/, 'the strict read still scans (and fails)');
});

test('ARBLENS_SERIES_CACHE=0, a corrupt cache file and an unwritable cache folder all fall back to the CSV', async () => {
  const t = setup('fallback');
  writeFileSync(t.csv, rows(100));
  const off = { ...t.env, ARBLENS_SERIES_CACHE: '0' };
  for (let k = 0; k < 3; k++) await t.read(t.csv, false, { env: off });
  assert.equal(t.scans(), 3);
  assert.deepEqual(t.listing(), []);

  await t.warm(t.csv);
  const [name] = t.cacheFiles();
  truncateSync(join(t.cacheDir, name), 100);
  const afterCorrupt = await t.read(t.csv);
  assert.equal(afterCorrupt.cached, false);
  assert.equal(afterCorrupt.series.length, 100);
  await t.read(t.csv);
  assert.equal((await t.read(t.csv)).cached, true, 'rewritten whole after the corrupt one');

  // XDG_CACHE_HOME is a file: nothing can be written under it.
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'not a folder');
  for (let k = 0; k < 3; k++) {
    const r = await t.read(t.csv, false, { env: { XDG_CACHE_HOME: blocked } });
    assert.equal(r.cached, false);
    assert.equal(r.series.length, 100);
  }
});

test('past the size limit the least recently used cache files are removed, never the one just written', async () => {
  const t = setup('prune');
  const a = join(dir, 'prune-a.csv');
  const b = join(dir, 'prune-b.csv');
  const c = join(dir, 'prune-c.csv');
  for (const p of [a, b, c]) writeFileSync(p, rows(100));
  const limit = 3 * 100 * 6 * 8; // room for about two files of 100 rows (six 8-byte columns + header)
  await t.warm(a, false, { maxBytes: limit });
  await t.warm(b, false, { maxBytes: limit });
  // a is used again (a cache hit marks it recent): b is now the least recently used.
  const past = new Date(Date.now() - 60_000);
  for (const f of t.cacheFiles()) utimesSync(join(t.cacheDir, f), past, past);
  assert.equal((await t.read(a, false, { maxBytes: limit })).cached, true);
  await t.warm(c, false, { maxBytes: limit });
  assert.equal(t.cacheFiles().length, 2);
  assert.equal((await t.read(a, false, { maxBytes: limit })).cached, true, 'a was used recently: kept');
  assert.equal((await t.read(c, false, { maxBytes: limit })).cached, true, 'c was just written: kept');
  assert.equal((await t.read(b, false, { maxBytes: limit })).cached, false, 'b was the least recently used: removed');
});
