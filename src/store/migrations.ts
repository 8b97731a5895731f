/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` holds
 * the number of the last one applied. Never edit a migration that has shipped: add a new one.
 * Times are INTEGER epoch milliseconds; text names live once in venues/instruments.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the foundation schema.
  `
  CREATE TABLE venues (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  CREATE TABLE instruments (
    id       INTEGER PRIMARY KEY,
    venue_id INTEGER NOT NULL REFERENCES venues(id),
    symbol   TEXT NOT NULL,
    market   TEXT NOT NULL CHECK (market IN ('spot', 'perp', 'binary')),
    UNIQUE (venue_id, symbol, market)
  );
  -- Top of book per update; depth (optional) is a Float64 blob: [nBids, nAsks, p, s, p, s, …].
  CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    instrument_id INTEGER NOT NULL REFERENCES instruments(id),
    venue_ts      INTEGER NOT NULL,
    local_ts      INTEGER NOT NULL,
    bid           REAL,
    bid_size      REAL,
    ask           REAL,
    ask_size      REAL,
    depth         BLOB
  );
  -- One index only: venue_ts grows with the rowid, so this one is append-only and cheap, while an
  -- (instrument, time) index is written at random places and cut recording speed by 3-10x.
  CREATE INDEX quotes_by_time ON quotes (venue_ts);
  CREATE TABLE funding (
    id              INTEGER PRIMARY KEY,
    instrument_id   INTEGER NOT NULL REFERENCES instruments(id),
    venue_ts        INTEGER NOT NULL,
    local_ts        INTEGER NOT NULL,
    rate            REAL NOT NULL,
    interval_hours  REAL NOT NULL,
    next_funding_ts INTEGER
  );
  CREATE INDEX funding_by_time ON funding (venue_ts);
  -- One row per episode: an opportunity seen continuously from first_seen to last_seen.
  CREATE TABLE opportunities (
    id              INTEGER PRIMARY KEY,
    opp_key         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    symbol          TEXT NOT NULL,
    buy_venue       TEXT,
    sell_venue      TEXT,
    quote_ccy       TEXT NOT NULL,
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL,
    size            REAL NOT NULL,
    net_spread_pct  REAL NOT NULL,
    net_profit      REAL NOT NULL,
    best_net_pct    REAL NOT NULL,
    best_net_profit REAL NOT NULL,
    closed          INTEGER NOT NULL DEFAULT 0,
    payload         TEXT NOT NULL
  );
  CREATE INDEX opportunities_open ON opportunities (opp_key, closed, last_seen);
  CREATE INDEX opportunities_by_time ON opportunities (first_seen);
  CREATE TABLE candles (
    instrument_id INTEGER NOT NULL REFERENCES instruments(id),
    timeframe     TEXT NOT NULL,
    ts            INTEGER NOT NULL,
    open          REAL NOT NULL,
    high          REAL NOT NULL,
    low           REAL NOT NULL,
    close         REAL NOT NULL,
    volume        REAL NOT NULL,
    PRIMARY KEY (instrument_id, timeframe, ts)
  ) WITHOUT ROWID;
  CREATE TABLE backtest_runs (
    id         INTEGER PRIMARY KEY,
    created_ts INTEGER NOT NULL,
    strategy   TEXT NOT NULL,
    params     TEXT NOT NULL,
    source     TEXT NOT NULL,
    metrics    TEXT NOT NULL
  );
  CREATE TABLE backtest_trades (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES backtest_runs(id) ON DELETE CASCADE,
    symbol      TEXT NOT NULL,
    side        TEXT NOT NULL,
    size        REAL NOT NULL,
    entry_ts    INTEGER NOT NULL,
    entry_price REAL NOT NULL,
    exit_ts     INTEGER,
    exit_price  REAL,
    pnl         REAL,
    return_pct  REAL,
    commission  REAL NOT NULL DEFAULT 0
  );
  CREATE INDEX backtest_trades_by_run ON backtest_trades (run_id);
  -- Incremental exports: the last row id written by a named export, advanced only on success.
  CREATE TABLE export_watermarks (
    name       TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    last_id    INTEGER NOT NULL,
    updated_ts INTEGER NOT NULL
  );
  `,
  // 2: candles are WITHOUT ROWID, so incremental exports (`export --since last`) had no row id to
  // keep a watermark on: `seq` numbers candles in insertion order (an upsert that revises an
  // existing candle keeps its seq). Existing rows are numbered in time order.
  `
  ALTER TABLE candles ADD COLUMN seq INTEGER;
  UPDATE candles SET seq = n.rn
    FROM (SELECT instrument_id AS i, timeframe AS t, ts AS s, row_number() OVER (ORDER BY ts, instrument_id, timeframe) AS rn FROM candles) AS n
    WHERE candles.instrument_id = n.i AND candles.timeframe = n.t AND candles.ts = n.s;
  CREATE INDEX candles_by_seq ON candles (seq);
  CREATE TRIGGER candles_seq AFTER INSERT ON candles WHEN NEW.seq IS NULL BEGIN
    UPDATE candles SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM candles)
      WHERE instrument_id = NEW.instrument_id AND timeframe = NEW.timeframe AND ts = NEW.ts;
  END;
  `,
  // 3: opportunity episodes shared by every writer (merged by opportunity id): an episode is
  // extended by whichever recorder sees it and closed once nobody has seen it for its gap
  // (gap_ms: the largest gap of the writers that saw it), or at a recorder's start when its
  // writer was killed (close_reason 'recorder-stopped'). The partial index keeps the sweep of
  // open episodes and the export's "first open episode" query off the full table.
  `
  ALTER TABLE opportunities ADD COLUMN gap_ms INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE opportunities ADD COLUMN close_reason TEXT;
  CREATE INDEX opportunities_still_open ON opportunities (id) WHERE closed = 0;
  `,
  // 4: retail arbitrage batches (`arblens retail analyze`): one row per batch, one per product
  // result; the result's full JSON stays in payload, the columns hold what comparisons and exports
  // read. Money in the batch currency's major unit.
  `
  CREATE TABLE retail_batches (
    id          INTEGER PRIMARY KEY,
    created_ts  INTEGER NOT NULL,
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    marketplace TEXT NOT NULL,
    currency    TEXT NOT NULL,
    rules       TEXT NOT NULL,
    products    INTEGER NOT NULL,
    buy         INTEGER NOT NULL,
    watch       INTEGER NOT NULL,
    skip        INTEGER NOT NULL,
    tokens_used INTEGER NOT NULL
  );
  CREATE TABLE retail_analyses (
    id            INTEGER PRIMARY KEY,
    batch_id      INTEGER NOT NULL REFERENCES retail_batches(id) ON DELETE CASCADE,
    created_ts    INTEGER NOT NULL,
    line          INTEGER NOT NULL,
    code          TEXT NOT NULL,
    asin          TEXT,
    title         TEXT NOT NULL,
    currency      TEXT NOT NULL,
    cost          REAL NOT NULL,
    qty           INTEGER NOT NULL,
    sell_price    REAL,
    profit        REAL,
    roi_pct       REAL,
    margin_pct    REAL,
    monthly_sales REAL,
    verdict       TEXT NOT NULL,
    reasons       TEXT NOT NULL,
    payload       TEXT NOT NULL
  );
  CREATE INDEX retail_analyses_by_batch ON retail_analyses (batch_id);
  CREATE INDEX retail_analyses_by_asin ON retail_analyses (asin, batch_id);
  `,
  // closed_at_end: the trade was still open after the last bar and closed at its close (the same
  // flag as `backtest --trades` and --json). NULL for runs saved before this column existed.
  `
  ALTER TABLE backtest_trades ADD COLUMN closed_at_end INTEGER;
  `,
  // Figures when an episode was first seen and the size at its best profit (for \`arblens stats\`:
  // how much of an opportunity is left by the time one could act). NULL for older episodes.
  `
  ALTER TABLE opportunities ADD COLUMN first_size REAL;
  ALTER TABLE opportunities ADD COLUMN first_net_profit REAL;
  ALTER TABLE opportunities ADD COLUMN best_size REAL;
  `,
];
