// Worker thread of a large export: reads the SQLite snapshot and builds column batches while
// the main thread encodes and writes the previous ones (reading and encoding each take about
// half of an export; on two cores they overlap). Batches cross over as transferred
// ArrayBuffers (no copy); at most CREDITS batches are in flight, so memory stays flat.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/sqlite.js';
import type { Batch } from './schema.js';
import { Snapshot, type ExportFilter } from './source.js';
import { TABLES, type TableName } from './tables.js';

export interface ReadWorkerData {
  readonly dbPath: string;
  readonly table: TableName;
  readonly filter: ExportFilter;
  readonly batchSize: number;
  readonly measureStrings: boolean;
  readonly count: boolean;
}

export const CREDITS = 2;

const port = parentPort!;
const data = workerData as ReadWorkerData;
let credits = CREDITS;
let stop = false;
let wake: (() => void) | undefined;
port.on('message', (m: string) => {
  if (m === 'more') credits++;
  if (m === 'stop') stop = true;
  wake?.();
});

function transfers(b: Batch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of b.columns) {
    if (c.kind === 'num') {
      out.add(c.values.buffer as ArrayBuffer);
      if (c.valid) out.add(c.valid.buffer as ArrayBuffer);
    } else if (c.kind === 'codes') out.add(c.codes.buffer as ArrayBuffer);
  }
  return [...out];
}

try {
  const db = openDatabase(data.dbPath);
  const snap = new Snapshot(db, TABLES[data.table], data.filter);
  try {
    const schema = data.measureStrings ? snap.measureStrings() : snap.schema;
    port.postMessage({ type: 'start', schema, upToId: snap.upToId, total: data.count ? snap.count() : -1 });
    for (const b of snap.batches(data.batchSize)) {
      while (credits <= 0 && !stop) await new Promise<void>((r) => (wake = r));
      if (stop) break;
      credits--;
      port.postMessage({ type: 'batch', batch: b }, transfers(b));
    }
  } finally {
    snap.close();
    db.close();
  }
  port.postMessage({ type: 'end' });
} catch (err) {
  const e = err as Error & { exitCode?: number };
  port.postMessage({ type: 'error', name: e.name, message: e.message, exitCode: e.exitCode });
}
