import type Database from 'better-sqlite3';
import type { ColType } from './schema.js';
import type { SourceColumn, TableDef } from './tables.js';

/** At most this many leaf columns per JSON column: a runaway payload must not make 10k columns. */
export const MAX_LEAVES = 200;

/**
 * JSON-in-text columns (`metrics`, `params`, `payload`, …) as flat, typed leaf columns for the
 * columnar formats (parquet, arrow, hdf5, tfrecord): every scalar reached through objects only
 * becomes a column named by its dotted path — `metrics.sharpe`, `payload.buy.venue` — so
 * `df['metrics.sharpe']` and `SELECT "metrics.sharpe"` need no JSON parsing. Numbers → f64,
 * booleans → bool, strings → str; an array, or a path whose rows disagree on the type, → its
 * JSON text. Paths inside arrays are not split (`payload.legs` stays one JSON column). The JSON
 * column itself stays beside its leaves, lossless. Leaves are those present in the rows this
 * export covers (`where`), in path order: a file's schema describes its own rows.
 */
export function jsonLeafColumns(db: Database.Database, def: TableDef, where: string, params: Record<string, unknown>): SourceColumn[] {
  const out: SourceColumn[] = [];
  for (const col of def.columns) {
    if (!col.json) continue;
    // Text that is not JSON reads as NULL (SQLite's JSON functions would fail on it).
    const raw = `(CASE WHEN json_valid(${col.json}) THEN ${col.json} END)`;
    const rows = db
      .prepare(
        `SELECT t.fullkey AS key, group_concat(DISTINCT t.type) AS types FROM ${def.from}, json_tree(${raw}) t
         WHERE ${where} AND t.type NOT IN ('object', 'null') AND t.fullkey <> '$' AND instr(t.fullkey, '[') = 0
         GROUP BY t.fullkey ORDER BY t.fullkey LIMIT ${MAX_LEAVES}`,
      )
      .all(params) as { key: string; types: string }[];
    for (const { key, types } of rows) out.push(leaf(col.name, raw, key, types.split(',')));
  }
  return out;
}

/** One leaf: `$.buy."fee.usd"` of column payload → `payload.buy.fee.usd`. */
function leaf(column: string, raw: string, path: string, types: string[]): SourceColumn {
  const name = `${column}.${path.slice(2).replace(/"/g, '')}`;
  const at = `'${path.replace(/'/g, "''")}'`;
  const type = leafType(types);
  const sql = type === 'str' && !types.every((t) => t === 'text' || t === 'array') ? `CAST(json_extract(${raw}, ${at}) AS TEXT)` : `json_extract(${raw}, ${at})`;
  return { name, type, sql, nullable: true };
}

function leafType(types: string[]): ColType {
  if (types.every((t) => t === 'integer' || t === 'real')) return 'f64';
  if (types.every((t) => t === 'true' || t === 'false')) return 'bool';
  return 'str';
}
