import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { integer, isoDate, toDate } from './parse.js';

interface DownloadOptions {
  venue: string;
  symbol: string;
  timeframe: string;
  from?: number;
  to?: number;
  db?: string;
  store?: string;
  limit: number;
  quiet?: boolean;
}

interface ImportOptions {
  venue: string;
  symbol: string;
  timeframe: string;
  db?: string;
  store?: string;
  skipBadRows?: boolean;
  quiet?: boolean;
}

export function registerData(program: Command): void {
  const data = program.command('data').description('candles in the store: download from a venue (ccxt) or import a CSV, for `arblens backtest`');
  data
    .command('download')
    .description('page OHLCV candles from a venue into the store; resumes after the last stored candle')
    .requiredOption('--venue <id>', 'venue id (see `arblens venues`)')
    .requiredOption('--symbol <symbol>', 'unified spot symbol, e.g. BTC/USDT')
    .option('--timeframe <tf>', 'candle timeframe (1m, 5m, 15m, 1h, 4h, 1d …)', '1h')
    .option('--from <date>', 'first candle (ISO date); ignored when the store already holds later candles', isoDate('--from'))
    .option('--to <date>', 'candles before this (exclusive; a plain date: through its end; default: now)', toDate('--to'))
    .option('--limit <n>', 'candles per request', integer('--limit', 'use e.g. 1000', 1), 1000)
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('--store <url>', 'history store: a SQLite path or clickhouse://user:pass@host:8123/db (default $ARBLENS_STORE)')
    .option('--quiet', 'no progress or notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  arblens data download --venue binance --symbol BTC/USDT --timeframe 1h --from 2024-01-01
  arblens data download --venue binance --symbol BTC/USDT --timeframe 1h     # later: fetches only what is new

The venue's REST base URL can be overridden with ARBLENS_<VENUE>_URL (proxies, tests).`,
    )
    .action(async (o: DownloadOptions) => {
      process.exitCode = await download(o);
    });
  data
    .command('import <csv>')
    .description('import OHLCV candles from a CSV file into the store')
    .requiredOption('--venue <name>', 'a name for the source (any, e.g. mydata)')
    .requiredOption('--symbol <symbol>', 'symbol to file them under, e.g. XYZ')
    .option('--timeframe <tf>', 'candle timeframe', '1d')
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('--store <url>', 'history store: a SQLite path or clickhouse://user:pass@host:8123/db (default $ARBLENS_STORE)')
    .option('--skip-bad-rows', 'drop bad rows (counted) instead of stopping')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  arblens data import prices.csv --venue mydata --symbol XYZ --timeframe 1d
  arblens backtest --venue mydata --symbol XYZ --timeframe 1d --strategy sma

CSV: a header naming date|timestamp (or an unnamed first column), open, high, low, close, volume.`,
    )
    .action(async (file: string, o: ImportOptions) => {
      process.exitCode = await importCsv(file, o);
    });
}

/** The store candles go to: --store / ARBLENS_STORE (SQLite or ClickHouse), else --db. */
async function store(o: { db?: string; store?: string }) {
  const { resolveStore, openHistoryStore } = await import('../app/store-url.js');
  return openHistoryStore(resolveStore({ store: o.store, db: o.db }));
}

async function importCsv(file: string, o: ImportOptions): Promise<number> {
  const { timeframeMs } = await import('../backtest/series.js');
  timeframeMs(o.timeframe);
  const { readCsvFile } = await import('../backtest/load-data.js');
  const csv = readCsvFile(file, o.skipBadRows);
  if (csv.candles.length === 0) throw new UsageError(`${file}: no candle rows to import — check the file has a header and rows (see \`arblens data import --help\`)`);
  const s = await store(o);
  try {
    s.upsertCandles(o.venue, o.symbol, 'spot', o.timeframe, csv.candles);
  } finally {
    // A remote store writes in batches: closing waits for the last one (and says if it failed).
    await s.close();
  }
  if (!o.quiet) {
    const skipped = csv.skipped ? `, skipped ${csv.skipped} bad row${csv.skipped === 1 ? '' : 's'} (e.g. ${csv.problems[0]})` : '';
    process.stderr.write(`imported ${csv.candles.length} ${o.timeframe} candles for ${o.venue} ${o.symbol} into ${s.path}${skipped}\n`);
  }
  return 0;
}

async function download(o: DownloadOptions): Promise<number> {
  const { timeframeMs } = await import('../backtest/series.js');
  const tfMs = timeframeMs(o.timeframe);
  const { REGISTRY } = await import('../venues/registry.js');
  const d = REGISTRY.get(o.venue);
  if (!d || d.kind !== 'crypto' || !d.markets.includes('spot')) {
    const ids = [...REGISTRY.values()].filter((v) => v.kind === 'crypto' && v.markets.includes('spot')).map((v) => v.id);
    const guess = didYouMean(o.venue, ids);
    throw new UsageError(`--venue: '${o.venue}' has no spot candles arblens can download — ${guess ? `did you mean '${guess}'?` : `use one of ${ids.join(', ')}`}`);
  }
  if (!/^[A-Z0-9._-]+\/[A-Z0-9._-]+$/i.test(o.symbol)) throw new UsageError(`--symbol: '${o.symbol}' is not a unified spot symbol — use BASE/QUOTE, e.g. BTC/USDT`);
  const { loadConfig, venueConfig } = await import('../app/config.js');
  const { downloadCandles } = await import('../backtest/download.js');
  const s = await store(o);
  const tty = process.stderr.isTTY && !o.quiet;
  try {
    const r = await downloadCandles({
      venue: o.venue,
      symbol: o.symbol.toUpperCase(),
      timeframe: o.timeframe,
      tfMs,
      fromMs: o.from,
      // --to is exclusive (the shared rule); the download keeps candles ≤ toMs.
      toMs: o.to !== undefined ? o.to - 1 : Date.now(),
      limit: o.limit,
      config: venueConfig(o.venue, loadConfig()),
      store: s,
      onProgress: tty ? (p) => process.stderr.write(`\r${bar(p.fraction)} ${(p.fraction * 100).toFixed(0).padStart(3)} %  ${p.stored} candles  ${new Date(p.at).toISOString().slice(0, 16)}`) : undefined,
    });
    if (tty) process.stderr.write('\n');
    if (!o.quiet) {
      const what = r.resumedFrom !== undefined ? `resumed after ${new Date(r.resumedFrom).toISOString()}: ` : '';
      process.stderr.write(`${what}stored ${r.stored} ${o.timeframe} candles for ${o.venue} ${o.symbol} in ${s.path} (${r.requests} requests)\n`);
    }
  } finally {
    // A remote store writes in batches: closing waits for the last one.
    await s.close();
  }
  return 0;
}

function bar(f: number, width = 30): string {
  const full = Math.round(Math.max(0, Math.min(1, f)) * width);
  return '[' + '#'.repeat(full) + '-'.repeat(width - full) + ']';
}
