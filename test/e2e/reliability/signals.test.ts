// Real signals at a real export (issue 18, item 10): SIGINT / SIGTERM sent to `arblens export
// --since last` at spread-out moments of a 300,000-row parquet export. Every run ends in one of
// two states and no other: stopped (exit 130 / 143, or killed before its handlers were set up)
// with no file, no temp and the watermark unmoved; or finished before the signal (exit 0) with
// its complete file and the watermark moved. Bounded: 6 runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN } from '../../helpers/cli.js';
import { bulkQuotes, makeStore } from '../../helpers/export-fixture.js';

test('SIGINT/SIGTERM at 6 moments of an export: stopped with nothing written, or finished whole', { timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-signals-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 's.db');
  const s = makeStore(db);
  bulkQuotes(s, 300_000);
  s.close();
  const watermark = () => {
    const d = new Database(db, { readonly: true });
    const v = d.prepare('SELECT last_id FROM export_watermarks').pluck().all();
    d.close();
    return v;
  };
  let stopped = 0;
  const plan: [number, NodeJS.Signals][] = [[400, 'SIGINT'], [800, 'SIGTERM'], [1_200, 'SIGINT'], [1_800, 'SIGTERM'], [2_600, 'SIGINT'], [3_600, 'SIGTERM']];
  for (const [delay, sig] of plan) {
    const out = join(dir, `out-${delay}`) + '/';
    const child = spawn(process.execPath, [BIN, 'export', '--db', db, '--table', 'quotes', '--format', 'parquet', '--out', out, '--since', 'last', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    const timer = setTimeout(() => child.kill(sig), delay);
    const { code, signal } = await exited;
    clearTimeout(timer);
    const files = existsSync(out) ? readdirSync(out) : [];
    if (code === 0) {
      assert.deepEqual(files, ['quotes-000000000001.parquet'], `finished before ${sig} at ${delay} ms: its file`);
      assert.deepEqual(watermark(), [300_000]);
      const d = new Database(db);
      d.prepare('DELETE FROM export_watermarks').run();
      d.close();
    } else {
      stopped++;
      assert.ok(code === (sig === 'SIGINT' ? 130 : 143) || signal === sig, `${sig} at ${delay} ms: exit ${code} / ${signal} — ${stderr}`);
      assert.deepEqual(files, [], `${sig} at ${delay} ms: nothing written (${files.join(', ')})`);
      assert.deepEqual(watermark(), [], 'watermark unmoved');
      if (code !== null) assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
    }
  }
  t.diagnostic(`${stopped} of ${plan.length} runs stopped by their signal, ${plan.length - stopped} finished first`);
  assert.ok(stopped > 0, 'at least one signal arrived while the export ran');
});
