// The columnar cache of stored candles: a second read comes from the cache file, and any write
// to the store (here a revised candle, same count, same seq) sends the next read back to SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBars } from '../../../src/backtest/load-data.js';
import { cachedSeries } from '../../../src/backtest/series-cache.js';
import { readSeries } from '../../../src/backtest/store-series.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { DAY, T0 } from '../../helpers/backtest.js';

test('stored candles: read once from SQLite, then from the cache until the store changes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-cache-'));
  try {
    const db = join(dir, 's.db');
    const w = new SqliteStore(db);
    w.upsertCandles('v', 'XYZ', 'spot', '1d', [0, 1, 2].map((k) => ({ ts: T0 + k * DAY, open: 10 + k, high: 12 + k, low: 9 + k, close: 11 + k, volume: 5 })));
    w.close();
    const read = () => {
      const s = new SqliteStore(db, { readonly: true });
      try {
        return cachedSeries(db, 'v|XYZ|1d', () => readSeries(s.db, 'v', 'XYZ', '1d'));
      } finally {
        s.close();
      }
    };
    const first = read();
    assert.equal(first.hit, false);
    const second = read();
    assert.equal(second.hit, true);
    assert.deepEqual(Array.from(second.series!.close), [11, 12, 13]);
    assert.deepEqual(Array.from(second.series!.ts), [T0, T0 + DAY, T0 + 2 * DAY]);
    // Revise the middle candle's close (an upsert keeps count and seq): the cache must not answer.
    const w2 = new SqliteStore(db);
    w2.upsertCandles('v', 'XYZ', 'spot', '1d', [{ ts: T0 + DAY, open: 11, high: 30, low: 10, close: 29, volume: 5 }]);
    w2.close();
    const third = read();
    assert.equal(third.hit, false);
    assert.deepEqual(Array.from(third.series!.close), [11, 29, 13]);
    // loadBars cuts the cached whole to --from/--to.
    const cut = loadBars({ venue: 'v', symbol: 'XYZ', timeframe: '1d', fromMs: T0 + DAY }, () => new SqliteStore(db, { readonly: true }));
    assert.deepEqual(Array.from(cut.series.close), [29, 13]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
