/**
 * Stored candles straight into typed-array columns. A year of minute bars is 525,600 rows: one
 * prepared statement walks the (instrument, timeframe, ts) primary key in time order (no sort)
 * and its raw() rows go straight into growing Float64Array columns — no row objects.
 */
import type Database from 'better-sqlite3';
import { ColumnBuilder } from './series.js';
import type { Series } from './types.js';

export function readSeries(db: Database.Database, venue: string, symbol: string, timeframe: string, fromMs = -8.64e15, toMs = 8.64e15): Series | undefined {
  // Candles of one symbol live under one instrument (spot unless imported otherwise): the first
  // instrument (lowest id) that has any in this timeframe — one statement, one pass.
  const rows = db
    .prepare(
      `SELECT c.instrument_id, c.ts, c.open, c.high, c.low, c.close, c.volume FROM candles c
       WHERE c.instrument_id = (SELECT i.id FROM instruments i JOIN venues v ON v.id = i.venue_id
                                WHERE v.name = ? AND i.symbol = ?
                                  AND EXISTS (SELECT 1 FROM candles x WHERE x.instrument_id = i.id AND x.timeframe = ? AND x.ts >= ? AND x.ts <= ?)
                                ORDER BY i.id LIMIT 1)
         AND c.timeframe = ? AND c.ts >= ? AND c.ts <= ? ORDER BY c.ts`,
    )
    .raw()
    .iterate(venue, symbol, timeframe, fromMs, toMs, timeframe, fromMs, toMs) as IterableIterator<number[]>;
  const out = new ColumnBuilder(1024);
  for (const r of rows) out.push(r[1], r[2], r[3], r[4], r[5], r[6]);
  return out.length ? out.series() : undefined;
}
