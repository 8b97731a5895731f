// backtest --store clickhouse://…: the same candles give the same run as from SQLite.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arblens } from '../../helpers/cli.js';
import { testClickHouse } from '../../helpers/clickhouse.js';
import { parseClickHouseUrl } from '../../../src/store/clickhouse/url.js';

const ch = testClickHouse('bt', 'backtest --store clickhouse');
const { skip, url: chUrl } = ch;
const dir = mkdtempSync(join(tmpdir(), 'arblens-bt-store-'));
const sample = fileURLToPath(new URL('../../../data/sample/synthetic-btc-usdt-1h.csv', import.meta.url));

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ch.drop();
});

test('candles copied to ClickHouse backtest exactly as they do from SQLite', { skip }, () => {
  const db = join(dir, 'h.db');
  assert.equal(arblens(['data', 'import', sample, '--venue', 'mydata', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--db', db, '--quiet']).code, 0);
  const copy = arblens(['store', 'copy', '--from', db, '--to', chUrl]);
  assert.equal(copy.code, 0, copy.stderr);
  const args = ['backtest', '--venue', 'mydata', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--strategy', 'sma', '--json', '--no-save'];
  const fromSqlite = arblens([...args, '--db', db]);
  const fromCh = arblens([...args, '--store', chUrl]);
  assert.equal(fromSqlite.code, 0, fromSqlite.stderr);
  assert.equal(fromCh.code, 0, fromCh.stderr);
  const a = JSON.parse(fromSqlite.stdout) as { metrics: Record<string, unknown>; trades: unknown[] };
  const b = JSON.parse(fromCh.stdout) as { metrics: Record<string, unknown>; trades: unknown[] };
  assert.ok(a.trades.length > 0);
  assert.deepEqual(b.trades, a.trades);
  assert.deepEqual(b.metrics, a.metrics);
  assert.doesNotMatch(fromCh.stderr + fromCh.stdout, new RegExp(parseClickHouseUrl(chUrl).password || '\u0000never'), 'the password is never printed');
});
