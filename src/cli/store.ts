import type { Command } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import { COPY_TABLES, type CopyTable } from '../store/copy.js';

interface CopyOptions {
  from: string;
  to: string;
  tables?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerStore(program: Command): void {
  const store = program.command('store').description('move history between stores (SQLite → ClickHouse)');
  store
    .command('copy')
    .description('copy a SQLite store into ClickHouse: quotes, funding, candles, opportunity episodes (safe to run again: nothing is duplicated)')
    .requiredOption('--from <path>', 'the SQLite store to read (sqlite:<path> or a path)')
    .requiredOption('--to <url>', 'the ClickHouse store to write: clickhouse://user:pass@host:8123/db')
    .option('--tables <list>', `comma-separated subset of ${COPY_TABLES.join(',')} (default: all)`)
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      `
Examples:
  arblens store copy --from ~/.local/share/arblens/arblens.db --to clickhouse://localhost:8123/arblens
  arblens store copy --from data/arblens.db --to clickhouse://user:pass@ch:8123/arblens --tables quotes,funding`,
    )
    .action(async (o: CopyOptions) => {
      process.exitCode = await runCopy(o);
    });
}

async function runCopy(o: CopyOptions): Promise<number> {
  const { parseStore } = await import('../app/store-url.js');
  const from = parseStore(o.from, '--from');
  const to = parseStore(o.to, '--to');
  if (from.kind !== 'sqlite') throw new UsageError(`--from '${from.display}': the source is a SQLite store — give its path`);
  if (to.kind !== 'clickhouse') throw new UsageError(`--to '${to.display}': the target is a ClickHouse store — use clickhouse://host:8123/arblens`);
  const tables = (o.tables?.split(',').map((t) => t.trim()).filter(Boolean) ?? [...COPY_TABLES]) as CopyTable[];
  for (const t of tables) if (!COPY_TABLES.includes(t)) throw new UsageError(`--tables: '${t}' is not a table arblens copies — use ${COPY_TABLES.join(', ')}`);
  const { existsSync } = await import('node:fs');
  if (!existsSync(from.path)) throw new UsageError(`--from: no store at '${from.path}' — give the path of an arblens SQLite store`);
  const { SqliteStore } = await import('../store/sqlite.js');
  const { ClickHouseStore } = await import('../store/clickhouse/store.js');
  const { copyRecorderId, copyStore } = await import('../store/copy.js');
  const src = new SqliteStore(from.path, { readonly: true });
  const dst = await ClickHouseStore.open(to, { create: true, recorder: copyRecorderId(from.path), flushMs: 3_600_000 });
  const tty = process.stderr.isTTY && !o.quiet;
  let last = 0;
  try {
    const results = await copyStore(src, dst, tables, (table, rows) => {
      const now = Date.now();
      if (tty && now - last > 250) (last = now), process.stderr.write(`\r${table}: ${rows.toLocaleString('en-US')} rows`);
    });
    if (tty) process.stderr.write('\r\x1b[K');
    if (o.json) process.stdout.write(JSON.stringify({ from: from.path, to: to.display, tables: results.map((r) => ({ table: r.table, rows: r.rows, ms: Math.round(r.ms), rowsPerSecond: Math.round(r.rows / Math.max(r.ms / 1000, 1e-3)) })) }) + '\n');
    else if (!o.quiet) for (const r of results) process.stderr.write(`${r.table}: ${r.rows} rows in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.rows / Math.max(r.ms / 1000, 1e-3))} rows/s) → ${to.display}\n`);
    return EXIT.ok;
  } finally {
    src.close();
    await dst.close();
  }
}
