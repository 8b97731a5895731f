import type Database from 'better-sqlite3';

/**
 * `--since last` bookkeeping: export_watermarks holds, per export name, the highest row id
 * already written to a file that is in place. Advanced only after that file is fsynced and
 * renamed, so a crash at any point re-exports (never skips) the rows after the old mark.
 */
export interface Watermark {
  readonly name: string;
  readonly tableName: string;
  readonly lastId: number;
  readonly updatedTs: number;
}

export function readWatermark(db: Database.Database, name: string): Watermark | undefined {
  const r = db.prepare('SELECT name, table_name, last_id, updated_ts FROM export_watermarks WHERE name = ?').get(name) as
    | { name: string; table_name: string; last_id: number; updated_ts: number }
    | undefined;
  return r && { name: r.name, tableName: r.table_name, lastId: r.last_id, updatedTs: r.updated_ts };
}

export function advanceWatermark(db: Database.Database, name: string, tableName: string, lastId: number, now: number): void {
  db.prepare(
    `INSERT INTO export_watermarks (name, table_name, last_id, updated_ts) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET table_name = excluded.table_name, last_id = max(last_id, excluded.last_id), updated_ts = excluded.updated_ts`,
  ).run(name, tableName, lastId, now);
}
