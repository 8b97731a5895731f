// ML datasets (`export --features`): hand-computed feature values, no look-ahead (features up to
// time t do not change when the future is cut off or rewritten), time-ordered splits, and
// normalization fitted on the train split only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { runFeatureExport, type FeatureRequest } from '../../../src/export/features/run-features.js';
import { TABLES } from '../../../src/export/tables.js';
import { T0 } from '../../helpers/export-fixture.js';

let dir: string;
let duck: DuckDBConnection;
const q = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string | number | null>[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-export-feat-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
const sub = () => join(dir, `o${++seq}`) + '/';
const feat = (over: Partial<FeatureRequest> & Pick<FeatureRequest, 'dbPath'>) =>
  runFeatureExport({ table: TABLES.quotes, format: 'ndjson', out: sub(), compression: 'zstd', progress: false, ...over });
const readNd = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, number | string | null>);

/** A seeded random walk: 3 venues × 2 symbols, irregular ticks (50–950 ms), n quotes. */
function randomStore(path: string, n: number): void {
  const s = new SqliteStore(path);
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const mids = new Map<string, number>();
  let t = T0;
  const quotes = [];
  for (let i = 0; i < n; i++) {
    t += 50 + Math.floor(rnd() * 900);
    const venue = ['binance', 'okx', 'bybit'][Math.floor(rnd() * 3)];
    const symbol = rnd() < 0.5 ? 'BTC/USDT' : 'ETH/USDT';
    const k = venue + symbol;
    const m = (mids.get(k) ?? (symbol === 'BTC/USDT' ? 64000 : 3400)) * (1 + (rnd() - 0.5) * 0.002);
    mids.set(k, m);
    const half = m * 0.0001 * (1 + rnd());
    quotes.push({ type: 'quote' as const, venue, symbol, market: 'spot' as const, bids: [[m - half, 1 + rnd() * 3] as const], asks: [[m + half, 1 + rnd() * 3] as const], venueTs: t, localTs: t + 5 });
  }
  s.recordQuotes(quotes);
  s.close();
}

