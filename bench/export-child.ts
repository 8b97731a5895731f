// Child process of bench/export.bench.ts: runs one export in a fresh process so its peak RSS
// (process.resourceUsage().maxRSS) belongs to that export alone, and prints it as JSON.
import { runExport } from '../src/export/run-export.js';
import { TABLES } from '../src/export/tables.js';
import type { Format } from '../src/export/formats/index.js';

const [dbPath, format, out] = process.argv.slice(2);
const t0 = performance.now();
const r = await runExport({ dbPath, table: TABLES.quotes, format: format as Format, out, sinceLast: false, compression: 'zstd', progress: false });
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ rows: r.rows, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
