// A recorder stopping cleanly ends its episodes — but not one another writer extended after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite.js';
import type { Opportunity } from '../../../src/core/types.js';

const opp = (id: string): Opportunity => ({ id, kind: 'cross-spot', symbol: 'BTC/USDT', size: 1, quote: 'USDT', grossSpreadPct: 0.1, netSpreadPct: 0.1, netProfit: 1, legs: [], ageMs: 0, ts: '', tsMs: 0 });

test('endEpisodes closes what nobody extended since the stopping writer last saw it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-end-'));
  const s = new SqliteStore(join(dir, 's.db'));
  try {
    s.recordOpportunities([opp('a'), opp('b')], 1000, 2000); // writer 1 sees a and b at t=1000
    s.recordOpportunities([opp('b')], 1500, 2000); // writer 2 extends b at t=1500
    assert.equal(s.endEpisodes(['a', 'b'], 1000, 'end'), 1); // writer 1 stops: a ends, b is writer 2's now
    const rows = s.db.prepare('SELECT opp_key, closed, close_reason FROM opportunities ORDER BY opp_key').all();
    assert.deepEqual(rows, [{ opp_key: 'a', closed: 1, close_reason: 'end' }, { opp_key: 'b', closed: 0, close_reason: null }]);
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an episode keeps its first figures and the size at its best profit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-first-'));
  const s = new SqliteStore(join(dir, 's.db'));
  const o = (size: number, netProfit: number): Opportunity => ({ ...opp('x'), size, netProfit });
  try {
    s.recordOpportunities([o(1, 5)], 1000, 2000); // first seen: size 1, profit 5
    s.recordOpportunities([o(2, 8)], 1500, 2000); // best: size 2, profit 8
    s.recordOpportunities([o(3, 6)], 2000, 2000); // last: size 3, profit 6
    const row = s.db.prepare('SELECT first_size, first_net_profit, best_size, best_net_profit, size, net_profit FROM opportunities').get();
    assert.deepEqual(row, { first_size: 1, first_net_profit: 5, best_size: 2, best_net_profit: 8, size: 3, net_profit: 6 });
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
