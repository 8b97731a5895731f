import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { ClickHouseStore } from '../store/clickhouse/store.js';
import { rangeWhere } from '../store/clickhouse/store.js';
import { hasNew, readMarks, seqRange, upperSeqs, writeMarks, type Seqs } from '../store/clickhouse/export-read.js';
import { sqlInt, sqlList, sqlString, unTsv } from '../store/clickhouse/tsv.js';
import type { ClickHouseSpec } from '../store/clickhouse/url.js';
import type { BatchSource } from './batch-source.js';
import { RowBinaryReader, type WireColumn } from './clickhouse-binary.js';
import { readAhead } from './read-ahead.js';
import type { Batch, ColType, ColumnSpec } from './schema.js';
import type { ExportFilter } from './source.js';
import type { TableName } from './tables.js';

/** A column of a ClickHouse export: its name and type in the output, and its expression. */
interface ChColumn {
  readonly name: string;
  readonly type: ColType;
  readonly nullable: boolean;
  readonly sql: string;
  /** dict columns read from a subquery: the stored column, for the dictionary's DISTINCT. */
  readonly raw?: string;
  /** str columns holding JSON text (checked while reading; ndjson/json embed it as an object). */
  readonly json?: boolean;
}
const col = (name: string, type: ColType, sql = name, nullable = false): ChColumn => ({ name, type, sql, nullable });
/** A column of the episodes subquery (episodesFrom): `raw` is the stored column it comes from. */
const ep = (name: string, type: ColType, sql: string, raw?: string, nullable = false): ChColumn => ({ name, type, sql, nullable, raw });

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
  /** Stored columns --venues matches (a row matches when any of them does); default venue. */
  readonly venueColumns?: readonly string[];
  /**
   * Opportunity episodes: one row per episode, collapsed from its version rows inside
   * ClickHouse (episodesFrom); --since last on a settled first_seen horizon (they carry no
   * recorder seq).
   */
  readonly episodes?: true;
  /**
   * Saved backtests (`backtest --store clickhouse://…`): written once each, with no recorder seq;
   * --since last on a created_ts horizon of the runs (trades follow their run).
   */
  readonly backtests?: 'runs' | 'trades';
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
  // The SQLite export's columns, except its store-wide id: an episode is (opp_key, first_seen).
  opportunities: {
    table: 'opportunities',
    time: 'first_seen',
    order: 'first_seen, e_key',
    venueColumns: ['buy_venue', 'sell_venue'],
    episodes: true,
    columns: [
      ep('opp_key', 'str', 'e_key'),
      ep('kind', 'dict', 'e_kind', 'toString(kind)'),
      ep('symbol', 'dict', 'e_symbol', 'toString(symbol)'),
      // '' (no venue, e.g. a multi-outcome set) is null, as in SQLite.
      ep('buy_venue', 'dict', 'e_buy', 'toString(buy_venue)', true),
      ep('sell_venue', 'dict', 'e_sell', 'toString(sell_venue)', true),
      ep('quote_ccy', 'dict', 'e_quote', 'toString(quote_ccy)'),
      ep('first_seen', 'ts', 'first_seen'),
      ep('last_seen', 'ts', 'e_last'),
      ep('size', 'f64', 'e_size'),
      ep('net_spread_pct', 'f64', 'e_spread'),
      ep('net_profit', 'f64', 'e_profit'),
      ep('best_net_pct', 'f64', 'e_best_pct'),
      ep('best_net_profit', 'f64', 'e_best_profit'),
      ep('closed', 'bool', 'e_closed'),
      { ...ep('payload', 'str', 'e_payload'), json: true },
    ],
  },
  // The SQLite export's columns, except that a run is named by its text id (recorder and time).
  'backtest-runs': {
    table: 'backtest_runs',
    time: 'created_ts',
    order: 'created_ts, run_id',
    backtests: 'runs',
    columns: [
      col('run_id', 'str'), col('created_ts', 'ts'), col('strategy', 'dict', 'toString(strategy)'),
      { ...col('params', 'str'), json: true }, col('source', 'str'), { ...col('metrics', 'str'), json: true },
    ],
  },
  // The trade log's names, as the SQLite export has them; `trade` is the trade's place in its run.
  'backtest-trades': {
    table: 'backtest_trades',
    time: 'entry_ts',
    order: 'run_id, k',
    backtests: 'trades',
    columns: [
      col('run_id', 'str'), col('trade', 'i64', 'k'), col('symbol', 'dict', 'toString(symbol)'), col('side', 'dict', 'toString(side)'),
      col('size', 'f64'), col('entry_time', 'ts', 'entry_ts'), col('entry_price', 'f64'), col('exit_time', 'ts', 'exit_ts'), col('exit_price', 'f64'),
      col('pnl', 'f64'), col('return_pct', 'f64'), col('commission', 'f64'), col('closed_at_end', 'bool'),
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
      const venueColumns = def.venueColumns ?? ['venue'];
      await checkNames(store, def.table, venueColumns, f);
      // Conditions on the stored rows (for episodes: on their version rows, before collapsing).
      const where = [rangeWhere({ fromMs: f.fromMs, toMs: f.toMs }, def.time, false)];
      if (f.venues?.length) where.push(`(${venueColumns.map((c) => `${c} IN ${sqlList(f.venues!)}`).join(' OR ')})`);
      if (f.symbols?.length) where.push(`symbol IN ${sqlList(f.symbols)}`);
      let upTo = 0;
      if (def.episodes) {
        if (sinceLast) {
          const from = marks.get(HORIZON_MARK) ?? 0;
          const horizon = await settledHorizon(conn, f.now ?? Date.now(), from);
          where.push(`first_seen >= ${sqlInt(from)} AND first_seen < ${sqlInt(horizon)}`);
          const n = Number((await conn.text(`SELECT uniqExact(opp_key, first_seen) FROM ${db}.${def.table} WHERE ${where.join(' AND ')}`)).trim());
          upper = new Map([[HORIZON_MARK, horizon]]);
          upTo = n > 0 ? run + 1 : run;
        }
      } else if (def.backtests) {
        if (sinceLast) {
          // Runs created in [last horizon, now − SETTLE_MS): a run is one insert, in the store
          // seconds after it was made; later ones wait for the next export.
          const from = marks.get(HORIZON_MARK) ?? 0;
          const horizon = Math.max(from, (f.now ?? Date.now()) - SETTLE_MS);
          const runs = `created_ts >= ${sqlInt(from)} AND created_ts < ${sqlInt(horizon)}`;
          where.push(def.backtests === 'runs' ? runs : `run_id IN (SELECT run_id FROM ${db}.backtest_runs WHERE ${runs})`);
          const n = Number((await conn.text(`SELECT count() FROM ${db}.${def.table} WHERE ${where.join(' AND ')}`)).trim());
          upper = new Map([[HORIZON_MARK, horizon]]);
          upTo = n > 0 ? run + 1 : run;
        }
      } else {
        // Every export reads a snapshot: each recorder's batches up to its highest committed one
        // now (after the marks with --since last). Rows committed meanwhile wait for the next
        // run, and cannot bring a name the dictionaries below lack.
        upper = await upperSeqs(conn, def.table);
        where.push(seqRange(sinceLast ? marks : new Map(), upper));
        if (sinceLast) upTo = hasNew(marks, upper) ? run + 1 : run;
      }
      const w = where.join(' AND ');
      const dictionaries = await readDictionaries(conn, `${db}.${def.table}`, def.columns, w);
      const specs: ColumnSpec[] = def.columns.map((c, j) => ({ name: c.name, type: c.type, nullable: c.nullable, ...(dictionaries[j] ? { dictionary: dictionaries[j] } : {}), ...(c.json ? { json: true } : {}) }));
      const wire = def.columns.map((c, j) => wireOf(c, dictionaries[j]));
      const json = def.columns.flatMap((c, j) => (c.json ? [j] : []));
      const dedupe = def.dedupe?.map((n) => def.columns.findIndex((c) => c.name === n)) ?? [];
      const cols = wire.map((x) => x.sql).join(', ');
      let sql: string;
      let total = -1;
      if (def.episodes) {
        // Episodes first seen after the dictionaries were read may bring a name they lack:
        // they wait for the next run, as rows after a snapshot do.
        const known = def.columns.flatMap((c, j) => (dictionaries[j] ? knownNames(c, dictionaries[j]!) : []));
        sql = `SELECT ${cols} FROM ${episodesFrom(db, w, f.now ?? Date.now())} WHERE ${['1', ...known].join(' AND ')} ORDER BY ${def.order}`;
        if (count) total = Number((await conn.text(`SELECT uniqExact(opp_key, first_seen) FROM ${db}.${def.table} WHERE ${w}`)).trim());
      } else {
        // Without FINAL the count includes copies of retried batches not merged yet: a progress
        // total, not a promise.
        const final = def.dedupe ? '' : ' FINAL';
        sql = `SELECT ${cols} FROM ${db}.${def.table}${final} WHERE ${w} ORDER BY ${def.order}`;
        if (count) total = Number((await conn.text(`SELECT count() FROM ${db}.${def.table}${final} WHERE ${w}`)).trim());
      }
      return {
        schema: { columns: specs },
        upToId: upTo,
        total,
        async *batches() {
          const reader = new RowBinaryReader(wire.map((x) => x.column), batchSize, dedupe);
          // The server sorts and sends while the batches before are being encoded.
          for await (const chunk of readAhead(conn.bytes(sql), READ_AHEAD_BYTES)) for (const b of reader.push(chunk)) yield checkJson(b, json);
          const last = reader.end();
          if (last) yield checkJson(last, json);
        },
        close: async () => undefined,
      };
    },
    advance: (name, upTo, now) => writeMarks(conn, name, def.table, upper, upTo, now),
    close: () => store.close(),
  };
}

