// JSON-in-text columns read back by DuckDB: objects in ndjson/json (what `jq '.metrics.sharpe'`
// sees), typed dotted leaf columns beside the JSON text in parquet (what `df['metrics.sharpe']`
// sees), text in csv. Payloads cover nested objects, arrays, booleans, a path whose rows
// disagree on the type, a key with '/', and stored text that is not JSON.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { makeStore, seedOtherTables, T0 } from '../../helpers/export-fixture.js';
import { hasCommand } from '../../helpers/cli.js';
import { runExport, type ExportRequest } from '../../../src/export/run-export.js';
import { TABLES } from '../../../src/export/tables.js';
import { MAX_LEAVES } from '../../../src/export/json-leaves.js';

let dir: string;
let dbPath: string;
let duck: DuckDBConnection;
const q = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
const exp = (over: Partial<ExportRequest>) =>
  runExport({ dbPath, table: TABLES.opportunities, format: 'parquet', out: join(dir, 'x'), sinceLast: false, compression: 'zstd', progress: false, ...over });
const types = async (from: string) => Object.fromEntries((await q(`DESCRIBE SELECT * FROM ${from}`)).map((r) => [r.column_name, r.column_type]));

const P1 = { buy: { venue: 'okx', fee: 3.2 }, sell: { venue: 'binance', fee: 3 }, legs: [{ side: 'buy', venue: 'okx' }], exclusive: true, score: 7, 'BTC/USDT': { w: 1 } };
const P2 = { buy: { venue: 'bybit', fee: 1.5 }, exclusive: false, score: 'high' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-json-leaves-'));
  dbPath = join(dir, 'store.db');
  const s = makeStore(dbPath);
  seedOtherTables(s);
  const ins = s.db.prepare(`INSERT INTO opportunities (opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, closed, payload)
    VALUES (?, 'cross-spot', 'BTC/USDT', 'okx', 'binance', 'USDT', ?, ?, 1, 0.1, 1, 0.1, 1, 1, ?)`);
  ins.run('k1', T0 + 10, T0 + 20, JSON.stringify(P1));
  ins.run('k2', T0 + 30, T0 + 40, JSON.stringify(P2));
  ins.run('k3', T0 + 50, T0 + 60, 'not json {');
  // A runaway payload: more keys than MAX_LEAVES.
  ins.run('k4', T0 + 70, T0 + 80, JSON.stringify({ wide: Object.fromEntries(Array.from({ length: MAX_LEAVES + 50 }, (_, i) => [`k${String(i).padStart(3, '0')}`, i])) }));
  s.close();
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('JSON columns in exports', () => {
  it('ndjson/json: real objects — metrics.sharpe and nested payload paths need no parsing', async () => {
    const nd = join(dir, 'runs.ndjson');
    await exp({ table: TABLES['backtest-runs'], format: 'ndjson', out: nd });
    const run = JSON.parse(readFileSync(nd, 'utf8').trim());
    assert.equal(run.metrics.sharpe, 1.2); // seeded as '{"sharpe":1.2}'
    assert.deepEqual(run.params, { fast: 5, slow: 20 });
    assert.equal(typeof run.source, 'string', 'a text column that is not JSON stays a string');

    const js = join(dir, 'opps.json');
    await exp({ format: 'json', out: js });
    const opps = JSON.parse(readFileSync(js, 'utf8')) as { opp_key: string; payload: unknown }[];
    const by = Object.fromEntries(opps.map((o) => [o.opp_key, o.payload]));
    assert.deepEqual(by.k1, P1);
    assert.equal(by.k3, 'not json {', 'invalid JSON text comes out as a JSON string, the file stays valid');
    // payload mixes objects and a string (k3), so DuckDB types it JSON: read the path as text.
    const rows = await q(`SELECT json_extract_string(payload, '$.buy.venue') AS v FROM read_json('${js}') WHERE opp_key = 'k2'`);
    assert.deepEqual(rows, [{ v: 'bybit' }]);
  });

  it('jq reads .metrics.sharpe from the ndjson', { skip: !hasCommand('jq') && 'jq not installed' }, async () => {
    const nd = join(dir, 'runs-jq.ndjson');
    await exp({ table: TABLES['backtest-runs'], format: 'ndjson', out: nd });
    const r = spawnSync('jq', ['.metrics.sharpe', nd], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '1.2');
  });

  it('parquet: typed dotted leaves beside the JSON text; arrays and disagreeing paths stay JSON text', async () => {
    const pq = join(dir, 'opps.parquet');
    await exp({ out: pq });
    const t = await types(`'${pq}'`);
    assert.equal(t.payload, 'VARCHAR');
    assert.equal(t['payload.buy.venue'], 'VARCHAR');
    assert.equal(t['payload.buy.fee'], 'DOUBLE');
    assert.equal(t['payload.exclusive'], 'BOOLEAN');
    assert.equal(t['payload.legs'], 'VARCHAR');
    assert.equal(t['payload.score'], 'VARCHAR', '7 in one row, "high" in another');
    assert.equal(t['payload.BTC/USDT.w'], 'DOUBLE');
    assert.equal(t['payload.legs[0].side'], undefined, 'paths inside arrays are not split');
    const rows = await q(`SELECT opp_key, "payload.buy.venue" AS v, "payload.buy.fee" AS fee, "payload.exclusive" AS ex, "payload.legs" AS legs, "payload.score" AS score
                          FROM '${pq}' WHERE opp_key IN ('k1', 'k2', 'k3') ORDER BY opp_key`);
    assert.deepEqual(rows, [
      { opp_key: 'k1', v: 'okx', fee: 3.2, ex: true, legs: JSON.stringify(P1.legs), score: '7' },
      { opp_key: 'k2', v: 'bybit', fee: 1.5, ex: false, legs: null, score: 'high' },
      { opp_key: 'k3', v: null, fee: null, ex: null, legs: null, score: null },
    ]);
    const wide = Object.keys(t).filter((k) => k.startsWith('payload.'));
    assert.equal(wide.length, MAX_LEAVES, 'leaves are capped per column');

    const runs = join(dir, 'runs.parquet');
    await exp({ table: TABLES['backtest-runs'], out: runs });
    assert.deepEqual(await q(`SELECT "metrics.sharpe" AS s, "params.fast" AS f, "params.slow" AS sl FROM '${runs}'`), [{ s: 1.2, f: 5, sl: 20 }]);
  });

  it('csv keeps the JSON text in one field', async () => {
    const csv = join(dir, 'runs.csv');
    await exp({ table: TABLES['backtest-runs'], format: 'csv', out: csv });
    assert.deepEqual(await q(`SELECT metrics, params FROM read_csv('${csv}')`), [{ metrics: '{"sharpe":1.2}', params: '{"fast":5,"slow":20}' }]);
    assert.equal((await types(`read_csv('${csv}')`))['metrics.sharpe'], undefined);
  });

  it('leaves describe the exported rows only: --from past every payload leaves the JSON column alone', async () => {
    const pq = join(dir, 'late.parquet');
    const r = await exp({ out: pq, fromMs: T0 + 60 });
    assert.equal(r.rows, 3); // k4 (first_seen T0+70) and the two seeded episodes one and two days in
    const t = await types(`'${pq}'`);
    assert.equal(t['payload.buy.venue'], undefined);
    assert.equal(t['payload.wide.k000'], 'DOUBLE');
  });
});
