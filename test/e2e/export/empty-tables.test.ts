// An empty table still exports: a file with the table's columns and no rows, in every binary format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { arblens } from '../../helpers/cli.js';

test('empty tables (no retail batch, no backtest run yet) export to parquet with their schema', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-empty-'));
  try {
    const db = join(dir, 'e.db');
    assert.equal(arblens(['scan', '--demo', '--record', '--db', db, '--quiet']).code, 0);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    for (const table of ['retail-analyses', 'retail-batches', 'backtest-runs']) {
      const out = join(dir, `${table}.parquet`);
      const r = arblens(['export', '--db', db, '--table', table, '--format', 'parquet', '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      const n = (await duck.runAndReadAll(`SELECT count(*)::INT AS n FROM '${out}'`)).getRowObjectsJson()[0].n;
      assert.equal(n, 0, table);
      const cols = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM '${out}'`)).getRowObjectsJson();
      assert.ok(cols.length >= 5, `${table}: ${cols.length} columns`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
