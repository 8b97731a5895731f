/**
 * A columnar cache of stored candles: SQLite hands rows to JavaScript one at a time (~0.5 M
 * rows/s here), so after the first read of an instrument's candles their six columns are kept as
 * one binary file beside the store (`<db>.series-cache/`) and read back as Float64Array views.
 * Large CSV files use the same file layout (csv-cache.ts).
 *
 * Validity: the file records the size and modification time of the store file and of its WAL
 * when the rows were read (stamped before the read). Any write to the store since — new candles,
 * a revised candle, even a recorded quote — changes them, and the next read goes back to SQLite
 * and rewrites the cache. ARBLENS_SERIES_CACHE=0 turns it off.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Series } from './types.js';

const MAGIC = 'arblens-series-v1';
const COLS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/** The store's write stamp: size and mtime of the file and its WAL. */
function stamp(dbPath: string): string {
  const one = (p: string) => {
    try {
      const s = statSync(p, { bigint: true });
      return `${s.size}:${s.mtimeNs}`;
    } catch {
      return '-';
    }
  };
  return `${one(dbPath)}|${one(dbPath + '-wal')}`;
}

export function cacheFile(dbPath: string, key: string): string {
  return join(`${dbPath}.series-cache`, createHash('sha1').update(key).digest('hex').slice(0, 20) + '.f64');
}

/** The cached columns for `key`, or `load()`'s (then cached). `undefined` from load is not cached. */
export function cachedSeries(dbPath: string, key: string, load: () => Series | undefined): { series: Series | undefined; hit: boolean } {
  if (process.env.ARBLENS_SERIES_CACHE === '0' || dbPath === ':memory:' || dbPath === '') return { series: load(), hit: false };
  const file = cacheFile(dbPath, key);
  const now = stamp(dbPath);
  const hit = readColumns(file, key, now);
  if (hit) return { series: hit.series, hit: true };
  const series = load();
  if (series && series.length) writeColumns(file, key, now, series);
  return { series, hit: false };
}

/**
 * The columns in `file` when it was written for `key` at write stamp `now` (with the JSON `extra`
 * it was written with). Layout: a 4-byte little-endian header length, the JSON header, padding
 * to 8, six columns.
 */
export function readColumns(file: string, key: string, now: string): { series: Series; extra: unknown } | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const hl = buf.readUInt32LE(0);
    const head = JSON.parse(buf.toString('utf8', 4, 4 + hl)) as { magic: string; key: string; stamp: string; n: number; extra?: unknown };
    if (head.magic !== MAGIC || head.key !== key || head.stamp !== now) return undefined;
    const n = head.n;
    const off = pad(4 + hl);
    if (buf.length !== off + n * 8 * COLS.length) return undefined;
    // readFileSync of a large file starts its own buffer, 8-aligned; copy otherwise.
    const base = (buf.byteOffset + off) % 8 === 0 ? buf : Buffer.from(buf);
    const col = (k: number) => new Float64Array(base.buffer, base.byteOffset + off + k * n * 8, n);
    return { series: { ts: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5), length: n }, extra: head.extra };
  } catch {
    return undefined;
  }
}

/** Where a cache file is written before its rename: threads of one process (serve's backtest threads) each their own. */
function tmpName(file: string): string {
  return `${file}.${process.pid}-${threadId}.tmp`;
}

/** Header bytes of a cache file: length, JSON, zero padding to 8. */
function header(key: string, now: string, n: number, extra: unknown): Buffer {
  const json = Buffer.from(JSON.stringify({ magic: MAGIC, key, stamp: now, n, extra }), 'utf8');
  const head = Buffer.alloc(pad(4 + json.length));
  head.writeUInt32LE(json.length, 0);
  json.copy(head, 4);
  return head;
}

/** The file's pieces: header, then each column's bytes as they are in memory (no 25 MB copy). */
function pieces(s: Series, head: Buffer): Uint8Array[] {
  return [head, ...COLS.map((c) => new Uint8Array(s[c].buffer, s[c].byteOffset, s.length * 8))];
}

/** Writes the columns atomically (temporary file, then rename); false when it could not. */
export function writeColumns(file: string, key: string, now: string, s: Series, extra?: unknown, mode?: number): boolean {
  try {
    const head = header(key, now, s.length, extra);
    mkdirSync(join(file, '..'), { recursive: true, mode: mode === undefined ? undefined : 0o700 });
    const tmp = tmpName(file);
    try {
      const fd = openSync(tmp, 'w', mode);
      try {
        for (const b of pieces(s, head)) for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return true;
  } catch {
    // A cache that cannot be written (read-only folder, full disk) only costs speed next time.
    return false;
  }
}

/**
 * writeColumns on libuv's thread pool: the caller goes on (a backtest simulates while its input
 * is written) and the process does not exit before the file is complete — a worker thread that
 * is terminated may be (the store's cache, read by serve's backtest threads, is written with
 * writeColumns for that reason). `s` must not change until the promise settles. Resolves false
 * when it could not be written.
 */
export async function writeColumnsInBackground(file: string, key: string, now: string, s: Series, extra?: unknown, mode?: number): Promise<boolean> {
  const tmp = tmpName(file);
  try {
    const head = header(key, now, s.length, extra);
    await mkdir(join(file, '..'), { recursive: true, mode: mode === undefined ? undefined : 0o700 });
    const fh = await open(tmp, 'w', mode);
    try {
      const all = pieces(s, head);
      const { bytesWritten } = await fh.writev(all);
      if (bytesWritten !== all.reduce((n, b) => n + b.length, 0)) throw new Error('short write (disk full?)');
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    return true;
  } catch {
    await rm(tmp, { force: true }).catch(() => {});
    return false;
  }
}

function pad(x: number): number {
  return Math.ceil(x / 8) * 8;
}
