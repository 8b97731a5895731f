// Episode statistics on a known set of episodes written straight into a store (SQL, so the test
// does not depend on how recorders decide episodes), read back by store/episodes.ts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { openReadOnly } from '../../../src/store/open.js';
import { readEpisodeColumns } from '../../../src/store/episodes.js';
import { runStats } from '../../../src/app/stats/run.js';
import { summarise, STATS_DIMENSIONS } from '../../../src/app/stats/summarise.js';
import { statsJson } from '../../../src/app/stats/json.js';
import { sparkline, statsTable } from '../../../src/app/stats/table.js';

const near = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
const dir = mkdtempSync(join(tmpdir(), 'arblens-stats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 10, 1); // 2026-11-01T00:00Z
const H = 3_600_000;
// [kind, buy, sell, symbol, first, last, lastProfit, bestProfit, size, closed, reason]
const EPISODES: [string, string, string, string, number, number, number, number, number, number, string | null][] = [
  ['cross-spot', 'binance', 'okx', 'BTC/USDT', T0, T0 + 500, 2, 5, 0.1, 1, 'gone'], //          500 ms, hour 00
  ['cross-spot', 'binance', 'okx', 'BTC/USDT', T0 + 1000, T0 + 3000, 1, 4, 0.2, 1, 'gone'], //   2 s, hour 00
  ['cross-spot', 'okx', 'binance', 'ETH/USDT', T0 + H, T0 + H, 3, 3, 1, 1, 'stale'], //          0 ms (seen once), hour 01
  ['funding', 'binance', 'bybit', 'BTC/USDT:USDT', T0 + H + 10, T0 + H + 40_010, 10, 12, 0.5, 1, 'venue-down'], // 40 s, hour 01
  ['funding', 'binance', 'bybit', 'BTC/USDT:USDT', T0 + 2 * H, T0 + 2 * H + 1200, 6, 8, 0.5, 0, null], //  1.2 s, still open, hour 02
];

function storeWith(name: string): string {
  const path = join(dir, name);
  const s = new SqliteStore(path);
  const ins = s.db.prepare(`INSERT INTO opportunities (opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, closed, close_reason, payload)
    VALUES (?, ?, ?, ?, ?, 'USDT', ?, ?, ?, 0.1, ?, 0.2, ?, ?, ?, '{}')`);
  for (const [kind, buy, sell, sym, first, last, lastP, bestP, size, closed, reason] of EPISODES) ins.run(`${kind}:${sym}:${buy}>${sell}`, kind, sym, buy, sell, first, last, size, lastP, bestP, closed, reason);
  s.close();
  return path;
}
const path = storeWith('known.db');

test('per kind: lifetime quantiles, medians, close shares, rate and histogram by hand', () => {
  const db = openReadOnly(path);
  const r = runStats(db, { by: ['kind', 'pair', 'hour'] });
  db.close();
  assert.equal(r.episodes, 5);
  // Window: first T0 → last sighting T0 + 2 h + 1200 ms = 7,201,200 ms = 2.000333… h.
  const span = 7_201_200 / H;
  near(r.spanHours, span);
  const cs = r.by.kind!['cross-spot'];
  // Lifetimes 500, 2000, 0 → sorted 0, 500, 2000: p50 = ⌈1.5⌉ = 2nd = 500; p90 = ⌈2.7⌉ = 3rd = 2000; p99 = 3rd.
  assert.deepEqual([cs.lifetimeMs.p50, cs.lifetimeMs.p90, cs.lifetimeMs.p99, cs.lifetimeMs.max], [500, 2000, 2000, 2000]);
  near(cs.lifetimeMs.mean, 2500 / 3);
  // Best 5, 4, 3 → median 4; last 2, 1, 3 → 2; last sizes 0.1, 0.2, 1 → 0.2.
  assert.equal(cs.best.netProfitP50, 4);
  assert.equal(cs.lastSeen.netProfitP50, 2);
  assert.equal(cs.lastSeen.sizeP50, 0.2);
  // Closes: 2 gone, 1 stale of 3.
  assert.equal(cs.closes.gone, 2);
  near(cs.closeSharePct.gone, 200 / 3);
  near(cs.closeSharePct.stale, 100 / 3);
  assert.equal(cs.closeSharePct['venue-down'], 0);
  near(cs.episodesPerHour, 3 / span);
  // Histogram buckets 0–100ms, 100ms–1s, 1–5s, …: 0 → first, 500 → second, 2000 → third.
  assert.deepEqual(cs.histogram, [1, 1, 1, 0, 0, 0, 0]);
  const f = r.by.kind!.funding;
  // Lifetimes 40000, 1200: p50 = ⌈1⌉ = 1st = 1200, p90 = ⌈1.8⌉ = 2nd = 40000.
  assert.deepEqual([f.lifetimeMs.p50, f.lifetimeMs.p90], [1200, 40_000]);
  assert.deepEqual([f.closes['venue-down'], f.closes.open], [1, 1]);
  // Pairs keep the direction; hour of day (UTC) of first sighting; per hour of day = n / (span / 24).
  assert.deepEqual(Object.keys(r.by.pair!).sort(), ['binance>bybit', 'binance>okx', 'okx>binance']);
  assert.deepEqual(['00', '01', '02'].map((h) => r.by.hour![h].episodes), [2, 2, 1]);
  near(r.by.hour!['00'].episodesPerHour, 2 / (span / 24));
  // Decay over all 5: age 0–100ms {ep3}: last 3; 100ms–1s {ep1}: last 2, best 5; 1–5s {ep2, ep5}: last 1, 6 → 1st = 1, best 4, 8 → 4; 30s–5m {ep4}: 10 / 12.
  const d = r.total.decay;
  assert.deepEqual(d.map((b) => b.episodes), [1, 1, 2, 0, 1, 0, 0]);
  assert.deepEqual([d[0].lastNetProfitP50, d[1].lastNetProfitP50, d[1].bestNetProfitP50, d[2].lastNetProfitP50, d[2].bestNetProfitP50, d[4].lastNetProfitP50], [3, 2, 5, 1, 4, 10]);
  assert.equal(d[3].lastNetProfitP50, null);
  // The store has the first-seen columns (migration 6), but these rows were written without
  // them (as by an older arblens): the figures are absent, not invented.
  assert.deepEqual(r.recorded, { firstSeen: true, bestSize: true });
  assert.equal(r.total.firstSeen.netProfitP50, null);
});

test('filters: --kind, --venues (all venues in the list), --from/--to on first sighting', () => {
  const db = openReadOnly(path);
  try {
    assert.equal(runStats(db, { kinds: ['funding'], by: ['kind'] }).episodes, 2);
    assert.equal(runStats(db, { venues: ['binance', 'okx'], by: ['kind'] }).episodes, 3);
    assert.equal(runStats(db, { fromMs: T0 + H, by: ['kind'] }).episodes, 3);
    const w = runStats(db, { fromMs: T0, toMs: T0 + H, by: ['kind'] });
    assert.equal(w.episodes, 3); // first seen T0, T0 + 1 s, T0 + 1 h (inclusive)
    near(w.spanHours, 1); // the window, not the data, sets the rate's hours
    assert.throws(() => runStats(db, { kinds: ['cross-spt'], by: ['kind'] }), /--kind 'cross-spt'.*did you mean 'cross-spot'/);
    const notes: string[] = [];
    assert.equal(runStats(db, { venues: ['kraken'], by: ['kind'] }, (m) => notes.push(m)).episodes, 0);
    assert.match(notes[0], /no episode was recorded on kraken/);
  } finally {
    db.close();
  }
});

test('first-seen and best-size columns are read when the store has them', () => {
  const p = storeWith('with-first.db');
  const w = new Database(p);
  // First-seen profits 1..5 by id, sizes 0.1 × id: median of 5 = 3rd = 3 and 0.3.
  w.exec('UPDATE opportunities SET first_net_profit = id, first_size = id * 0.1, best_size = id * 0.2');
  w.close();
  const db = openReadOnly(p);
  const c = readEpisodeColumns(db);
  db.close();
  const r = summarise(c, STATS_DIMENSIONS);
  assert.deepEqual(r.recorded, { firstSeen: true, bestSize: true });
  assert.equal(r.total.firstSeen.netProfitP50, 3);
  near(r.total.firstSeen.sizeP50, 0.3);
  near(r.total.best.sizeP50, 0.6);
});

test('JSON names by<Dimension> and carries ISO times; the table shows each group and a histogram', () => {
  const db = openReadOnly(path);
  const r = runStats(db, { by: ['kind'] });
  db.close();
  const j = statsJson(r) as { byKind: Record<string, { lifetimeMs: { p50: number } }>; from: string; fromMs: number };
  assert.equal(j.byKind.funding.lifetimeMs.p50, 1200);
  assert.equal(j.from, '2026-11-01T00:00:00.000Z');
  const text = statsTable(r);
  assert.match(text, /^cross-spot\s+3\s/m);
  assert.match(text, /^funding\s+2\s/m);
  assert.match(text, /^total\s+5\s/m);
  // Histogram scaled to the row's largest bucket: [1, 1, 1, 0, …] → three full bars.
  assert.equal(sparkline([1, 1, 1, 0, 0, 0, 0]), '███····');
  assert.equal(sparkline([4, 2, 0]), '█▄·');
});

test('large tables: sizes and profits from a hashed-id sample with a stated rank error; counts and lifetimes stay exact', () => {
  const p = join(dir, 'many.db');
  const s = new SqliteStore(p);
  // 2000 episodes: lifetime i ms, best profit i (so the true median best profit is the 1000th = 999),
  // kinds alternating (a pattern a modulo sample would alias with).
  s.db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
    INSERT INTO opportunities (opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, closed, close_reason, payload)
    SELECT 'k', CASE i % 2 WHEN 0 THEN 'cross-spot' ELSE 'funding' END, 'BTC/USDT', 'a', 'b', 'USDT', ${T0} + i * 10, ${T0} + i * 11, 1, 0.1, i, 0.2, i, 1, 'gone', '{}' FROM n`);
  s.close();
  const db = openReadOnly(p);
  const c = readEpisodeColumns(db, {}, 200);
  db.close();
  const r = summarise(c, ['kind']);
  assert.equal(r.episodes, 2000);
  assert.equal(c.figures.rate, 0.1);
  assert.ok(c.figures.n > 120 && c.figures.n < 280, `sample of ${c.figures.n}`);
  // Exact: counts and lifetimes (lifetime i ms: p50 of 0..1999 = 1000th = 999).
  assert.equal(r.by.kind!['cross-spot'].episodes, 1000);
  assert.equal(r.total.lifetimeMs.p50, 999);
  // Both kinds are in the sample (a hash, not id % 10, picks the rows).
  const cs = r.by.kind!['cross-spot'].figuresSample!;
  const fu = r.by.kind!.funding.figuresSample!;
  assert.ok(cs.episodes > 40 && fu.episodes > 40, `${cs.episodes} / ${fu.episodes}`);
  // DKW at 99 %: ε = √(ln 200 / (2m)); the sample median's true rank is within ±ε of 0.5.
  const m = r.total.figuresSample!;
  near(m.rankError, Math.sqrt(Math.log(200) / (2 * m.episodes)));
  const med = r.total.best.netProfitP50!;
  assert.ok(Math.abs((med + 1) / 2000 - 0.5) <= m.rankError, `median ${med} outside ±${m.rankError}`);
  assert.match(statsTable(r), /sizes and profits: from a uniform sample of \d+ episodes \(10\.0 %\)/);
});
