// `export --table all` as cron runs it: one line, every table, one file and one watermark per
// table; a second `--since last` run writes only what is new (in the tables that grew) and the
// union of the files equals the store, without duplicates. Also: the partition folders per
// table, and the flags `all` refuses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { addQuotes, makeStore, seedOtherTables, T0 } from '../../helpers/export-fixture.js';
import { arblens } from '../../helpers/cli.js';
import { TABLE_NAMES, TABLES } from '../../../src/export/tables.js';

let dir: string;
let duck: DuckDBConnection;
const q = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string | number | null>[];
const files = (out: string) => (existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.')).sort() : []);
const marks = (db: string) => {
  const d = new Database(db, { readonly: true });
  const r = d.prepare('SELECT table_name, last_id FROM export_watermarks ORDER BY table_name').all() as { table_name: string; last_id: number }[];
  d.close();
  return Object.fromEntries(r.map((x) => [x.table_name, x.last_id]));
};
const count = (db: string, table: string) => {
  const d = new Database(db, { readonly: true });
  const n = d.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  d.close();
  return n;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-export-all-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('arblens export --table all (built CLI)', () => {
  it('one cron line, run twice with --since last: every table once, then only the new rows', async () => {
    const db = join(dir, 'cron.db');
    const out = join(dir, 'cron') + '/';
    const s = makeStore(db);
    addQuotes(s, 300);
    seedOtherTables(s);
    const line = ['export', '--db', db, '--table', 'all', '--format', 'parquet', '-o', out, '--since', 'last'];

    let r = arblens(line);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(files(out), TABLE_NAMES.map((t) => `${t}-000000000001.parquet`).sort());
    // One watermark per table, at that table's last row.
    const m1 = marks(db);
    assert.equal(Object.keys(m1).length, TABLE_NAMES.length);
    assert.equal(m1.quotes, 300);
    assert.equal(m1.backtest_trades, 2);
    assert.equal(m1.retail_analyses, 2);
    for (const t of TABLE_NAMES) {
      const [{ n }] = await q(`SELECT count(*)::INT AS n FROM '${out}${t}-*.parquet'`);
      assert.equal(n, count(db, TABLES[t].sqlTable), t);
    }

    // More history lands in two tables between the cron runs.
    addQuotes(s, 120, { startK: 300 });
    s.db.prepare(`INSERT INTO backtest_runs (created_ts, strategy, params, source, metrics) VALUES (?, 'rsi', '{"period":14}', 'x.csv', '{"sharpe":0.4}')`).run(T0 + 5000);
    s.close();
    r = arblens(line);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote 120 rows to .*quotes-000000000301\.parquet/);
    assert.match(r.stderr, /wrote 1 rows to .*backtest-runs-000000000002\.parquet/);
    assert.match(r.stderr, /nothing new for export 'funding:parquet:/);
    assert.equal(files(out).length, TABLE_NAMES.length + 2);
    const m2 = marks(db);
    assert.deepEqual(m2, { ...m1, quotes: 420, backtest_runs: 2 });
    const [u] = await q(`SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS d FROM '${out}quotes-*.parquet'`);
    assert.deepEqual(u, { n: 420, d: 420 });
    const sharpe = await q(`SELECT "metrics.sharpe" AS s FROM read_parquet('${out}backtest-runs-*.parquet', union_by_name = true) ORDER BY id`);
    assert.deepEqual(sharpe, [{ s: 1.2 }, { s: 0.4 }]);

    // A third run with nothing new writes nothing and exits 0 (quiet for cron).
    r = arblens([...line, '-q']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(files(out).length, TABLE_NAMES.length + 2);
  });

  it('--name names each table\'s watermark <name>:<table>; --partition gives each table its own folder', () => {
    const db = join(dir, 'named.db');
    const s = makeStore(db);
    addQuotes(s, 30);
    seedOtherTables(s);
    s.close();
    const out = join(dir, 'lake') + '/';
    const r = arblens(['export', '--db', db, '--table', 'all', '--format', 'ndjson', '-o', out, '--since', 'last', '--name', 'nightly', '--partition', 'day']);
    assert.equal(r.code, 0, r.stderr);
    const d = new Database(db, { readonly: true });
    const names = d.prepare('SELECT name FROM export_watermarks ORDER BY name').pluck().all();
    d.close();
    assert.deepEqual(names, TABLE_NAMES.map((t) => `nightly:${t}`).sort());
    assert.deepEqual(files(out), [...TABLE_NAMES].sort());
    assert.deepEqual(files(join(out, 'quotes')), ['date=2026-11-21']);
  });

  it('refuses what --table all cannot do, exit 2 and the house style', () => {
    const db = join(dir, 'named.db');
    const cases: [string[], RegExp][] = [
      [['-o', '-'], /^arblens: --table all: writes one file per table, which stdout cannot hold — give --out a directory/],
      [['-o', join(dir, 'x') + '/', '--venues', 'okx'], /^arblens: --venues: applies to one table .* — with --table all every table is exported whole/],
      [['-o', join(dir, 'x') + '/', '--features'], /^arblens: --features: builds one dataset from one table/],
    ];
    for (const [extra, want] of cases) {
      const r = arblens(['export', '--db', db, '--table', 'all', ...extra]);
      assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, want);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    const typo = arblens(['export', '--db', db, '--table', 'al']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /--table: 'al' is not one of .*all — did you mean 'all'\?/);
  });
});
