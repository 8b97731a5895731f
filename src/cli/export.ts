import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { isoDate, list, oneOf, toDate } from './parse.js';
import { TABLE_NAMES } from '../export/tables.js';

/** Every exportable table, from the export layer's own list (a new table needs no CLI change), and `all`. */
const TABLES = [...TABLE_NAMES, 'all'] as const;
const FORMATS = ['csv', 'ndjson', 'json', 'parquet', 'arrow', 'hdf5', 'tfrecord'] as const;
const NORMALIZERS = ['standard', 'minmax', 'robust'] as const;

export interface ExportOptions {
  /** --store: sqlite path or clickhouse:// URL. */
  store?: string;
  table: string;
  format: (typeof FORMATS)[number];
  out: string;
  since?: string;
  name?: string;
  from?: number;
  to?: number;
  venues?: string[];
  symbols?: string[];
  partition?: 'day' | 'month';
  compression: 'zstd' | 'snappy' | 'none';
  features?: boolean;
  normalize?: (typeof NORMALIZERS)[number];
  split?: number[];
  db?: string;
  quiet?: boolean;
}

/** "0.7,0.15,0.15" → fractions of rows for train, val, test (time order, never shuffled). */
export function parseSplit(v: string): number[] {
  const parts = v.split(',').map((s) => Number(s.trim()));
  const sum = parts.reduce((a, b) => a + b, 0);
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !Number.isFinite(p) || p <= 0) || Math.abs(sum - 1) > 1e-9) {
    throw new UsageError(`--split '${v}' must be 2 or 3 positive fractions adding up to 1 (train,val[,test]) — use e.g. 0.7,0.15,0.15`);
  }
  return parts;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('stored history → csv, ndjson, json, parquet, arrow, hdf5, tfrecord (incremental, cron-safe, ML-ready)')
    .requiredOption('--table <name>', `table to export (${TABLE_NAMES.join(', ')}), or all: one file and one watermark per table`, oneOf('--table', TABLES))
    .addOption(new Option('--format <fmt>', 'file format').choices(FORMATS).default('csv'))
    .option('-o, --out <path>', "'-' for stdout (csv/ndjson/json), a directory (ends with /), or a file", '-')
    .option('--since <mark>', "'last': only rows added since the last successful export with the same --name", (v: string) => {
      if (v !== 'last') throw new UsageError(`--since '${v}' is not supported — use --since last (for a time range use --from/--to)`);
      return v;
    })
    .option('--name <name>', 'name of this export for --since last and its lock (default: table:format:out)')
    .option('--from <date>', 'rows with event time ≥ this: 2026-11-01, 2026-11-01T12:00:00Z, -7d, yesterday, today (UTC)', isoDate('--from'))
    .option('--to <date>', 'rows with event time before this (exclusive); a bare date means the end of that day (--to 2026-11-01 includes Nov 1)', toDate('--to'))
    .option('--venues <list>', 'only these venues (comma-separated)', list)
    .option('--symbols <list>', 'only these symbols (comma-separated, e.g. BTC/USDT,ETH/USDT)', list)
    .addOption(new Option('--partition <by>', 'hive-style folders by event time: date=YYYY-MM-DD or month=YYYY-MM').choices(['day', 'month']))
    .addOption(new Option('--compression <codec>', 'parquet compression').choices(['zstd', 'snappy', 'none']).default('zstd'))
    .option('--features', 'ML dataset: per-instrument features (returns, volatility, RSI, Bollinger, VWAP, spread, imbalance, cross-venue spread) instead of raw rows')
    .addOption(new Option('--normalize <how>', 'with --features: scale features, fitted on the train split only').choices(NORMALIZERS))
    .option('--split <fractions>', 'with --features: train,val[,test] fractions in time order, e.g. 0.7,0.15,0.15', parseSplit)
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('--store <url>', 'the store to export from: a SQLite path (sqlite:<path>) or clickhouse://user:pass@host:8123/db (default $ARBLENS_STORE, else --db)')
    .option('-q, --quiet', 'no summary or progress on stderr (errors still go there): for cron')
    .addHelpText(
      'after',
      `
Examples:
  arblens export --table all --format parquet -o exports/ --since last --quiet   # one cron line, every table
  arblens export --table quotes --format parquet --out exports/ --since last      # cron line
  arblens export --table opportunities --format csv --from 2026-11-01 --to 2026-11-01 --out - | head   # all of Nov 1
  arblens export --table backtest-runs --format ndjson -o - | jq '.metrics.sharpe'
  arblens export --table candles --format arrow --out candles.arrow
  arblens export --store clickhouse://localhost:8123/arblens --table quotes --format parquet --since last --out lake/
  arblens export --table quotes --format parquet --partition day --out lake/
  arblens export --table quotes --format ndjson --out - | jq -c 'select(.venue=="okx")'
  arblens export --table quotes --features --normalize standard --split 0.7,0.15,0.15 --format parquet --out ml/

Files appear only when complete (temp file, fsync, rename). --since last advances its watermark
only after that, so a crashed run is simply redone: no gaps, no duplicates.
Exit codes: 0 ok, 1 failure, 2 usage error, 4 the same export is already running.`,
    )
    .action(async (o: ExportOptions) => {
      process.exitCode = await runExportCommand(o);
    });
}

