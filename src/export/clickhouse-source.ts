import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { ClickHouseStore } from '../store/clickhouse/store.js';
import { rangeWhere } from '../store/clickhouse/store.js';
import { hasNew, readMarks, seqRange, upperSeqs, writeMarks, type Seqs } from '../store/clickhouse/export-read.js';
import { sqlString, unTsv } from '../store/clickhouse/tsv.js';
import type { ClickHouseSpec } from '../store/clickhouse/url.js';
import type { BatchSource } from './batch-source.js';
import { RowBinaryReader, type WireColumn } from './clickhouse-binary.js';
import { readAhead } from './read-ahead.js';
import type { ColType, ColumnSpec } from './schema.js';
import type { ExportFilter } from './source.js';
import type { TableName } from './tables.js';

/** A column of a ClickHouse export: its name and type in the output, and its expression. */
interface ChColumn {
  readonly name: string;
  readonly type: ColType;
  readonly nullable: boolean;
  readonly sql: string;
}
const col = (name: string, type: ColType, sql = name, nullable = false): ChColumn => ({ name, type, sql, nullable });

/**
 * Tables exported from ClickHouse: the SQLite export's columns, except that a row is named by
 * (recorder, seq, row) — which recorder wrote it, in which batch — instead of a store-wide id.
 *
 * Appended tables (`dedupe`) are read without FINAL, ordered so that the copies of a retried
 * batch arrive side by side (equal time, recorder, seq, row, venue, symbol: the table's whole
 * ReplacingMergeTree key), and the copies are dropped while decoding. Candles keep FINAL: a
 * revision is a different row (a newer version), and FINAL picks it.
 */
interface ChTable {
  readonly table: string;
  readonly time: string;
  readonly order: string;
  readonly columns: ChColumn[];
  /** Output columns whose equal values mark a row as a copy of the row before it (no FINAL). */
  readonly dedupe?: readonly string[];
}
const APPENDED_KEY = ['venue_ts', 'recorder', 'seq', 'row', 'venue', 'symbol'];
const CH_TABLES: Partial<Record<TableName, ChTable>> = {
  quotes: {
    table: 'quotes',
    time: 'venue_ts',
    order: 'venue_ts, recorder, seq, row, venue, symbol',
    dedupe: APPENDED_KEY,
    columns: [
      col('recorder', 'dict', 'toString(recorder)'), col('seq', 'i64'), col('row', 'i64'),
      col('venue', 'dict', 'toString(venue)'), col('symbol', 'dict', 'toString(symbol)'), col('market', 'dict', 'toString(market)'),
      col('venue_ts', 'ts'), col('local_ts', 'ts'),
      col('bid', 'f64', 'bid', true), col('bid_size', 'f64', 'bid_size', true), col('ask', 'f64', 'ask', true), col('ask_size', 'f64', 'ask_size', true),
    ],
  },
  funding: {
    table: 'funding',
    time: 'venue_ts',
    order: 'venue_ts, recorder, seq, row, venue, symbol',
    dedupe: APPENDED_KEY,
    columns: [
      col('recorder', 'dict', 'toString(recorder)'), col('seq', 'i64'), col('row', 'i64'),
      col('venue', 'dict', 'toString(venue)'), col('symbol', 'dict', 'toString(symbol)'),
      col('venue_ts', 'ts'), col('local_ts', 'ts'), col('rate', 'f64'), col('interval_hours', 'f64'), col('next_funding_ts', 'ts', 'next_funding_ts', true),
    ],
  },
  candles: {
    table: 'candles',
    time: 'ts',
    order: 'venue, symbol, timeframe, ts',
    columns: [
      col('venue', 'dict', 'toString(venue)'), col('symbol', 'dict', 'toString(symbol)'), col('market', 'dict', 'toString(market)'), col('timeframe', 'dict', 'toString(timeframe)'),
      col('ts', 'ts'), col('open', 'f64'), col('high', 'f64'), col('low', 'f64'), col('close', 'f64'), col('volume', 'f64'),
    ],
  },
};

/** The parts of an export that depend on where the history lives (run-export.ts drives them). */
export interface ExportBackend {
  lockPath(name: string): string;
  /** The last run's number (0: never ran): file names carry the next one. */
  afterId(name: string): Promise<number>;
  source(filter: ExportFilter, batchSize: number, count: boolean): Promise<BatchSource>;
  advance(name: string, upTo: number, now: number): Promise<void>;
  close(): Promise<void>;
}

