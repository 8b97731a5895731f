/**
 * Stored candles straight into typed-array columns. A year of minute bars is 525,600 rows:
 * building a row object (or array) for each and then copying it costs most of the read, so this
 * counts the rows, allocates the columns once and fills them from a raw iterator. The candles
 * primary key (instrument, timeframe, ts) already yields them in time order: no sort.
 */
import type Database from 'better-sqlite3';
import type { Series } from './types.js';

export function readSeries(db: Database.Database, venue: string, symbol: string, timeframe: string, fromMs = -8.64e15, toMs = 8.64e15): Series | undefined {
  const ids = db
    .prepare('SELECT i.id FROM instruments i JOIN venues v ON v.id = i.venue_id WHERE v.name = ? AND i.symbol = ? ORDER BY i.id')
    .pluck()
    .all(venue, symbol) as number[];
  // Candles of one symbol live under one instrument (spot unless imported otherwise): take the
  // first instrument that has any in this timeframe.
  const count = db.prepare('SELECT count(*) FROM candles WHERE instrument_id = ? AND timeframe = ? AND ts >= ? AND ts <= ?').pluck();
  for (const id of ids) {
    const n = count.get(id, timeframe, fromMs, toMs) as number;
    if (n === 0) continue;
    const cols = { ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    const rows = db
      .prepare('SELECT ts, open, high, low, close, volume FROM candles WHERE instrument_id = ? AND timeframe = ? AND ts >= ? AND ts <= ? ORDER BY ts')
      .raw()
      .iterate(id, timeframe, fromMs, toMs) as IterableIterator<number[]>;
    let i = 0;
    for (const r of rows) {
      if (i >= n) break;
      cols.ts[i] = r[0];
      cols.open[i] = r[1];
      cols.high[i] = r[2];
      cols.low[i] = r[3];
      cols.close[i] = r[4];
      cols.volume[i] = r[5];
      i++;
    }
    return { ...cols, length: i };
  }
  return undefined;
}