export async function runExportCommand(o: ExportOptions): Promise<number> {
  const { tableByName } = await import('../export/tables.js');
  const { defaultDbPath } = await import('../store/path.js');
  const all = o.table === 'all';
  const table = all ? undefined : tableByName(o.table)!;
  if (o.out.trim() === '') throw new UsageError("--out '': the output is empty — give '-' for stdout, a directory such as exports/, or a file");
  if (o.from !== undefined && o.to !== undefined && o.to <= o.from) {
    throw new UsageError(`--to: ${new Date(o.to).toISOString()} is not after --from ${new Date(o.from).toISOString()} — give an end after the start (--to is exclusive; a bare date means the end of that day)`);
  }
  if (o.compression !== 'zstd' && o.format !== 'parquet') throw new UsageError(`--compression: applies to parquet only (got --format ${o.format}) — drop it`);
  if (!o.features && (o.normalize || o.split)) throw new UsageError(`${o.normalize ? '--normalize' : '--split'}: needs --features — add --features or drop it`);
  if (o.features && o.partition) throw new UsageError('--partition: does not apply to --features (datasets are split with --split) — drop --partition');
  if (all && o.features) throw new UsageError('--features: builds one dataset from one table — with --table all drop --features, or name the table (--table quotes)');
  const progress = !o.quiet && !!process.stderr.isTTY;
  // Ctrl-C / kill: the export stops at its next stage with nothing written (exit 130 / 143).
  const ac = new AbortController();
  const onInt = () => ac.abort('SIGINT');
  const onTerm = () => ac.abort('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  try {
    const { resolveStore } = await import('../app/store-url.js');
    const spec = resolveStore({ store: o.store, db: o.db });
    const store = spec.kind === 'clickhouse' ? spec : undefined;
    const dbPath = spec.kind === 'sqlite' ? spec.path : defaultDbPath(o.db);
    if (o.features && store) throw new UsageError(`--features: reads a SQLite store for now — export raw rows from ${store.display}, or use --db`);
    if (o.features) {
      const { runFeatureExport } = await import('../export/features/run-features.js');
      const r = await runFeatureExport({
        dbPath, table: table!, format: o.format, out: o.out, fromMs: o.from, toMs: o.to, venues: o.venues, symbols: o.symbols,
        compression: o.compression, normalize: o.normalize, split: o.split, name: o.name, sinceLast: o.since === 'last', progress, signal: ac.signal,
      });
      if (!o.quiet) for (const f of r.files) process.stderr.write(f.path.endsWith('.json') ? `wrote ${f.path}\n` : `wrote ${f.rows.toLocaleString('en-US')} rows to ${f.path}\n`);
      return 0;
    }
    const req = {
      dbPath, store, format: o.format, out: o.out, sinceLast: o.since === 'last', name: o.name, fromMs: o.from, toMs: o.to,
      venues: o.venues, symbols: o.symbols, partition: o.partition, compression: o.compression, progress, signal: ac.signal,
    };
    if (all) return await exportAll(o, req, store !== undefined);
    const { runExport } = await import('../export/run-export.js');
    const r = await runExport({ ...req, table: table! });
    if (!o.quiet) reportResult(o, r);
    return 0;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

type ExportResultLike = { name: string; files: readonly { path: string; rows: number }[]; fromId: number; toId: number };

function reportResult(o: ExportOptions, r: ExportResultLike): void {
  if (r.files.length === 0 && o.out !== '-') process.stderr.write(`nothing new for export '${r.name}' (watermark ${r.toId})\n`);
  for (const f of r.files) process.stderr.write(`wrote ${f.rows.toLocaleString('en-US')} rows to ${f.path}\n`);
  if (o.since === 'last' && r.files.length) process.stderr.write(`watermark of '${r.name}': ${r.fromId} → ${r.toId}\n`);
}

/**
 * `--table all`: every table, one after another; a table that fails is reported and the others
 * still run. Exit status: 0 when all succeeded, else the first failure's code (4 when only locks
 * were busy), so cron mails say something went wrong.
 */
async function exportAll(o: ExportOptions, req: Omit<import('../export/run-export.js').ExportRequest, 'table'>, clickhouse: boolean): Promise<number> {
  const { runExportAll } = await import('../export/run-all.js');
  const onlyCh = clickhouse ? (await import('../export/clickhouse-source.js')).CLICKHOUSE_TABLES : undefined;
  let code = 0;
  await runExportAll({
    ...req,
    skip: onlyCh ? (t) => !onlyCh.includes(t.name) : undefined,
    onTable: ({ table, result, error }) => {
      if (error) {
        process.stderr.write(`arblens: export ${table.name}: ${error.message}\n`);
        if (!code) code = (error as { exitCode?: number }).exitCode ?? 1;
      } else if (!o.quiet && result) reportResult(o, result);
    },
  });
  return code;
}
