// `backtest --data` of a large CSV (≥ 8 MiB): the first run only notes the file, the second
// writes its parsed columns to the cache before the process exits (in the background, while it
// simulates), the third reads them back; all print the same result. Changing the file sends the
// next run back to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arblens } from '../../helpers/cli.js';

test('a large CSV: the third run reads the columns the second cached and prints the same result; an edit is seen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-csv-cache-cli-'));
  try {
    const csv = join(dir, 'big.csv');
    const lines = ['timestamp,open,high,low,close,volume'];
    const t0 = Date.UTC(2024, 0, 1);
    // 150,000 minute bars of 58 bytes (8.7 MB): over the 8 MiB threshold.
    for (let k = 0; k < 150_000; k++) {
      const p = 100 + 10 * Math.sin(k / 500) + (k % 7) * 0.01;
      lines.push(`${new Date(t0 + k * 60_000).toISOString()},${p.toFixed(2)},${(p + 0.5).toFixed(2)},${(p - 0.5).toFixed(2)},${(p + 0.1).toFixed(2)},1.2500`);
    }
    writeFileSync(csv, lines.join('\n') + '\n');
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const args = ['backtest', '--data', csv, '--strategy', 'sma', '--param', 'fast=10', '--param', 'slow=30', '--json', '--no-save'];
    const folder = () => readdirSync(join(dir, 'cache', 'arblens', 'csv-columns'));
    const first = arblens(args, env);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(folder().filter((f) => f.endsWith('.f64')), [], 'one run leaves no copy');
    const second = arblens(args, env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(folder().filter((f) => f.endsWith('.f64')).length, 1, `cache folder: ${folder().join(', ')}`);
    assert.deepEqual(folder().filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    const [columns] = folder().filter((f) => f.endsWith('.f64'));
    const writtenAt = statSync(join(dir, 'cache', 'arblens', 'csv-columns', columns)).mtimeMs;
    const third = arblens(args, env);
    // A read from the cache marks the file used (pruning goes by it): proof the third run read it.
    assert.ok(statSync(join(dir, 'cache', 'arblens', 'csv-columns', columns)).mtimeMs > writtenAt, 'the cache file was read');
    assert.equal(third.code, 0, third.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(third.stdout, first.stdout);
    assert.equal(JSON.parse(third.stdout).bars, 150_000);
    // One more bar appended: the cache no longer answers.
    appendFileSync(csv, `${new Date(t0 + 150_000 * 60_000).toISOString()},100.00,100.50,99.50,100.10,1.2500\n`);
    const edited = arblens(args, env);
    assert.equal(edited.code, 0, edited.stderr);
    assert.equal(JSON.parse(edited.stdout).bars, 150_001);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
