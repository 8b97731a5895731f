// `arblens data download` against a local server speaking Binance's REST format
// (GET /api/v3/exchangeInfo, GET /api/v3/klines), through the built CLI and real ccxt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVenueServer } from '../../helpers/venue-server.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { testClickHouse } from '../../helpers/clickhouse.js';
import { ClickHouseStore } from '../../../src/store/clickhouse/store.js';
import { parseClickHouseUrl } from '../../../src/store/clickhouse/url.js';
import { clickHouseBackend } from '../../../src/export/clickhouse-source.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** Binance kline rows: [openTime, "o", "h", "l", "c", "v", closeTime, "qv", n, "tbb", "tbq", "0"]. */
function klines(available: number, url: URL): unknown[] {
  const start = Number(url.searchParams.get('startTime') ?? T0);
  const limit = Number(url.searchParams.get('limit') ?? 500);
  const rows: unknown[] = [];
  for (let k = Math.max(0, Math.ceil((start - T0) / H)); k < available && rows.length < limit; k++) {
    const o = 100 + k;
    rows.push([T0 + k * H, String(o), String(o + 2), String(o - 1), String(o + 1), '10.5', T0 + (k + 1) * H - 1, '1000', 5, '5', '500', '0']);
  }
  return rows;
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(root, 'bin/arblens.js'), ...args], { cwd: root, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

test('data download pages klines into the store, survives a failing page, and resumes after the last candle', async () => {
  let available = 50;
  let failFrom = Infinity;
  const srv = await startVenueServer({
    '/api/v3/exchangeInfo': 'binance/rest/exchangeInfo.json',
    '/api/v3/klines': (_req, url) => {
      if (Number(url.searchParams.get('startTime')) >= failFrom) throw new Error('injected failure');
      return klines(available, url);
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'arblens-dl-'));
  const db = join(dir, 'store.db');
  const env = { ARBLENS_DB: db, ARBLENS_BINANCE_URL: srv.url };
  const args = ['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--limit', '20', '--to', '2024-02-01'];
  try {
    // The third page (from hour 40) fails: the first 40 candles are kept, exit 1, resume advice.
    failFrom = T0 + 40 * H;
    const a = await cli([...args, '--from', '2024-01-01'], env);
    assert.equal(a.code, 1, a.err);
    assert.match(a.err, /binance: fetchOHLCV BTC\/USDT 1h since 2024-01-02T16:00:00.000Z failed: .*run the same command again to resume/);
    let s = new SqliteStore(db, { readonly: true });
    assert.equal(s.readCandles('binance', 'BTC/USDT', '1h').length, 40);
    s.close();
    // Fixed, and the venue has 10 more candles: the next run starts at hour 40 (no --from needed).
    failFrom = Infinity;
    available = 60;
    const b = await cli(args, env);
    assert.equal(b.code, 0, b.err);
    assert.match(b.err, /resumed after 2024-01-02T15:00:00.000Z: stored 20 1h candles/);
    s = new SqliteStore(db, { readonly: true });
    const c = s.readCandles('binance', 'BTC/USDT', '1h');
    s.close();
    assert.equal(c.length, 60);
    assert.deepEqual(c[59], { ts: T0 + 59 * H, open: 159, high: 161, low: 158, close: 160, volume: 10.5 });
    const pages = srv.requests.filter((r) => r.startsWith('/api/v3/klines')).map((r) => new URL(r, srv.url).searchParams.get('startTime'));
    assert.deepEqual(pages.map(Number), [0, 20, 40, 40, 60].map((k) => T0 + k * H));
    // The candles feed a backtest straight from the store.
    const bt = await cli(['backtest', '--venue', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--param', 'fast=2', '--param', 'slow=5', '--json', '--no-save'], env);
    assert.equal(bt.code, 0, bt.err);
    assert.equal(JSON.parse(bt.out).bars, 60);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data download: usage errors before any network call', async () => {
  const env = { ARBLENS_DB: join(tmpdir(), `arblens-dl-none-${process.pid}.db`), ARBLENS_BINANCE_URL: 'http://127.0.0.1:9' };
  const a = await cli(['data', 'download', '--venue', 'binanse', '--symbol', 'BTC/USDT'], env);
  assert.equal(a.code, 2);
  assert.match(a.err, /did you mean 'binance'/);
  const b = await cli(['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '7x'], env);
  assert.equal(b.code, 2);
  assert.match(b.err, /--timeframe '7x' is not a timeframe/);
  const c = await cli(['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT'], env);
  assert.equal(c.code, 2);
  assert.match(c.err, /--from is needed/);
  rmSync(env.ARBLENS_DB, { force: true });
  rmSync(env.ARBLENS_DB + '-wal', { force: true });
  rmSync(env.ARBLENS_DB + '-shm', { force: true });
});

test('data download and data import into ClickHouse (--store): a resumed download asks the server for the last candle', async (t) => {
  const ch = testClickHouse('arblens_dl', 'data download into ClickHouse');
  if (ch.skip) return t.skip(ch.skip);
  let available = 30;
  const srv = await startVenueServer({ '/api/v3/exchangeInfo': 'binance/rest/exchangeInfo.json', '/api/v3/klines': (_req, url) => klines(available, url) });
  const env = { ARBLENS_DB: join(tmpdir(), `arblens-dl-unused-${process.pid}.db`), ARBLENS_BINANCE_URL: srv.url };
  const args = ['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--limit', '20', '--to', '2024-02-01', '--store', ch.url];
  try {
    const a = await cli([...args, '--from', '2024-01-01'], env);
    assert.equal(a.code, 0, a.err);
    assert.match(a.err, /stored 30 1h candles for binance BTC\/USDT in clickhouse:\/\/[^ ]*\*\*\*@/, 'the password is masked');
    // 15 more at the venue: the run starts after hour 29, found with one query.
    available = 45;
    const b = await cli(args, env);
    assert.equal(b.code, 0, b.err);
    assert.match(b.err, /resumed after 2024-01-02T05:00:00.000Z: stored 15 1h candles/);
    const pages = srv.requests.filter((r) => r.startsWith('/api/v3/klines')).map((r) => Number(new URL(r, srv.url).searchParams.get('startTime')));
    assert.deepEqual(pages, [0, 20, 30].map((k) => T0 + k * H));
    // A CSV imported beside them, and both read back by a backtest from ClickHouse.
    const csv = join(tmpdir(), `arblens-dl-${process.pid}.csv`);
    writeFileSync(csv, 'date,open,high,low,close,volume\n2024-01-01,10,11,9,10.5,1\n2024-01-02,10.5,12,10,11,2\n2024-01-03,11,11.5,10,10.2,3\n');
    const c = await cli(['data', 'import', csv, '--venue', 'mydata', '--symbol', 'XYZ/USD', '--timeframe', '1d', '--store', ch.url], env);
    rmSync(csv, { force: true });
    assert.equal(c.code, 0, c.err);
    assert.match(c.err, /imported 3 1d candles for mydata XYZ\/USD into clickhouse:/);
    const bt = await cli(['backtest', '--store', ch.url, '--venue', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--param', 'fast=2', '--param', 'slow=5', '--json', '--no-save'], env);
    assert.equal(bt.code, 0, bt.err);
    assert.equal(JSON.parse(bt.out).bars, 45);
    const bt2 = await cli(['backtest', '--store', ch.url, '--venue', 'mydata', '--symbol', 'XYZ/USD', '--timeframe', '1d', '--param', 'fast=2', '--param', 'slow=3', '--json', '--no-save'], env);
    assert.equal(bt2.code, 0, bt2.err);
    assert.equal(JSON.parse(bt2.out).bars, 3);
    // Saved (no --no-save): the run and its trades go to the ClickHouse store named, not to SQLite.
    // (On the repository's synthetic sample, imported as venue 'sample': its crossovers make trades.)
    const sample = join(root, 'data/sample/synthetic-btc-usdt-1h.csv');
    assert.equal((await cli(['data', 'import', sample, '--venue', 'sample', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--store', ch.url], env)).code, 0);
    const saved = await cli(['backtest', '--store', ch.url, '--venue', 'sample', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--param', 'fast=10', '--param', 'slow=30', '--json'], env);
    assert.equal(saved.code, 0, saved.err);
    const j = JSON.parse(saved.out);
    assert.ok(j.trades.length > 10, `${j.trades.length} trades to store`);
    assert.equal(typeof j.runId, 'string');
    assert.match(saved.err, new RegExp(`saved as run ${j.runId} in clickhouse://[^ ]*\\*\\*\\*@`));
    const store = await ClickHouseStore.open(parseClickHouseUrl(ch.url));
    try {
      const runs = (await store.conn.text(`SELECT strategy, source, metrics FROM ${store.database}.backtest_runs WHERE run_id = '${j.runId}'`)).trim().split('\t');
      assert.equal(runs[0], 'sma');
      assert.equal(runs[1], 'store:sample:BTC/USDT:1h');
      assert.equal(JSON.parse(runs[2].replace(/\\(.)/g, '$1')).trades, j.metrics.trades);
      const trades = (await store.conn.text(`SELECT count(), sum(pnl) FROM ${store.database}.backtest_trades FINAL WHERE run_id = '${j.runId}'`)).trim().split('\t').map(Number);
      assert.equal(trades[0], j.trades.length);
      // sum of the stored P&L = sum of the --json trades' P&L (tidied to 12 digits in the JSON).
      const pnl = j.trades.reduce((a: number, t: { pnl: number }) => a + t.pnl, 0);
      assert.ok(Math.abs(trades[1] - pnl) < 1e-6 * Math.max(1, Math.abs(pnl)), `${trades[1]} vs ${pnl}`);
    } finally {
      await store.close();
    }
    assert.equal(existsSync(env.ARBLENS_DB), false, 'nothing written to the SQLite default store');
    // And exported back from ClickHouse: the run with its metrics as JSON, its trades in order.
    const runs = await cli(['export', '--store', ch.url, '--table', 'backtest-runs', '--format', 'ndjson', '--out', '-'], env);
    assert.equal(runs.code, 0, runs.err);
    const runRows = runs.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(runRows.length, 1);
    assert.equal(runRows[0].run_id, j.runId);
    assert.equal(runRows[0].strategy, 'sma');
    assert.deepEqual(runRows[0].params, { fast: 10, slow: 30 });
    assert.equal(runRows[0].metrics.trades, j.metrics.trades);
    const tr = await cli(['export', '--store', ch.url, '--table', 'backtest-trades', '--format', 'ndjson', '--symbols', 'BTC/USDT', '--out', '-'], env);
    assert.equal(tr.code, 0, tr.err);
    const tradeRows = tr.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(tradeRows.length, j.trades.length);
    tradeRows.forEach((t, k) => {
      assert.equal(t.trade, k);
      assert.equal(t.side, j.trades[k].side);
      assert.ok(Math.abs(t.pnl - j.trades[k].pnl) < 1e-6, `trade ${k} pnl`);
      assert.equal(new Date(t.entry_time).getTime(), j.trades[k].entryTs);
    });
    // --since last: a run waits SETTLE (5 min) after it was made, then goes out once.
    const rowsOf = async (now: number) => {
      const b = await clickHouseBackend(parseClickHouseUrl(ch.url), 'backtest-runs', '-', true);
      try {
        await b.afterId('runs-feed');
        const src = await b.source({ now }, 1000, false);
        let n = 0;
        for await (const batch of src.batches()) n += batch.length;
        if (src.upToId > 0) await b.advance('runs-feed', src.upToId, now);
        return n;
      } finally {
        await b.close();
      }
    };
    assert.equal(await rowsOf(Date.now()), 0, 'not settled yet');
    assert.equal(await rowsOf(Date.now() + 6 * 60_000), 1, 'settled: exported');
    assert.equal(await rowsOf(Date.now() + 7 * 60_000), 0, 'once');
    const bad = await cli(['export', '--store', ch.url, '--table', 'backtest-runs', '--format', 'csv', '--venues', 'binance', '--out', '-'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--venues: table backtest-runs has no venue column — drop --venues/);
  } finally {
    await srv.close();
    await ch.drop();
  }
});