/**
 * Every name each dict column takes in the rows an export covers: one DISTINCT over all of them
 * at once (one scan), split per column and sorted. A nullable name column stores '' for none:
 * null in the export, not a name.
 */
async function readDictionaries(conn: ClickHouseStore['conn'], table: string, columns: readonly ChColumn[], where: string): Promise<(string[] | undefined)[]> {
  const dicts = columns.map((c) => (c.type === 'dict' ? new Set<string>() : undefined));
  const at = columns.flatMap((c, j) => (c.type === 'dict' ? [j] : []));
  if (at.length === 0) return dicts.map(() => undefined);
  for await (const rows of conn.rows(`SELECT DISTINCT ${at.map((j) => columns[j].raw ?? columns[j].sql).join(', ')} FROM ${table} WHERE ${where}`)) {
    for (const r of rows) for (let k = 0; k < at.length; k++) dicts[at[k]]!.add(unTsv(r[k]));
  }
  return dicts.map((d, j) => (d ? [...d].filter((v) => !(columns[j].nullable && v === '')).sort() : undefined));
}

/**
 * `export --since last` of episodes: the watermark is a first_seen horizon (kept in
 * export_watermarks under this name). A run exports the episodes first seen in [last horizon,
 * new horizon), where the new horizon is the first_seen of the earliest episode still live (open
 * and seen within its gap, by the export's clock) — an open episode still changes, as in
 * SQLite's rule — and at most SETTLE_MS before now: an episode's first version reaches
 * ClickHouse seconds after its writer saw it (hand-over, batching, retries). Episodes carry no
 * recorder seq, so this rule compares clocks: recorders' clocks must agree with the exporter's
 * within SETTLE_MS.
 */
