import { join } from 'node:path';
import type { Batch, ColumnValues } from './schema.js';
import { takeRows } from './schema.js';

export type PartitionBy = 'day' | 'month';

const DAY = 86_400_000;

/** Hive-style folder for an event time: date=YYYY-MM-DD or month=YYYY-MM (UTC). */
export function partitionDir(by: PartitionBy, ms: number): string {
  const iso = new Date(Math.floor(ms / DAY) * DAY).toISOString();
  return by === 'day' ? `date=${iso.slice(0, 10)}` : `month=${iso.slice(0, 7)}`;
}

/** Splits a batch by the partition of its time column, keeping row order within each part. */
export function splitByPartition(batch: Batch, timeCol: number, by: PartitionBy): Map<string, Batch> {
  const col = batch.columns[timeCol] as Extract<ColumnValues, { kind: 'num' }>;
  const rows = new Map<string, number[]>();
  let lastDay = NaN;
  let lastKey = '';
  let lastList: number[] = [];
  for (let i = 0; i < batch.length; i++) {
    const day = Math.floor(col.values[i] / DAY);
    if (day !== lastDay) {
      lastDay = day;
      lastKey = partitionDir(by, col.values[i]);
      lastList = rows.get(lastKey) ?? [];
      rows.set(lastKey, lastList);
    }
    lastList.push(i);
  }
  const out = new Map<string, Batch>();
  for (const [key, idx] of rows) out.set(key, idx.length === batch.length ? batch : takeRows(batch, idx));
  return out;
}

export function partitionPath(root: string, key: string, fileName: string): string {
  return join(root, key, fileName);
}