export async function clickHouseBackend(spec: ClickHouseSpec, tableName: TableName, out: string, sinceLast: boolean): Promise<ExportBackend> {
  const def = CH_TABLES[tableName];
  if (!def) throw new UsageError(`--table ${tableName}: not exported from ClickHouse yet — use ${Object.keys(CH_TABLES).join(', ')} (or export it from a SQLite store with --db)`);
  const store = await ClickHouseStore.open(spec, { create: sinceLast });
  const conn = store.conn;
  const db = spec.database;
  let marks: Seqs = new Map();
  let upper: Seqs = new Map();
  let run = 0;
  return {
    // No file beside a server store: the lock lives with the output (one per export name).
    lockPath: (name) => {
      const hash = createHash('sha1').update(`${spec.display}\u0000${name}`).digest('hex').slice(0, 16);
      if (out === '-') return join(tmpdir(), `.arblens-export-${hash}.lock`);
      const dir = resolve(out.endsWith('/') ? out : out + '/..');
      mkdirSync(dir, { recursive: true });
      return join(dir, `.arblens-export-${hash}.lock`);
    },
    afterId: async (name) => {
      if (!sinceLast) return 0;
      ({ marks, run } = await readMarks(conn, name));
      return run;
    },
    source: async (f, batchSize, count) => {
      const where = [rangeWhere({ fromMs: f.fromMs, toMs: f.toMs, venues: f.venues, symbols: f.symbols }, def.time, false)];
      await checkNames(store, def.table, f);
      // Every export reads a snapshot: each recorder's batches up to its highest committed one
      // now (after the marks with --since last). Rows committed meanwhile wait for the next run,
      // and cannot bring a name the dictionaries below lack.
      upper = await upperSeqs(conn, def.table);
      where.push(seqRange(sinceLast ? marks : new Map(), upper));
      const upTo = sinceLast ? (hasNew(marks, upper) ? run + 1 : run) : 0;
      const w = where.join(' AND ');
      const dictionaries = await Promise.all(
        def.columns.map(async (c) =>
          c.type === 'dict' ? (await conn.text(`SELECT DISTINCT ${c.sql} FROM ${db}.${def.table} WHERE ${w}`)).split('\n').filter((s) => s !== '').map(unTsv).sort() : undefined,
        ),
      );
      const specs: ColumnSpec[] = def.columns.map((c, j) => ({ name: c.name, type: c.type, nullable: c.nullable, ...(dictionaries[j] ? { dictionary: dictionaries[j] } : {}) }));
      const wire = def.columns.map((c, j) => wireOf(c, dictionaries[j]));
      // Without FINAL the count includes copies of retried batches not merged yet: a progress
      // total, not a promise.
      const final = def.dedupe ? '' : ' FINAL';
      const total = count ? Number((await conn.text(`SELECT count() FROM ${db}.${def.table}${final} WHERE ${w}`)).trim()) : -1;
      const dedupe = def.dedupe?.map((n) => def.columns.findIndex((c) => c.name === n)) ?? [];
      const sql = `SELECT ${wire.map((x) => x.sql).join(', ')} FROM ${db}.${def.table}${final} WHERE ${w} ORDER BY ${def.order}`;
      return {
        schema: { columns: specs },
        upToId: upTo,
        total,
        async *batches() {
          const reader = new RowBinaryReader(wire.map((x) => x.column), batchSize, dedupe);
          // The server sorts and sends while the batches before are being encoded.
          for await (const chunk of readAhead(conn.bytes(sql), READ_AHEAD_BYTES)) yield* reader.push(chunk);
          const last = reader.end();
          if (last) yield last;
        },
        close: async () => undefined,
      };
    },
    advance: (name, upTo, now) => writeMarks(conn, name, def.table, upper, upTo, now),
    close: () => store.close(),
  };
}

/** Bytes of the server's answer buffered ahead of the encoder (~800,000 quote rows). */
const READ_AHEAD_BYTES = 64 * 1024 * 1024;

/** Longest dictionary sent as a literal array in the query (ClickHouse's max_query_size is 256 KiB). */
const MAX_DICT_SQL = 64 * 1024;

/**
 * How a column travels: numbers as Int64/Float64 with a stand-in for null (NaN, -2^63) so rows
 * stay fixed-width; names as their code in the export's dictionary, computed by the server
 * (`indexOf` on a literal array: 4 bytes a row instead of the name) — or, for a dictionary too
 * long for a query, as the name, coded while decoding; free text as Nullable String.
 */
function wireOf(c: ChColumn, dict: readonly string[] | undefined): { sql: string; column: WireColumn } {
  if (dict) {
    const list = `[${dict.map(sqlString).join(', ')}]`;
    if (dict.length === 0) return { sql: 'toInt32(-1)', column: { wire: 'i32', codes: true } };
    if (list.length <= MAX_DICT_SQL) return { sql: `toInt32(indexOf(${list}, ${c.sql}) - 1)`, column: { wire: 'i32', codes: true } };
    return { sql: `toNullable(toString(${c.sql}))`, column: { wire: 'str', null: 'flag', dictionary: new Map(dict.map((v, i) => [v, i])) } };
  }
  if (c.type === 'str') return c.nullable ? { sql: `toNullable(toString(${c.sql}))`, column: { wire: 'str', null: 'flag' } } : { sql: `assumeNotNull(toString(${c.sql}))`, column: { wire: 'str' } };
  const [fn, stand] = c.type === 'f64' ? ['toFloat64', 'nan'] : ['toInt64', 'toInt64(-9223372036854775807 - 1)'];
  const wire = c.type === 'f64' ? 'f64' : 'i64';
  return c.nullable ? { sql: `ifNull(${fn}(${c.sql}), ${stand})`, column: { wire, null: 'sentinel' } } : { sql: `assumeNotNull(${fn}(${c.sql}))`, column: { wire } };
}

/** A venue or symbol the store has never seen is a typo more often than an empty export. */
async function checkNames(store: ClickHouseStore, table: string, f: ExportFilter): Promise<void> {
  for (const [flag, column, wanted] of [['--venues', 'venue', f.venues], ['--symbols', 'symbol', f.symbols]] as const) {
    if (!wanted?.length) continue;
    const known = (await store.conn.text(`SELECT DISTINCT toString(${column}) FROM ${store.database}.${table}`)).split('\n').filter(Boolean).map(unTsv);
    for (const w of wanted) {
      if (known.includes(w)) continue;
      const guess = didYouMean(w, known);
      throw new UsageError(`${flag}: the store has no ${column} '${w}'${guess ? ` — did you mean '${guess}'?` : known.length ? ` (it has: ${known.slice(0, 12).join(', ')})` : ' (it has none yet)'}`);
    }
  }
}

/** Tables an export can read from ClickHouse (`--table all` skips the others there). */
export const CLICKHOUSE_TABLES = Object.keys(CH_TABLES) as TableName[];
