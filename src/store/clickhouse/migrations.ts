/**
 * ClickHouse schema, applied in order; `arblens_schema` holds one row per applied version. Never
 * edit a migration that has shipped: add one. Every statement is idempotent (IF NOT EXISTS), so
 * two recorders starting at once may both apply a version and end in the same schema.
 *
 * Written for what Debian's 18.16 and current ClickHouse both accept: Int64 epoch milliseconds
 * (no DateTime64), LowCardinality names (experimental in 18.x: enabled per statement by the
 * caller), MergeTree partitioned by day and ordered by (venue, symbol, time).
 *
 * Appended tables carry (recorder, seq, row): the recorder's id, its batch number and the row's
 * place in the batch. They are the ReplacingMergeTree key's tail, so a batch retried after a
 * lost acknowledgement collapses onto itself (readers use FINAL), and they are what `export
 * --since last` keeps its watermark on (see watermark.ts).
 */
const day = (col: string) => `toDate(toDateTime(intDiv(${col}, 1000), 'UTC'))`;

export const CH_MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS quotes (
      recorder LowCardinality(String), seq UInt64, row UInt32,
      venue LowCardinality(String), symbol LowCardinality(String), market LowCardinality(String),
      venue_ts Int64, local_ts Int64,
      bid Nullable(Float64), bid_size Nullable(Float64), ask Nullable(Float64), ask_size Nullable(Float64),
      depth String
    ) ENGINE = ReplacingMergeTree PARTITION BY ${day('venue_ts')} ORDER BY (venue, symbol, venue_ts, recorder, seq, row)`,
    `CREATE TABLE IF NOT EXISTS funding (
      recorder LowCardinality(String), seq UInt64, row UInt32,
      venue LowCardinality(String), symbol LowCardinality(String),
      venue_ts Int64, local_ts Int64, rate Float64, interval_hours Float64, next_funding_ts Nullable(Int64)
    ) ENGINE = ReplacingMergeTree PARTITION BY ${day('venue_ts')} ORDER BY (venue, symbol, venue_ts, recorder, seq, row)`,
    // One row per candle: a revision is a newer version of the same (venue, symbol, timeframe, ts).
    `CREATE TABLE IF NOT EXISTS candles (
      recorder LowCardinality(String), seq UInt64, row UInt32, version UInt64,
      venue LowCardinality(String), symbol LowCardinality(String), market LowCardinality(String), timeframe LowCardinality(String),
      ts Int64, open Float64, high Float64, low Float64, close Float64, volume Float64
    ) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(toDateTime(intDiv(ts, 1000), 'UTC')) ORDER BY (venue, symbol, timeframe, ts)`,
    // One row per version of an episode (first_seen identifies it within an opportunity id):
    // last_seen, best figures and closed only move forward, so max() over versions is the latest.
    `CREATE TABLE IF NOT EXISTS opportunities (
      opp_key String, kind LowCardinality(String), symbol LowCardinality(String),
      buy_venue LowCardinality(String), sell_venue LowCardinality(String), quote_ccy LowCardinality(String),
      first_seen Int64, last_seen Int64, gap_ms Int64,
      size Float64, net_spread_pct Float64, net_profit Float64, best_net_pct Float64, best_net_profit Float64,
      closed UInt8, close_reason LowCardinality(String), payload String, version UInt64
    ) ENGINE = ReplacingMergeTree(version) PARTITION BY ${day('first_seen')} ORDER BY (kind, symbol, opp_key, first_seen)`,
    `CREATE TABLE IF NOT EXISTS backtest_runs (
      run_id String, created_ts Int64, strategy LowCardinality(String), params String, source String, metrics String
    ) ENGINE = ReplacingMergeTree ORDER BY (created_ts, run_id)`,
    // Per export name: the last batch seq exported of each recorder ('' holds the run counter).
    `CREATE TABLE IF NOT EXISTS export_watermarks (
      name String, table_name String, recorder String, last_seq UInt64, updated_ts Int64
    ) ENGINE = ReplacingMergeTree(updated_ts) ORDER BY (name, recorder)`,
  ],
  [
    // A saved backtest's trades (`backtest --store clickhouse://…`), keyed by run and trade
    // index so an insert retried after a lost acknowledgement collapses onto itself.
    `CREATE TABLE IF NOT EXISTS backtest_trades (
      run_id String, k UInt32, symbol LowCardinality(String), side LowCardinality(String), size Float64,
      entry_ts Int64, entry_price Float64, exit_ts Int64, exit_price Float64,
      pnl Float64, return_pct Float64, commission Float64, closed_at_end UInt8
    ) ENGINE = ReplacingMergeTree ORDER BY (run_id, k)`,
  ],
];

export const CH_SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS arblens_schema (version UInt32, applied_ts Int64) ENGINE = ReplacingMergeTree ORDER BY version`;
