// Export benchmarks: SQLite → parquet (zstd) for 1 M and 10 M quote rows, and csv throughput.
// Each export runs in its own child process (bench/export-child.ts) so peak RSS is measured
// per export with process.resourceUsage().maxRSS. Stores are generated once inside SQLite
// (recursive CTE, one transaction) and kept in bench/out/ between runs.
// Targets (issue #6): 1 M rows ≤ 3 s and ≤ 400 MB; 10 M rows ≤ 600 MB; csv ≥ 1 M rows/s.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { bulkQuotes, makeStore } from '../test/helpers/export-fixture.js';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const big = Number(process.env.ARBLENS_BENCH_EXPORT_BIG ?? 10_000_000);

function store(rows: number): string {
  const path = join(outDir, `export-${rows}.db`);
  if (existsSync(path)) {
    const d = new Database(path, { readonly: true });
    const n = d.prepare('SELECT count(*) FROM quotes').pluck().get();
    d.close();
    if (n === rows) return path;
    rmSync(path);
  }
  const t0 = performance.now();
  const s = makeStore(path);
  bulkQuotes(s, rows);
  s.close();
  console.log(`(generated ${rows.toLocaleString('en-US')} quotes in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return path;
}

function run(db: string, format: string, out: string) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'export-child.ts'), db, format, out], { encoding: 'utf8', cwd: root });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; ms: number; maxRssMB: number };
  return { ...res, wall, bytes: statSync(out).size };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const m1 = store(1_000_000);
const pq = run(m1, 'parquet', join(outDir, 'export-1m.parquet'));
console.log(`export parquet zstd 1M rows: ${(pq.ms / 1000).toFixed(2)} s export, ${(pq.wall / 1000).toFixed(2)} s process wall, peak RSS ${fmt(pq.maxRssMB)} MB, ${fmt(pq.bytes / 1e6)} MB file (target ≤ 3 s, ≤ 400 MB)`);
const csv = run(m1, 'csv', join(outDir, 'export-1m.csv'));
console.log(`export csv: ${fmt(csv.rows / (csv.ms / 1000))} rows/s (1M rows in ${(csv.ms / 1000).toFixed(2)} s, SQLite read included), peak RSS ${fmt(csv.maxRssMB)} MB (target ≥ 1,000,000 rows/s)`);
// The csv writer alone (batches already in memory): what the format costs without SQLite.
{
  const { openDatabase } = await import('../src/store/sqlite.js');
  const { Snapshot } = await import('../src/export/source.js');
  const { TABLES } = await import('../src/export/tables.js');
  const { createCsvWriter } = await import('../src/export/formats/csv.js');
  const db = openDatabase(m1);
  const snap = new Snapshot(db, TABLES.quotes, {});
  const batches = [...snap.batches()];
  snap.close();
  db.close();
  const path = join(outDir, 'export-encode.csv');
  const t0 = performance.now();
  const w = await createCsvWriter(snap.schema, path, { compression: 'none', group: 'quotes', metadata: {} });
  for (const b of batches) await w.write(b);
  await w.finish();
  const ms = performance.now() - t0;
  console.log(`export csv writer alone: ${fmt(w.rows / (ms / 1000))} rows/s (${fmt(w.rows)} rows encoded and written in ${(ms / 1000).toFixed(2)} s, SQLite read excluded)`);
  rmSync(path);
}
const mb = store(big);
const pqb = run(mb, 'parquet', join(outDir, 'export-big.parquet'));
console.log(`export parquet zstd ${fmt(big / 1e6)}M rows: ${(pqb.ms / 1000).toFixed(1)} s, ${fmt(pqb.rows / (pqb.ms / 1000))} rows/s, peak RSS ${fmt(pqb.maxRssMB)} MB (target ≤ 600 MB)`);
for (const f of ['export-1m.parquet', 'export-1m.csv', 'export-big.parquet']) rmSync(join(outDir, f), { force: true });
