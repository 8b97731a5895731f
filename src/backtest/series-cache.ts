/**
 * A columnar cache of stored candles: SQLite hands rows to JavaScript one at a time (~0.5 M
 * rows/s here), so after the first read of an instrument's candles their six columns are kept as
 * one binary file beside the store (`<db>.series-cache/`) and read back as Float64Array views.
 *
 * Validity: the file records the size and modification time of the store file and of its WAL
 * when the rows were read (stamped before the read). Any write to the store since — new candles,
 * a revised candle, even a recorded quote — changes them, and the next read goes back to SQLite
 * and rewrites the cache. ARBLENS_SERIES_CACHE=0 turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  const hit = read(file, key, now);
  if (hit) return { series: hit, hit: true };
  const series = load();
  if (series && series.length) write(file, key, now, series);
  return { series, hit: false };
}

/** Layout: a 4-byte little-endian header length, the JSON header, padding to 8, six columns. */
function read(file: string, key: string, now: string): Series | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const hl = buf.readUInt32LE(0);
    const head = JSON.parse(buf.toString('utf8', 4, 4 + hl)) as { magic: string; key: string; stamp: string; n: number };
    if (head.magic !== MAGIC || head.key !== key || head.stamp !== now) return undefined;
    const n = head.n;
    const off = pad(4 + hl);
    if (buf.length !== off + n * 8 * COLS.length) return undefined;
    // readFileSync of a large file starts its own buffer, 8-aligned; copy otherwise.
    const base = (buf.byteOffset + off) % 8 === 0 ? buf : Buffer.from(buf);
    const col = (k: number) => new Float64Array(base.buffer, base.byteOffset + off + k * n * 8, n);
    return { ts: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5), length: n };
  } catch {
    return undefined;
  }
}

function write(file: string, key: string, now: string, s: Series): void {
  try {
    const head = Buffer.from(JSON.stringify({ magic: MAGIC, key, stamp: now, n: s.length }), 'utf8');
    const off = pad(4 + head.length);
    const out = Buffer.alloc(off + s.length * 8 * COLS.length);
    out.writeUInt32LE(head.length, 0);
    head.copy(out, 4);
    COLS.forEach((c, k) => Buffer.from(s[c].buffer, s[c].byteOffset, s.length * 8).copy(out, off + k * s.length * 8));
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written (read-only folder, full disk) only costs speed next time.
  }
}

function pad(x: number): number {
  return Math.ceil(x / 8) * 8;
}