const HORIZON_MARK = '#first_seen';
const SETTLE_MS = 5 * 60_000;

async function settledHorizon(conn: ClickHouseStore['conn'], now: number, from: number): Promise<number> {
  const [n, first] = (
    await conn.text(
      `SELECT count(), min(first_seen) FROM (SELECT first_seen FROM ${conn.spec.database}.opportunities WHERE first_seen >= ${sqlInt(from)}
       GROUP BY opp_key, first_seen HAVING max(closed) = 0 AND max(last_seen) + max(gap_ms) >= ${sqlInt(now)})`,
    )
  )
    .trim()
    .split('\t')
    .map(Number);
  return Math.min(n > 0 ? first : Infinity, now - SETTLE_MS);
}

/**
 * One row per episode from its version rows (episodes.ts: last_seen, best figures and closed only
 * move forward; the newest version holds the latest figures and payload). Closed as SQLite's
 * export has it: closed, or not seen within its gap by the export's clock (`now`).
 */
function episodesFrom(db: string, where: string, now: number): string {
  return `(SELECT opp_key AS e_key, first_seen,
      toString(any(kind)) AS e_kind, toString(any(symbol)) AS e_symbol, toString(any(buy_venue)) AS e_buy, toString(any(sell_venue)) AS e_sell, toString(any(quote_ccy)) AS e_quote,
      max(last_seen) AS e_last, argMax(size, version) AS e_size, argMax(net_spread_pct, version) AS e_spread, argMax(net_profit, version) AS e_profit,
      max(best_net_pct) AS e_best_pct, max(best_net_profit) AS e_best_profit,
      toUInt8(max(closed) = 1 OR max(last_seen) + max(gap_ms) < ${sqlInt(now)}) AS e_closed, argMax(payload, version) AS e_payload
    FROM ${db}.opportunities WHERE ${where} GROUP BY opp_key, first_seen)`;
}

