// ClickHouse figures on loopback (needs ARBLENS_TEST_CLICKHOUSE_URL, as .ci/run sets it; else
// skipped with a message): quote rows/s recorded as `watch --record --store clickhouse://…`
// writes them (hand-over in batches of 5,000, inserts of 100,000 rows), 1 M quotes exported to
// parquet, and `store copy` rows/s from a SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Quote } from '../src/core/types.js';
import { ClickHouseStore } from '../src/store/clickhouse/store.js';
import { parseClickHouseUrl } from '../src/store/clickhouse/url.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { copyRecorderId, copyStore } from '../src/store/copy.js';
import { runExport } from '../src/export/run-export.js';
import { TABLES } from '../src/export/tables.js';

const URL_ENV = process.env.ARBLENS_TEST_CLICKHOUSE_URL;
if (!URL_ENV) {
  console.log('clickhouse: skipped — ARBLENS_TEST_CLICKHOUSE_URL is not set (start clickhouse-server, see .ci/run)');
  process.exit(0);
}
const ROWS = Number(process.env.ARBLENS_BENCH_ROWS ?? 1_000_000);
const COPY_ROWS = Number(process.env.ARBLENS_BENCH_COPY_ROWS ?? 10_000_000);
const BATCH = 5_000;
const base = parseClickHouseUrl(URL_ENV);
const spec = (suffix: string) => {
  const db = `bench_${randomBytes(3).toString('hex')}_${suffix}`;
  return { ...base, database: db, display: base.display.replace(/\/[^/]*$/, `/${db}`) };
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const venues = Array.from({ length: 11 }, (_, i) => `v${i}`);
const batch: Quote[] = Array.from({ length: BATCH }, (_, i) => ({ type: 'quote', venue: venues[i % 11], symbol: `S${i % 500}/USDT`, market: 'spot', bids: [[100 + i * 1e-4, 1.5]], asks: [[100.01 + i * 1e-4, 2]], venueTs: 1.7e12 + i, localTs: 1.7e12 + i + 3 }));
const shift = () => {
  for (const q of batch as { venueTs: number; localTs: number }[]) (q.venueTs += BATCH), (q.localTs += BATCH);
};
const drop = async (db: string) => {
  const s = await ClickHouseStore.open({ ...base, database: db });
  await s.conn.exec(`DROP DATABASE IF EXISTS ${db}`);
  await s.close();
};

// 1. Record.
const rec = spec('rec');
const store = await ClickHouseStore.open(rec, { maxRows: 100_000, flushMs: 1000 });
console.log(`clickhouse: server ${store.conn.version} at ${rec.display}`);
let t = performance.now();
for (let n = 0; n < ROWS; n += BATCH) {
  store.recordQuotes(batch);
  shift();
  // The recorder hands a batch over every 500 ms in real use; here as fast as the store takes
  // them, yielding between hand-overs so inserts overlap with encoding as they do in a recording.
  await store.drainIfBusy();
  await new Promise((r) => setImmediate(r));
}
await store.flush();
let secs = (performance.now() - t) / 1000;
await store.close();
console.log(`clickhouse: ${fmt(ROWS / secs)} quote rows/s recorded (${fmt(ROWS)} rows in ${secs.toFixed(2)} s, inserts of 100,000 rows, TabSeparated over HTTP)`);

// 2. Export 1 M quotes → parquet.
const out = mkdtempSync(join(tmpdir(), 'arblens-chbench-')) + '/';
t = performance.now();
const r = await runExport({ dbPath: rec.display, store: rec, table: TABLES.quotes, format: 'parquet', out, sinceLast: false, compression: 'zstd', progress: false });
secs = (performance.now() - t) / 1000;
console.log(`clickhouse: exported ${fmt(r.rows)} quotes to parquet in ${secs.toFixed(2)} s (${fmt(r.rows / secs)} rows/s)`);
rmSync(out, { recursive: true, force: true });
await drop(rec.database);

// 3. store copy from SQLite.
const dir = mkdtempSync(join(tmpdir(), 'arblens-chcopy-'));
const sqlite = new SqliteStore(join(dir, 'src.db'));
for (let n = 0; n < COPY_ROWS; n += BATCH) sqlite.recordQuotes(batch), shift();
const dst = spec('copy');
const target = await ClickHouseStore.open(dst, { recorder: copyRecorderId(join(dir, 'src.db')), flushMs: 3_600_000 });
t = performance.now();
const [res] = await copyStore(sqlite, target, ['quotes']);
secs = (performance.now() - t) / 1000;
console.log(`clickhouse: store copy ${fmt(res.rows / secs)} rows/s (${fmt(res.rows)} SQLite quote rows in ${secs.toFixed(2)} s)`);
await target.close();
sqlite.close();
rmSync(dir, { recursive: true, force: true });
await drop(dst.database);
