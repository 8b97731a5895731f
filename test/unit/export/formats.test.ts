// Every export format read back by a reader that is not ours: DuckDB for csv, json, ndjson and
// parquet; apache-arrow's IPC reader for arrow (DuckDB's arrow extension must be downloaded,
// which tests may not do); h5dump (Debian hdf5-tools) for HDF5; an independent TFRecord/protobuf
// decoder (test/helpers/tfrecord-reader.ts) for TFRecord. Values, row counts and timestamp
// types are compared with what SQLite holds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, Type, type TimestampMillisecond } from 'apache-arrow';
import { addQuotes, makeStore, NASTY, seedOtherTables, T0 } from '../../helpers/export-fixture.js';
import { decodeExample, readTfRecords } from '../../helpers/tfrecord-reader.js';
import { hasCommand } from '../../helpers/cli.js';
import { runExport, type ExportRequest } from '../../../src/export/run-export.js';
import { TABLES, TABLE_NAMES } from '../../../src/export/tables.js';

const N = 2000;
let dir: string;
let dbPath: string;
let duck: DuckDBConnection;
type QuoteRow = { id: number; venue: string; symbol: string; market: string; venue_ts: number; local_ts: number; bid: number | null; bid_size: number | null; ask: number; ask_size: number };
let quotes: QuoteRow[];

const q = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string | null>[];
const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const exp = (over: Partial<ExportRequest>) =>
  runExport({ dbPath, table: TABLES.quotes, format: 'parquet', out: join(dir, 'x'), sinceLast: false, compression: 'zstd', progress: false, ...over });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-export-fmt-'));
  dbPath = join(dir, 'store.db');
  const s = makeStore(dbPath);
  addQuotes(s, N, { nullEvery: 50 });
  seedOtherTables(s);
  s.close();
  const db = new Database(dbPath, { readonly: true });
  quotes = db
    .prepare(`SELECT q.id, v.name AS venue, i.symbol, i.market, q.venue_ts, q.local_ts, q.bid, q.bid_size, q.ask, q.ask_size
              FROM quotes q JOIN instruments i ON i.id = q.instrument_id JOIN venues v ON v.id = i.venue_id ORDER BY q.id`)
    .all() as QuoteRow[];
  db.close();
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The rows DuckDB reads from `from` (a FROM clause) compared with SQLite, column by column. */
async function assertQuotesEqual(from: string) {
  const rows = await q(`SELECT id::DOUBLE AS id, venue, symbol, market, epoch_ms(venue_ts::TIMESTAMPTZ)::DOUBLE AS vts, epoch_ms(local_ts::TIMESTAMPTZ)::DOUBLE AS lts,
                        bid::DOUBLE AS bid, bid_size::DOUBLE AS bid_size, ask::DOUBLE AS ask, ask_size::DOUBLE AS ask_size FROM ${from} ORDER BY id`);
  assert.equal(rows.length, N);
  for (let i = 0; i < N; i++) {
    const a = rows[i];
    const e = quotes[i];
    assert.deepEqual(
      [num(a.id), a.venue, a.symbol, a.market, num(a.vts), num(a.lts), num(a.bid), num(a.bid_size), num(a.ask), num(a.ask_size)],
      [e.id, e.venue, e.symbol, e.market, e.venue_ts, e.local_ts, e.bid, e.bid_size, e.ask, e.ask_size],
      `row ${i}`,
    );
  }
}

