// The built CLI as cron runs it: --since last increments with no gaps or duplicates, a run
// killed with SIGKILL mid-write leaves no final file and no advanced watermark, a second
// concurrent run of the same export exits 4, and csv/ndjson stream to stdout.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { addQuotes, bulkQuotes, makeStore } from '../../helpers/export-fixture.js';
import { arblens, BIN, hasCommand } from '../../helpers/cli.js';

let dir: string;
let duck: DuckDBConnection;
const q = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string | number | null>[];
const watermark = (db: string) => {
  const d = new Database(db, { readonly: true });
  const r = d.prepare('SELECT last_id FROM export_watermarks').pluck().all() as number[];
  d.close();
  return r;
};
const finals = (out: string) => (existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.')) : []);
const temps = (out: string) => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.tmp')) : []);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-export-e2e-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('arblens export (built CLI)', () => {
  it('--since last: each run exports only new rows; the union is the table, without duplicates', async () => {
    const db = join(dir, 'inc.db');
    const out = join(dir, 'inc') + '/';
    const s = makeStore(db);
    addQuotes(s, 1000);
    const args = ['export', '--db', db, '--table', 'quotes', '--format', 'parquet', '--out', out, '--since', 'last'];
    let r = arblens(args);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(finals(out), ['quotes-000000000001.parquet']);
    assert.deepEqual(watermark(db), [1000]);

    addQuotes(s, 500, { startK: 1000 });
    r = arblens(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote 500 rows/);
    assert.deepEqual(finals(out), ['quotes-000000000001.parquet', 'quotes-000000001001.parquet']);

    r = arblens(args); // nothing new: no file, exit 0
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /nothing new/);
    assert.equal(finals(out).length, 2);
    let u = await q(`SELECT count(*) AS n, count(DISTINCT id) AS d, min(id) AS lo, max(id) AS hi FROM '${out}*.parquet'`);
    assert.deepEqual(u, [{ n: '1500', d: '1500', lo: '1', hi: '1500' }]);

    // A crash after the rename but before the watermark update: the mark is still 1000. The
    // re-run writes the same file name (it starts at row 1001), replacing it: no duplicates.
    const d = new Database(db);
    d.prepare('UPDATE export_watermarks SET last_id = 1000').run();
    d.close();
    addQuotes(s, 100, { startK: 1500 });
    r = arblens([...args, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', '--quiet prints nothing');
    assert.equal(finals(out).length, 2);
    u = await q(`SELECT count(*) AS n, count(DISTINCT id) AS d, max(id) AS hi FROM '${out}*.parquet'`);
    assert.deepEqual(u, [{ n: '1600', d: '1600', hi: '1600' }]);
    s.close();
  });

  describe('with a large store', () => {
    const db = () => join(dir, 'big.db');
    before(() => {
      const s = makeStore(db());
      bulkQuotes(s, 1_500_000);
      s.close();
    });

    /** Starts an export and resolves once its temp file holds data (it is mid-write). */
    async function startWriting(out: string) {
      mkdirSync(out, { recursive: true });
      const child = spawn(process.execPath, [BIN, 'export', '--db', db(), '--table', 'quotes', '--format', 'csv', '--out', out + '/', '--since', 'last'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b) => (stderr += b));
      const exited = new Promise<number | null>((res) => child.on('exit', (code, sig) => res(code ?? (sig ? -1 : null))));
      const t0 = Date.now();
      for (;;) {
        const t = temps(out);
        if (t.length && statSync(join(out, t[0])).size > 1_000_000) break;
        if (Date.now() - t0 > 60_000 || child.exitCode !== null) throw new Error(`export never got mid-write: ${stderr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return { child, exited, stderr: () => stderr };
    }

    it('SIGKILL mid-write leaves no final file and no advanced watermark; the next run recovers', async () => {
      const out = join(dir, 'killed');
      const run = await startWriting(out);
      run.child.kill('SIGKILL');
      await run.exited;
      assert.deepEqual(finals(out), [], 'no file under a final name');
      assert.equal(temps(out).length, 1, 'the temp file is all that is left');
      assert.deepEqual(watermark(db()), [], 'the watermark did not move');
      // The lock of the dead run is stale: the next run takes it over, removes the temp, completes.
      const r = arblens(['export', '--db', db(), '--table', 'quotes', '--format', 'csv', '--out', out + '/', '--since', 'last']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(finals(out), ['quotes-000000000001.csv']);
      assert.deepEqual(temps(out), []);
      assert.deepEqual(watermark(db()), [1_500_000]);
      const n = await q(`SELECT count(*) AS n FROM read_csv('${join(out, 'quotes-000000000001.csv')}')`);
      assert.equal(n[0].n, '1500000');
      rmSync(out, { recursive: true });
      const d = new Database(db());
      d.prepare('DELETE FROM export_watermarks').run();
      d.close();
    });

    it('a large export (read in a worker thread) is complete and in order; its errors still name the flag', async () => {
      const out = join(dir, 'big.parquet');
      const r = arblens(['export', '--db', db(), '--table', 'quotes', '--format', 'parquet', '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      // ids 1..n, each once: count n, sum n(n+1)/2; file order equals id order.
      const [x] = await q(`SELECT count(*) AS n, sum(id) AS s, count(DISTINCT id) AS d, bool_and(id = rn) AS ordered FROM (SELECT id, row_number() OVER () AS rn FROM '${out}')`);
      assert.deepEqual(x, { n: '1500000', s: String((1_500_000 * 1_500_001) / 2), d: '1500000', ordered: true });
      const rg = await q(`SELECT count(DISTINCT row_group_id) AS g FROM parquet_metadata('${out}')`);
      assert.equal(rg[0].g, String(Math.ceil(1_500_000 / 131_072)), 'row groups of 131,072 rows: streamed, not one giant group');
      // Two parallel readers (alternate id ranges) produce the very same file content.
      const par = join(dir, 'big-par.parquet');
      assert.equal(arblens(['export', '--db', db(), '--table', 'quotes', '--format', 'parquet', '--out', par], { ARBLENS_EXPORT_READERS: '2' }).code, 0);
      const [diff] = await q(`SELECT count(*) AS n FROM (SELECT * FROM '${out}' EXCEPT ALL SELECT * FROM '${par}')`);
      assert.equal(diff.n, '0');
      const [ord] = await q(`SELECT bool_and(id = rn) AS ordered, count(*) AS n FROM (SELECT id, row_number() OVER () AS rn FROM '${par}')`);
      assert.deepEqual(ord, { ordered: true, n: '1500000' });
      rmSync(par);
      const bad = arblens(['export', '--db', db(), '--table', 'quotes', '--format', 'csv', '--out', '-', '--venues', 'okz']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--venues: the store has no venue 'okz' — did you mean 'okx'\?/);
      rmSync(out);
    });

    it('a second concurrent run of the same export exits 4 with a clear message', async () => {
      const out = join(dir, 'locked');
      const first = await startWriting(out);
      const second = spawnSync(process.execPath, [BIN, 'export', '--db', db(), '--table', 'quotes', '--format', 'csv', '--out', out + '/', '--since', 'last'], { encoding: 'utf8' });
      assert.equal(second.status, 4, second.stderr);
      assert.match(second.stderr, /export 'quotes:csv:.*' is already running \(pid \d+/);
      assert.equal(await first.exited, 0, first.stderr());
      assert.deepEqual(finals(out), ['quotes-000000000001.csv']);
    });
  });

  it('--out - streams csv and ndjson to stdout (and into jq)', async () => {
    const db = join(dir, 'small.db');
    const s = makeStore(db);
    addQuotes(s, 60);
    s.close();
    const r = arblens(['export', '--db', db, '--table', 'quotes', '--format', 'csv', '--out', '-']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 61);
    assert.equal(lines[0], 'id,venue,symbol,market,venue_ts,local_ts,bid,bid_size,ask,ask_size');
    const nd = arblens(['export', '--db', db, '--table', 'quotes', '--format', 'ndjson', '--out', '-']);
    const rows = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(rows.length, 60);
    if (hasCommand('jq')) {
      const jq = spawnSync('sh', ['-c', `node ${BIN} export --db ${db} --table quotes --format ndjson --out - | jq -c 'select(.venue=="okx")'`], { encoding: 'utf8' });
      assert.equal(jq.stdout.trimEnd().split('\n').length, rows.filter((x) => x.venue === 'okx').length);
    }
    // `| head` closes the pipe early: no error, no stack trace.
    const head = spawnSync('sh', ['-c', `node ${BIN} export --db ${db} --table quotes --format csv --out - | head -2`], { encoding: 'utf8' });
    assert.equal(head.stdout.split('\n').length, 3);
    assert.doesNotMatch(head.stderr, /Error/);
  });

  it('usage errors name the flag and exit 2', () => {
    const db = join(dir, 'small.db');
    let r = arblens(['export', '--db', db, '--table', 'quotes', '--format', 'parquet', '--out', '-']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--out -: parquet cannot stream to stdout/);
    r = arblens(['export', '--db', db, '--table', 'quotes', '--format', 'csv', '--out', join(dir, 'one.csv'), '--since', 'last']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--since last writes one new file per run: give --out a directory/);
    r = arblens(['export', '--db', db, '--table', 'qoutes']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--table: 'qoutes' is not one of .* did you mean 'quotes'/);
    r = arblens(['export', '--db', join(dir, 'missing.db'), '--table', 'quotes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no store at/);
  });
});
