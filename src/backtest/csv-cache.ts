/**
 * Parsed columns of large CSV files, kept between runs. A strategy is usually run many times
 * over the same file; scanning a year of minute bars (34 MB) takes ~100 ms, reading its columns
 * back ~15 ms. Files of CSV_CACHE_MIN_BYTES or more are cached from their second run, in
 * `$XDG_CACHE_HOME/arblens/csv-columns/` (owner only), one file per CSV path and --skip-bad-rows
 * setting; the least recently used go first once they pass CSV_CACHE_MAX_BYTES in all.
 *
 * Validity: the CSV's size, modification and change times (nanoseconds) and inode, taken before
 * it is read. Any write or replacement changes them and the next run scans the file again.
 * `ARBLENS_SERIES_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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
  // Cached from the second run over the same unchanged file: a file backtested once leaves no
  // copy behind, and the first run does not pay for writing one.
  if (where && r.series.length && seenBefore(where.file, where.stamp)) {
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

/**
 * Whether an earlier run read the file at this same stamp (its note says so); notes this run
 * otherwise. The note is a few bytes beside where the columns would go.
 */
function seenBefore(file: string, stamp: string): boolean {
  const note = file.replace(/\.f64$/, '.seen');
  try {
    if (readFileSync(note, 'utf8') === stamp) {
      rmSync(note, { force: true });
      return true;
    }
  } catch {
    // Not seen yet.
  }
  try {
    mkdirSync(join(note, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(note, stamp, { mode: 0o600 });
  } catch {
    // Read-only cache folder: nothing will be cached.
  }
  return false;
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
    // Temporary files left by a run killed while writing (live ones are minutes old at most), and
    // notes of files not run again for a month.
    for (const f of names) {
      const age = f.endsWith('.tmp') ? 3_600_000 : f.endsWith('.seen') ? 30 * 86_400_000 : Infinity;
      if (age !== Infinity && Date.now() - statSync(join(dir, f)).mtimeMs > age) rmSync(join(dir, f), { force: true });
    }
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
