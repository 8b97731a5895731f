/**
 * Parsed columns of large CSV files, kept between runs. A strategy is usually run many times
 * over the same file; scanning a year of minute bars (34 MB) takes ~100 ms, reading its columns
 * back ~15 ms. Files of CSV_CACHE_MIN_BYTES or more are cached, in
 * `$XDG_CACHE_HOME/arblens/csv-columns/` (owner only), one file per CSV path and --skip-bad-rows
 * setting; the least recently used go first once they pass CSV_CACHE_MAX_BYTES in all.
 *
 * Validity: the CSV's size, modification and change times (nanoseconds) and inode, taken before
 * it is read. Any write or replacement changes them and the next run scans the file again.
 * `ARBLENS_SERIES_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import { readdirSync, realpathSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../core/cache-dir.js';
import type { CsvSeriesResult } from './csv.js';
import { readColumns, writeColumnsInBackground } from './series-cache.js';

export const CSV_CACHE_MIN_BYTES = 8 << 20;
export const CSV_CACHE_MAX_BYTES = 2 ** 31;

export interface CsvCacheOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly minBytes?: number;
  readonly maxBytes?: number;
}

/** `read()`'s result for the CSV at `path`, from the cache when the file has not changed since. */
export function cachedCsvSeries(path: string, skipBadRows: boolean, read: () => CsvSeriesResult, o: CsvCacheOptions = {}): CsvSeriesResult & { cached: boolean; written?: Promise<boolean> } {
  const env = o.env ?? process.env;
  let where: { file: string; key: string; stamp: string } | undefined;
  if (env.ARBLENS_SERIES_CACHE !== '0') {
    try {
      const st = statSync(path, { bigint: true });
      if (st.isFile() && st.size >= BigInt(o.minBytes ?? CSV_CACHE_MIN_BYTES)) {
        const real = realpathSync(path);
        const key = `csv\u0000${real}\u0000${skipBadRows ? 'skip-bad-rows' : 'strict'}`;
        const name = createHash('sha1').update(key).digest('hex').slice(0, 24) + '.f64';
        where = { file: join(cacheDir(env, 'csv-columns'), name), key, stamp: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` };
      }
    } catch {
      // Not a readable file: the reader says what is wrong with it.
    }
  }
  if (where) {
    const hit = readColumns(where.file, where.key, where.stamp);
    const extra = hit?.extra as { skipped?: unknown; problems?: unknown } | undefined;
    if (hit && typeof extra?.skipped === 'number' && Array.isArray(extra.problems)) {
      touch(where.file);
      return { series: hit.series, skipped: extra.skipped, problems: extra.problems.map(String), cached: true };
    }
  }
  const r = read();
  if (where && r.series.length) {
    // Written on the thread pool while the caller simulates (the columns are only read from now on).
    const { file } = where;
    const written = writeColumnsInBackground(file, where.key, where.stamp, r.series, { skipped: r.skipped, problems: r.problems }, 0o600).then((ok) => {
      if (ok) prune(join(file, '..'), o.maxBytes ?? CSV_CACHE_MAX_BYTES, file);
      return ok;
    });
    return { ...r, cached: false, written };
  }
  return { ...r, cached: false };
}

/** Marks a cache file as just used (pruning removes the least recently used first). */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Read-only cache: pruning order is all that is lost.
  }
}

/** Removes the least recently used cache files until the folder holds at most `max` bytes. */
function prune(dir: string, max: number, keep: string): void {
  try {
    const names = readdirSync(dir);
    // Temporary files left by a run that was killed while writing (live ones are minutes old at most).
    for (const f of names) if (f.endsWith('.tmp') && Date.now() - statSync(join(dir, f)).mtimeMs > 3_600_000) rmSync(join(dir, f), { force: true });
    const files = names
      .filter((f) => f.endsWith('.f64'))
      .map((f) => {
        const st = statSync(join(dir, f));
        return { path: join(dir, f), size: st.size, used: st.mtimeMs };
      })
      .sort((a, b) => a.used - b.used);
    let total = files.reduce((s, f) => s + f.size, 0);
    for (const f of files) {
      if (total <= max) break;
      if (f.path === keep) continue;
      rmSync(f.path, { force: true });
      total -= f.size;
    }
  } catch {
    // Another run pruning at the same time, or a folder gone: next time.
  }
}
