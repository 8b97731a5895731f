// Incremental bookkeeping without the CLI: open opportunity episodes held back until closed,
// candles tracked by their insertion sequence (migration 2), stale and live locks, and an
// interrupted run leaving neither file nor temp file nor watermark.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { runExport, lockPathFor, type ExportRequest } from '../../../src/export/run-export.js';
import { acquireLock, LockedError } from '../../../src/export/lock.js';
import { TABLES } from '../../../src/export/tables.js';
import { EXIT } from '../../../src/core/errors.js';
import { addQuotes, makeStore, T0 } from '../../helpers/export-fixture.js';
import { DuckDBInstance } from '@duckdb/node-api';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'arblens-export-inc-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

const ndjsonIds = (path: string, key = 'id') => readFileSync(path, 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l)[key]);
const inc = (dbPath: string, out: string, over: Partial<ExportRequest> = {}) =>
  runExport({ dbPath, table: TABLES.quotes, format: 'ndjson', out, sinceLast: true, compression: 'zstd', progress: false, ...over });

describe('export --since last bookkeeping', () => {
  it('exports filtered by different venues into one folder keep separate watermarks and files', async () => {
    const db = join(dir, 'scoped.db');
    const s = makeStore(db, 60);
    const venues = (s.db.prepare('SELECT name FROM venues ORDER BY name').pluck().all() as string[]).slice(0, 2);
    const out = join(dir, 'scoped') + '/';
    const a = await inc(db, out, { venues: [venues[0]] });
    const b = await inc(db, out, { venues: [venues[1]] });
    assert.notEqual(a.name, b.name);
    assert.ok(a.rows > 0 && b.rows > 0);
    const files = readdirSync(out).filter((f) => f.endsWith('.ndjson'));
    assert.equal(files.length, 2, `one file each, none overwritten: ${files.join(', ')}`);
    const rows = files.flatMap((f) => readFileSync(join(out, f), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { venue: string }));
    assert.equal(rows.filter((r) => r.venue === venues[0]).length, a.rows);
    assert.equal(rows.filter((r) => r.venue === venues[1]).length, b.rows);
    // Flag order does not change the export's identity.
    assert.equal((await inc(db, out, { venues: [venues[1], venues[0]] })).name, (await inc(db, out, { venues: [venues[0], venues[1]] })).name);
    s.close();
  });

  it('holds live opportunity episodes back until they close, then exports them once, final', async () => {
    const db = join(dir, 'opp.db');
    const s = new SqliteStore(db);
    const opp = (id: string, profit: number) => ({ id, kind: 'cross-spot', symbol: 'BTC/USDT', quote: 'USDT', size: 1, netSpreadPct: 0.1, netProfit: profit, legs: [] }) as never;
    const at = (ms: number) => () => ms;
    s.recordOpportunities([opp('a', 1), opp('b', 2)], T0, 60_000); // ids 1, 2 open
    s.recordOpportunities([opp('b', 3)], T0 + 30_000, 60_000); // b extended
    s.recordOpportunities([opp('b', 3)], T0 + 61_000, 60_000); // a unseen for 61 s > its 60 s gap: closed; b extended
    const out = join(dir, 'opp') + '/';
    let r = await inc(db, out, { table: TABLES.opportunities, now: at(T0 + 61_000) });
    assert.deepEqual([r.fromId, r.toId], [0, 1], 'stops before the first live episode (id 2)');
    assert.deepEqual(ndjsonIds(join(out, 'opportunities-000000000001.ndjson')), [1]);
    s.recordOpportunities([opp('b', 5)], T0 + 62_000, 60_000);
    s.recordOpportunities([], T0 + 123_000, 60_000); // b unseen since +62 s: 61 s > 60 s, closes with best profit 5
    r = await inc(db, out, { table: TABLES.opportunities, now: at(T0 + 123_000) });
    assert.deepEqual([r.fromId, r.toId], [1, 2]);
    const row = JSON.parse(readFileSync(join(out, 'opportunities-000000000002.ndjson'), 'utf8'));
    assert.deepEqual([row.id, row.closed, row.best_net_profit, row.last_seen], [2, true, 5, new Date(T0 + 62_000).toISOString()]);
    s.close();
  });

  it('an episode left open by a killed recorder never blocks the export: written closed once its gap has passed', async () => {
    const db = join(dir, 'opp-killed.db');
    const s = new SqliteStore(db);
    const opp = (id: string) => ({ id, kind: 'cross-spot', symbol: 'BTC/USDT', quote: 'USDT', size: 1, netSpreadPct: 0.1, netProfit: 1, legs: [] }) as never;
    s.recordOpportunities([opp('a')], T0, 2_000); // a watch recorder (gap 2 s) sees a, then is killed: nothing closes it
    s.recordOpportunities([opp('b')], T0 + 1_000, 300_000); // a cron scan (gap 5 min) records b after it
    s.close();
    const out = join(dir, 'opp-killed') + '/';
    // 1 s later a is still within its gap: it may yet be extended, so it is held back (and b with it).
    let r = await inc(db, out, { table: TABLES.opportunities, now: () => T0 + 1_500 });
    assert.deepEqual([r.fromId, r.toId], [0, 0]);
    // An hour later nobody has extended a: it is final, exported as closed; b (5 min gap) too.
    r = await inc(db, out, { table: TABLES.opportunities, now: () => T0 + 3_600_000 });
    assert.deepEqual([r.fromId, r.toId], [0, 2]);
    const rows = readFileSync(join(out, 'opportunities-000000000001.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((x) => [x.id, x.opp_key, x.closed]), [[1, 'a', true], [2, 'b', true]]);
  });

  it('candles: a new candle is exported once, even an older one backfilled later; a revised candle is not repeated', async () => {
    const db = join(dir, 'candles.db');
    const s = new SqliteStore(db);
    const c = (i: number, close = 100 + i) => ({ ts: T0 + i * 60_000, open: 100, high: 200, low: 50, close, volume: 1 });
    s.upsertCandles('okx', 'BTC/USDT', 'spot', '1m', [c(5), c(6)]);
    const out = join(dir, 'candles') + '/';
    await inc(db, out, { table: TABLES.candles });
    s.upsertCandles('okx', 'BTC/USDT', 'spot', '1m', [c(6, 999), c(1), c(7)]); // revise 6, backfill 1, add 7
    const r = await inc(db, out, { table: TABLES.candles });
    assert.equal(r.rows, 2);
    const second = readFileSync(join(out, 'candles-000000000003.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(second.map((x) => x.ts), [new Date(T0 + 60_000).toISOString(), new Date(T0 + 7 * 60_000).toISOString()]);
    s.close();
  });

  it('migration 2 numbers existing candles in time order and keeps numbering new ones', () => {
    const db = new Database(':memory:');
    db.exec(MIGRATIONS[0]);
    db.pragma('user_version = 1');
    db.exec(`INSERT INTO venues (id, name) VALUES (1, 'okx'); INSERT INTO instruments (id, venue_id, symbol, market) VALUES (1, 1, 'BTC/USDT', 'spot');
             INSERT INTO candles VALUES (1, '1m', 300, 1, 1, 1, 1, 1), (1, '1m', 100, 1, 1, 1, 1, 1), (1, '1m', 200, 1, 1, 1, 1, 1);`);
    for (let v = 1; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    db.exec(`INSERT INTO candles (instrument_id, timeframe, ts, open, high, low, close, volume) VALUES (1, '1m', 50, 1, 1, 1, 1, 1)`);
    assert.deepEqual(db.prepare('SELECT ts, seq FROM candles ORDER BY seq').all(), [
      { ts: 100, seq: 1 }, { ts: 200, seq: 2 }, { ts: 300, seq: 3 }, { ts: 50, seq: 4 },
    ]);
  });

  it('an interrupted run writes no file, leaves no temp file and does not move the watermark', async () => {
    const db = join(dir, 'abort.db');
    makeStore(db, 3000).close();
    const out = join(dir, 'abort') + '/';
    // The signal is checked at each stage (opened, locked, snapshot, then each batch): it turns
    // aborted once the first batch is in the temp file (test/unit/export/interrupt.test.ts does every stage).
    let checks = 0;
    const signal = { get aborted() { return ++checks > 4; } } as AbortSignal;
    await assert.rejects(inc(db, out, { format: 'parquet', batchSize: 1000, signal }), (e: Error & { exitCode?: number }) => e.exitCode === 130 && /interrupted/.test(e.message));
    assert.deepEqual(readdirSync(out), []);
    const d = new Database(db, { readonly: true });
    assert.deepEqual(d.prepare('SELECT * FROM export_watermarks').all(), []);
    d.close();
    // and the next run exports everything
    const r = await inc(db, out, { format: 'parquet' });
    assert.equal(r.rows, 3000);
  });

  it('lock: a live holder makes the second run fail with exit code 4 and writes nothing; once it is gone the run proceeds', async () => {
    const db = join(dir, 'lock.db');
    const s = makeStore(db);
    addQuotes(s, 10);
    s.close();
    const out = join(dir, 'lock') + '/';
    const name = 'nightly';
    const lock = lockPathFor(db, name);
    const holder = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../helpers/lock-contender.ts', import.meta.url)), 'hold', lock], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout.on('data', (d) => String(d).includes('held') && resolve()));
      await assert.rejects(inc(db, out, { name }), (e: Error & { exitCode?: number }) => e instanceof LockedError && e.exitCode === EXIT.locked && e.message.includes(`pid ${holder.pid}`));
      assert.ok(!existsSync(out) || readdirSync(out).length === 0);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    // the holder was killed without cleaning up: the system released its lock with it
    const r = await inc(db, out, { name });
    assert.equal(r.rows, 10);
    const release = acquireLock(lock, name);
    assert.throws(() => acquireLock(lock, name), LockedError, 'held by this process');
    release();
  });

  it('--partition finishes idle partitions early; a late row opens part-…-1; names are reproducible', async () => {
    const db = join(dir, 'late.db');
    const s = makeStore(db);
    const day = 86_400_000;
    addQuotes(s, 50, { stepMs: 1000 }); // day 1
    addQuotes(s, 60, { startK: day / 1000, stepMs: 1000 }); // day 2
    addQuotes(s, 5, { startK: 100, stepMs: 1000 }); // late rows for day 1
    s.close();
    const lake = join(dir, 'late-lake') + '/';
    const run = () => runExport({ dbPath: db, table: TABLES.quotes, format: 'parquet', out: lake, sinceLast: false, compression: 'zstd', progress: false, partition: 'day', batchSize: 10 });
    const r = await run();
    assert.equal(r.rows, 115);
    const d1 = join(lake, 'date=2026-11-21');
    assert.deepEqual(readdirSync(d1).sort(), ['part-000000000001-1.parquet', 'part-000000000001.parquet']);
    assert.deepEqual(r.files.map((f) => [f.path.slice(lake.length), f.rows]).sort(), [
      ['date=2026-11-21/part-000000000001-1.parquet', 5],
      ['date=2026-11-21/part-000000000001.parquet', 50],
      ['date=2026-11-22/part-000000000001.parquet', 60],
    ]);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duck.runAndReadAll(`SELECT date::VARCHAR AS d, count(*) AS n, count(DISTINCT id) AS u FROM read_parquet('${lake}**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY d`)).getRowObjectsJson();
    assert.deepEqual(rows, [{ d: '2026-11-21', n: '55', u: '55' }, { d: '2026-11-22', n: '60', u: '60' }]);
    const again = await run();
    assert.deepEqual(again.files.map((f) => f.path).sort(), r.files.map((f) => f.path).sort());
  });
});