describe('export --features', () => {
  it('hand-computed quote features: spread, imbalance, 1 s return, cross-venue spread', async () => {
    const db = join(dir, 'hand.db');
    const s = new SqliteStore(db);
    const quote = (venue: string, ts: number, bid: number, ask: number, bs: number, as: number) =>
      ({ type: 'quote' as const, venue, symbol: 'BTC/USDT', market: 'spot' as const, bids: [[bid, bs] as const], asks: [[ask, as] as const], venueTs: T0 + ts, localTs: T0 + ts });
    s.recordQuotes([
      quote('okx', 0, 99, 101, 1, 3), // mid 100
      quote('okx', 500, 100, 102, 2, 2), // mid 101
      quote('binance', 1000, 101.5, 102.5, 1, 1), // binance: bid 101.5
      quote('okx', 1500, 100.5, 100.7, 3, 1), // mid 100.6
    ]);
    s.close();
    const r = await feat({ dbPath: db });
    const rows = readNd(r.files[0].path);
    assert.equal(rows.length, 4);
    const last = rows[3];
    // spread: (100.7 − 100.5) / 100.6 × 10⁴ = 19.8807… bps
    assert.ok(Math.abs((last.spread_bps as number) - (0.2 / 100.6) * 1e4) < 1e-9);
    // imbalance: (3 − 1) / (3 + 1) = 0.5
    assert.equal(last.imbalance, 0.5);
    // ret_1s at t = 1500: the last okx mid at or before t − 1000 = 500 is 101 → ln(100.6 / 101)
    assert.ok(Math.abs((last.ret_1s as number) - Math.log(100.6 / 101)) < 1e-12);
    // the first okx quote has no history a second back
    assert.equal(rows[0].ret_1s, null);
    // cross-venue: best other bid 101.5 (binance, 500 ms old) − ask 100.7 = 0.8 → 0.8 / 100.6 × 10⁴
    assert.ok(Math.abs((last.xvenue_spread_bps as number) - (0.8 / 100.6) * 1e4) < 1e-9);
    // at t = 1000 binance sees okx's bid 100 vs its own ask 102.5: (100 − 102.5) / 102 × 10⁴
    assert.ok(Math.abs((rows[2].xvenue_spread_bps as number) - (-2.5 / 102) * 1e4) < 1e-9);
  });

  it('RSI and 1-bar return on candles by hand', async () => {
    const db = join(dir, 'candles.db');
    const s = new SqliteStore(db);
    // closes 100, 101, …, 114 then 113: 14 changes of +1 then one of −1.
    const closes = [...Array.from({ length: 15 }, (_, i) => 100 + i), 113];
    s.upsertCandles('okx', 'BTC/USDT', 'spot', '1m', closes.map((c, i) => ({ ts: T0 + i * 60_000, open: c, high: c + 1, low: c - 1, close: c, volume: 10 })));
    s.close();
    const rows = readNd((await feat({ dbPath: db, table: TABLES.candles })).files[0].path);
    assert.equal(rows.length, 16);
    assert.equal(rows[13].rsi_14, null); // 13 changes: not enough
    assert.equal(rows[14].rsi_14, 100); // 14 gains, no loss
    // last 14 changes: 13 gains of 1, one loss of 1 → RS = 13 → RSI = 100 − 100/14
    assert.ok(Math.abs((rows[15].rsi_14 as number) - (100 - 100 / 14)) < 1e-9);
    assert.ok(Math.abs((rows[15].ret_1 as number) - Math.log(113 / 114)) < 1e-12);
    assert.ok(Math.abs((rows[15].hl_range as number) - 2 / 113) < 1e-12);
  });

  it('no look-ahead: cutting off or rewriting the future leaves every earlier feature unchanged', async () => {
    const full = join(dir, 'walk.db');
    randomStore(full, 6000);
    const base = readNd((await feat({ dbPath: full })).files[0].path);
    const cutTs = base[3000].ts as string;
    const cutMs = Date.parse(cutTs);

    const cut = join(dir, 'walk-cut.db');
    copyFileSync(full, cut);
    const d1 = new Database(cut);
    d1.prepare('DELETE FROM quotes WHERE venue_ts > ?').run(cutMs);
    d1.close();
    const truncated = readNd((await feat({ dbPath: cut })).files[0].path);

    const wild = join(dir, 'walk-wild.db');
    copyFileSync(full, wild);
    const d2 = new Database(wild);
    d2.prepare('UPDATE quotes SET bid = bid * 3, ask = ask * 5, bid_size = 100 WHERE venue_ts > ?').run(cutMs);
    d2.close();
    const rewritten = readNd((await feat({ dbPath: wild })).files[0].path);

    const upTo = base.filter((r) => Date.parse(r.ts as string) <= cutMs);
    assert.ok(upTo.length > 2900);
    assert.deepEqual(truncated, upTo);
    assert.deepEqual(rewritten.slice(0, upTo.length), upTo);
    // and the future really was different (the test can fail)
    assert.notDeepEqual(rewritten.slice(upTo.length, upTo.length + 50), base.slice(upTo.length, upTo.length + 50));
  });

  it('--split is in time order; --normalize standard is fitted on train only (params saved as JSON)', async () => {
    const db = join(dir, 'walk.db');
    const out = sub();
    await runFeatureExport({ dbPath: db, table: TABLES.quotes, format: 'parquet', out, compression: 'zstd', progress: false, split: [0.7, 0.15, 0.15], normalize: 'standard' });
    const raw = sub();
    await runFeatureExport({ dbPath: db, table: TABLES.quotes, format: 'parquet', out: raw, compression: 'zstd', progress: false, split: [0.7, 0.15, 0.15] });
    const counts = await q(`SELECT (SELECT count(*) FROM '${out}train.parquet') AS tr, (SELECT count(*) FROM '${out}val.parquet') AS va, (SELECT count(*) FROM '${out}test.parquet') AS te`);
    assert.deepEqual(counts, [{ tr: '4200', va: '900', te: '900' }]); // 6000 × 0.7 / 0.15 / 0.15
    const edges = await q(`SELECT (SELECT max(ts) FROM '${out}train.parquet') <= (SELECT min(ts) FROM '${out}val.parquet') AS a,
                                  (SELECT max(ts) FROM '${out}val.parquet') <= (SELECT min(ts) FROM '${out}test.parquet') AS b`);
    assert.deepEqual(edges, [{ a: true, b: true }]);
    const types = Object.fromEntries((await q(`DESCRIBE SELECT * FROM '${out}train.parquet'`)).map((x) => [x.column_name, x.column_type]));
    assert.equal(types.ts, 'TIMESTAMP WITH TIME ZONE');
    // Standardized on train: mean 0, population std 1 — on train only.
    const st = await q(`SELECT avg(vol_1m) AS m, stddev_pop(vol_1m) AS s FROM '${out}train.parquet'`);
    assert.ok(Math.abs(st[0].m as number) < 1e-9 && Math.abs((st[0].s as number) - 1) < 1e-9, JSON.stringify(st));
    const norm = JSON.parse(readFileSync(join(out, 'normalization.json'), 'utf8'));
    assert.equal(norm.fittedOn, 'train');
    const p = norm.params.vol_1m;
    const rawTrain = await q(`SELECT avg(vol_1m) AS m, stddev_pop(vol_1m) AS s FROM '${raw}train.parquet'`);
    assert.ok(Math.abs(p.mean - (rawTrain[0].m as number)) < 1e-12 * Math.abs(p.mean) + 1e-15);
    assert.ok(Math.abs(p.std - (rawTrain[0].s as number)) < 1e-9 * p.std);
    // val/test use the train parameters, not their own: (raw − train mean) / train std.
    const v = await q(`SELECT max(abs(n.vol_1m - (r.vol_1m - ${p.mean}) / ${p.std})) AS err FROM '${out}val.parquet' n JOIN '${raw}val.parquet' r USING (id)`);
    assert.ok((v[0].err as number) < 1e-9, JSON.stringify(v));
    const valStats = await q(`SELECT avg(vol_1m) AS m FROM '${out}val.parquet'`);
    assert.ok(Math.abs(valStats[0].m as number) > 1e-6, 'val is not re-centred on itself');
  });

  it('--normalize minmax maps train to [0, 1]; robust centres the train median at 0', async () => {
    const db = join(dir, 'walk.db');
    const mm = sub();
    await runFeatureExport({ dbPath: db, table: TABLES.quotes, format: 'parquet', out: mm, compression: 'zstd', progress: false, split: [0.8, 0.2], normalize: 'minmax' });
    // (parquet statistics store a zero minimum as −0.0, so compare numerically)
    const [mmr] = await q(`SELECT min(spread_bps) AS lo, max(spread_bps) AS hi FROM '${mm}train.parquet'`);
    assert.ok(mmr.lo === 0 && mmr.hi === 1, JSON.stringify(mmr));
    const rb = sub();
    await runFeatureExport({ dbPath: db, table: TABLES.quotes, format: 'parquet', out: rb, compression: 'zstd', progress: false, split: [0.8, 0.2], normalize: 'robust' });
    const med = await q(`SELECT quantile_cont(imbalance, 0.5) AS m, quantile_cont(imbalance, 0.75) - quantile_cont(imbalance, 0.25) AS iqr FROM '${rb}train.parquet'`);
    assert.ok(Math.abs(med[0].m as number) < 1e-9 && Math.abs((med[0].iqr as number) - 1) < 1e-9, JSON.stringify(med));
  });

  it('refuses what it cannot do, naming the flag', async () => {
    const db = join(dir, 'walk.db');
    await assert.rejects(feat({ dbPath: db, table: TABLES.funding }), /--features works on --table quotes or candles/);
    await assert.rejects(feat({ dbPath: db, sinceLast: true }), /--features cannot be combined with --since last/);
    await assert.rejects(feat({ dbPath: db, out: '-', split: [0.5, 0.5] }), /--split and --normalize write several files/);
  });
});
