import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { ClickHouseStore } from '../store/clickhouse/store.js';
import { rangeWhere } from '../store/clickhouse/store.js';
import { hasNew, readMarks, seqRange, upperSeqs, writeMarks, type Seqs } from '../store/clickhouse/export-read.js';
import { numOrNull, unTsv } from '../store/clickhouse/tsv.js';
import type { ClickHouseSpec } from '../store/clickhouse/url.js';
import type { BatchSource } from './batch-source.js';
import type { Batch, ColType, ColumnSpec, ColumnValues } from './schema.js';
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
 */
const CH_TABLES: Partial<Record<TableName, { table: string; time: string; order: string; columns: ChColumn[] }>> = {
  quotes: {
    table: 'quotes',
    time: 'venue_ts',
    order: 'venue_ts, recorder, seq, row',
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
    order: 'venue_ts, recorder, seq, row',
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
      let upTo = 0;
      if (sinceLast) {
        upper = await upperSeqs(conn, def.table);
        where.push(seqRange(marks, upper));
        upTo = hasNew(marks, upper) ? run + 1 : run;
      }
      const w = where.join(' AND ');
      const specs: ColumnSpec[] = [];
      const dicts: (Map<string, number> | undefined)[] = [];
      for (const c of def.columns) {
        if (c.type !== 'dict') {
          specs.push({ name: c.name, type: c.type, nullable: c.nullable });
          dicts.push(undefined);
          continue;
        }
        const values = (await conn.text(`SELECT DISTINCT ${c.sql} FROM ${db}.${def.table} WHERE ${w}`)).split('\n').filter((s) => s !== '').map(unTsv).sort();
        specs.push({ name: c.name, type: 'dict', nullable: false, dictionary: values });
        dicts.push(new Map(values.map((v, i) => [v, i])));
      }
      const total = count ? Number((await conn.text(`SELECT count() FROM ${db}.${def.table} FINAL WHERE ${w}`)).trim()) : -1;
      const sql = `SELECT ${def.columns.map((c) => c.sql).join(', ')} FROM ${db}.${def.table} FINAL WHERE ${w} ORDER BY ${def.order}`;
      return {
        schema: { columns: specs },
        upToId: upTo,
        total,
        async *batches() {
          for await (const rows of store.batched(sql, batchSize)) yield toBatch(rows, def.columns, dicts);
        },
        close: async () => undefined,
      };
    },
    advance: (name, upTo, now) => writeMarks(conn, name, def.table, upper, upTo, now),
    close: () => store.close(),
  };
}

/** TSV cells into typed column arrays. */
function toBatch(rows: string[][], cols: readonly ChColumn[], dicts: readonly (Map<string, number> | undefined)[]): Batch {
  const n = rows.length;
  const columns = cols.map((c, j): ColumnValues => {
    const dict = dicts[j];
    if (dict) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = dict.get(unTsv(rows[i][j])) ?? -1;
      return { kind: 'codes', codes };
    }
    if (c.type === 'str') return { kind: 'strings', values: rows.map((r) => unTsv(r[j])) };
    const values = new Float64Array(n);
    if (!c.nullable) {
      for (let i = 0; i < n; i++) values[i] = +rows[i][j];
      return { kind: 'num', values };
    }
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = numOrNull(rows[i][j]);
      if (v !== null) (values[i] = v), (valid[i] = 1);
    }
    return { kind: 'num', values, valid };
  });
  return { length: n, columns };
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
