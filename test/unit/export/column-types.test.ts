// One type per column in every format: DuckDB's read_csv and read_json (which guess types from
// the text) must see the types parquet declares — e.g. funding.interval_hours, 8 in the store,
// was BIGINT in csv and DOUBLE in parquet. Documented exceptions, asserted as such: JSON columns
// (objects in ndjson, text in csv/parquet) and ndjson timestamps (DuckDB's JSON reader infers
// TIMESTAMP, holding UTC, where csv and parquet give TIMESTAMP WITH TIME ZONE).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { addQuotes, makeStore, seedOtherTables } from '../../helpers/export-fixture.js';
import { runExport } from '../../../src/export/run-export.js';
import { TABLES, TABLE_NAMES } from '../../../src/export/tables.js';
import { dbl } from '../../../src/export/formats/csv.js';

let dir: string;
let dbPath: string;
let duck: DuckDBConnection;
const q = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
const types = async (from: string) => Object.fromEntries((await q(`DESCRIBE SELECT * FROM ${from}`)).map((r) => [r.column_name as string, r.column_type as string]));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-col-types-'));
  dbPath = join(dir, 'store.db');
  const s = makeStore(dbPath);
  // Whole-number sizes (1 + k % 5) and prices ending in .0 are what made csv read BIGINT.
  addQuotes(s, 200);
  seedOtherTables(s);
  s.close();
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('column types agree across formats (DuckDB readers)', () => {
  it('dbl writes whole doubles with a decimal point, and nothing else changes', () => {
    assert.equal(dbl(8), '8.0');
    assert.equal(dbl(-3), '-3.0');
    assert.equal(dbl(0.1), '0.1');
    assert.equal(dbl(1e21), '1e+21'); // already a double to every reader; '1e+21.0' would not parse
    assert.equal(dbl(NaN), '');
    assert.equal(dbl(Infinity), '');
  });

  for (const name of TABLE_NAMES) {
    it(`${name}: csv and ndjson read with parquet's types`, async () => {
      const table = TABLES[name];
      const out = (ext: string) => join(dir, `${name}.${ext}`);
      for (const format of ['csv', 'ndjson', 'parquet'] as const) {
        const r = await runExport({ dbPath, table, format, out: out(format), sinceLast: false, compression: 'zstd', progress: false });
        assert.ok(r.rows > 0, `${name} has rows in the fixture`);
      }
      const pq = await types(`'${out('parquet')}'`);
      const csv = await types(`read_csv('${out('csv')}')`);
      const nd = await types(`read_json('${out('ndjson')}')`);
      const jsonCols = new Set(table.columns.filter((c) => c.json).map((c) => c.name));
      for (const col of table.columns) {
        const c = col.name;
        // A column with no value in the fixture's rows carries no type to guess from.
        const allNull = (await q(`SELECT count("${c}") AS n FROM '${out('parquet')}'`))[0].n === '0';
        if (allNull) continue;
        if (jsonCols.has(c)) {
          assert.equal(pq[c], 'VARCHAR', `${name}.${c} parquet`);
          assert.equal(csv[c], 'VARCHAR', `${name}.${c} csv`);
          continue;
        }
        assert.equal(csv[c], pq[c], `${name}.${c}: csv ${csv[c]} vs parquet ${pq[c]}`);
        if (pq[c] === 'TIMESTAMP WITH TIME ZONE') assert.equal(nd[c], 'TIMESTAMP', `${name}.${c} ndjson`);
        else assert.equal(nd[c], pq[c], `${name}.${c}: ndjson ${nd[c]} vs parquet ${pq[c]}`);
      }
    });
  }

  it('funding.interval_hours is DOUBLE and the same instants come back from every format', async () => {
    const [p] = await q(`SELECT any_value(typeof(interval_hours)) AS t, sum(interval_hours) AS s, sum(epoch_ms(venue_ts)) AS ms FROM '${join(dir, 'funding.parquet')}'`);
    const [c] = await q(`SELECT any_value(typeof(interval_hours)) AS t, sum(interval_hours) AS s, sum(epoch_ms(venue_ts)) AS ms FROM read_csv('${join(dir, 'funding.csv')}')`);
    const [n] = await q(`SELECT any_value(typeof(interval_hours)) AS t, sum(interval_hours) AS s, sum(epoch_ms(venue_ts)) AS ms FROM read_json('${join(dir, 'funding.ndjson')}')`);
    assert.deepEqual(p, { t: 'DOUBLE', s: 16, ms: p.ms }); // two rows of 8 h
    assert.deepEqual(c, p);
    assert.deepEqual(n, p);
  });
});
