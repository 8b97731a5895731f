import { join } from 'node:path';
import { ArblensError, UsageError } from '../core/errors.js';
import { runExport, type ExportRequest, type ExportResult } from './run-export.js';
import { TABLE_NAMES, TABLES, type TableDef } from './tables.js';

/** What `--table all` did for one table: its result, or the error that stopped it. */
export interface TableOutcome {
  readonly table: TableDef;
  readonly result?: ExportResult;
  readonly error?: ArblensError | Error;
}

export interface ExportAllRequest extends Omit<ExportRequest, 'table'> {
  /** Tables to export, in order (default: every table, TABLE_NAMES order). */
  readonly tables?: readonly TableDef[];
  /** ClickHouse holds only some tables: the others are skipped, not failed. */
  readonly skip?: (t: TableDef) => boolean;
  readonly onTable?: (o: TableOutcome) => void;
}

/** Checks that only `--table all` needs, before anything is opened. */
export function validateAll(r: Pick<ExportAllRequest, 'out' | 'venues' | 'symbols'>): void {
  if (r.out === '-') throw new UsageError('--table all: writes one file per table, which stdout cannot hold — give --out a directory such as exports/');
  if (r.venues?.length || r.symbols?.length) {
    const flag = r.venues?.length ? '--venues' : '--symbols';
    throw new UsageError(`${flag}: applies to one table (runs, trades and retail tables have no venue or symbol) — with --table all every table is exported whole; filter with one line per table`);
  }
}

/**
 * `--table all`: every table in turn, each exactly as `--table <name>` would export it — its own
 * file, its own lock and (with --since last) its own watermark named `<name>:<table>` — so one
 * cron line keeps every table current. A table that fails (locked by a longer run, a full disk)
 * does not stop the others: its watermark stays put and the next run redoes it. Usage errors
 * and a stop signal end the whole run, since every table would fail them alike.
 */
export async function runExportAll(r: ExportAllRequest): Promise<TableOutcome[]> {
  validateAll(r);
  const tables = r.tables ?? TABLE_NAMES.map((n) => TABLES[n]);
  const outcomes: TableOutcome[] = [];
  for (const table of tables) {
    if (r.skip?.(table)) continue;
    // Partitions are folders named by time only: each table gets its own folder under --out.
    const out = r.partition ? join(r.out, table.name) + '/' : r.out;
    const name = r.name ? `${r.name}:${table.name}` : undefined;
    let o: TableOutcome;
    try {
      o = { table, result: await runExport({ ...r, table, out, name }) };
    } catch (err) {
      if (err instanceof UsageError || r.signal?.aborted) throw err;
      o = { table, error: err as Error };
    }
    outcomes.push(o);
    r.onTable?.(o);
  }
  return outcomes;
}