describe('export formats, read back by independent readers', () => {
  it('parquet: DuckDB reads every row; timestamps are TIMESTAMP WITH TIME ZONE; zstd by default', async () => {
    const out = join(dir, 'q.parquet');
    const r = await exp({ out });
    assert.equal(r.rows, N);
    const types = Object.fromEntries((await q(`DESCRIBE SELECT * FROM '${out}'`)).map((x) => [x.column_name, x.column_type]));
    assert.equal(types.venue_ts, 'TIMESTAMP WITH TIME ZONE');
    assert.equal(types.local_ts, 'TIMESTAMP WITH TIME ZONE');
    assert.equal(types.id, 'BIGINT');
    assert.equal(types.venue, 'VARCHAR');
    assert.equal(types.bid, 'DOUBLE');
    await assertQuotesEqual(`'${out}'`);
    const nulls = await q(`SELECT count(*) AS n FROM '${out}' WHERE bid IS NULL`);
    assert.equal(num(nulls[0].n), quotes.filter((x) => x.bid === null).length);
    assert.ok(quotes.some((x) => x.bid === null), 'the fixture has null bids');
    const codecs = await q(`SELECT DISTINCT compression FROM parquet_metadata('${out}')`);
    assert.deepEqual(codecs.map((c) => c.compression), ['ZSTD']);
  });

  for (const [codec, name] of [['snappy', 'SNAPPY'], ['none', 'UNCOMPRESSED']] as const) {
    it(`parquet --compression ${codec}`, async () => {
      const out = join(dir, `q-${codec}.parquet`);
      await exp({ out, compression: codec });
      const codecs = await q(`SELECT DISTINCT compression FROM parquet_metadata('${out}')`);
      assert.deepEqual(codecs.map((c) => c.compression), [name]);
      assert.equal(num((await q(`SELECT count(*) AS n FROM '${out}'`))[0].n), N);
    });
  }

  it('csv: DuckDB parses it, ISO timestamps become TIMESTAMP WITH TIME ZONE, nulls are empty', async () => {
    const out = join(dir, 'q.csv');
    await exp({ out, format: 'csv' });
    const types = Object.fromEntries((await q(`DESCRIBE SELECT * FROM read_csv('${out}')`)).map((x) => [x.column_name, x.column_type]));
    assert.equal(types.venue_ts, 'TIMESTAMP WITH TIME ZONE');
    await assertQuotesEqual(`read_csv('${out}')`);
  });

  it('csv: RFC 4180 quoting survives commas, quotes, CR/LF and unicode', async () => {
    const out = join(dir, 'runs.csv');
    await exp({ out, format: 'csv', table: TABLES['backtest-runs'] });
    const rows = await q(`SELECT source, params FROM read_csv('${out}', header = true, quote = '"', escape = '"', strict_mode = true, all_varchar = true)`);
    assert.deepEqual(rows, [{ source: NASTY, params: '{"fast":5,"slow":20}' }]);
    // Hand-checked: the field is quoted, its quotes doubled.
    assert.ok(readFileSync(out, 'utf8').includes('"a,b ""quoted""\nline2\r\nünï ✓ {""k"":[1,2]}"'));
  });

  it('ndjson and json: DuckDB reads the same rows', async () => {
    const nd = join(dir, 'q.ndjson');
    const js = join(dir, 'q.json');
    await exp({ out: nd, format: 'ndjson' });
    await exp({ out: js, format: 'json' });
    await assertQuotesEqual(`read_json('${nd}', format = 'newline_delimited')`);
    await assertQuotesEqual(`read_json('${js}', format = 'array')`);
    const first = JSON.parse(readFileSync(nd, 'utf8').split('\n')[0]);
    assert.equal(first.venue_ts, new Date(quotes[0].venue_ts).toISOString());
    assert.equal(JSON.parse(readFileSync(js, 'utf8')).length, N);
  });

  it('arrow IPC file: apache-arrow reads it; venue_ts is Timestamp(ms, UTC), venue a dictionary', async () => {
    const out = join(dir, 'q.arrow');
    await exp({ out, format: 'arrow' });
    const t = tableFromIPC(readFileSync(out));
    assert.equal(t.numRows, N);
    const ts = t.schema.fields.find((f) => f.name === 'venue_ts')!.type as TimestampMillisecond;
    assert.equal(ts.typeId, Type.Timestamp);
    assert.equal(ts.timezone, 'UTC');
    assert.equal(t.schema.fields.find((f) => f.name === 'venue')!.type.typeId, Type.Dictionary);
    const ids = t.getChild('id')!;
    const vts = t.getChild('venue_ts')!;
    const venue = t.getChild('venue')!;
    const bid = t.getChild('bid')!;
    for (let i = 0; i < N; i++) {
      assert.equal(Number(ids.get(i)), quotes[i].id);
      assert.equal(Number(vts.get(i)), quotes[i].venue_ts);
      assert.equal(venue.get(i), quotes[i].venue);
      assert.equal(bid.get(i), quotes[i].bid);
    }
  });

  it('tfrecord: lengths and masked CRC-32C check out, Examples decode to the rows', async () => {
    const out = join(dir, 'q.tfrecord');
    await exp({ out, format: 'tfrecord' });
    const recs = readTfRecords(readFileSync(out));
    assert.equal(recs.length, N);
    for (let i = 0; i < N; i += 37) {
      const ex = decodeExample(recs[i]);
      const e = quotes[i];
      assert.deepEqual(ex.id, { ints: [BigInt(e.id)] });
      assert.deepEqual(ex.venue, { bytes: [e.venue] });
      assert.deepEqual(ex.venue_ts, { ints: [BigInt(e.venue_ts)] });
      assert.deepEqual(ex.bid, { floats: e.bid === null ? [] : [Math.fround(e.bid)] });
    }
    // A flipped byte must be caught by the reader's CRC check (the reader can fail).
    const bad = Buffer.from(readFileSync(out));
    bad[40] ^= 0xff;
    assert.throws(() => readTfRecords(bad), /CRC/);
  });

  it('hdf5: h5dump reads the datasets; timestamps int64 ms with units', { skip: !hasCommand('h5dump') && 'h5dump not installed (apt-get install hdf5-tools)' }, async () => {
    const out = join(dir, 'q.h5');
    await exp({ out, format: 'hdf5' });
    const dump = (ds: string) => spawnSync('h5dump', ['-d', `/quotes/${ds}`, '-y', '-w', '0', out], { encoding: 'utf8' }).stdout;
    // The dataset's values sit between its first `DATA {` and the next `}` (attributes follow).
    const values = (text: string) => {
      const at = text.indexOf('DATA {') + 6;
      return text.slice(at, text.indexOf('}', at)).split(',').map((s) => s.trim()).filter(Boolean);
    };
    const ts = dump('venue_ts');
    assert.match(ts, /H5T_STD_I64LE/);
    assert.match(ts, /ms since 1970-01-01T00:00:00Z/);
    const tsv = values(ts);
    assert.equal(tsv.length, N);
    assert.deepEqual(tsv.map(Number), quotes.map((x) => x.venue_ts));
    const bid = values(dump('bid'));
    assert.deepEqual(bid.map((s) => (s === 'nan' || s === 'NaN' ? null : Number(s))), quotes.map((x) => x.bid));
    const venue = values(dump('venue'));
    assert.deepEqual(venue.map((s) => s.replace(/^"|"$/g, '').replace(/(\\000)+$/, '')), quotes.map((x) => x.venue));
  });

  it('every table exports with venue and symbol names, row counts equal to SQLite', async () => {
    const db = new Database(dbPath, { readonly: true });
    for (const name of TABLE_NAMES) {
      const out = join(dir, `all-${name}.parquet`);
      const r = await exp({ out, table: TABLES[name] });
      const want = db.prepare(`SELECT count(*) FROM ${TABLES[name].sqlTable}`).pluck().get() as number;
      assert.equal(r.rows, want, name);
      assert.ok(want > 0, `${name} has rows in the fixture`);
      assert.equal(num((await q(`SELECT count(*) AS n FROM '${out}'`))[0].n), want, name);
    }
    db.close();
    const trades = await q(`SELECT side, epoch_ms(exit_time)::DOUBLE AS x, pnl FROM '${join(dir, 'all-backtest-trades.parquet')}' ORDER BY id`);
    assert.deepEqual(trades, [{ side: 'long', x: T0 + 60_000, pnl: 1 }, { side: 'short', x: null, pnl: null }]);
    const c = await q(`SELECT venue, symbol, timeframe, count(*) AS n FROM '${join(dir, 'all-candles.parquet')}' GROUP BY ALL`);
    assert.deepEqual(c, [{ venue: 'okx', symbol: 'BTC/USDT', timeframe: '1m', n: '30' }]);
  });

  it('--venues/--symbols/--from/--to select exactly the matching rows', async () => {
    const out = join(dir, 'filtered.csv');
    const from = T0 + 10_000;
    const to = T0 + 100_000;
    const r = await exp({ out, format: 'csv', venues: ['okx'], symbols: ['ETH/USDT'], fromMs: from, toMs: to });
    const want = quotes.filter((x) => x.venue === 'okx' && x.symbol === 'ETH/USDT' && x.venue_ts >= from && x.venue_ts < to);
    assert.ok(want.length > 10);
    assert.equal(r.rows, want.length);
    const ids = await q(`SELECT id::DOUBLE AS id FROM read_csv('${out}') ORDER BY id`);
    assert.deepEqual(ids.map((x) => num(x.id)), want.map((x) => x.id));
    await assert.rejects(exp({ out, format: 'csv', venues: ['okz'] }), /--venues: the store has no venue 'okz' — did you mean 'okx'\?/);
  });

  it('--partition day writes hive folders DuckDB reads with hive_partitioning', async () => {
    const p = join(dir, 'part.db');
    const s = makeStore(p);
    addQuotes(s, 500, { stepMs: 3_600_000 }); // one an hour: 500 h ≈ 21 days
    s.close();
    const lake = join(dir, 'lake') + '/';
    const r = await runExport({ dbPath: p, table: TABLES.quotes, format: 'parquet', out: lake, sinceLast: false, compression: 'zstd', progress: false, partition: 'day' });
    assert.equal(r.rows, 500);
    const days = readdirSync(lake).sort();
    assert.equal(days.length, 21);
    assert.equal(days[0], 'date=2026-11-21');
    assert.deepEqual(readdirSync(join(lake, days[0])), ['part-000000000001.parquet']);
    const perDay = await q(`SELECT date::VARCHAR AS d, count(*) AS n, min(strftime(venue_ts AT TIME ZONE 'UTC', '%Y-%m-%d')) = date::VARCHAR AS ok FROM read_parquet('${lake}**/*.parquet', hive_partitioning = true) GROUP BY date ORDER BY date`);
    assert.equal(perDay.length, 21);
    assert.deepEqual(perDay[0], { d: '2026-11-21', n: '24', ok: true });
    assert.ok(perDay.every((x) => x.ok));
  });
});
