/**
 * Where bars come from: a CSV file (`--data`) or the store's candles (`--venue --symbol
 * --timeframe`, filled by `arblens data download|import`), cut to `--from`/`--to`.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { ArblensError, UsageError } from '../core/errors.js';
import type { HistoryStore } from '../store/types.js';
import { newRowScan, parseCandlesCsv, readCsvHeader, scanCandlesCsv, scanRows, type CsvSeriesResult } from './csv.js';
import { sliceSeries, toSeries } from './series.js';
import { readSeries } from './store-series.js';
import { cachedSeries } from './series-cache.js';
import { cachedCsvSeries } from './csv-cache.js';
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

/** Bytes read at a time: whole rows of each piece are scanned while the rest waits for the next. */
const PIECE = 4 << 20;

/**
 * A CSV file straight into typed-array columns (the backtest's fast path), read in pieces of
 * 4 MiB into one reused buffer: a year of minute bars (34 MB) read whole cost ~20 ms of fresh
 * pages before a row was scanned. Same result and messages as scanCandlesCsv on the whole file.
 */
export function readCsvSeries(path: string, skipBadRows?: boolean, piece = PIECE): CsvSeriesResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new UsageError(`--data '${path}': cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) — give the path of a CSV file`);
  }
  try {
    const stat = fstatSync(fd);
    // A pipe or other stream (`--data /dev/stdin`) has no size to read by: read it whole.
    if (!stat.isFile()) return scanCandlesCsv(readBytes(path), path, { skipBadRows });
    const size = stat.size;
    // The header from the first 64 KiB (one longer than that: the whole file at once).
    const first = Buffer.allocUnsafe(Math.min(size, 1 << 16));
    const firstLen = readInto(fd, first, 0, 0);
    const head = readCsvHeader(first.subarray(0, firstLen), path);
    if (head.body > firstLen && firstLen < size) return scanCandlesCsv(readBytes(path), path, { skipBadRows });
    const scan = newRowScan(path, !!skipBadRows, head.lineNo, Math.ceil((size - head.body) / 40));
    let buf = Buffer.allocUnsafe(Math.max(1, Math.min(size - head.body, piece)));
    let len = head.body < size ? readInto(fd, buf, 0, head.body) : 0;
    let read = head.body + len;
    let more = read < size && len > 0;
    for (;;) {
      const eof = !more;
      const end = eof ? len : buf.lastIndexOf(10, len - 1) + 1;
      if (end > 0) scanRows(buf, 0, end, head.cols, scan);
      if (eof) break;
      // The partial row at the end moves to the front; a row longer than the buffer grows it.
      const tail = len - end;
      buf.copy(buf, 0, len - tail, len);
      if (tail === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, tail);
        buf = bigger;
      }
      const got = readInto(fd, buf, tail, read);
      read += got;
      len = tail + got;
      // The end of the file, or of what it holds now (it shrank while being read).
      more = read < size && got > 0;
    }
    return { series: scan.out.series(), skipped: scan.state.skipped, problems: scan.state.problems };
  } finally {
    closeSync(fd);
  }
}

/** Fills buf from `at` with the file's bytes from `pos`; returns how many were read. */
function readInto(fd: number, buf: Buffer, at: number, pos: number): number {
  let got = 0;
  while (at + got < buf.length) {
    const k = readSync(fd, buf, at + got, buf.length - at - got, pos + got);
    if (k === 0) break;
    got += k;
  }
  return got;
}

export function loadBars(req: DataRequest, openStore: () => HistoryStore): LoadedData {
  if (req.fromMs !== undefined && req.toMs !== undefined && req.toMs < req.fromMs) throw new UsageError(`--to is before --from — swap them`);
  if (req.data) {
    const csv = cachedCsvSeries(req.data, !!req.skipBadRows, () => readCsvSeries(req.data!, req.skipBadRows));
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