/** A condition keeping rows whose name is in the dictionary (none for a dictionary too long to send). */
function knownNames(c: ChColumn, dict: readonly string[]): string[] {
  const list = dict.map(sqlString).join(', ');
  if (list.length > MAX_DICT_SQL) return [];
  const values = c.nullable ? (list ? `${list}, ''` : `''`) : list;
  return values ? [`${c.sql} IN (${values})`] : ['0'];
}

/**
 * JSON text columns as the format writers expect them: valid JSON on one line. What arblens
 * stored is (JSON.stringify); anything else becomes a JSON string, as SQLite's export does.
 */
function checkJson(b: Batch, columns: readonly number[]): Batch {
  for (const j of columns) {
    const c = b.columns[j];
    if (c.kind !== 'strings') continue;
    for (let i = 0; i < b.length; i++) {
      const v = c.values[i];
      if (v === null) continue;
      try {
        JSON.parse(v);
        if (v.includes('\n')) c.values[i] = JSON.stringify(JSON.parse(v));
      } catch {
        c.values[i] = JSON.stringify(v);
      }
    }
  }
  return b;
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
async function checkNames(store: ClickHouseStore, table: string, venueColumns: readonly string[], f: ExportFilter): Promise<void> {
  for (const [flag, columns, wanted] of [['--venues', venueColumns, f.venues], ['--symbols', ['symbol'], f.symbols]] as const) {
    if (!wanted?.length) continue;
    const known = [
      ...new Set(
        (await store.conn.text(columns.map((c) => `SELECT DISTINCT toString(${c}) AS v FROM ${store.database}.${table}`).join(' UNION ALL ')))
          .split('\n')
          .filter(Boolean)
          .map(unTsv),
      ),
    ].sort();
    for (const w of wanted) {
      if (known.includes(w)) continue;
      const guess = didYouMean(w, known);
      const what = flag === '--venues' ? 'venue' : 'symbol';
      throw new UsageError(`${flag}: the store has no ${what} '${w}'${guess ? ` — did you mean '${guess}'?` : known.length ? ` (it has: ${known.slice(0, 12).join(', ')})` : ' (it has none yet)'}`);
    }
  }
}

/** Tables an export can read from ClickHouse (`--table all` skips the others there). */
export const CLICKHOUSE_TABLES = Object.keys(CH_TABLES) as TableName[];
