/**
 * Where bars come from: a CSV file (`--data`) or the store's candles (`--venue --symbol
 * --timeframe`, filled by `arblens data download|import`), cut to `--from`/`--to`.
 */
import { readFileSync } from 'node:fs';
import { ArblensError, UsageError } from '../core/errors.js';
import type { HistoryStore } from '../store/types.js';
import { parseCandlesCsv, scanCandlesCsv } from './csv.js';
import { sliceSeries, toSeries } from './series.js';
import { readSeries } from './store-series.js';
import { cachedSeries } from './series-cache.js';
import type { SqliteStore } from '../store/sqlite.js';
import type { Series } from './types.js';

export interface DataRequest {
  readonly data?: string;
  readonly venue?: string;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly skipBadRows?: boolean;
}

export interface LoadedData {
  readonly series: Series;
  /** Human description of the source, stored with the run. */
  readonly source: string;
  readonly skipped: number;
  readonly problems: readonly string[];
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`--data '${path}': cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) — give the path of a CSV file`);
  }
}

/** A CSV file as candle objects (`data import` stores them). */
export function readCsvFile(path: string, skipBadRows?: boolean) {
  return parseCandlesCsv(readBytes(path), path, { skipBadRows });
}

/** A CSV file straight into typed-array columns (the backtest's fast path). */
export function readCsvSeries(path: string, skipBadRows?: boolean) {
  return scanCandlesCsv(readBytes(path), path, { skipBadRows });
}

export function loadBars(req: DataRequest, openStore: () => HistoryStore): LoadedData {
  if (req.fromMs !== undefined && req.toMs !== undefined && req.toMs < req.fromMs) throw new UsageError(`--to is before --from — swap them`);
  if (req.data) {
    const csv = readCsvSeries(req.data, req.skipBadRows);
    const series = sliceSeries(csv.series, req.fromMs, req.toMs);
    if (series.length === 0) throw new UsageError(`--data '${req.data}' has no bars${req.fromMs !== undefined || req.toMs !== undefined ? ' between --from and --to' : ''}`);
    return { series, source: `csv:${req.data}`, skipped: csv.skipped, problems: csv.problems };
  }
  if (!req.venue || !req.symbol) throw new UsageError('no data: give --data <file.csv>, or --venue, --symbol and --timeframe of candles in the store (`arblens data download` / `data import` put them there)');
  const tf = req.timeframe ?? '1h';
  const store = openStore();
  try {
    const db = (store as Partial<SqliteStore>).db;
    // The whole instrument is read (and cached as columns), then cut to --from/--to in memory.
    const series = db
      ? nonEmpty(sliceSeries(cachedSeries(store.path, `${req.venue}\u0000${req.symbol}\u0000${tf}`, () => readSeries(db, req.venue!, req.symbol!, tf)).series ?? EMPTY, req.fromMs, req.toMs))
      : nonEmpty(toSeries(store.readCandles(req.venue, req.symbol, tf, req.fromMs, req.toMs)));
    if (!series) {
      throw new ArblensError(
        `the store ${store.path} has no ${tf} candles for ${req.venue} ${req.symbol}${req.fromMs !== undefined ? ' in that date range' : ''} — fetch them with \`arblens data download --venue ${req.venue} --symbol ${req.symbol} --timeframe ${tf}\``,
        2,
      );
    }
    return { series, source: `store:${req.venue}:${req.symbol}:${tf}`, skipped: 0, problems: [] };
  } finally {
    store.close();
  }
}

const EMPTY: Series = toSeries([]);

function nonEmpty(s: Series): Series | undefined {
  return s.length ? s : undefined;
}
