import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { defaultDbPath } from '../../../src/store/path.js';
import type { Opportunity, Quote } from '../../../src/core/types.js';

const T0 = 1_700_000_000_000;
const tmp = () => mkdtempSync(join(tmpdir(), 'arblens-store-'));
const quote = (venue: string, symbol: string, ts: number, bid = 100, ask = 101): Quote => ({ type: 'quote', venue, symbol, market: 'spot', bids: [[bid, 1], [bid - 1, 2]], asks: [[ask, 1], [ask + 1, 3]], venueTs: ts, localTs: ts + 5 });

test('a new store is migrated, in WAL mode, and versioned', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const s = new SqliteStore(join(dir, 'sub', 'a.db'));
  assert.equal(s.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(s.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  s.close();
  // Re-opening applies nothing twice.
  const again = new SqliteStore(join(dir, 'sub', 'a.db'));
  assert.equal(again.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  again.close();
});

test('a store from a newer arblens is refused with a clear message', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'future.db');
  const db = new Database(path);
  db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
  db.close();
  assert.throws(() => new SqliteStore(path), /newer arblens/);
});

test('quotes round-trip with depth, names stored once, in time order with filters', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const s = new SqliteStore(join(dir, 'q.db'));
  s.recordQuotes([quote('okx', 'BTC/USDT', T0 + 2), quote('binance', 'BTC/USDT', T0), quote('okx', 'ETH/USDT', T0 + 1, 10, 11)], true);
  assert.equal(s.db.prepare('SELECT count(*) FROM venues').pluck().get(), 2);
  assert.equal(s.db.prepare('SELECT count(*) FROM instruments').pluck().get(), 3);
  const all = [...s.iterateQuotes()];
  assert.deepEqual(all.map((x) => [x.venue, x.symbol, x.venueTs]), [['binance', 'BTC/USDT', T0], ['okx', 'ETH/USDT', T0 + 1], ['okx', 'BTC/USDT', T0 + 2]]);
  assert.deepEqual(all[0].bids, [[100, 1], [99, 2]]);
  assert.deepEqual(all[0].asks, [[101, 1], [102, 3]]);
  assert.equal(all[0].localTs, T0 + 5);
  assert.deepEqual([...s.iterateQuotes({ venues: ['okx'], symbols: ['BTC/USDT'] })].map((x) => x.venueTs), [T0 + 2]);
  assert.deepEqual([...s.iterateQuotes({ fromMs: T0 + 1, toMs: T0 + 1 })].map((x) => x.symbol), ['ETH/USDT']);
  assert.equal([...s.iterateQuotes({ afterId: Math.max(...all.map((x) => x.id)) })].length, 0);
  assert.equal([...s.iterateQuotes({ afterId: 1 })].length, 2);
  s.close();
});

test('opportunity episodes: extended within the gap, closed once unseen for longer than it, reopened as a new row', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const s = new SqliteStore(join(dir, 'o.db'));
  const opp = (profit: number): Opportunity => ({ id: 'cross-spot:BTC/USDT:a>b', kind: 'cross-spot', symbol: 'BTC/USDT', size: 1, quote: 'USDT', grossSpreadPct: 1, netSpreadPct: profit / 100, netProfit: profit, legs: [], buy: { venue: 'a', price: 1, vwap: 1, fee: 0 }, sell: { venue: 'b', price: 1, vwap: 1, fee: 0 }, ageMs: 0, ts: '', tsMs: 0 });
  s.recordOpportunities([opp(5)], T0, 60_000);
  s.recordOpportunities([opp(8)], T0 + 30_000, 60_000);
  s.recordOpportunities([opp(6)], T0 + 50_000, 60_000);
  let rows = s.db.prepare('SELECT first_seen, last_seen, best_net_profit, net_profit, closed FROM opportunities ORDER BY id').all();
  assert.deepEqual(rows, [{ first_seen: T0, last_seen: T0 + 50_000, best_net_profit: 8, net_profit: 6, closed: 0 }]);
  s.recordOpportunities([], T0 + 60_000, 60_000); // missing from one batch: still within its gap, stays open
  s.recordOpportunities([opp(7)], T0 + 100_000, 60_000); // seen again 50 s after its last sighting: same episode
  s.recordOpportunities([], T0 + 160_001, 60_000); // unseen for 60.001 s > 60 s: closed
  s.recordOpportunities([opp(4)], T0 + 170_000, 60_000); // back: a new episode
  rows = s.db.prepare('SELECT first_seen, last_seen, closed, close_reason FROM opportunities ORDER BY id').all();
  assert.deepEqual(rows, [
    { first_seen: T0, last_seen: T0 + 100_000, closed: 1, close_reason: 'gap' },
    { first_seen: T0 + 170_000, last_seen: T0 + 170_000, closed: 0, close_reason: null },
  ]);
  s.close();
});

test('candles upsert by (instrument, timeframe, ts) and read back in order', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const s = new SqliteStore(join(dir, 'c.db'));
  const c = (ts: number, close: number) => ({ ts, open: 1, high: 2, low: 0.5, close, volume: 10 });
  s.upsertCandles('binance', 'BTC/USDT', 'spot', '1h', [c(T0 + 3_600_000, 1.5), c(T0, 1.2)]);
  s.upsertCandles('binance', 'BTC/USDT', 'spot', '1h', [c(T0, 1.3)]);
  assert.deepEqual(s.readCandles('binance', 'BTC/USDT', '1h').map((x) => [x.ts, x.close]), [[T0, 1.3], [T0 + 3_600_000, 1.5]]);
  assert.equal(s.lastCandleTs('binance', 'BTC/USDT', '1h'), T0 + 3_600_000);
  assert.equal(s.lastCandleTs('binance', 'BTC/USDT', '1d'), undefined);
  s.close();
});

test('default path: --db, then ARBLENS_DB, then XDG_DATA_HOME', () => {
  assert.equal(defaultDbPath('/x.db', { ARBLENS_DB: '/y.db' }), '/x.db');
  assert.equal(defaultDbPath(undefined, { ARBLENS_DB: '/y.db' }), '/y.db');
  assert.equal(defaultDbPath(undefined, { XDG_DATA_HOME: '/data' }), '/data/arblens/arblens.db');
});

test('a large batch (multi-row statements plus a remainder) stores every row exactly once, in order', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const s = new SqliteStore(join(dir, 'big.db'));
  // 150 rows = 2 statements of 64 rows + 22 single-row inserts; two venues, sizes vary per row.
  const qs: Quote[] = Array.from({ length: 150 }, (_, i) => ({ type: 'quote', venue: i % 2 ? 'okx' : 'binance', symbol: 'BTC/USDT', market: 'spot', bids: [[100 + i, i + 1]], asks: [[101 + i, i + 2]], venueTs: T0 + i, localTs: T0 + i + 1 }));
  s.recordQuotes(qs);
  const back = [...s.iterateQuotes()];
  assert.equal(back.length, 150);
  back.forEach((q, i) => {
    assert.equal(q.venue, i % 2 ? 'okx' : 'binance');
    assert.deepEqual([q.bids, q.asks, q.venueTs, q.localTs], [[[100 + i, i + 1]], [[101 + i, i + 2]], T0 + i, T0 + i + 1]);
  });
  s.close();
});
