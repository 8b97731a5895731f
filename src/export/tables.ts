import type { ColType } from './schema.js';

/** Tables `arblens export --table` knows, by their command-line names. */
export const TABLE_NAMES = ['quotes', 'funding', 'opportunities', 'candles', 'backtest-runs', 'backtest-trades', 'retail-batches', 'retail-analyses'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Where a column's value comes from: an SQL expression, or a name looked up by instrument id. */
export interface SourceColumn {
  readonly name: string;
  readonly type: ColType;
  readonly nullable: boolean;
  readonly sql: string;
  /** The SQL yields an instrument id; the column holds that instrument's venue, symbol or market. */
  readonly inst?: 'venue' | 'symbol' | 'market';
  /**
   * A JSON-in-text column: the raw SQL of its text. `sql` then yields the text checked and
   * compacted (invalid JSON becomes a JSON string), so ndjson/json can embed it as a real object
   * and the columnar formats can add its leaves (json-leaves.ts).
   */
  readonly json?: string;
}

export interface TableDef {
  readonly name: TableName;
  /** The SQLite table (also the export_watermarks.table_name). */
  readonly sqlTable: string;
  readonly from: string;
  /** Monotonic row number for watermarks: ids assigned at insert, never reused (no deletes). */
  readonly idSql: string;
  /** Event time: --from/--to, partitions, time-ordered splits. */
  readonly timeSql: string;
  /** The time column's name in the output. */
  readonly timeColumn: string;
  /** SQL holding an instrument id (venue/symbol filters go through the instruments table). */
  readonly instrumentSql?: string;
  /** Else: SQL expressions naming venues / the symbol directly. */
  readonly venueSql?: readonly string[];
  readonly symbolSql?: string;
  readonly orderBy: string;
  readonly columns: readonly SourceColumn[];
  /**
   * Rows that may still change are held back from `--since last`: an opportunity episode is
   * extended (last_seen, best profit) until it closes, so an incremental export stops before the
   * first open one and picks it up, final, once closed. No gaps, no duplicates, no stale values.
   * May use @now (the export's clock, epoch ms).
   */
  readonly settledBeforeSql?: string;
  /**
   * Rows are only ever inserted, never updated or deleted (quotes, funding): every row with an
   * id up to the snapshot's maximum reads the same from any later snapshot, so id ranges can be
   * read by parallel connections and still equal one snapshot exactly.
   */
  readonly appendOnly?: boolean;
}

const c = (name: string, type: ColType, sql: string, nullable = false): SourceColumn => ({ name, type, sql, nullable });
/** JSON text as a column: compacted when valid (one line, embeddable), quoted as a JSON string when not. */
const json = (name: string, sql: string): SourceColumn => ({ name, type: 'str', nullable: false, json: sql, sql: `CASE WHEN json_valid(${sql}) THEN json(${sql}) ELSE json_quote(${sql}) END` });
const inst = (name: 'venue' | 'symbol' | 'market', sql: string): SourceColumn => ({ name, type: 'dict', sql, nullable: false, inst: name });

export const TABLES: Readonly<Record<TableName, TableDef>> = {
  quotes: {
    name: 'quotes',
    sqlTable: 'quotes',
    from: 'quotes q',
    idSql: 'q.id',
    timeSql: 'q.venue_ts',
    timeColumn: 'venue_ts',
    instrumentSql: 'q.instrument_id',
    orderBy: 'q.id',
    appendOnly: true,
    columns: [
      c('id', 'i64', 'q.id'),
      inst('venue', 'q.instrument_id'),
      inst('symbol', 'q.instrument_id'),
      inst('market', 'q.instrument_id'),
      c('venue_ts', 'ts', 'q.venue_ts'),
      c('local_ts', 'ts', 'q.local_ts'),
      c('bid', 'f64', 'q.bid', true),
      c('bid_size', 'f64', 'q.bid_size', true),
      c('ask', 'f64', 'q.ask', true),
      c('ask_size', 'f64', 'q.ask_size', true),
    ],
  },
  funding: {
    name: 'funding',
    sqlTable: 'funding',
    from: 'funding f',
    idSql: 'f.id',
    timeSql: 'f.venue_ts',
    timeColumn: 'venue_ts',
    instrumentSql: 'f.instrument_id',
    orderBy: 'f.id',
    appendOnly: true,
    columns: [
      c('id', 'i64', 'f.id'),
      inst('venue', 'f.instrument_id'),
      inst('symbol', 'f.instrument_id'),
      c('venue_ts', 'ts', 'f.venue_ts'),
      c('local_ts', 'ts', 'f.local_ts'),
      c('rate', 'f64', 'f.rate'),
      c('interval_hours', 'f64', 'f.interval_hours'),
      c('next_funding_ts', 'ts', 'f.next_funding_ts', true),
    ],
  },
  opportunities: {
    name: 'opportunities',
    sqlTable: 'opportunities',
    from: 'opportunities o',
    idSql: 'o.id',
    timeSql: 'o.first_seen',
    timeColumn: 'first_seen',
    venueSql: ['o.buy_venue', 'o.sell_venue'],
    symbolSql: 'o.symbol',
    orderBy: 'o.id',
    // Still live: open AND seen within its gap. An episode left open by a killed recorder is
    // final (nobody will extend it), so exports never wait on it; it is written as closed.
    settledBeforeSql: 'SELECT min(id) FROM opportunities WHERE closed = 0 AND last_seen + gap_ms >= @now',
    columns: [
      c('id', 'i64', 'o.id'),
      c('opp_key', 'str', 'o.opp_key'),
      c('kind', 'dict', 'o.kind'),
      c('symbol', 'dict', 'o.symbol'),
      c('buy_venue', 'dict', 'o.buy_venue', true),
      c('sell_venue', 'dict', 'o.sell_venue', true),
      c('quote_ccy', 'dict', 'o.quote_ccy'),
      c('first_seen', 'ts', 'o.first_seen'),
      c('last_seen', 'ts', 'o.last_seen'),
      c('size', 'f64', 'o.size'),
      c('net_spread_pct', 'f64', 'o.net_spread_pct'),
      c('net_profit', 'f64', 'o.net_profit'),
      c('best_net_pct', 'f64', 'o.best_net_pct'),
      c('best_net_profit', 'f64', 'o.best_net_profit'),
      c('closed', 'bool', '(o.closed = 1 OR o.last_seen + o.gap_ms < @now)'),
      json('payload', 'o.payload'),
    ],
  },
  candles: {
    name: 'candles',
    sqlTable: 'candles',
    from: 'candles k',
    idSql: 'k.seq',
    timeSql: 'k.ts',
    timeColumn: 'ts',
    instrumentSql: 'k.instrument_id',
    orderBy: 'k.seq',
    columns: [
      inst('venue', 'k.instrument_id'),
      inst('symbol', 'k.instrument_id'),
      inst('market', 'k.instrument_id'),
      c('timeframe', 'dict', 'k.timeframe'),
      c('ts', 'ts', 'k.ts'),
      c('open', 'f64', 'k.open'),
      c('high', 'f64', 'k.high'),
      c('low', 'f64', 'k.low'),
      c('close', 'f64', 'k.close'),
      c('volume', 'f64', 'k.volume'),
    ],
  },
  'backtest-runs': {
    name: 'backtest-runs',
    sqlTable: 'backtest_runs',
    from: 'backtest_runs r',
    idSql: 'r.id',
    timeSql: 'r.created_ts',
    timeColumn: 'created_ts',
    orderBy: 'r.id',
    columns: [
      c('id', 'i64', 'r.id'),
      c('created_ts', 'ts', 'r.created_ts'),
      c('strategy', 'dict', 'r.strategy'),
      json('params', 'r.params'),
      c('source', 'str', 'r.source'),
      json('metrics', 'r.metrics'),
    ],
  },
  'backtest-trades': {
    name: 'backtest-trades',
    sqlTable: 'backtest_trades',
    from: 'backtest_trades t',
    idSql: 't.id',
    timeSql: 't.entry_ts',
    timeColumn: 'entry_time',
    symbolSql: 't.symbol',
    orderBy: 't.id',
    columns: [
      c('id', 'i64', 't.id'),
      c('run_id', 'i64', 't.run_id'),
      c('symbol', 'dict', 't.symbol'),
      c('side', 'dict', 't.side'),
      c('size', 'f64', 't.size'),
      // The trade log's names, as `backtest --trades` writes them (trades-csv.ts) and --json
      // spells them in camelCase (entryTime, exitTime, closedAtEnd).
      c('entry_time', 'ts', 't.entry_ts'),
      c('entry_price', 'f64', 't.entry_price'),
      c('exit_time', 'ts', 't.exit_ts', true),
      c('exit_price', 'f64', 't.exit_price', true),
      c('pnl', 'f64', 't.pnl', true),
      c('return_pct', 'f64', 't.return_pct', true),
      c('commission', 'f64', 't.commission'),
      c('closed_at_end', 'bool', 't.closed_at_end', true),
    ],
  },
  // Retail batches (`arblens retail analyze`): rows are written once, never updated.
  'retail-batches': {
    name: 'retail-batches',
    sqlTable: 'retail_batches',
    from: 'retail_batches b',
    idSql: 'b.id',
    timeSql: 'b.created_ts',
    timeColumn: 'created_ts',
    orderBy: 'b.id',
    columns: [
      c('id', 'i64', 'b.id'),
      c('created_ts', 'ts', 'b.created_ts'),
      c('name', 'str', 'b.name'),
      c('source', 'dict', 'b.source'),
      c('marketplace', 'dict', 'b.marketplace'),
      c('currency', 'dict', 'b.currency'),
      json('rules', 'b.rules'),
      c('products', 'i64', 'b.products'),
      c('buy', 'i64', 'b.buy'),
      c('watch', 'i64', 'b.watch'),
      c('skip', 'i64', 'b.skip'),
      c('tokens_used', 'i64', 'b.tokens_used'),
    ],
  },
  'retail-analyses': {
    name: 'retail-analyses',
    sqlTable: 'retail_analyses',
    from: 'retail_analyses a',
    idSql: 'a.id',
    timeSql: 'a.created_ts',
    timeColumn: 'created_ts',
    orderBy: 'a.id',
    columns: [
      c('id', 'i64', 'a.id'),
      c('batch_id', 'i64', 'a.batch_id'),
      c('created_ts', 'ts', 'a.created_ts'),
      c('line', 'i64', 'a.line'),
      c('code', 'str', 'a.code'),
      c('asin', 'str', 'a.asin', true),
      c('title', 'str', 'a.title'),
      c('currency', 'dict', 'a.currency'),
      c('cost', 'f64', 'a.cost'),
      c('qty', 'i64', 'a.qty'),
      c('sell_price', 'f64', 'a.sell_price', true),
      c('profit', 'f64', 'a.profit', true),
      c('roi_pct', 'f64', 'a.roi_pct', true),
      c('margin_pct', 'f64', 'a.margin_pct', true),
      c('monthly_sales', 'f64', 'a.monthly_sales', true),
      c('verdict', 'dict', 'a.verdict'),
      json('reasons', 'a.reasons'),
      json('payload', 'a.payload'),
    ],
  },
};

/** `backtest_trades` and `backtest-trades` both work on the command line. */
export function tableByName(name: string): TableDef | undefined {
  const key = name.replace(/_/g, '-') as TableName;
  return (TABLE_NAMES as readonly string[]).includes(key) ? TABLES[key] : undefined;
}
