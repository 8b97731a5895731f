// A table read on several threads gives the same statistics as one read on one thread.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { openReadOnly } from '../../../src/store/open.js';
import { readEpisodeColumns } from '../../../src/store/episodes.js';
import { readEpisodes } from '../../../src/app/stats/read-parallel.js';
import { summarise, STATS_DIMENSIONS } from '../../../src/app/stats/summarise.js';

const dir = mkdtempSync(join(tmpdir(), 'arblens-stats-par-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('three threads, one thread: the same figures for every dimension', async () => {
  const path = join(dir, 'p.db');
  const s = new SqliteStore(path);
  // 3000 episodes over 3 kinds, 7 symbols, 2 pairs, 4 close reasons, lifetimes i × 7 mod 5000 ms.
  s.db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999)
    INSERT INTO opportunities (opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, closed, close_reason, payload)
    SELECT 'k', CASE i % 3 WHEN 0 THEN 'cross-spot' WHEN 1 THEN 'basis' ELSE 'funding' END, 'S' || (i % 7) || '/USDT', 'a' || (i % 2), 'b', 'USDT',
      1764000000000 + i * 60000, 1764000000000 + i * 60000 + (i * 7) % 5000, 0.5 + (i % 5) * 0.1, 0.1, (i % 101) * 0.25, 0.2, (i % 101) * 0.3, (i % 11 != 0),
      CASE i % 4 WHEN 0 THEN 'gone' WHEN 1 THEN 'stale' WHEN 2 THEN 'venue-down' ELSE 'recorder-stopped' END, '{}' FROM n`);
  s.close();
  const db = openReadOnly(path);
  const one = readEpisodeColumns(db);
  const three = await readEpisodes(db, path, {}, 3, 0);
  db.close();
  assert.equal(three.n, 3000);
  // Group codes differ between reads; the statistics must not.
  assert.deepEqual(summarise(three, STATS_DIMENSIONS), summarise(one, STATS_DIMENSIONS));
});
