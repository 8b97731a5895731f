import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { openDatabase } from '../../store/sqlite.js';
import { getRetailBatch, listRetailBatches, type RetailBatchRow } from '../../store/retail.js';
import type { RetailResult } from '../../retail/result.js';

/** `arblens retail batches`: past batches, newest first. */
export function listBatches(dbPath: string, limit = 50): RetailBatchRow[] {
  if (dbPath !== ':memory:' && !existsSync(dbPath)) return [];
  const db = openDatabase(dbPath);
  try {
    return listRetailBatches(db, limit);
  } finally {
    db.close();
  }
}

/** `arblens retail batches --id N`: one batch with its stored results. */
export function showBatch(dbPath: string, id: number): { batch: RetailBatchRow; results: RetailResult[] } {
  const db = existsSync(dbPath) ? openDatabase(dbPath) : undefined;
  try {
    const b = db ? getRetailBatch(db, id) : undefined;
    if (!b) throw new UsageError(`--id ${id}: no such retail batch in '${dbPath}' — run \`arblens retail batches\` for the list`);
    return { batch: b.batch, results: b.payloads.map((p) => JSON.parse(p) as RetailResult) };
  } finally {
    db?.close();
  }
}
