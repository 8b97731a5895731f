// Ctrl-C / SIGTERM at every stage of an export (issue 18, item 10): exit 130 / 143, no file
// under a final name, no temp file left, the watermark where it was. Each stage is reached
// through the run's onStage hook, which aborts the run's signal exactly there.
import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runExport, type ExportStage } from '../../../src/export/run-export.js';
import { TABLES } from '../../../src/export/tables.js';
import { makeStore } from '../../helpers/export-fixture.js';

let dir: string;
let db: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-export-sig-'));
  db = join(dir, 's.db');
  makeStore(db, 2_000).close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const watermarks = () => {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare('SELECT name, last_id FROM export_watermarks ORDER BY name').all();
  d.close();
  return rows;
};

/** Runs an incremental export that receives `sig` when it reaches `at` (the `nth` time). */
function interrupted(out: string, format: 'csv' | 'parquet', at: ExportStage, sig: 'SIGINT' | 'SIGTERM', nth = 1) {
  const ac = new AbortController();
  let seen = 0;
  return runExport({
    dbPath: db, table: TABLES.quotes, format, out, sinceLast: true, compression: 'zstd', progress: false, batchSize: 500, name: `sig-${format}`,
    signal: ac.signal,
    onStage: (s) => {
      if (s === at && ++seen === nth) ac.abort(sig);
    },
  });
}

describe('export stopped by a signal', () => {
  const stages: [ExportStage, number][] = [['opened', 1], ['locked', 1], ['snapshot', 1], ['batch', 1], ['batch', 3], ['finishing', 1], ['renaming', 1]];
  for (const format of ['csv', 'parquet'] as const) {
    for (const [stage, nth] of stages) {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        it(`${format}: ${sig} at ${stage}${nth > 1 ? ` #${nth}` : ''} → exit ${sig === 'SIGINT' ? 130 : 143}, nothing written, watermark unmoved`, async () => {
          const out = join(dir, `${format}-${stage}-${nth}-${sig}`) + '/';
          const before = watermarks();
          await assert.rejects(interrupted(out, format, stage, sig, nth), (e: Error & { exitCode?: number }) => e.exitCode === (sig === 'SIGINT' ? 130 : 143) && /interrupted/.test(e.message));
          assert.deepEqual(existsSync(out) ? readdirSync(out) : [], [], 'no file and no temp file');
          assert.deepEqual(watermarks(), before);
        });
      }
    }
  }

  it('the same export not interrupted writes its file and moves the watermark (the checks above can fail)', async () => {
    const out = join(dir, 'whole') + '/';
    const r = await runExport({ dbPath: db, table: TABLES.quotes, format: 'csv', out, sinceLast: true, compression: 'zstd', progress: false, batchSize: 500, name: 'sig-whole' });
    assert.equal(r.rows, 2_000);
    assert.deepEqual(readdirSync(out), ['quotes-000000000001.csv']);
    assert.deepEqual(watermarks().filter((w) => (w as { name: string }).name === 'sig-whole'), [{ name: 'sig-whole', last_id: 2_000 }]);
  });
});
