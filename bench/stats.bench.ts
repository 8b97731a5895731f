// `arblens stats` over 10 M recorded episodes: read the store (one text key + numbers per row)
// and summarise by kind, pair, symbol and hour of day (exact quantiles). Target ≤ 10 s.
// The episodes are generated inside SQLite (a recursive CTE), so building them is not timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite.js';
import { openReadOnly } from '../src/store/open.js';
import { readEpisodes } from '../src/app/stats/read-parallel.js';
import { availableParallelism } from 'node:os';
import { summarise } from '../src/app/stats/summarise.js';

const N = Number(process.env.STATS_BENCH_EPISODES ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), 'arblens-stats-bench-'));
const path = join(dir, 'episodes.db');
const build = new SqliteStore(path);
const t0 = performance.now();
// 4 kinds × 6 venue pairs × 50 symbols × 4 close reasons; one episode every 50 ms; lifetimes
// spread over 0 ms … ~20 min with a long tail (x³), profits 0.01 … 100.
build.db.exec(`
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${N - 1})
  INSERT INTO opportunities (opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, closed, close_reason, payload)
  SELECT 'k', (CASE i % 4 WHEN 0 THEN 'cross-spot' WHEN 1 THEN 'cross-perp' WHEN 2 THEN 'basis' ELSE 'funding' END), 'S' || (i % 50) || '/USDT',
         'v' || (i % 3), 'w' || (i % 2), 'USDT', 1.7e12 + i * 50, 1.7e12 + i * 50 + CAST(((i * 2654435761) % 1000003) * ((i * 2654435761) % 1000003) / 1e9 * ((i * 40503) % 1201) AS INTEGER),
         0.1 + (i % 7) * 0.05, 0.1, ((i * 7919) % 10000) / 100.0, 0.2, ((i * 7919) % 10000) / 100.0 + (i % 13), (i % 9 != 0),
         (CASE i % 4 WHEN 0 THEN 'gone' WHEN 1 THEN 'stale' WHEN 2 THEN 'venue-down' ELSE 'recorder-stopped' END), '{}'
  FROM n`);
build.close();
console.error(`built ${N.toLocaleString('en-US')} episodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

globalThis.gc?.();
const t1 = performance.now();
const c1 = process.cpuUsage();
const db = openReadOnly(path);
// As `arblens stats` reads a store file: a large table is split between threads.
const cols = await readEpisodes(db, path, {});
db.close();
const t2 = performance.now();
const r = summarise(cols, ['kind', 'pair', 'symbol', 'hour']);
const t3 = performance.now();
const cpu = process.cpuUsage(c1); // all threads of the process
rmSync(dir, { recursive: true, force: true });
const s = (ms: number) => (ms / 1000).toFixed(2) + ' s';
console.log(`stats: ${r.episodes.toLocaleString('en-US')} episodes summarised by kind, pair, symbol and hour in ${s(t3 - t1)} (read ${s(t2 - t1)}, summarise ${s(t3 - t2)}; CPU ${s((cpu.user + cpu.system) / 1000)}) — target ≤ 10 s; ${Math.min(4, availableParallelism())} reader threads on ${availableParallelism()} cores`);
console.log(`       ${r.quantileMethod}; total median best profit ±${((r.total.figuresSample?.rankError ?? 0) * 100).toFixed(2)} percentile points`);
console.log(`       total lifetime p50 ${r.total.lifetimeMs.p50} ms, p99 ${r.total.lifetimeMs.p99} ms; ${Object.keys(r.by.symbol ?? {}).length} symbols, ${Object.keys(r.by.pair ?? {}).length} pairs`);
